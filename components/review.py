"""The review of one uploaded report: reading outcome, highlighted text beside the candidate table, places, figures
added by hand, publish."""

import html
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from briefing.i18n import translate
from briefing.pages import PROVINCE, SOURCES
from components import cached
from components.manual_entry import place_label, render_manual_entry, subtype_labels
from components.refusals import describe_error
from components.state import escape_markdown, shared_params, translate_as_text
from indicators.domain.errors import TableError
from indicators.domain.names import match_keys
from indicators.intake.extraction.readers import ENCODING_LABELS, ReportText
from indicators.intake.extraction.scopes import admin_version_of
from indicators.intake.ingest import (
    KEEP_THRESHOLD,
    IngestError,
    PlaceOption,
    build_publication,
    build_source_row,
    choice_columns,
    choose_place,
    default_title,
    find_existing_sources,
    place_option,
    publish_report,
    region_option,
    report_body,
)
from indicators.intake.upload_review import Review, build_review
from indicators.store.accounts import User
from indicators.store.database import StoreUnavailable

REVIEWS_KEY = "ingest_reviews"
PUBLISHED_KEY = "ingest_published"
EDITED_COLUMNS = ["keep", "value", "denominator", "unit", "qualifier", "subtype", "place", "place_name",
                  "organisation", "org_type", "period_start", "period_end", "period_basis", "phase", "award_type",
                  "awarding_body", "award_level", "part_of"]
TEXT_COLUMNS = [c for c in EDITED_COLUMNS if c not in ("keep", "value", "denominator", "period_start", "period_end")]
SHOWN_COLUMNS = ["keep", "candidate_id", "evidence", "value", "qualifier", "subtype", "unit", "place", "denominator",
                 "place_name", "organisation", "org_type", "period_start", "period_end", "period_basis", "phase",
                 "award_type", "awarding_body", "award_level", "part_of", "manual", "confidence"]
TEXT_BOX_STYLE = ("max-height: 32rem; overflow-y: auto; white-space: pre-wrap; border: 1px solid #d0d7de; "
                  "border-radius: 0.5rem; padding: 0.8rem; background: #fff; line-height: 1.6; font-size: 0.95rem")
MARK_STYLE = {True: "background: #ffe066; padding: 0 2px", False: "background: #e9ecef; color: #6c757d"}


def load_review(upload) -> Review:
    """Read and extract an uploaded file once per upload (kept in the session), never raising on bad input."""
    reviews = st.session_state.setdefault(REVIEWS_KEY, {})
    if upload.file_id not in reviews:
        reviews[upload.file_id] = build_review(upload.name, upload.getvalue(), cached.get_gazetteer())
    return reviews[upload.file_id]


def render_report_review(upload, engine: Engine, user: User, lang: str) -> None:
    """Everything about one uploaded file, in a bordered box."""
    review = load_review(upload)
    with st.container(border=True, key=f"review_{upload.file_id}"):
        st.subheader(f":material/description: {escape_markdown(review.name)}")
        if review.error is not None:
            st.error(describe_error(review.error, lang, review.name))
            return
        render_reading_outcome(review.report, lang)
        if review.rows.empty:
            st.info(translate("no_candidates_manual", lang, name=escape_markdown(review.name)))
        rows = render_place_choosers(review, upload.file_id, lang)
        places = place_choices(review)
        text_column, table_column = st.columns([2, 5])
        with table_column:
            reviewed = render_candidate_table(rows, places, upload.file_id, lang)
        with text_column:
            st.markdown(f"**{translate('source_text', lang)}**")
            st.html(build_highlighted_html(report_body(review.report).text, reviewed))
        render_manual_entry(review, reviewed, places, upload.file_id, lang)
        render_publish(review, reviewed, upload, engine, user, lang)


