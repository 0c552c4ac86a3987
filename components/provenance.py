"""Render figures and models with their provenance: value with qualifier, scope, period, source, evidence."""

from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from briefing.catalogue import subtype_titles
from briefing.exports import XLSX_MIME
from briefing.i18n import translate
from briefing.tables import build_model_table, build_observation_table, evidence_spans
from components.cached import get_catalogue, get_document, get_view_inputs
from components.review import build_highlighted_html
from components.state import translate_as_text

VIETNAM_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
# The type of a kept original, by the format it was read as (a reporting form is xlsx; the others are /ingest's).
ORIGINAL_MIMES = {"xlsx": XLSX_MIME, "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "pdf": "application/pdf", "txt": "text/plain", "html": "text/html"}


def render_observations(obs: pd.DataFrame, lang: str, key: str = "observations") -> None:
    """A table of figures whose every row shows qualifier, scope, period, source and the evidence words."""
    if obs.empty:
        st.info(translate("no_observations", lang))
        return
    table = build_observation_table(obs, subtype_titles(get_catalogue(), lang), lang)
    st.dataframe(table, hide_index=True, width="stretch", key=key,
                 column_config={"obs_id": st.column_config.TextColumn("ID", width="small")})


def render_models(models: pd.DataFrame, lang: str) -> None:
    """The named models as a table: name, field, organisation, summary, source and evidence."""
    if models.empty:
        st.info(translate("no_observations", lang))
        return
    st.caption(translate("models_count", lang, count=len(models)))
    st.dataframe(build_model_table(models, lang, get_view_inputs().province_names()), hide_index=True,
                 width="stretch")


def render_source_text(source_id: str, obs: pd.DataFrame, lang: str) -> None:
    """The text an uploaded source's figures were read from, each published figure's evidence marked, how and by
    whom it was read, and the uploaded file itself when kept; so a reader can check every number in its context."""
    if not st.checkbox(translate("show_source_text", lang), key=f"text_{source_id}"):
        return  # the text is read only when asked for
    document = get_document(source_id)
    if document is None:
        return
    st.caption(translate_as_text("source_text_caption", lang, file=document["file_name"],
                                 format=document["source_format"], encoding=document["encoding"],
                                 by=document["created_by"],
                                 at=document["created_at"].astimezone(VIETNAM_TIME).strftime("%d/%m/%Y %H:%M")))
    if document["original"] is not None:
        render_original_download(source_id, document, lang)
    st.html(build_highlighted_html(document["text"], evidence_spans(document["text"], obs)))


def render_original_download(source_id: str, document: dict, lang: str) -> None:
    """The uploaded file byte for byte, under its own name: the editor's file, not a table this app wrote (a reporting
    form's cells were checked for formulas before it was published, indicators.intake.reporting_form)."""
    st.download_button(translate("download_original", lang), document["original"], file_name=document["file_name"],
                       mime=ORIGINAL_MIMES.get(document["source_format"], "application/octet-stream"),
                       key=f"original_{source_id}", icon=":material/download:")
