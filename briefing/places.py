"""The words of each place a view compares: value as a leader reads it, scope, period, sources and evidence."""

import unicodedata
from functools import cache

import pandas as pd

from briefing.formatting import format_number, format_period, format_value
from briefing.i18n import has_label, translate
from indicators.domain.comparability import STATUS_NONE, STATUS_SHARED
from indicators.domain.names import COMMUNE_KINDS, PROVINCE_KINDS, kind_of, new_style_tones, without_kind


def scope_words(row, lang: str) -> str:
    """Who a number covers, in words: the organisation, else 'toàn tỉnh' for a province, else the place by its
    gazetteer name (`scope_name`, see `with_place_names`) or, failing that, as the source wrote it."""
    if row.organisation:
        return row.organisation
    if row.scope_level == "province":
        return translate("scope_whole_province", lang)
    return getattr(row, "scope_name", "") or row.place_name


# How place_name marks a district merged away before 2025, coded to the unit it joined: 'Huyện Kỳ Sơn (nay thuộc thành
# phố Hòa Bình)' (data/README.md). Its figure is that former district's, so its own name is shown, not the successor's.
FORMER_UNIT_MARK = "(nay thuộc"


def with_place_names(obs: pd.DataFrame, gazetteer) -> pd.DataFrame:
    """The observations with `scope_name`: the gazetteer's name of their commune or district ('huyện Lạc Thủy' where
    an English-edition source wrote 'Lac Thuy district'), or a former district's own name; and `place_name` as
    `gazetteer_place_name` words it, so no view or download shows a source's spelling of a coded place."""
    names = lower_first_names(gazetteer)
    words_of = cache(lambda place: gazetteer_place_name(names, *place))  # thousands of rows, a few hundred places
    columns = [obs[c].tolist() for c in ("admin_version", "province_code", "district_code", "commune_code")]
    places = list(zip(*columns, obs["place_name"].fillna("").tolist(), strict=True))
    return obs.assign(scope_name=[
        place[:1].lower() + place[1:] if FORMER_UNIT_MARK in place
        else names.get((version, "commune", commune), "") if commune else names.get((version, "district", district), "")
        for version, _, district, commune, place in places],
        place_name=[words_of(place) for place in places])


@cache
def lower_first_names(gazetteer) -> dict[tuple[str, str, str], str]:
    """(version, level, code) → the gazetteer's name, lower-case first ('huyện Lạc Thủy', 'xã Si Pa Phìn')."""
    return {(p.admin_version, p.level, p.code): p.name[:1].lower() + p.name[1:] for p in gazetteer.places}




@cache
def folded(name: str) -> str:
    """A name in lower case with its tone marks placed one way, for telling whether two spellings are one name."""
    return new_style_tones(unicodedata.normalize("NFC", name).lower())


def gazetteer_place_name(names: dict, version: str, province: str, district: str, commune: str, place: str) -> str:
    """How a figure's place is written: as the source wrote it where that is the gazetteer's own name in Vietnamese
    ('thành phố Bắc Kạn', 'ấp Lung Rong, xã Định Thành A'), a former unit ('Huyện Kỳ Sơn (nay thuộc …)'), a commune
    merged away or a region (no code); otherwise by the gazetteer ('Lai Châu' for 'Lai Chau', 'TP Hồ Chí Minh' for
    'HCMC', 'huyện Lạc Thủy' for 'Lac Thuy district'). `names`: (version, level, code) → name, lower-case first."""
    level, code = ("commune", commune) if commune else ("district", district) if district else ("province", province)
    name = names.get((version, level, code), "")
    merged_commune = not commune and district and kind_of(place) in COMMUNE_KINDS
    if not name or FORMER_UNIT_MARK in place or merged_commune:
        return place
    bare = without_kind(folded(name))
    if bare in folded(place):
        return place
    if level != "province":
        return name
    short = without_kind(name, PROVINCE_KINDS)
    return "TP Hồ Chí Minh" if short == "Hồ Chí Minh" else short