def render_reading_outcome(report: ReportText, lang: str) -> None:
    """Format, encoding, date; a conversion from a legacy encoding; a report already in the store."""
    body = report_body(report)
    st.caption(translate_as_text("report_meta", lang, format=report.source_format, encoding=report.encoding,
                                 chars=f"{len(body.text):,}".replace(",", "."), date=body.date or "?",
                                 title=report.title or report.name))
    if report.converted_from:
        label = ENCODING_LABELS.get(report.converted_from, report.converted_from)
        st.info(translate("converted_notice", lang, name=escape_markdown(report.name), encoding=label))
    source = build_source_row(report, accessed=date.today())
    existing = find_existing_sources(cached.get_catalogue().sources, source)
    for row in existing.itertuples():
        key = "already_same_file" if row.source_id == source["source_id"] else "already_same_url"
        st.warning(translate(key, lang, source_id=row.source_id, title=escape_markdown(row.title)))


def render_place_choosers(review: Review, file_id: str, lang: str) -> pd.DataFrame:
    """One chooser per place the gazetteer could not settle; the choice applies to every row naming it."""
    rows = review.rows
    open_questions = [q for q in review.questions.values() if q.needs_choice]
    if not open_questions:
        return rows
    st.markdown(f"**{translate('places_title', lang)}**")
    for question in open_questions:
        options = {option.key: option for option in question.options}
        name = escape_markdown(question.name) if question.name else translate("place_unnamed", lang)
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


def place_choices(review: Review) -> dict[str, PlaceOption]:
    """The places a figure of this report may be given to: the gazetteer's options for the places it names, then
    every province of the report's admin version (by its date), then "no code" (a region)."""
    gazetteer = cached.get_gazetteer()
    version = admin_version_of(report_body(review.report).date)
    provinces = sorted((place for place in gazetteer.places if place.admin_version == version
                        and place.level == "province"), key=lambda place: match_keys(place.name)[1])
    options = [option for question in review.questions.values() for option in question.options]
    options += [place_option(gazetteer, place) for place in provinces] + [region_option(version)]
    choices: dict[str, PlaceOption] = {}
    for option in options:
        choices.setdefault(option.key, option)
    return choices


def render_candidate_table(rows: pd.DataFrame, places: dict[str, PlaceOption], file_id: str,
                           lang: str) -> pd.DataFrame:
    """The editable table of candidates; returns the rows with the editor's changes."""
    title = st.empty()  # filled after the table, so the count follows the editor's ticks
    st.caption(translate("keep_threshold_note", lang, threshold=f"{KEEP_THRESHOLD:.1f}".replace(".", ",")))
    shown = rows[SHOWN_COLUMNS].copy()
    shown["denominator"] = pd.to_numeric(shown["denominator"], errors="coerce")
    for column in ("period_start", "period_end"):
        shown[column] = pd.to_datetime(shown[column], errors="coerce").dt.date
    edited = st.data_editor(shown, key=f"candidates_{file_id}", hide_index=True, num_rows="fixed",
                            column_config=candidate_column_config(rows, places, lang),
                            disabled=["candidate_id", "evidence", "manual", "confidence"])
    reviewed = rows.copy()
    for column in EDITED_COLUMNS:
        reviewed[column] = edited[column].where(edited[column].notna(), None)
    reviewed["keep"] = edited["keep"].fillna(False).astype(bool)
    for column in TEXT_COLUMNS:
        reviewed[column] = reviewed[column].fillna("").astype(str)
    title.markdown(f"**{translate('candidates_title', lang, kept=int(reviewed['keep'].sum()), total=len(rows))}**")
    return reviewed


