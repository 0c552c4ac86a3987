"""The review of one uploaded report: reading outcome, highlighted text beside the candidate table, places, publish."""

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from briefing.i18n import translate
from briefing.pages import PROVINCE, SOURCES
from components import cached
from components.state import shared_params
from indicators.extraction.readers import ENCODING_LABELS, ReportText, read_report_bytes
from indicators.ingest import (
    KEEP_THRESHOLD,
    REGION,
    IngestError,
    PlaceQuestion,
    build_publication,
    build_source_row,
    candidates_from_report,
    choice_columns,
    choose_place,
    default_title,
    find_existing_sources,
    publish_report,
    report_body,
    resolve_places,
)
from indicators.refusal import Refusal
from indicators.schema import TableError
from indicators.store_db import StoreUnavailable
from indicators.users import User

REVIEWS_KEY = "ingest_reviews"
PUBLISHED_KEY = "ingest_published"
EDITED_COLUMNS = ["keep", "value", "denominator", "unit", "qualifier", "indicator", "place", "place_name",
                  "organisation", "org_type", "period_start", "period_end"]
SHOWN_COLUMNS = ["keep", "candidate_id", "evidence", "value", "qualifier", "indicator", "place", "unit", "denominator",
                 "place_name", "organisation", "org_type", "period_start", "period_end", "confidence"]
MESSAGE_DEFAULTS = {"size_mb": "?", "limit_mb": 5, "label": "?", "rows": ""}
TEXT_BOX_STYLE = ("max-height: 32rem; overflow-y: auto; white-space: pre-wrap; border: 1px solid #d0d7de; "
                  "border-radius: 0.5rem; padding: 0.8rem; background: #fff; line-height: 1.6; font-size: 0.95rem")
MARK_STYLE = {True: "background: #ffe066; padding: 0 2px", False: "background: #e9ecef; color: #6c757d"}


@dataclass
class Review:
    """One uploaded file: its text and candidates, or why it cannot be read."""

    name: str
    report: ReportText | None = None
    rows: pd.DataFrame | None = None
    questions: dict[str, PlaceQuestion] = field(default_factory=dict)
    error: ValueError | None = None


def load_review(upload) -> Review:
    """Read and extract an uploaded file once per upload (kept in the session), never raising on bad input."""
    reviews = st.session_state.setdefault(REVIEWS_KEY, {})
    if upload.file_id not in reviews:
        reviews[upload.file_id] = build_review(upload.name, upload.getvalue())
    return reviews[upload.file_id]


def build_review(name: str, data: bytes) -> Review:
    try:
        report = read_report_bytes(name, data)
        rows = candidates_from_report(report, cached.get_gazetteer())
    except Refusal as error:
        return Review(name, error=error)
    return Review(name, report, rows, resolve_places(rows, cached.get_gazetteer()))


def describe_error(error: Refusal, lang: str, name: str = "") -> str:
    """The translated message of a refusal, by its kind and code; details fill the placeholders."""
    values = MESSAGE_DEFAULTS | {"name": name, "suffix": PurePath(name).suffix} | error.detail
    return translate(f"{error.kind}_{error.code}", lang, **values)


def render_report_review(upload, engine: Engine, user: User, lang: str) -> None:
    """Everything about one uploaded file, in a bordered box."""
    review = load_review(upload)
    with st.container(border=True, key=f"review_{upload.file_id}"):
        st.subheader(f":material/description: {review.name}")
        if review.error is not None:
            st.error(describe_error(review.error, lang, review.name))
            return
        render_reading_outcome(review.report, lang)
        rows = render_place_choosers(review, upload.file_id, lang)
        text_column, table_column = st.columns([2, 5])
        with table_column:
            reviewed = render_candidate_table(rows, review.questions, upload.file_id, lang)
        with text_column:
            st.markdown(f"**{translate('source_text', lang)}**")
            st.html(build_highlighted_html(report_body(review.report).text, reviewed))
        render_publish(review, reviewed, upload.file_id, engine, user, lang)


def render_reading_outcome(report: ReportText, lang: str) -> None:
    """Format, encoding, date; a conversion from a legacy encoding; a report already in the store."""
    body = report_body(report)
    st.caption(translate("report_meta", lang, format=report.source_format, encoding=report.encoding,
                         chars=f"{len(body.text):,}".replace(",", "."), date=body.date or "?",
                         title=report.title or report.name))
    if report.converted_from:
        label = ENCODING_LABELS.get(report.converted_from, report.converted_from)
        st.info(translate("converted_notice", lang, name=report.name, encoding=label))
    source = build_source_row(report, accessed=date.today())
    existing = find_existing_sources(cached.get_dataset().sources, source)
    for row in existing.itertuples():
        key = "already_same_file" if row.source_id == source["source_id"] else "already_same_url"
        st.warning(translate(key, lang, source_id=row.source_id, title=row.title))


