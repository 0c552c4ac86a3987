"""Manual entry on the review: a figure the extractor missed, typed by the editor and quoted verbatim from the text."""

from datetime import date

import pandas as pd
import streamlit as st

from briefing.i18n import translate
from components import cached
from components.refusals import describe_error
from indicators.intake.ingest import REGION, IngestError, PlaceOption, add_manual_entry, choice_columns, report_body
from indicators.intake.upload_review import Review
from indicators.store.reads import Catalogue

EARLIEST_DATE = date(2000, 1, 1)  # the campaign began in 2006; a date widget's default floor is ten years ago
ADDED_KEY = "ingest_manual_added"


def subtype_labels(catalogue: Catalogue, lang: str) -> dict[str, str]:
    """Subtype code → 'Headline › subtype' in the catalogue's order, so a choice reads under its headline indicator."""
    title = "title_vi" if lang == "vi" else "title_en"
    headlines = catalogue.indicators.set_index("indicator")[title]
    order = {indicator: position for position, indicator in enumerate(headlines.index)}
    rows = catalogue.subtypes.assign(order=catalogue.subtypes["indicator"].map(order)).sort_values("order",
                                                                                                    kind="stable")
    return {row.subtype: f"{headlines[row.indicator]} › {getattr(row, title)}" for row in rows.itertuples()}


def place_label(label: str, lang: str) -> str:
    return translate("place_region", lang) if label == REGION else label


def render_manual_entry(review: Review, reviewed: pd.DataFrame, places: dict[str, PlaceOption], file_id: str,
                        lang: str) -> None:
    """A form under the table: on a valid entry the figure joins the table (ticked, marked 'by hand') with the
    editor's other changes kept; a refused one says why in words and adds nothing."""
    if added := st.session_state.get(ADDED_KEY, {}).pop(file_id, None):
        st.success(translate("manual_added", lang, candidate_id=added))
    with st.expander(translate("manual_title", lang), expanded=reviewed.empty, icon=":material/edit_note:"):
        st.caption(translate("manual_intro", lang))
        with st.form(f"manual_{file_id}"):
            entry = render_manual_fields(places, file_id, lang)
            submitted = st.form_submit_button(translate("manual_add", lang), key=f"manual_add_{file_id}")
    if not submitted:
        return
    if problem := missing_field(entry):
        st.error(translate(problem, lang))
        return
    try:
        rows = add_manual_entry(reviewed, report_body(review.report).text, complete_entry(entry, places))
    except IngestError as error:
        st.error(describe_error(error, lang, review.name))
        return
    review.rows = rows  # the table's base now holds the editor's changes and the new row
    st.session_state.pop(f"candidates_{file_id}", None)
    st.session_state.setdefault(ADDED_KEY, {})[file_id] = rows["candidate_id"].iloc[-1]
    st.rerun()


def render_manual_fields(places: dict[str, PlaceOption], file_id: str, lang: str) -> dict:
    """The form's fields, in the order an editor reads a figure: how much, of what, where, when, quoted by which
    words. Unit left empty = the indicator's own unit."""
    vocab = choice_columns()
    subtypes = subtype_labels(cached.get_catalogue(), lang)
    choose = translate("manual_choose", lang)
    value_column, qualifier_column, unit_column = st.columns(3)
    entry = {
        "value": value_column.number_input(translate("value", lang), min_value=0.0, value=None, step=1.0,
                                           format="%g", key=f"manual_value_{file_id}"),
        "qualifier": qualifier_column.selectbox(translate("qualifier", lang), vocab["qualifier"],
                                                format_func=lambda q: translate(f"qualifier_{q}", lang),
                                                key=f"manual_qualifier_{file_id}"),
        "unit": unit_column.selectbox(translate("col_unit", lang), vocab["unit"], index=None, placeholder=choose,
                                      key=f"manual_unit_{file_id}"),
        "subtype": st.selectbox(translate("col_subtype", lang), list(subtypes), index=None, placeholder=choose,
                                format_func=lambda code: subtypes[code], key=f"manual_subtype_{file_id}"),
    }
    place_column, name_column = st.columns(2)
    entry["place"] = place_column.selectbox(translate("col_place", lang), list(places), index=None,
                                            placeholder=choose, key=f"manual_place_{file_id}",
                                            format_func=lambda key: place_label(places[key].label, lang))
    entry["place_name"] = name_column.text_input(translate("col_place_name", lang), key=f"manual_name_{file_id}")
    scope_column, org_type_column = st.columns(2)
    entry["organisation"] = scope_column.text_input(translate("manual_scope", lang), key=f"manual_org_{file_id}")
    entry["org_type"] = org_type_column.selectbox(translate("col_org_type", lang), vocab["org_type"],
                                                  key=f"manual_org_type_{file_id}")
    entry |= render_period_fields(vocab, file_id, lang)
    entry["evidence"] = st.text_input(translate("manual_evidence", lang), key=f"manual_evidence_{file_id}")
    return entry


def render_period_fields(vocab: dict[str, list[str]], file_id: str, lang: str) -> dict:
    """From, to, and how the window is known (stated by default: the editor reads it in the text)."""
    start_column, end_column, basis_column = st.columns(3)
    dates = {"min_value": EARLIEST_DATE, "max_value": date.today(), "value": None, "format": "DD/MM/YYYY"}
    return {
        "period_start": start_column.date_input(translate("col_period_start", lang), key=f"manual_from_{file_id}",
                                                **dates),
        "period_end": end_column.date_input(translate("col_period_end", lang), key=f"manual_to_{file_id}", **dates),
        "period_basis": basis_column.selectbox(translate("col_period_basis", lang), vocab["period_basis"][1:],
                                               format_func=lambda code: translate(f"period_basis_{code}", lang),
                                               key=f"manual_basis_{file_id}"),
    }


def missing_field(entry: dict) -> str:
    """The message key of the first required field left empty ('' when none is)."""
    for field_name, key in (("value", "manual_value_missing"), ("subtype", "manual_subtype_missing"),
                            ("place", "manual_place_missing")):
        if entry[field_name] is None:
            return key
    return ""


def complete_entry(entry: dict, places: dict[str, PlaceOption]) -> dict:
    """Defaults an editor need not type: the indicator's unit, the chosen place's name, no window without an end."""
    units = cached.get_catalogue().subtypes.set_index("subtype")["unit"]
    completed = entry | {"unit": entry["unit"] or units[entry["subtype"]],
                         "place_name": entry["place_name"].strip() or places[entry["place"]].name,
                         "organisation": entry["organisation"].strip()}
    if completed["period_end"] is None:
        completed |= {"period_start": "", "period_end": "", "period_basis": ""}
    if completed["period_start"] is None:
        completed["period_start"] = ""
    return completed
