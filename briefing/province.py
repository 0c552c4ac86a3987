"""The province page's content: the district map (districts with figures, with models only, or none), the
province's figures with their evidence, its named models and the breadcrumb back to the country."""

import pandas as pd

from briefing.answers import province_answer, with_noun
from briefing.catalogue import subtype_titles
from briefing.content import ChoiceReader, MapSpec, ViewContent
from briefing.i18n import translate
from briefing.inputs import ViewInputs
from briefing.links import View
from briefing.maps import district_scale, make_district_map_figure
from briefing.places import period_words, value_words
from briefing.province_vn34 import build_province_vn34
from briefing.ranking import with_scale_profiles
from briefing.reasons import province_part_lines
from briefing.tables import build_district_rows, build_model_table, build_observation_table
from geo import layers
from indicators.domain.gazetteer import to_vn34_province
from indicators.domain.queries import district_activity


def province_options(inputs: ViewInputs) -> list[str]:
    """Provinces with vn63 figures first (by name), then the others: the first is the page's default."""
    frame = inputs.frame("vn63")
    reporting = sorted(inputs.provinces_with_figures("vn63"), key=frame.sort_key)
    return reporting + sorted(set(frame.names) - set(reporting), key=frame.sort_key)


def build_province(view: View, inputs: ViewInputs) -> ViewContent:
    """One province (`province=`), optionally one district (`district=`): figures, models, district map; with
    `version=vn34`, a province of today's structure and its communes (briefing/province_vn34.py)."""
    if view.get("version") == "vn34":
        return build_province_vn34(view, inputs)
    lang, reader, catalogue, frame = view.lang, ChoiceReader(view), inputs.catalogue, inputs.frame("vn63")
    options = province_options(inputs)
    province = reader.one("province", options, options[0], frame.names)
    districts = {d.code: d.name for d in inputs.gazetteer.districts_of(province)}
    district = reader.one("district", ["", *districts], "",
                          lambda c: districts.get(c, translate("all_districts", lang)))
    obs = inputs.observations(admin_versions=["vn63"], provinces=[province],
                              **({"districts": [district]} if district else {}))
    models = inputs.models(admin_versions=["vn63"], provinces=[province],
                           **({"districts": [district]} if district else {}))
    title = frame.names[province] + (f" – {districts[district]}" if district else "")
    filters = [f"{translate('province', lang)}: {frame.names[province]}",
               f"{translate('district', lang)}: {districts.get(district, translate('all_districts', lang))}",
               translate("province_now", lang, name=to_vn34_province(province, inputs.crosswalk)[1])]
    rows = district_rows(inputs, province, lang)
    whole = with_scale_profiles(whole_province_results(obs, catalogue, lang), inputs, lang)
    content = ViewContent(
        view, title, filters, province_kpis(whole, models, lang),
        build_observation_table(obs, subtype_titles(catalogue, lang), lang).drop(columns="obs_id"), obs, models,
        choices=reader.choices, places=rows, notices=reader.notices,
        tables={"models": build_model_table(models, lang, inputs.province_names(), inputs.source_titles())},
        verdicts=whole[["obs_id"]].assign(scale_profile=whole["profile"]),
        not_compared=province_part_lines(obs, lang), appendix=["models"],
        standing_link=f"/?province={province}&lang={lang}",
    )
    whole_figures = int(((obs["scope_level"] == "province") & (obs["organisation"] == "")).sum())
    content.answer = province_answer(title, whole, whole_figures, len(models), lang)
    content.tables["results"] = whole
    if not len(rows):  # the builder still asks for the layer: a missing build is named on the page by its setting
        content.no_map = "this province has no district polygons"
        content.figure_builders = {"map": lambda: district_map(inputs, province, rows, district, lang)}
    elif not (rows["status"] != "no_data").any():
        content.notes.append(translate("district_figures_none", lang))
        content.figure_builders = {}  # a grey map says nothing: the figures come first
        content.no_map = "no district of this province has figures or models: the page lists its figures instead"
    else:
        credit = translate("boundary_credit", lang, version=translate("version_vn63", lang))
        content.map = MapSpec("district", "district_code", district_scale(rows, lang), [credit])
        content.figure_builders = {"map": lambda: district_map(inputs, province, rows, district, lang)}
    return content


# The headlines a leader asks about first, in this order, when choosing a province's result cards.
CARD_ORDER = ("models_built", "exemplars_honoured", "money_raised", "houses_built", "people_supported",
              "works_built", "study_participation", "action_plans", "ethics_standards", "dialogue", "land_donated",
              "contests", "other_results")


def whole_province_results(obs: pd.DataFrame, catalogue, lang: str) -> pd.DataFrame:
    """The province's whole-province figures, the most telling first (headline order, the latest window, the
    largest), with the words of a result card: value with its noun, what it counts, period and phase."""
    whole = obs[(obs["scope_level"] == "province") & (obs["organisation"] == "") & obs["denominator"].isna()]
    titles = subtype_titles(catalogue, lang)
    order = {indicator: rank for rank, indicator in enumerate(CARD_ORDER)}
    whole = whole.assign(rank=whole["indicator"].map(order)).sort_values(
        ["rank", "period_end", "value"], ascending=[True, False, False]).drop_duplicates("indicator")
    return whole.assign(
        label=[value_words(r, lang) for r in whole.itertuples()],
        what=whole["subtype"].map(titles), period=[period_words(r, lang) for r in whole.itertuples()])


def district_rows(inputs: ViewInputs, province: str, lang: str) -> pd.DataFrame:
    """Districts of a province with status and label; empty when the layers or the province's districts are absent."""
    try:
        gdf = inputs.district_layer()
    except layers.BoundaryLayerMissing:
        return pd.DataFrame(columns=["district_code", "name", "status", "label"])
    districts = gdf[gdf["province_code"] == province][["district_code", "name"]]
    activity = district_activity(inputs.observations(admin_versions=["vn63"], provinces=[province]),
                                 inputs.models(admin_versions=["vn63"], provinces=[province]))
    return build_district_rows(districts, activity, lang)


def district_map(inputs: ViewInputs, province: str, rows: pd.DataFrame, district: str, lang: str):
    """The district map of the province, or None when it has no district polygons (Quảng Ninh)."""
    gdf = inputs.district_layer()
    if not len(rows):
        return None
    return make_district_map_figure(layers.layer_geojson(gdf[gdf["province_code"] == province]), rows,
                                    title=translate("district_map", lang), lang=lang, selected=district)


def province_kpis(whole: pd.DataFrame, models: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """Result cards: the province's three most telling whole-province figures ('hơn 532 mô hình', what it counts,
    period) and its named models."""
    cards = [{"label": row.what, "value": with_noun(row.label, row.subtype, lang),
              "detail": " · ".join(filter(None, [translate("scope_whole_province", lang), row.period, row.profile]))}
             for row in whole.head(3).itertuples()]
    return cards + [{"label": translate("kpi_named_models", lang), "value": str(len(models)), "detail": ""}]
