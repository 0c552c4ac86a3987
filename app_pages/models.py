"""Mô hình: the catalogue of named models, filtered by province, district, organisation type and field."""

import streamlit as st

from briefing.i18n import translate
from briefing.pages import MODELS
from components import cached
from components.export_widgets import render_export_bar
from components.state import current_lang, current_view, multiselect, render_link_notices, search
from components.widgets import render_answer, render_table

lang = current_lang()
view = current_view(MODELS)
content = cached.get_view_content(view.link)

# 1. Filters from the URL: province, district, organisation type, field, and a free-text search.
columns = st.columns(4)
for column, (name, label) in zip(columns, [("province", "province"), ("district", "district"),
                                           ("org_type", "organisation"), ("field", "field")], strict=True):
    multiselect(content.choices[name], translate(label, lang), lang, where=column)
search(content.choices["q"], translate("search", lang), lang)
render_link_notices(view, content, lang)
render_export_bar(view.link, lang)
render_answer(content.answer)

# 2. The matching models with their source and evidence.
if content.models.empty:
    st.info(translate("no_observations", lang))
else:
    st.caption(translate("models_count", lang, count=len(content.models)))
    render_table(content.tables["models"], "models_table")
