"""The words of each place a view compares: value as a leader reads it, scope, period, sources and evidence."""

import pandas as pd

from briefing.formatting import format_number, format_period, format_value
from briefing.i18n import has_label, translate
from indicators.comparability import STATUS_NONE, STATUS_SHARED


def scope_words(row, lang: str) -> str:
    """Who a number covers, in words: the organisation, else 'toàn tỉnh' for a province, else the place."""
    if row.organisation:
        return row.organisation
    if row.scope_level == "province":
        return translate("scope_whole_province", lang)
    return row.place_name


def value_words(row, lang: str) -> str:
    """'hơn 532', '1.017/1.020', 'khoảng 6,2 tỷ đồng' for an observation row."""
    return format_value(row.value, row.unit, row.qualifier, row.denominator, lang)


def period_words(row, lang: str) -> str:
    return format_period(row.period_start, row.period_end, lang)


MAX_OTHER_FIGURES = 3  # figures of another kind written where a province's value would be


def describe_places(places: pd.DataFrame, obs: pd.DataFrame, unit: str, lang: str,
                    reasons: dict[str, str] | None = None) -> pd.DataFrame:
    """The rule's province records with their words: label, scope, period, why not on the scale, a note (a sum of
    parts, the old provinces covered), and the provenance as lists (source ids, titles, evidence). `reasons` are
    the rule's reason per figure (Comparison.rows), for a province's brief."""
    by_id = obs.set_index("obs_id")
    described = [describe_place(record, by_id, unit, lang, reasons or {}) for record in places.to_dict("records")]
    words = ["label", "brief", "scope", "period", "why_not_words", "note", "source_ids", "sources", "evidence"]
    return pd.DataFrame(described, columns=[*places.columns, *words], index=places.index)


def describe_place(record: dict, by_id: pd.DataFrame, unit: str, lang: str, reasons: dict[str, str]) -> dict:
    shown = by_id.loc[record["obs_ids"] or record["other_ids"]].reset_index()
    words = {"label": "", "brief": "", "scope": "", "period": "", "why_not_words": "",
             "note": coverage_words(record, lang),
             "source_ids": list(dict.fromkeys(shown["source_id"])),
             "sources": list(dict.fromkeys(shown["source_title"])), "evidence": list(shown["evidence"])}
    if record["status"] == STATUS_NONE:
        return record | words
    words["period"] = "; ".join(dict.fromkeys(period_words(r, lang) for r in shown.itertuples()))
    if record["status"] == STATUS_SHARED:
        words["label"] = format_value(record["value"], unit, record["qualifier"], record["denominator"], lang)
        whole = record["members"] <= 1 or record["reporting"] == record["members"]
        words["scope"] = translate("scope_whole_province", lang) if whole else words["note"]
        if record["derived"]:
            words["note"] = "; ".join(filter(None, [sum_words(shown, lang), words["note"]]))
        return record | words
    largest = shown.sort_values("value", ascending=False).iloc[0]
    reason = reasons.get(largest["obs_id"]) or record["why_not"]
    words["brief"] = f"{value_words(largest, lang)} ({brief_reason(largest, reason, lang)})"
    first = shown.head(MAX_OTHER_FIGURES)
    words["label"] = "; ".join(f"{value_words(r, lang)} ({scope_words(r, lang)})" for r in first.itertuples()) + (
        " …" if len(shown) > MAX_OTHER_FIGURES else "")
    words["scope"] = "; ".join(dict.fromkeys(scope_words(r, lang) for r in shown.itertuples()))
    words["why_not_words"] = translate(f"why_not_{record['why_not']}", lang) if record["why_not"] else ""
    words["note"] = "; ".join(filter(None, [words["why_not_words"], words["note"]]))
    return record | words


def brief_reason(row, reason: str, lang: str) -> str:
    """Why a province's figure is not on the scale, shortest: its scope when it is not the whole province, else the
    rule's reason."""
    scope = scope_words(row, lang)
    if scope != translate("scope_whole_province", lang):
        return scope
    return translate(f"why_not_{reason}", lang) if reason else scope


def sum_words(parts: pd.DataFrame, lang: str) -> str:
    """'= 23 tập thể + 14 cá nhân' for a value the rule added up from the parts a report gave; '= 100 (Hòa Bình) +
    50 (Vĩnh Phúc)' for the old provinces of a merged one."""
    terms = [f"{format_number(r.value, lang)} {part_words(r, lang)}" for r in parts.itertuples()]
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
