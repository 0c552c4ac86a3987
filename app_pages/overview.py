"""Tổng quan: the country map of one indicator, KPI cards and a ranked bar chart beside it."""

import streamlit as st

from components import cached
from components.export_widgets import render_export_bar
from components.i18n import translate
from components.state import current_lang, current_view_link, render_param_notices, view_params
from components.tables import build_other_scope_table, compute_overview_kpis
from components.widgets import (
    current_indicator,
    current_version,
    render_indicator_picker,
    render_kpi_cards,
    render_map_unavailable,
    render_version_picker,
)
from geo.layers import BoundaryLayerMissing

lang = current_lang()

# The layout is laid out first and the map filled in first: its chart code starts loading in the browser while
# the controls, the KPI cards and the ranking are still being sent (the map is what a briefing waits for).
controls = st.columns([3, 2])
kpi_area = st.container()
map_column, bar_column = st.columns([3, 2])

# 1. View state: indicator and admin version, from the URL (the pickers below show and change it).
indicator = current_indicator()
version = current_version()

# 2. Values per province, comparable scope only on the colour scale.
values = cached.get_province_values(indicator, version, lang)

# 3. The map; a click on a province opens its page.
with map_column:
    try:
        # height="stretch": the figure's own height on screen; the projector layout sizes the map to the screen.
        event = st.plotly_chart(cached.get_overview_map(indicator, version, lang), key="overview_map",
                                on_select="rerun", selection_mode="points", height="stretch",
                                config={"displaylogo": False, "scrollZoom": True})
        st.caption(translate("click_hint", lang))
    except BoundaryLayerMissing as missing:
        event = None
        render_map_unavailable(str(missing), lang)

# 4. Controls, big numbers and the ranking beside the map.
render_indicator_picker(lang, where=controls[0])
render_version_picker(lang, where=controls[1])
with kpi_area:
    render_param_notices(lang)
    render_export_bar(current_view_link(""), lang)
    render_kpi_cards(compute_overview_kpis(values, lang))
with bar_column:
    if (values["status"] == "comparable").any():
        st.plotly_chart(cached.get_ranking_figure(indicator, version, lang), key="overview_ranking",
                        config={"displaylogo": False})
    else:
        st.info(translate("no_comparable", lang))

# 5. Figures of another scope are listed, never coloured on the shared scale.
other = build_other_scope_table(values, lang)
if len(other):
    st.subheader(translate("other_scope_table", lang))
    # A plain table: a few rows, printable, and no data-grid code for the browser to load before the map.
    st.table(other.set_index(other.columns[0]))

# 6. Drill down: a clicked province opens the province page (vn34: the comparison of its old provinces).
points = event.selection.points if event and event.selection else []
if points:
    code = points[0].get("location")
    if version == "vn63":
        st.switch_page("app_pages/province.py", query_params={"province": code, **view_params("lang", "indicator")})
    else:
        st.switch_page("app_pages/compare.py",
                       query_params={"preset": "same_vn34", "group": code, **view_params("lang", "indicator")})
