"""The province page in today's structure (`/province?province=NN&version=vn34`): breadcrumb, pickers, the commune
map (a click filters to one commune), the province's and its former units' figures, its named models."""

from functools import partial

import streamlit as st

from briefing.content import ViewContent
from briefing.i18n import translate
from briefing.links import View
from briefing.pages import OVERVIEW, PROVINCE
from components import cached
from components.export_widgets import render_export_bar
from components.state import follow_map_click, place_picker, render_link_notices, select, shared_params
from components.widgets import (
    CHART_CONFIG,
    render_answer,
    render_breadcrumb,
    render_kpi_cards,
    render_map_unavailable,
    render_table,
)


def commune_crumbs(content: ViewContent, lang: str) -> list[tuple]:
    """Cả nước › tỉnh › xã: each level but the last a link, the country one to the 34-province overview on the
    headline shown here."""
    province, commune = content.choices["province"], content.choices["commune"]
    country = (OVERVIEW.file, {**shared_params(), "version": "vn34", "indicator": content.choices["indicator"].value})
    whole_province = (PROVINCE.file, {**shared_params(), "province": province.value, "version": "vn34"})
    return [(translate("breadcrumb_country", lang), country),
            (province.label(province.value), whole_province if commune.value else None),
            *([(commune.label(commune.value), None)] if commune.value else [])]


def render_commune_map(view: View, content: ViewContent, lang: str) -> None:
    """The commune map; a click writes `commune=` before the next run. Its key changes with the commune, so a click
    on another commune is always a new selection."""
    if content.map_figure is None:
        render_map_unavailable(content.figure_errors.get("map", translate("no_commune_map", lang)), lang)
        return
    commune = content.choices["commune"]
    map_key = f"commune_map_{content.choices['province'].value}_{commune.value}"
    with st.container(key="commune_map"):
        st.plotly_chart(cached.get_sent_figure(view.link, "map"), key=map_key,
                        on_select=partial(follow_map_click, commune, map_key), selection_mode="points",
                        config=CHART_CONFIG)


def render_commune_page(view: View, content: ViewContent, lang: str) -> None:
    """The whole vn34 province page, in reading order."""
    render_breadcrumb(commune_crumbs(content, lang))
    # The map's headline is chosen here too: the page lists the communes' figures of that headline only.
    pickers = st.columns([5, 4, 3, 3], vertical_alignment="bottom")
    place_picker(content.choices["province"], translate("choose_province", lang), lang, where=pickers[0])
    select(content.choices["indicator"], translate("indicator", lang), where=pickers[1])
    select(content.choices["commune"], translate("commune_filter", lang), where=pickers[2])
    select(content.choices["rate"], translate("rate", lang), where=pickers[3])
    render_link_notices(view, content, lang)
    render_export_bar(view.link, lang)
    st.title(content.title)
    st.caption(content.filters[-2])
    render_answer(content.answer)
    render_kpi_cards(content.kpis)
    render_commune_map(view, content, lang)
    st.subheader(translate("commune_figures_title", lang))
    if content.table.empty:
        st.info(translate("no_observations", lang))
    else:
        render_table(content.table, "province_figures")
    st.subheader(translate("former_units_title", lang))
    st.caption(content.filters[-1])
    if content.tables["former"].empty:
        st.info(translate("no_observations", lang))
    else:
        render_table(content.tables["former"], "former_figures")
    st.subheader(translate("province_models", lang))
    if content.models.empty:
        st.info(translate("no_observations", lang))
    else:
        render_table(content.tables["models"], "province_models")
