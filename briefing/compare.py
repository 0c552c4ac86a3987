"""The comparison's content: chosen provinces side by side on chosen headline indicators in one phase, each value
with scope and period, and the reason when it may not share the scale."""

import pandas as pd

from briefing.catalogue import default_class, headline_counts, indicator_titles, subtype
from briefing.content import ChoiceReader, Ranking, ViewContent
from briefing.figures import make_small_multiples_figure
from briefing.i18n import translate
from briefing.inputs import ViewInputs, versions_compared
from briefing.links import View
from briefing.places import describe_places
from briefing.ranking import ranking_rows
from briefing.reasons import other_scope_lines
from briefing.tables import build_comparison_long, build_comparison_table, period_span
from indicators.domain.codes import PHASES
from indicators.domain.comparability import DEFAULT_PHASE, STATUS_NONE, STATUS_OTHER, STATUS_SHARED, compare_provinces
from indicators.domain.gazetteer import to_vn34_province

PRESETS = ("reporting", "same_vn34", "top10", "custom")


def build_compare(view: View, inputs: ViewInputs) -> ViewContent:
    """Headlines (`indicators=a,b`) in a phase (`phase=`), a province preset (`preset=`) or chosen provinces."""
    lang, reader, frame63, catalogue = view.lang, ChoiceReader(view), inputs.frame("vn63"), inputs.catalogue
    phase = reader.one("phase", PHASES, DEFAULT_PHASE, lambda p: translate(f"phase_{p}", lang))
    counts = inputs.remember(("headline_counts", "vn63", phase, lang), lambda: headline_counts(
        catalogue, inputs.whole_province_observations(versions_compared("vn63")), frame63, phase, lang))
    titles = indicator_titles(catalogue, lang)
    chosen = reader.many("indicators", [c.indicator for c in counts], [counts[0].indicator] if counts else [],
                         {c.indicator: translate("picker_count", lang, title=c.title, count=c.comparable)
                          for c in counts})
    preset = reader.one("preset", PRESETS, "reporting", lambda p: translate(f"preset_{p}", lang))
    per_indicator = {indicator: places_of(inputs, indicator, phase, lang) for indicator in chosen}
    reporting = sorted({code for places in per_indicator.values()
                        for code in places.loc[places["status"] != STATUS_NONE, "province_code"]},
                       key=frame63.sort_key)
    provinces = preset_provinces(reader, inputs, preset, per_indicator, reporting)
    long = build_comparison_long(per_indicator, provinces)
    shown_ids = {obs_id for ids in long["obs_ids"] for obs_id in ids} | {
        obs_id for ids in long["other_ids"] for obs_id in ids}
    filters = [f"{translate('compare_indicators', lang)}: {'; '.join(titles[i] for i in chosen)}",
               f"{translate('phase', lang)}: {translate(f'phase_{phase}', lang)}",
               f"{translate('preset', lang)}: {translate(f'preset_{preset}', lang)}",
               f"{translate('compare_provinces', lang)}: {', '.join(frame63.names[p] for p in provinces)}"]
    kpis = [{"label": translate("kpi_provinces", lang), "value": str(len(provinces)), "detail": ""},
            {"label": translate("kpi_shared", lang), "value": str(int((long["status"] == STATUS_SHARED).sum())),
             "detail": ""},
            {"label": translate("kpi_figures", lang), "value": str(len(shown_ids)), "detail": ""},
            {"label": translate("kpi_period", lang), **period_span(long, lang)}]
    content = ViewContent(
        view, f"{translate('page_compare', lang)}: {'; '.join(titles[i] for i in chosen)}", filters, kpis,
        build_comparison_table(long, titles, lang), in_province_order(inputs.observations(obs_ids=shown_ids),
                                                                      provinces),
        inputs.no_models(), choices=reader.choices, places=long, notices=reader.notices,
    )
    content.answer = translate("answer_compare", lang, provinces=len(provinces),
                               indicators="; ".join(titles[i] for i in chosen),
                               shared=int((long["status"] == STATUS_SHARED).sum()),
                               phase=translate(f"phase_short_{phase}", lang)) if provinces else translate(
        "compare_choose_prompt", lang)
    drawn = [i for i in chosen if ((long["indicator"] == i) & (long["status"] == STATUS_SHARED)).any()]
    content.notes += [translate("compare_no_shared", lang, title=titles[i], phase=translate(f"phase_short_{phase}",
                                                                                             lang))
                      for i in chosen if provinces and i not in drawn]
    content.not_compared = other_scope_lines(long, lang)
    content.rankings = [Ranking(translate("deck_ranking_title", lang, title=titles[indicator],
                                          shared=int((rows["status"] == STATUS_SHARED).sum()),
                                          others=int((rows["status"] == STATUS_OTHER).sum())),
                                ranking_rows(rows, "value"))
                        for indicator, rows in long.groupby("indicator", sort=False) if indicator in drawn]
    content.figure_builders = {"chart": lambda: make_small_multiples_figure(
        long, indicator_titles={i: titles[i] for i in drawn}, lang=lang) if drawn else None}
    return content


def in_province_order(obs: pd.DataFrame, provinces: list[str]) -> pd.DataFrame:
    """The figures in the order the comparison lists its provinces (the download reads as the page does)."""
    order = {code: index for index, code in enumerate(provinces)}
    return obs.assign(order=obs["province_code"].map(order)).sort_values("order", kind="stable").drop(columns="order")


def places_of(inputs: ViewInputs, indicator: str, phase: str, lang: str) -> pd.DataFrame:
    """The rule's province records of one headline (its default class) in the phase, with their words."""
    cls = default_class(inputs.catalogue, indicator, phase)
    entry = subtype(inputs.catalogue, cls.subtype)
    obs = inputs.class_observations(cls, "vn63")
    comparison = compare_provinces(obs, inputs.frame("vn63"), cls, entry["aggregation"])
    reasons = dict(zip(comparison.rows["obs_id"], comparison.rows["why_not"], strict=True))
    return describe_places(comparison.places, obs, entry["unit"], lang, reasons)


def preset_provinces(reader: ChoiceReader, inputs: ViewInputs, preset: str, per_indicator: dict[str, pd.DataFrame],
                     reporting: list[str]) -> list[str]:
    """The provinces of a comparison preset (the page's search box finds a name with or without diacritics); a custom
    comparison starts with none, so that removing the last one leaves none."""
    if preset == "same_vn34":
        frame34 = inputs.frame("vn34")
        default_group = to_vn34_province((reporting[:1] or ["11"])[0], inputs.crosswalk)[0]
        return frame34.members[reader.one("group", list(frame34.names), default_group, frame34.names)]
    if preset == "top10":
        first = next(iter(per_indicator.values()), pd.DataFrame(columns=["status", "value", "province_code"]))
        return first[first["status"] == STATUS_SHARED].nlargest(10, "value")["province_code"].tolist()
    if preset == "custom":
        frame63 = inputs.frame("vn63")
        options = sorted(frame63.names, key=frame63.sort_key)
        return reader.many("provinces", options, [], frame63.names)
    return reporting