def render_place_choosers(review: Review, file_id: str, lang: str) -> pd.DataFrame:
    """One chooser per place the gazetteer could not settle; the choice applies to every row naming it."""
    rows = review.rows
    open_questions = [q for q in review.questions.values() if q.needs_choice]
    if not open_questions:
        return rows
    st.markdown(f"**{translate('places_title', lang)}**")
    for question in open_questions:
        options = {option.key: option for option in question.options}
        name = question.name or translate("place_unnamed", lang)
        label_key = "choose_place_ambiguous" if question.ambiguous else "choose_place_unresolved"
        count = len(question.resolution.candidates) if question.resolution else 0
        ids = ", ".join(rows.loc[rows["place_key"] == question.place_key, "candidate_id"])
        chosen = st.selectbox(translate(label_key, lang, name=name, count=count, rows=ids), list(options),
                              index=None, format_func=lambda key, o=options: place_label(o[key].label, lang),
                              placeholder=translate("choose_place_placeholder", lang),
                              key=f"place_{file_id}_{question.place_key}")
        if chosen:
            rows = choose_place(rows, question.place_key, chosen, review.questions)
    return rows


def place_label(label: str, lang: str) -> str:
    return translate("place_region", lang) if label == REGION else label


def render_candidate_table(rows: pd.DataFrame, questions: dict[str, PlaceQuestion], file_id: str,
                           lang: str) -> pd.DataFrame:
    """The editable table of candidates; returns the rows with the editor's changes."""
    title = st.empty()  # filled after the table, so the count follows the editor's ticks
    st.caption(translate("keep_threshold_note", lang, threshold=f"{KEEP_THRESHOLD:.1f}".replace(".", ",")))
    shown = rows[SHOWN_COLUMNS].copy()
    shown["denominator"] = pd.to_numeric(shown["denominator"], errors="coerce")
    for column in ("period_start", "period_end"):
        shown[column] = pd.to_datetime(shown[column], errors="coerce").dt.date
    edited = st.data_editor(shown, key=f"candidates_{file_id}", hide_index=True, num_rows="fixed",
                            column_config=candidate_column_config(questions, lang),
                            disabled=["candidate_id", "evidence", "confidence"])
    reviewed = rows.copy()
    for column in EDITED_COLUMNS:
        reviewed[column] = edited[column].where(edited[column].notna(), None)
    reviewed["keep"] = edited["keep"].fillna(False).astype(bool)
    for column in ("place", "place_name", "organisation", "org_type", "indicator", "unit", "qualifier"):
        reviewed[column] = reviewed[column].fillna("").astype(str)
    title.markdown(f"**{translate('candidates_title', lang, kept=int(reviewed['keep'].sum()), total=len(rows))}**")
    return reviewed


def candidate_column_config(questions: dict[str, PlaceQuestion], lang: str) -> dict:
    """Labels and choices of the review table: catalogue indicators, the report's places, the vocabularies."""
    catalogue = cached.get_dataset().indicators
    titles = dict(zip(catalogue["indicator"], catalogue["title_vi" if lang == "vi" else "title_en"], strict=True))
    places = {option.key: place_label(option.label, lang) for question in questions.values()
              for option in question.options}
    vocab = choice_columns()
    column = st.column_config
    return {
        "keep": column.CheckboxColumn(translate("col_keep", lang), width="small"),
        "candidate_id": column.TextColumn(translate("col_candidate", lang), width="small"),
        "evidence": column.TextColumn(translate("evidence", lang), width="medium"),
        "value": column.NumberColumn(translate("value", lang), min_value=0, format="localized", width="small"),
        "denominator": column.NumberColumn(translate("col_denominator", lang), min_value=0, format="localized"),
        "unit": column.SelectboxColumn(translate("col_unit", lang), options=vocab["unit"], required=True),
        "qualifier": column.SelectboxColumn(translate("qualifier", lang), options=vocab["qualifier"], required=True,
                                            format_func=lambda q: translate(f"qualifier_{q}", lang)),
        "indicator": column.SelectboxColumn(translate("indicator", lang), options=list(titles), width="large",
                                            format_func=lambda i: titles.get(i, i)),
        "place": column.SelectboxColumn(translate("col_place", lang), options=list(places), width="large",
                                        format_func=lambda key: places.get(key, key)),
        "place_name": column.TextColumn(translate("col_place_name", lang)),
        "organisation": column.TextColumn(translate("organisation", lang)),
        "org_type": column.SelectboxColumn(translate("col_org_type", lang), options=vocab["org_type"]),
        "period_start": column.DateColumn(translate("col_period_start", lang), format="DD/MM/YYYY"),
        "period_end": column.DateColumn(translate("col_period_end", lang), format="DD/MM/YYYY"),
        "confidence": column.ProgressColumn(translate("col_confidence", lang), min_value=0, max_value=1,
                                            format="%.2f", width="small"),
    }


