"""Tổng quan: the country map of one indicator, KPI cards and a ranked bar chart beside it."""

import streamlit as st

from components import cached
from components.export_widgets import render_export_bar
from components.figures import make_ranked_bar_figure
from components.i18n import translate
from components.maps import make_province_map_figure
from components.state import current_lang, current_view_link, render_param_notices, view_params
from components.tables import build_other_scope_table, compute_overview_kpis
from components.widgets import (
    indicator_titles,
    render_indicator_picker,
    render_kpi_cards,
    render_map_unavailable,
    render_version_picker,
)
from geo.layers import BoundaryLayerMissing

lang = current_lang()

# 1. View state: indicator and admin version, from the URL.
controls = st.columns([3, 2])
indicator = render_indicator_picker(lang, where=controls[0])
version = render_version_picker(lang, where=controls[1])
render_param_notices(lang)
render_export_bar(current_view_link(""), lang)
title = indicator_titles(lang)[indicator]

# 2. Values per province, comparable scope only on the colour scale.
values = cached.get_province_values(indicator, version, lang)

# 3. Big numbers first.
render_kpi_cards(compute_overview_kpis(values, lang))

# 4. Map and ranking side by side; a click on a province opens its page.
map_column, bar_column = st.columns([3, 2])
with map_column:
    try:
        fig = make_province_map_figure(
            cached.get_layer_geojson("province", version), values, title=title, lang=lang,
            version_note=translate("boundary_credit", lang, version=translate(f"version_{version}", lang)),
            archipelagos=cached.get_archipelagos(),
        )
        event = st.plotly_chart(fig, key="overview_map", on_select="rerun", selection_mode="points",
                                config={"displaylogo": False, "scrollZoom": True})
        st.caption(translate("click_hint", lang))
    except BoundaryLayerMissing as missing:
        event = None
        render_map_unavailable(str(missing), lang)
with bar_column:
    if (values["status"] == "comparable").any():
        st.plotly_chart(make_ranked_bar_figure(values, title=translate("ranked_title", lang), lang=lang),
                        key="overview_ranking", config={"displaylogo": False})
    else:
        st.info(translate("no_comparable", lang))

# 5. Figures of another scope are listed, never coloured on the shared scale.
other = build_other_scope_table(values, lang)
if len(other):
    st.subheader(translate("other_scope_table", lang))
    st.dataframe(other, hide_index=True, width="stretch")

# 6. Drill down: a clicked province opens the province page (vn34: the comparison of its old provinces).
points = event.selection.points if event and event.selection else []
if points:
    code = points[0].get("location")
    if version == "vn63":
        st.switch_page("app_pages/province.py", query_params={"province": code, **view_params("lang", "indicator")})
    else:
        st.switch_page("app_pages/compare.py",
                       query_params={"preset": "same_vn34", "group": code, **view_params("lang", "indicator")})
