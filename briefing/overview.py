"""The overview's content: one indicator on the country map, KPI cards, the ranking and the other-scope figures."""

import pandas as pd

from briefing.catalogue import DEFAULT_INDICATOR, indicator_titles
from briefing.figures import make_ranked_bar_figure
from briefing.i18n import translate
from briefing.links import View
from briefing.maps import describe_archipelagos, make_province_map_figure
from briefing.places import describe_values
from briefing.tables import build_other_scope_table, compute_overview_kpis
from briefing.views import ChoiceReader, ViewContent, ViewInputs
from indicators.codes import ADMIN_VERSIONS, DEFAULT_ADMIN_VERSION
from indicators.queries import STATUS_COMPARABLE, STATUS_NO_DATA, compute_province_values, observations_of


def build_overview(view: View, inputs: ViewInputs) -> ViewContent:
    """Values per province (comparable scope only on the colour scale), KPIs, ranking and the other-scope table."""
    lang, reader = view.lang, ChoiceReader(view)
    titles = indicator_titles(inputs.dataset, lang)
    indicator = reader.one("indicator", titles, DEFAULT_INDICATOR, titles)
    version = reader.one("version", ADMIN_VERSIONS, DEFAULT_ADMIN_VERSION,
                         lambda v: translate(f"version_{v}", lang))
    version_words = translate(f"version_{version}", lang)
    obs = observations_of(inputs.dataset, indicator)
    values = describe_values(compute_province_values(inputs.dataset, indicator, inputs.frame(version)), obs, lang)
    shown_ids = {obs_id for ids in values["obs_ids"] for obs_id in ids}
    content = ViewContent(
        view, titles[indicator],
        [f"{translate('indicator', lang)}: {titles[indicator]}",
         f"{translate('admin_version', lang)}: {version_words}"],
        compute_overview_kpis(values, lang), build_value_table(values, lang), obs[obs["obs_id"].isin(shown_ids)],
        inputs.dataset.models.iloc[0:0], choices=reader.choices, places=values, admin_version=version,
        notices=reader.notices, tables={"other_scope": build_other_scope_table(values, lang)},
    )
    if (values["status"] == "other_scope").any():
        content.notes.append(translate("footer_other_scope", lang))
    content.figure_builders = {
        "map": lambda: country_map(inputs, values, version, titles[indicator], lang),
        "chart": lambda: make_ranked_bar_figure(values, title=translate("ranked_title", lang), lang=lang)
        if (values["status"] == STATUS_COMPARABLE).any() else None,
    }
    return content


def country_map(inputs: ViewInputs, values: pd.DataFrame, version: str, title: str, lang: str):
    """The country map of the values (raises BoundaryLayerMissing when the layers have not been built)."""
    version_words = translate(f"version_{version}", lang)
    return make_province_map_figure(
        inputs.province_geojson(version), values, lang=lang,
        archipelagos=describe_archipelagos(inputs.district_layer()),
        title=translate("map_title", lang, indicator=title, version=version_words),
        version_note=translate("boundary_credit", lang, version=version_words))


def build_value_table(values: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The provinces with a figure, comparable ones first by value: province, value, scope, period, source."""
    shown = values[values["status"] != STATUS_NO_DATA].sort_values(["status", "value"], ascending=[True, False])
    return pd.DataFrame({
        translate("province", lang): shown["province_name"], translate("value", lang): shown["label"],
        translate("scope", lang): shown["scope"], translate("period", lang): shown["period"],
        translate("source", lang): shown["sources"].map("; ".join),
    })
