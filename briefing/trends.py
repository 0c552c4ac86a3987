"""The trends' content: each value drawn over its own reporting window, one series per place and scope; a per-year
view where it is legitimate (totals over a stated or inferred window of at least a year). It opens on the figures
that have a history: a subtype some place reported for two or more windows."""

from collections.abc import Iterable
from typing import NamedTuple

import pandas as pd

from briefing.catalogue import indicator_titles, subtype, subtype_titles
from briefing.content import ChoiceReader, ViewContent
from briefing.figures import make_window_figure
from briefing.formatting import format_number
from briefing.i18n import translate
from briefing.inputs import ViewInputs
from briefing.links import View
from briefing.places import period_words, scope_words, value_words
from briefing.tables import build_observation_table, period_span
from indicators.domain.queries import annualise

MODES = ("windows", "annual")
# What makes a series (series_labels): its headline, subtype, place, scope and award level.
SERIES_COLUMNS = ["indicator", "subtype", "admin_version", "province_code", "district_code", "commune_code",
                  "place_name", "organisation", "org_type", "award_level"]
PLACE_COLUMNS = ["admin_version", "province_code"]
WINDOW_FIELDS = ["period_start", "period_end", "obs_id", "part_of"]
# The figures a trend of several provinces draws when their communes report many (and those its opening counts): a
# province's own, its organisations' and its former districts' (the 63 provinces' districts report no more: they stay
# few); its communes' are drawn on its own trend.
SERIES_LEVEL = "province_or_district"
MAX_COMMUNE_FIGURES = 100


def place_key(admin_version: str, province_code: str) -> str:
    """A province as the trends' filter names it: its vn63 code, or 'vn34-<code>' for a code of the 34 provinces
    (a code means nothing without its version: 44 is Quảng Bình in one and Quảng Trị in the other)."""
    return province_code if admin_version == "vn63" else f"{admin_version}-{province_code}"


def series_labels(obs: pd.DataFrame, names: dict[tuple[str, str], str], lang: str = "vi") -> list[str]:
    """One series per province, scope and award level: 'Điện Biên', 'Cao Bằng – Công an tỉnh', 'Bình Thuận – huyện
    Tuy Phong', 'Thành phố Hồ Chí Minh – mọi cấp (cả cơ sở)' (honours of one ceremony are the plain series). Each
    distinct place and scope is worded once (thousands of rows, a few hundred series)."""
    columns = [obs[c].tolist() if c in obs else [""] * len(obs) for c in SeriesRow._fields]
    rows = list(map(SeriesRow._make, zip(*columns, strict=True)))
    labels = {row: series_label(row, names, lang) for row in dict.fromkeys(rows)}
    return [labels[row] for row in rows]


class SeriesRow(NamedTuple):
    """What a series' label reads of a figure."""

    admin_version: str
    province_code: str
    place_name: str
    scope_level: str
    scope_name: str
    organisation: str
    award_level: str


def series_label(row: SeriesRow, names: dict[tuple[str, str], str], lang: str) -> str:
    province = names.get((row.admin_version, row.province_code), row.place_name)
    whole_province = row.scope_level == "province" and not row.organisation
    label = province if whole_province else f"{province} – {scope_words(row, lang)}"
    if row.award_level and row.award_level != "event":
        label += f" – {translate(f'award_level_{row.award_level}', lang)}"
    return label


def comparable_windows(rows: pd.DataFrame) -> pd.DataFrame:
    """The figures of one series that a trend may join, as the comparability rule reads figures (see
    comparable_positions), earliest first."""
    return rows.iloc[comparable_positions(*(rows[c].tolist() for c in WINDOW_FIELDS))]


def comparable_positions(starts: list[str], ends: list[str], obs_ids: list[str], parts_of: list[str]) -> list[int]:
    """The positions of the figures of one series that a trend may join: dated; each window once (the same figure
    from two reports is one: the first); no part beside its own total; the windows kept_windows keeps."""
    dated = [i for i, (start, end) in enumerate(zip(starts, ends, strict=True)) if start and end]
    totals = {obs_ids[i] for i in dated}
    first_of: dict[tuple[str, str], int] = {}
    for i in dated:
        if parts_of[i] not in totals:
            first_of.setdefault((starts[i], ends[i]), i)
    return [first_of[window] for window in kept_windows(first_of)]


