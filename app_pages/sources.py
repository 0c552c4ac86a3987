"""Nguồn: every source with its figures and models, and the curated tables to download."""

import streamlit as st

from components import cached
from components.export_widgets import render_export_bar
from components.i18n import translate
from components.provenance import render_models, render_observations, render_source_text
from components.state import current_lang, current_view_link, render_param_notices, select_param
from indicators.queries import observations_with_titles
from indicators.tables import TABLE_NAMES

lang = current_lang()
dataset = cached.get_dataset()
sources = dataset.sources.set_index("source_id")
obs = observations_with_titles(dataset)
documented = cached.get_documented_sources()

# 1. One source in focus (?source=...), or all of them.
source = select_param("source", translate("source", lang), ["", *sources.index], "",
                      lambda s: sources.at[s, "title"] if s else translate("all", lang))
render_param_notices(lang)
render_export_bar(current_view_link("sources"), lang)

# 2. Each source: where it is, how it was dated, its figures with evidence and its models.
for source_id, row in sources.loc[[source] if source else sources.index].iterrows():
    count = int((obs["source_id"] == source_id).sum())
    with st.expander(f"{row['title']} — {translate('sources_observations', lang, count=count)}", expanded=bool(source)):
        st.markdown(f"**{row['publisher'] or '–'}** · {row['date_published'] or '?'} · `{row['path']}`")
        st.caption(f"{row['date_note']} · {row['licence_note']}")
        if row["url"]:
            st.markdown(row["url"])
        render_observations(obs[obs["source_id"] == source_id], lang, key=f"obs_{source_id}")
        models = dataset.models[dataset.models["source_id"] == source_id]
        if len(models):  # most sources name no model: no empty notice under their figures
            render_models(models, lang)
        if source_id in documented:
            render_source_text(source_id, obs[obs["source_id"] == source_id], lang)

# 3. The curated tables, as CSV with a BOM so Excel reads Vietnamese correctly.
st.subheader(translate("download_csv", lang))
for column, name in zip(st.columns(len(TABLE_NAMES)), TABLE_NAMES, strict=True):
    table = getattr(dataset, name)
    column.download_button(translate("download_all", lang, table=name), table.to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"{name}.csv", mime="text/csv", key=f"download_{name}")
