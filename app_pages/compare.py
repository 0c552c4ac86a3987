"""So sánh: chosen provinces side by side on chosen indicators, every value with its scope and period."""

import streamlit as st

from briefing.i18n import translate
from briefing.pages import COMPARE
from components import cached
from components.export_widgets import render_export_bar
from components.state import current_lang, current_view, multiselect, place_picker, radio, render_link_notices
from components.widgets import CHART_CONFIG, render_answer, render_table

lang = current_lang()
view = current_view(COMPARE)
content = cached.get_view_content(view.link)

# 1. Indicators and the province preset, from the URL.
multiselect(content.choices["indicators"], translate("compare_indicators", lang), lang)
radio(content.choices["phase"], translate("phase", lang))
radio(content.choices["preset"], translate("preset", lang))

# 2. The provinces: by preset, or chosen by hand (found with or without diacritics).
if "group" in content.choices:
    place_picker(content.choices["group"], translate("preset_same_vn34", lang), lang)
if "provinces" in content.choices:
    place_picker(content.choices["provinces"], translate("compare_provinces", lang), lang)
render_link_notices(view, content, lang)
render_export_bar(view.link, lang)
render_answer(content.answer)

# 3. The indicators without a value on the shared scale, in words (an empty chart says nothing).
for note in content.notes:
    st.info(note)

# 4. The ranked values on the shared scale first (the answer at a glance), then every province side by side. A custom
# comparison without provinces has its prompt as its answer, above.
if content.table.empty:
    if content.places["province_code"].any():
        st.info(translate("no_observations", lang))
    st.stop()
chart = cached.get_sent_figure(view.link, "chart")
if chart is not None:
    st.plotly_chart(chart, key="compare_chart", config=CHART_CONFIG)
render_table(content.table, "compare_table")