def kept_windows(windows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (start, end) windows of one series a trend joins, earliest first: one kind of window (one-day ceremonies
    or spans of time, whichever the series has more of: a ceremony is not a three-year total), and no window
    overlapping a later one (the later kept: 397 on 15/05/2018 lies inside 01/2016–05/2019)."""
    distinct = set(windows)
    one_day = {window for window in distinct if window[0] == window[1]}
    chosen = one_day if len(one_day) > len(distinct - one_day) else distinct - one_day
    kept, start_of_kept = [], "9999"
    for start, end in sorted(chosen, key=lambda window: (window[1], window[0]), reverse=True):
        if end < start_of_kept:
            kept.append((start, end))
            start_of_kept = start
    return kept[::-1]


def readable_series(obs: pd.DataFrame) -> pd.DataFrame:
    """The comparable windows of every series that has two or more: the lines a leader can read."""
    fields = [obs[c].tolist() for c in WINDOW_FIELDS]
    of_series: dict[str, list[int]] = {}
    for position, series in enumerate(obs["series"].tolist()):
        of_series.setdefault(series, []).append(position)
    picked = []
    for positions in of_series.values():
        kept = comparable_positions(*([field[p] for p in positions] for field in fields))
        if len(kept) >= 2:
            picked += [positions[k] for k in kept]
    return obs.iloc[picked]


def histories(windows: pd.DataFrame, totals: pd.DataFrame, names: dict[tuple[str, str], str],
              lang: str) -> pd.DataFrame:
    """Per subtype and series: how many comparable windows it has (a history needs two). Read from each place's and
    scope's distinct windows (`windows`, a GROUP BY: no figure read) and the `totals` its parts name: a part beside
    its own total is no window of the series."""
    dated = windows[(windows["period_start"] != "") & (windows["period_end"] != "")]
    dated_totals = totals[(totals["period_start"] != "") & (totals["period_end"] != "")]
    series_of_total = dict(zip(dated_totals["obs_id"], zip(
        dated_totals["indicator"], dated_totals["subtype"], series_labels(dated_totals, names, lang), strict=True),
        strict=True))
    found: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    for key, start, end, part_of in zip(
            zip(dated["indicator"], dated["subtype"], series_labels(dated, names, lang), strict=True),
            dated["period_start"], dated["period_end"], dated["part_of"], strict=True):
        of_series = found.setdefault(key, set())
        if not part_of or series_of_total.get(part_of) != key:
            of_series.add((start, end))
    counts = [(*key, len(kept_windows(of_series))) for key, of_series in found.items()]
    return pd.DataFrame(counts, columns=["indicator", "subtype", "series", "windows"])


def read_histories(inputs: ViewInputs, names: dict[tuple[str, str], str], lang: str) -> pd.DataFrame:
    """The histories of the series a national trend draws (a province's own figures, its organisations', a former
    district's: SERIES_LEVEL) from a GROUP BY of their places, scopes and windows, and the few totals their parts
    name. A commune's series is drawn on its province's trend only, so it does not choose the page's opening."""
    windows = windows_counted_once(inputs, [*SERIES_COLUMNS, "period_start", "period_end", "part_of"])
    totals = inputs.observations(obs_ids=sorted(set(windows["part_of"]) - {""}))
    return histories(windows, totals, names, lang)


def windows_counted_once(inputs: ViewInputs, by: list[str]) -> pd.DataFrame:
    """The SERIES_LEVEL figures per value of the `by` columns (placed_counts), a figure two sources give counted once
    as observations() counts it: the GROUP BY of its repeats (data/duplicates.csv) taken from the whole's."""
    windows = inputs.placed_counts(by, level=SERIES_LEVEL)
    repeats = sorted(inputs.duplicate_links()["obs_id"])
    if not repeats:
        return windows
    repeated = inputs.observation_counts(by, level=SERIES_LEVEL, obs_ids=repeats).rename(columns={"n": "repeats"})
    merged = windows.merge(repeated, on=by, how="left")
    return merged[merged["n"] > merged["repeats"].fillna(0)].drop(columns="repeats")


def trends_answer(readable: pd.DataFrame, title: str, lang: str) -> str:
    """'Số …: 2 nơi có từ hai kỳ báo cáo so sánh được; ví dụ Thành phố Hồ Chí Minh: 392 (01/2016–05/2019) → 339
    (01/2022–05/2024).' Only comparable windows are set side by side."""
    sizes = readable.groupby("series").size()
    example = ""
    if len(sizes):
        name = sizes.sort_values(ascending=False, kind="stable").index[0]
        steps = " → ".join(f"{value_words(r, lang)} ({period_words(r, lang)})"
                           for r in readable[readable["series"] == name].itertuples())
        example = translate("answer_trends_example", lang, name=name, steps=steps)
    return translate("answer_trends", lang, subtype=title, series=len(sizes), example=example)


def opening_subtype(history: pd.DataFrame, catalogue) -> tuple[str, str] | None:
    """The (headline, subtype) the page opens on: one with the most places reported for two or more comparable
    windows, a headline's own default subtype first."""
    with_history = history[history["windows"] >= 2].groupby(["indicator", "subtype"]).size().rename("places")
    if with_history.empty:
        return None
    defaults = set(catalogue.indicators["default_subtype"])
    ranked = with_history.reset_index().assign(default=lambda df: df["subtype"].isin(defaults))
    best = ranked.sort_values(["default", "places"], ascending=False).iloc[0]
    return best["indicator"], best["subtype"]


def build_trends(view: View, inputs: ViewInputs) -> ViewContent:
    """A headline (`indicator=`) and subtype (`subtype=`), its places (`provinces=`), by window or per year."""
    lang, reader, catalogue = view.lang, ChoiceReader(view), inputs.catalogue
    names = inputs.province_names()
    history = inputs.remember(("histories", lang), lambda: read_histories(inputs, names, lang))
    titles = indicator_titles(catalogue, lang)
    default_indicator, default_subtype = opening_subtype(history, catalogue) or (next(iter(titles)), "")
    indicator = reader.one("indicator", titles, default_indicator, titles)
    subtypes = subtype_titles(catalogue, lang, indicator)
    fallback = default_subtype if default_subtype in subtypes else next(iter(subtypes))
    code = reader.one("subtype", subtypes, fallback, subtypes)
    entry = subtype(catalogue, code)
    subject = {"indicators": [indicator], "subtypes": [code]}
    labels = {place_key(v, c): name for (v, c), name in names.items()}
    reporting = reporting_places(inputs, subject, labels)
    series_windows = history[(history["subtype"] == code) & (history["windows"] >= 2)]
    with_windows = [key for key in reporting if any(str(s).startswith(labels[key]) for s in series_windows["series"])]
    provinces = reader.many("provinces", reporting, with_windows or reporting, labels)
    annualisable = entry["annualisable"] == "true"
    mode = reader.one("mode", MODES if annualisable else MODES[:1], "windows",
                      lambda m: translate(f"trends_{m}", lang))
    obs, left_out = chosen_figures(inputs, subject, provinces, lang)
    obs["series"] = series_labels(obs, names, lang)
    obs = obs.drop_duplicates(["series", "value", "qualifier", "period_start", "period_end"])  # one figure, 2 reports
    obs["annual"] = annualise(obs, annualisable)
    readable = readable_series(obs)
    drawn = readable if len(readable) else obs
    extra = {"y_column": "annual", "y_title": translate("trends_annual", lang)} if mode == "annual" else {}
    periods = [period_words(r, lang) for r in obs.itertuples()]
    kpis = [{"label": translate("kpi_figures", lang), "value": str(len(obs)), "detail": ""},
            {"label": translate("kpi_provinces", lang), "value": str(len(provinces)), "detail": ""},
            {"label": translate("kpi_period", lang), **period_span(pd.DataFrame({"period": periods}), lang)}]
    filters = [f"{translate('indicator', lang)}: {titles[indicator]} – {subtypes[code]}",
               f"{translate('compare_provinces', lang)}: {', '.join(labels[p] for p in provinces)}",
               f"{translate('trends_mode', lang)}: {translate(f'trends_{mode}', lang)}"]
    content = ViewContent(
        view, f"{subtypes[code]} – {translate(f'trends_{mode}', lang)}", filters, kpis,
        with_province_column(build_observation_table(obs, subtypes, lang).drop(columns="obs_id"), obs, inputs, lang),
        obs, inputs.no_models(),
        choices=reader.choices, places=obs, notices=reader.notices,
        notes=[translate("trends_annual_note", lang)] if mode == "annual" else [],
    )
    if len(readable) and len(readable) < len(obs):
        content.notes.append(translate("trends_readable_note", lang, shown=readable["series"].nunique(),
                                       others=len(obs) - len(readable)))
    content.notes += left_out
    content.answer = trends_answer(readable, subtypes[code], lang)
    content.figure_builders = {"chart": lambda: make_window_figure(drawn, unit=entry["unit"], title=subtypes[code],
                                                                    lang=lang, **extra)}
    return content


def reporting_places(inputs: ViewInputs, subject: dict, labels: dict[str, str]) -> list[str]:
    """The provinces (place keys) with figures of the subject, by name (a GROUP BY, no figure read; a code that names
    no province left out)."""
    counts = inputs.observation_counts(PLACE_COLUMNS, placed=True, **subject)
    keys = {place_key(v, c) for v, c in zip(counts["admin_version"], counts["province_code"], strict=True)}
    return sorted(keys & set(labels), key=lambda key: (labels[key], key))


def place_filters(provinces: list[str]) -> dict:
    """The store's filters (versions and codes) that hold the provinces named by their place keys."""
    places = [key.split("-", 1) if "-" in key else ("vn63", key) for key in provinces]
    return {"admin_versions": sorted({v for v, _ in places}), "provinces": sorted({c for _, c in places})}


def with_place_keys(frame: pd.DataFrame, provinces: list[str]) -> pd.DataFrame:
    """The rows of the provinces (place keys) among those of their versions and codes, with their `place` key."""
    keys = [place_key(v, c) for v, c in zip(frame["admin_version"], frame["province_code"], strict=True)]
    return frame.assign(place=keys).pipe(lambda f: f[f["place"].isin(provinces)].copy())


def chosen_figures(inputs: ViewInputs, subject: dict, provinces: list[str],
                   lang: str) -> tuple[pd.DataFrame, list[str]]:
    """The figures of the subject the trend draws, and a note on those it leaves out. Of one province, all of them
    (its communes' series too); of several, all while their communes' figures stay few (MAX_COMMUNE_FIGURES), else
    their SERIES_LEVEL figures and a note saying how many communes' figures are left to each province's trend: once
    every commune reports each year, a trend of every commune's line is thousands of lines no one reads. The
    communes' figures are counted (a GROUP BY), not read."""
    places = place_filters(provinces)
    communes = pd.DataFrame(columns=[*PLACE_COLUMNS, "n"]) if len(provinces) == 1 else with_place_keys(
        inputs.observation_counts(PLACE_COLUMNS, level="commune", **subject, **places), provinces)
    left_out = int(communes["n"].sum()) > MAX_COMMUNE_FIGURES
    level = {"level": SERIES_LEVEL} if left_out else {}
    notes = [translate("trends_communes_note", lang, count=format_number(communes["n"].sum(), lang),
                       provinces=len(communes))] if left_out else []
    return with_place_keys(inputs.observations(**subject, **places, **level), provinces), notes


def with_province_column(table: pd.DataFrame, obs: pd.DataFrame, inputs: ViewInputs, lang: str) -> pd.DataFrame:
    """The table with each figure's province first: a trend mixes places, and "toàn tỉnh" alone says not which."""
    names = inputs.province_names()
    return table.assign(**{translate("province", lang): [
        names.get((version, code), code) for version, code in zip(obs["admin_version"], obs["province_code"],
                                                                  strict=True)]}).pipe(
        lambda t: t[[translate("province", lang), *table.columns]])