def value_words(row, lang: str) -> str:
    """'hơn 532', '1.017/1.020', 'khoảng 6,2 tỷ đồng' for an observation row."""
    return format_value(row.value, row.unit, row.qualifier, row.denominator, lang)


def period_words(row, lang: str) -> str:
    return format_period(row.period_start, row.period_end, lang)


MAX_OTHER_FIGURES = 3  # figures of another kind written where a province's value would be


def describe_places(places: pd.DataFrame, obs: pd.DataFrame, unit: str, lang: str,
                    reasons: dict[str, str] | None = None, old_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The rule's province records with their words: label, scope, period, why not on the scale, a note (a sum of
    parts, the old provinces covered), and the provenance as lists (source ids, titles, evidence). `reasons` are
    the rule's reason per figure (Comparison.rows), written beside each figure; `old_names` (vn63 code → name) name
    the old provinces of a vn34 province made of several, whose figures are never 'toàn tỉnh' of the new one."""
    rows = rows_by_id(obs, {obs_id for column in ("obs_ids", "other_ids") for ids in places[column] for obs_id in ids})
    described = [describe_place(record, rows, unit, lang, reasons or {}, old_names or {})
                 for record in places.to_dict("records")]
    words = ["label", "brief", "scope", "period", "why_not_words", "note", "coverage", "source_ids", "sources",
             "evidence"]
    return pd.DataFrame(described, columns=[*places.columns, *words], index=places.index)


def rows_by_id(obs: pd.DataFrame, wanted: set[str]) -> dict:
    """The wanted observations as rows (named tuples) by obs id: a place's figures are looked up in a dict, not a
    frame (168 communes looked up one by one in a frame took a second)."""
    return {row.obs_id: row for row in obs[obs["obs_id"].isin(wanted)].itertuples(index=False)}


def describe_place(record: dict, rows: dict, unit: str, lang: str, reasons: dict[str, str],
                   old_names: dict[str, str]) -> dict:
    shown = [rows[obs_id] for obs_id in record["obs_ids"] or record["other_ids"]]
    merged = record["members"] > 1
    words = {"label": "", "brief": "", "scope": "", "period": "", "why_not_words": "",
             "note": coverage_words(record, lang), "coverage": "",
             "source_ids": list(dict.fromkeys([*(row.source_id for row in shown), *also(shown, "also_source_ids")])),
             "sources": list(dict.fromkeys([*(row.source_title for row in shown),
                                            *also(shown, "also_source_titles")])),
             "evidence": [row.evidence for row in shown]}
    if record["status"] == STATUS_NONE:
        return record | words
    words["period"] = "; ".join(dict.fromkeys(period_words(row, lang) for row in shown))
    if record["status"] == STATUS_SHARED:
        words["label"] = format_value(record["value"], unit, record["qualifier"], record["denominator"], lang)
        whole = not merged or record["reporting"] == record["members"]
        words["scope"] = translate("scope_whole_province", lang) if whole else words["note"]
        if record["derived"]:
            words["note"] = "; ".join(filter(None, [sum_words(shown, lang), words["note"]]))
        return record | words
    return record | words | other_words(record, shown, lang, reasons, old_names if merged else None)


def also(rows, column: str) -> list[str]:
    """The other sources that report the same figures (an edition in another language, another outlet); `rows`:
    observation rows (named tuples, e.g. a frame's itertuples())."""
    return [item for row in rows for item in getattr(row, column, ())]


def other_words(record: dict, shown: list, lang: str, reasons: dict[str, str],
                old_names: dict[str, str] | None) -> dict:
    """A province whose figures may not share the scale: each figure with its own scope and its own reason ('hơn 430
    (toàn tỉnh, thuộc giai đoạn khác)'), the reasons, and for a merged province the old provinces its figures cover
    ('1/3 tỉnh cũ') before them and in its brief."""
    scopes = [figure_scope(row, lang, old_names) for row in shown]
    figure_reasons = [reasons.get(row.obs_id) or record["why_not"] for row in shown]
    notes = [figure_note(scope, reason, row, lang, old_names is not None)
             for row, scope, reason in zip(shown, scopes, figure_reasons, strict=True)]
    values = [value_words(row, lang) for row in shown]
    largest = max(range(len(shown)), key=lambda position: float(shown[position].value))
    coverage = coverage_note = ""
    if old_names is not None:
        covered = len({row.province_code for row in shown if row.admin_version == "vn63"})
        coverage = translate("coverage_short", lang, reporting=covered, members=record["members"])
        coverage_note = translate("coverage", lang, reporting=covered, members=record["members"])
    why_not = "; ".join(dict.fromkeys(translate(f"why_not_{r}", lang) for r in figure_reasons if r))
    label = grouped_figures(values[:MAX_OTHER_FIGURES], notes[:MAX_OTHER_FIGURES]) + (
        " …" if len(values) > MAX_OTHER_FIGURES else "")
    return {
        "label": f"{coverage}: {label}" if coverage else label,
        "brief": f"{values[largest]} ({', '.join(filter(None, [notes[largest], coverage]))})",
        "scope": "; ".join(filter(None, [coverage, *dict.fromkeys(scopes)])),
        "why_not_words": why_not, "coverage": coverage,
        "note": "; ".join(filter(None, [why_not, coverage_note])),
    }


def grouped_figures(values: list[str], notes: list[str]) -> str:
    """'29, 31 người (toàn tỉnh, thuộc giai đoạn khác); 1 trong 10 (Đảng ủy Sở Nội vụ)': figures in order, those in a
    row with the same scope and reason bracketed once."""
    groups: list[tuple[str, list[str]]] = []
    for value, note in zip(values, notes, strict=True):
        if groups and groups[-1][0] == note:
            groups[-1][1].append(value)
        else:
            groups.append((note, [value]))
    return "; ".join(f"{', '.join(group)} ({note})" for note, group in groups)


def figure_scope(row, lang: str, old_names: dict[str, str] | None) -> str:
    """A figure's scope; for a merged province, an old province's own figure is 'tỉnh Yên Bái cũ', not 'toàn tỉnh'."""
    scope = scope_words(row, lang)
    if old_names is None or row.admin_version != "vn63" or scope != translate("scope_whole_province", lang):
        return scope
    name = old_names.get(row.province_code, row.place_name)
    return translate("scope_old_province", lang, name=name[:1].lower() + name[1:],
                     short=without_kind(name, PROVINCE_KINDS))


def figure_note(scope: str, reason: str, row, lang: str, merged: bool) -> str:
    """What stands in brackets after a figure: its scope, then the rule's reason unless the scope says it already
    (an organisation's or a district's figure), and for a merged province the figure's own period."""
    parts = [scope]
    if reason and (reason != "other_scope" or scope == translate("scope_whole_province", lang)):
        parts.append(translate(f"why_not_{reason}", lang))
    if merged:
        parts.append(period_words(row, lang))
    return ", ".join(parts)


def sum_words(parts: list, lang: str) -> str:
    """'= 23 tập thể + 14 cá nhân' for a value the rule added up from the parts a report gave (observation rows);
    '= 100 (Hòa Bình) + 50 (Vĩnh Phúc)' for the old provinces of a merged one."""
    terms = [f"{format_number(r.value, lang)} {part_words(r, lang)}" for r in parts]
    return translate("sum_of_parts", lang, terms=" + ".join(terms))


def part_words(row, lang: str) -> str:
    key = f"part_{row.subtype}"
    return translate(key, lang) if has_label(key) else f"({row.place_name})"


def coverage_words(record: dict, lang: str) -> str:
    """'2/3 tỉnh cũ có số liệu' for a merged province, empty where a province was not merged."""
    if record["members"] <= 1:
        return ""
    return translate("coverage", lang, reporting=record["reporting"], members=record["members"])


def describe_observations(obs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Observation rows with the same words as place records (label, scope, period, sources, evidence as lists)."""
    return obs.assign(
        label=[value_words(r, lang) for r in obs.itertuples()],
        scope=[scope_words(r, lang) for r in obs.itertuples()],
        period=[period_words(r, lang) for r in obs.itertuples()],
        sources=[[title] for title in obs["source_title"]],
        evidence=[[words] for words in obs["evidence"]],
    )
