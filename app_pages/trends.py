"""Xu hướng: values over time, each drawn over its own reporting window; a per-year view where legitimate."""

import streamlit as st

from briefing.i18n import translate
from briefing.pages import TRENDS
from components import cached
from components.export_widgets import render_export_bar
from components.state import current_lang, current_view, place_picker, radio, render_link_notices, select
from components.widgets import CHART_CONFIG, render_answer, render_table

lang = current_lang()
view = current_view(TRENDS)
content = cached.get_view_content(view.link)

# 1. Indicator, provinces and display mode from the URL.
pickers = st.columns(2)
select(content.choices["indicator"], translate("indicator", lang), where=pickers[0])
select(content.choices["subtype"], translate("subtype", lang), where=pickers[1])
place_picker(content.choices["provinces"], translate("compare_provinces", lang), lang)
radio(content.choices["mode"], translate("trends_mode", lang))
render_link_notices(view, content, lang)
render_export_bar(view.link, lang)
render_answer(content.answer)

# 2. Series: one per province and scope, so a police total never joins a whole-province line.
for note in content.notes:
    st.caption(note)
st.plotly_chart(cached.get_sent_figure(view.link, "chart"), key="trends_chart", config=CHART_CONFIG)

# 3. The figures behind the chart.
if content.table.empty:
    st.info(translate("no_observations", lang))
else:
    render_table(content.table, "trends_table")
