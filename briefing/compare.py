"""The comparison's content: chosen provinces side by side on chosen indicators, every value with scope and period."""

import pandas as pd

from briefing.catalogue import DEFAULT_INDICATOR, indicator_titles
from briefing.figures import make_small_multiples_figure
from briefing.i18n import translate
from briefing.links import View
from briefing.places import describe_values
from briefing.tables import build_comparison_long, build_comparison_table, period_span
from briefing.views import ChoiceReader, ViewContent, ViewInputs
from indicators.gazetteer import to_vn34_province
from indicators.names import fold_diacritics
from indicators.queries import STATUS_COMPARABLE, STATUS_NO_DATA, compute_province_values, observations_with_titles

PRESETS = ("reporting", "same_vn34", "top10", "custom")


def build_compare(view: View, inputs: ViewInputs) -> ViewContent:
    """Indicators (`indicators=a,b`), a province preset (`preset=`) or hand-picked provinces (`provinces=`)."""
    lang, reader, frame63 = view.lang, ChoiceReader(view), inputs.frame("vn63")
    titles = indicator_titles(inputs.dataset, lang)
    chosen = reader.many("indicators", titles, [DEFAULT_INDICATOR], titles)
    preset = reader.one("preset", PRESETS, "reporting", lambda p: translate(f"preset_{p}", lang))
    obs = observations_with_titles(inputs.dataset)
    per_indicator = {i: describe_values(compute_province_values(inputs.dataset, i, frame63), obs, lang)
                     for i in chosen}
    reporting = sorted({code for values in per_indicator.values()
                        for code in values.loc[values["status"] != STATUS_NO_DATA, "province_code"]},
                       key=frame63.sort_key)
    provinces = preset_provinces(reader, inputs, preset, per_indicator, reporting)
    long = build_comparison_long(per_indicator, provinces)
    shown_ids = {obs_id for ids in long["obs_ids"] for obs_id in ids}
    filters = [f"{translate('compare_indicators', lang)}: {'; '.join(titles[i] for i in chosen)}",
               f"{translate('preset', lang)}: {translate(f'preset_{preset}', lang)}",
               f"{translate('compare_provinces', lang)}: {', '.join(frame63.names[p] for p in provinces)}"]
    kpis = [{"label": translate("kpi_provinces", lang), "value": str(len(provinces)), "detail": ""},
            {"label": translate("kpi_indicators", lang), "value": str(len(chosen)), "detail": ""},
            {"label": translate("kpi_figures", lang), "value": str(len(shown_ids)), "detail": ""},
            {"label": translate("kpi_period", lang), **period_span(long, lang)}]
    content = ViewContent(
        view, f"{translate('page_compare', lang)}: {'; '.join(titles[i] for i in chosen)}", filters, kpis,
        build_comparison_table(long, titles, lang), obs[obs["obs_id"].isin(shown_ids)],
        inputs.dataset.models.iloc[0:0], choices=reader.choices, places=long, notices=reader.notices,
    )
    content.figure_builders = {"chart": lambda: make_small_multiples_figure(
        long, indicator_titles={i: titles[i] for i in chosen}, lang=lang) if len(long) else None}
    return content


def preset_provinces(reader: ChoiceReader, inputs: ViewInputs, preset: str, per_indicator: dict[str, pd.DataFrame],
                     reporting: list[str]) -> list[str]:
    """The provinces of a comparison preset; the custom preset's picker matches with or without diacritics."""
    if preset == "same_vn34":
        frame34 = inputs.frame("vn34")
        default_group = to_vn34_province((reporting[:1] or ["11"])[0], inputs.crosswalk)[0]
        return frame34.members[reader.one("group", list(frame34.names), default_group, frame34.names)]
    if preset == "top10":
        first = next(iter(per_indicator.values()))
        return first[first["status"] == STATUS_COMPARABLE].nlargest(10, "value")["province_code"].tolist()
    if preset == "custom":
        frame63 = inputs.frame("vn63")
        options = sorted(frame63.names, key=frame63.sort_key)
        return reader.many("provinces", options, reporting[:3],
                           lambda c: f"{frame63.names[c]} · {fold_diacritics(frame63.names[c])}")
    return reporting