def candidate_column_config(rows: pd.DataFrame, place_options: dict[str, PlaceOption], lang: str) -> dict:
    """Labels and choices of the review table: subtypes under their headline, the report's places, the vocabularies."""
    subtypes = subtype_labels(cached.get_catalogue(), lang)
    places = {key: place_label(option.label, lang) for key, option in place_options.items()}
    vocab = choice_columns()
    column = st.column_config
    award_help = translate("award_columns_help", lang)
    return {
        "keep": column.CheckboxColumn(translate("col_keep", lang), width="small"),
        "candidate_id": column.TextColumn(translate("col_candidate", lang), width="small"),
        "evidence": column.TextColumn(translate("evidence", lang), width="medium"),
        "value": column.NumberColumn(translate("value", lang), min_value=0, format="localized", width="small"),
        "denominator": column.NumberColumn(translate("col_denominator", lang), min_value=0, format="localized"),
        "unit": column.SelectboxColumn(translate("col_unit", lang), options=vocab["unit"], required=True),
        "qualifier": column.SelectboxColumn(translate("qualifier", lang), options=vocab["qualifier"], required=True,
                                            format_func=lambda q: translate(f"qualifier_{q}", lang)),
        "subtype": column.SelectboxColumn(translate("col_subtype", lang), options=list(subtypes), width="large",
                                          format_func=lambda code: subtypes.get(code, code)),
        "place": column.SelectboxColumn(translate("col_place", lang), options=list(places), width="large",
                                        format_func=lambda key: places.get(key, key)),
        "place_name": column.TextColumn(translate("col_place_name", lang)),
        "organisation": column.TextColumn(translate("organisation", lang)),
        "org_type": column.SelectboxColumn(translate("col_org_type", lang), options=vocab["org_type"]),
        "period_start": column.DateColumn(translate("col_period_start", lang), format="DD/MM/YYYY"),
        "period_end": column.DateColumn(translate("col_period_end", lang), format="DD/MM/YYYY"),
        "period_basis": vocabulary_column("col_period_basis", "period_basis", vocab, lang),
        "phase": vocabulary_column("phase", "phase", vocab, lang),
        "award_type": vocabulary_column("col_award_type", "award_type", vocab, lang, help=award_help),
        "awarding_body": column.TextColumn(translate("col_awarding_body", lang), help=award_help),
        "award_level": vocabulary_column("award_level", "award_level", vocab, lang, help=award_help),
        "part_of": column.SelectboxColumn(translate("col_part_of", lang), options=["", *rows["candidate_id"]],
                                          help=translate("part_of_help", lang), width="small"),
        "manual": column.CheckboxColumn(translate("col_manual", lang), width="small"),
        "confidence": column.ProgressColumn(translate("col_confidence", lang), min_value=0, max_value=1,
                                            format="%.2f", width="small"),
    }


def vocabulary_column(title_key: str, vocabulary: str, vocab: dict[str, list[str]], lang: str, help: str = ""):
    """A choice among one code list (indicators/domain/codes.py), each code shown by its label ('' for none)."""
    return st.column_config.SelectboxColumn(translate(title_key, lang), options=vocab[vocabulary], help=help or None,
                                            format_func=lambda code: translate(f"{vocabulary}_{code}", lang)
                                            if code else "")


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


def render_publish(review: Review, reviewed: pd.DataFrame, upload, engine: Engine, user: User, lang: str) -> None:
    """A note and the Publish button; validation and the write are all or nothing, errors say what to fix. The
    uploaded file itself is kept beside its text."""
    file_id = upload.file_id
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
                                            catalogue=cached.get_catalogue().subtypes, uploaded_by=user.username,
                                            title=title, original=upload.getvalue())
            counts = publish_report(engine, user, publication, note)
        except (IngestError, StoreUnavailable) as error:
            st.error(describe_error(error, lang, review.name))
            return
        except PermissionError:
            st.error(translate("publish_forbidden", lang))
            return
        except TableError as error:
            st.error(translate_as_text("publish_failed", lang, reason=str(error)))
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
    st.success(translate("published", lang, **summary | {"title": escape_markdown(summary["title"])}))
    province_names = cached.get_province_frame("vn63").names
    links = st.columns(1 + len(summary["provinces"]))
    links[0].page_link(SOURCES.file, label=translate("open_source", lang), icon=":material/menu_book:",
                       query_params={"source": summary["source_id"], **shared_params()})
    for column, code in zip(links[1:], summary["provinces"], strict=True):
        column.page_link(PROVINCE.file, label=province_names.get(code, code),
                         icon=":material/location_city:", query_params={"province": code, **shared_params()})