def build_highlighted_html(text: str, reviewed: pd.DataFrame) -> str:
    """The report text, escaped, with each candidate's evidence marked (kept: yellow, rejected: grey) and its id."""
    spans = sorted(zip(reviewed["evidence_start"], reviewed["evidence_end"], reviewed["candidate_id"],
                       reviewed["keep"], strict=True))
    parts, cursor = [], 0
    for start, end, candidate_id, keep in spans:
        if start < cursor:  # the same words as the previous candidate (a range, a repeated number)
            parts.append(f"<sup>{html.escape(candidate_id)}</sup>")
            continue
        parts.append(html.escape(text[cursor:start]))
        parts.append(f'<mark style="{MARK_STYLE[bool(keep)]}" title="{html.escape(candidate_id)}">'
                     f"{html.escape(text[start:end])}</mark><sup>{html.escape(candidate_id)}</sup>")
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return f'<div class="report-text" style="{TEXT_BOX_STYLE}">{"".join(parts)}</div>'


def render_publish(review: Review, reviewed: pd.DataFrame, file_id: str, engine: Engine, user: User,
                   lang: str) -> None:
    """A note and the Publish button; validation and the write are all or nothing, errors say what to fix."""
    title_column, note_column = st.columns(2)
    title = title_column.text_input(translate("source_title", lang), value=default_title(review.report),
                                    key=f"title_{file_id}")
    note = note_column.text_input(translate("publish_note", lang), key=f"note_{file_id}",
                                  value=translate("publish_note_default", lang, name=review.name))
    count = int(reviewed["keep"].sum())
    if st.button(translate("publish_button", lang, count=count), key=f"publish_{file_id}", type="primary",
                 disabled=count == 0):
        try:
            publication = build_publication(review.report, reviewed, accessed=date.today(),
                                            catalogue=cached.get_dataset().indicators, uploaded_by=user.username,
                                            title=title)
            counts = publish_report(engine, user, publication, note)
        except (IngestError, StoreUnavailable) as error:
            st.error(describe_error(error, lang, review.name))
            return
        except PermissionError:
            st.error(translate("publish_forbidden", lang))
            return
        except TableError as error:
            st.error(translate("publish_failed", lang, reason=str(error)))
            return
        cached.refresh_after_publish()
        st.session_state.setdefault(PUBLISHED_KEY, {})[file_id] = summarise(publication, counts)
    if summary := st.session_state.get(PUBLISHED_KEY, {}).get(file_id):
        render_published(summary, lang)


def summarise(publication: dict[str, pd.DataFrame], counts: dict[str, dict[str, int]]) -> dict:
    obs = publication["observations"]
    vn63 = obs[obs["admin_version"] == "vn63"]
    return {"source_id": publication["sources"].at[0, "source_id"], "title": publication["sources"].at[0, "title"],
            "count": len(obs), **counts["observations"],
            "provinces": sorted(set(vn63["province_code"]) - {""})}


def render_published(summary: dict, lang: str) -> None:
    """What was written, with links to the source and to the provinces it is about."""
    st.success(translate("published", lang, **summary))
    province_names = cached.get_province_frame("vn63").names
    links = st.columns(1 + len(summary["provinces"]))
    links[0].page_link(SOURCES.file, label=translate("open_source", lang), icon=":material/menu_book:",
                       query_params={"source": summary["source_id"], **shared_params()})
    for column, code in zip(links[1:], summary["provinces"], strict=True):
        column.page_link(PROVINCE.file, label=province_names.get(code, code),
                         icon=":material/location_city:", query_params={"province": code, **shared_params()})
