"""Nguồn: every source with its figures and models, and the curated tables to download."""

from functools import partial

import streamlit as st

from briefing.exports import to_csv_bytes
from briefing.i18n import translate
from briefing.pages import SOURCES
from components import cached
from components.export_widgets import render_export_bar
from components.provenance import render_model_table, render_observation_table, render_source_text
from components.state import current_lang, current_view, escape_markdown, render_link_notices, select, write_param
from components.widgets import render_answer
from indicators.domain.tables import TABLE_NAMES

lang = current_lang()
view = current_view(SOURCES)
content = cached.get_view_content(view.link)
documented = cached.get_documented_sources()
source = content.choices["source"].value

# 1. One source in focus (?source=...), or all of them.
select(content.choices["source"], translate("source", lang))
render_link_notices(view, content, lang)
render_export_bar(view.link, lang)
render_answer(content.answer)

# 2. Each source: where it is, how it was dated, its figures with evidence and its models (listing every source of a
# large store, the first ones; each other source opens by its own link).
for row in content.places.itertuples():
    tables = content.source_tables.get(row.source_id)
    label = f"{row.title} — {translate('sources_observations', lang, count=row.figures)}"
    with st.expander(escape_markdown(label), expanded=bool(source)):
        st.markdown(f"**{escape_markdown(row.publisher or '–')}** · {escape_markdown(row.date_published or '?')} · "
                    f"{escape_markdown(row.path)}")  # an uploaded file's name: a code span would let a ` out
        st.caption(escape_markdown(f"{row.date_note} · {row.licence_note}"))
        if row.url:
            st.markdown(escape_markdown(row.url))
        if tables is None:
            st.button(translate("sources_open", lang, figures=row.figures, models=row.models),
                      key=f"open_{row.source_id}", on_click=write_param, args=("source", row.source_id, ""))
            continue
        render_observation_table(tables["figures"], lang, key=f"obs_{row.source_id}")
        if len(tables["models"]):  # most sources name no model: no empty notice under their figures
            render_model_table(tables["models"], lang)
        if row.source_id in documented:  # the evidence of its figures marked in the source's text
            render_source_text(row.source_id, content.obs[content.obs["source_id"] == row.source_id], lang)

# 3. The curated tables, as CSV with a BOM so Excel reads Vietnamese correctly (one writer for every download).
st.subheader(translate("download_csv", lang))
for column, name in zip(st.columns(len(TABLE_NAMES)), TABLE_NAMES, strict=True):
    column.download_button(translate("download_all", lang, table=name), on_click="ignore", mime="text/csv",
                           data=partial(lambda table: to_csv_bytes(cached.get_published_table(table)), name),
                           file_name=f"{name}.csv", key=f"download_{name}")  # read from the store when clicked
