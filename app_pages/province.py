"""Tỉnh: one province, its district map (click to filter), its figures with evidence and its named models."""

from functools import partial

import streamlit as st

from briefing.i18n import translate
from briefing.pages import OVERVIEW, PROVINCE
from components import cached
from components.commune_page import render_commune_page
from components.export_widgets import render_export_bar
from components.state import (
    current_lang,
    current_view,
    follow_map_click,
    place_picker,
    remembered_params,
    render_link_notices,
    select,
    set_params,
)
from components.widgets import (
    CHART_CONFIG,
    render_answer,
    render_breadcrumb,
    render_kpi_cards,
    render_map_unavailable,
    render_table,
)

lang = current_lang()
view = current_view(PROVINCE)
content = cached.get_view_content(view.link)
if content.admin_version == "vn34":  # today's structure: the commune map and the former units' figures
    render_commune_page(view, content, lang)
    st.stop()
province, district = content.choices["province"].value, content.choices["district"].value

# 1. Which province and district: from the URL (?province=11&district=096), the pickers and the map write it.
# The breadcrumb names each level; with a district chosen, the province's crumb shows the whole province again.
whole_province = partial(set_params, district=None) if district else None
render_breadcrumb([(translate("breadcrumb_country", lang), (OVERVIEW.file, remembered_params(OVERVIEW))),
                   (content.choices["province"].label(province), whole_province),
                   *([(content.choices["district"].label(district), None)] if district else [])])
pickers = st.columns([5, 3], vertical_alignment="bottom")  # one row: the map and the cards sooner on the screen
place_picker(content.choices["province"], translate("choose_province", lang), lang, where=pickers[0])
select(content.choices["district"], translate("district_filter", lang), where=pickers[1])
render_link_notices(view, content, lang)
render_export_bar(view.link, lang)
st.title(content.title)
st.caption(content.filters[-1])

# 2. The answer and the province's headline results, first on the screen.
render_answer(content.answer)
render_kpi_cards(content.kpis)

# 3. District map: districts with figures, with only a named model, or none; a click filters the page (its callback
# writes `district=` before the next run, so the picker above shows it at once). The chart's key changes with the
# filter, so a click on another district is always a new selection. When no district has anything of its own, a grey
# map would say nothing: the figures come first.
if content.map_figure is None:
    if "map" in content.figure_errors:
        render_map_unavailable(content.figure_errors["map"], lang)
    else:
        st.info(content.notes[0] if content.notes else translate("no_district_map", lang))
else:
    map_key = f"province_map_{province}_{district}"
    on_click = partial(follow_map_click, content.choices["district"], map_key)
    with st.container(key="province_map"):
        st.plotly_chart(cached.get_sent_figure(view.link, "map"), key=map_key, on_select=on_click,
                        selection_mode="points", config=CHART_CONFIG)

# 4. Figures with their evidence, then the named models.
st.subheader(translate("province_indicators", lang))
if content.table.empty:
    st.info(translate("no_observations", lang))
else:
    render_table(content.table, "province_figures")
st.subheader(translate("province_models", lang))
if content.models.empty:
    st.info(translate("no_observations", lang))
else:
    st.caption(translate("models_count", lang, count=len(content.models)))
    render_table(content.tables["models"], "province_models")
