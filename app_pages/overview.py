"""Tổng quan: the country map of one headline indicator on the scale the comparability rule allows (by default the
widest comparison the data allows), or what we know about each province (coverage, in the indicator list), with the
answer, KPI cards, the ranking, and the figures that may not share the scale."""

import streamlit as st

from briefing.catalogue import COVERAGE
from briefing.i18n import translate
from briefing.links import view_from_pairs
from briefing.overview import projector_answer
from briefing.pages import OVERVIEW, PROVINCE
from components import cached
from components.export_widgets import render_export_bar
from components.state import (
    clicked_location,
    current_lang,
    current_view,
    presentation_mode,
    radio,
    remember_view,
    render_link_notices,
    select,
    switch_to,
)
from components.widgets import CHART_CONFIG, render_answer, render_kpi_cards, render_map_unavailable

lang = current_lang()
view = current_view(OVERVIEW)
content = cached.get_view_content(view.link)
remember_view(view)
choices = content.choices

# 0. Drill down before drawing anything: a province clicked on the map (its selection state, set before this run)
# opens the province page (vn34: its commune map), so the click costs no redraw of this page.
clicked = clicked_location("overview_map")
if clicked:  # back on this map (the province page's breadcrumb), its first line says where the province stands
    remember_view(view_from_pairs(OVERVIEW, [*view.params.items(), ("province", clicked)]))
if clicked and content.admin_version == "vn63":
    switch_to(PROVINCE, province=clicked)
elif clicked:  # a province of today's structure: its commune map, on the headline shown here
    indicator = choices["indicator"].value
    switch_to(PROVINCE, province=clicked, version="vn34", indicator="" if indicator == COVERAGE else indicator)

# The layout is laid out first and the map filled in first: its chart code starts loading in the browser while
# the controls, the KPI cards and the ranking are still being sent (the map is what a briefing waits for).
controls = st.columns([3, 2])
details = st.container()
render_answer(projector_answer(content) if presentation_mode() else content.answer)
kpi_area = st.container()
map_column, bar_column = st.columns([3, 2])

# 1. The map; a click on a province opens its page (step 0 of the next run). Too few comparable provinces: the
# figures are listed instead.
with map_column:
    if content.map_figure is not None:
        # height="stretch": the figure's own height on screen; the projector layout sizes the map to the screen.
        st.plotly_chart(cached.get_sent_figure(view.link, "map"), key="overview_map", on_select="rerun",
                        selection_mode="points", height="stretch", config={**CHART_CONFIG, "scrollZoom": True})
        with st.container(key="click_hint"):
            st.caption(translate("click_hint", lang))
    elif "map" in content.figure_errors:
        render_map_unavailable(content.figure_errors["map"], lang)
    else:
        with st.container(key="overview_listing"):
            for note in content.notes[:1]:
                st.info(note)
            st.table(content.table.set_index(content.table.columns[0]))

# 2. What is shown (indicator, detail, phase, level, measure, admin units), the big numbers and the ranking.
select(choices["indicator"], translate("indicator", lang), where=controls[0])
radio(choices["version"], translate("admin_version", lang), where=controls[1])
if "subtype" in choices:
    # The phase and level radios across the whole width, each on one line: in a narrow column their options stacked
    # and pushed the map below the first screen.
    row = details.columns([3, 2])
    select(choices["subtype"], translate("subtype", lang), where=row[0])
    radio(choices["rate"], translate("rate", lang), where=row[1])
    # The phase, award level and window under one line that says what is chosen: open, they took three lines of
    # the first screen and pushed the map below it on a 1440×900 laptop.
    scale_choices = [(name, words) for name, words in (("phase", "phase"), ("level", "award_level"),
                                                       ("window", "window")) if name in choices]
    summary = " · ".join(choices[name].label(choices[name].value) for name, _ in scale_choices)
    with details.expander(translate("scale_choices", lang, summary=summary), icon=":material/tune:"):
        for name, words in scale_choices:
            radio(choices[name], translate(words, lang))
with kpi_area:
    render_link_notices(view, content, lang)
    render_export_bar(view.link, lang)
    render_kpi_cards(content.kpis)
with bar_column:
    if content.chart_figure is not None:
        # height="stretch" as the map: on a projector the ranking takes the same height beside it.
        st.plotly_chart(cached.get_sent_figure(view.link, "chart"), key="overview_ranking", height="stretch",
                        config=CHART_CONFIG)
    else:
        st.info(translate("no_comparable", lang))

# 3. Figures that may not share the scale are listed with the reason, never coloured on it.
other = content.tables.get("other")
if other is not None and len(other) and content.map_figure is not None:
    st.subheader(translate("other_scope_table", lang))
    # A plain table: a few rows, printable, and no data-grid code for the browser to load before the map.
    st.table(other.set_index(other.columns[0]))
