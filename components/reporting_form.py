"""The reporting form on /ingest: the empty form of a chosen structure and province to download (no sign-in
needed); filled forms read, shown (problems or rows), published."""

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from briefing.i18n import translate
from briefing.pages import PROVINCE, SOURCES, PageSpec
from components import cached
from components.state import escape_markdown, shared_params, translate_as_text
from indicators.domain.codes import ADMIN_VERSIONS, DEFAULT_ADMIN_VERSION
from indicators.domain.errors import TableError
from indicators.domain.tables import Dataset
from indicators.intake.reporting_form import (
    AWARD_LEVEL_CHOICES,
    QUALIFIER_CHOICES,
    XLSX_MIME,
    FormError,
    FormReading,
    build_template,
    earlier_forms,
    figure_text,
    province_choices,
    publish_form,
    read_filled_form,
    template_file_name,
    withdrawn_figures,
)
from indicators.store.accounts import User
from indicators.store.database import StoreUnavailable

READINGS_KEY = "form_readings"
PUBLISHED_KEY = "form_published"
MESSAGE_DEFAULTS = {"name": "", "size_mb": "?", "limit_mb": 5, "count": 0, "reason": ""}


def render_template_download(lang: str) -> None:
    """'Tải mẫu báo cáo (XLSX)': the empty form of the current catalogue in the structure and for the province
    chosen (vn34: one province's, its communes listed; vn63: for the years before July 2025), built when clicked."""
    version_column, province_column = st.columns([1, 2])
    version = version_column.radio(translate("form_version_label", lang), ADMIN_VERSIONS[::-1], key="form_version",
                                   format_func=lambda v: translate(f"form_version_{v}", lang))
    provinces = province_choices(cached.get_crosswalk(), version)
    options = list(provinces) if version == "vn34" else ["", *provinces]
    anyone = translate("form_any_province", lang)
    province = province_column.selectbox(translate("form_province_label", lang), options,
                                         key=f"form_province_{version}",
                                         format_func=lambda code: provinces.get(code) or anyone)
    build = partial(build_template, cached.get_catalogue(), cached.get_crosswalk(), admin_version=version,
                    province_code=province)
    st.download_button(translate("form_download", lang), data=build, file_name=template_file_name(version, province),
                       mime=XLSX_MIME, on_click="ignore", key="form_template", icon=":material/download:")
    st.caption(translate(f"form_download_hint_{version}", lang))


def render_form_upload(engine: Engine, user: User, lang: str) -> None:
    """Filled forms (.xlsx): each one's problems, or the figures read and the Publish button."""
    uploads = st.file_uploader(translate("form_upload_label", lang), type=["xlsx"], accept_multiple_files=True,
                               key="form_files")
    for upload in uploads or []:
        render_form_reading(upload, engine, user, lang)


def load_form_reading(upload, user: User) -> FormReading | FormError:
    """Read a filled form once per upload (kept in the session), never raising on a bad form."""
    readings = st.session_state.setdefault(READINGS_KEY, {})
    if upload.file_id not in readings:
        try:
            readings[upload.file_id] = read_filled_form(upload.name, upload.getvalue(), cached.get_catalogue(),
                                                        accessed=date.today(), uploaded_by=user.username)
        except FormError as error:
            readings[upload.file_id] = error
    return readings[upload.file_id]


def render_form_reading(upload, engine: Engine, user: User, lang: str) -> None:
    """One uploaded form, in a bordered box."""
    reading = load_form_reading(upload, user)
    with st.container(border=True, key=f"form_{upload.file_id}"):
        st.subheader(f":material/table_view: {escape_markdown(upload.name)}")
        if isinstance(reading, FormError):
            render_form_problems(reading, lang)
            return
        header = reading.header
        st.caption(translate("form_read_meta", lang, province=escape_markdown(header.province_name),
                             body=escape_markdown(header.reporting_body), date=f"{header.report_date:%d/%m/%Y}",
                             count=len(reading.rows)))
        render_earlier_publications(reading, lang)
        st.dataframe(build_rows_table(reading, lang), hide_index=True, width="stretch")
        render_form_publish(reading, upload.file_id, engine, user, lang)


def render_earlier_publications(reading: FormReading, lang: str) -> None:
    """This very file published already, or other forms of the province for the same windows (this one replaces
    their figures: new versions, and the figures it leaves out withdrawn, all kept in the history)."""
    dataset = published_for(reading)
    if reading.source_id in set(dataset.sources["source_id"]):
        st.warning(translate("already_same_file", lang, source_id=reading.source_id))
    if earlier := earlier_forms(dataset, reading):
        st.info(translate("form_earlier_forms", lang, province=escape_markdown(reading.header.province_name),
                          sources=", ".join(earlier), withdrawn=len(withdrawn_figures(dataset, reading))))


def published_for(reading: FormReading) -> Dataset:
    """The published catalogue and the current figures of the form's province and structure: what the earlier forms
    it replaces are found among (indicators/intake/reporting_form/publication.py)."""
    catalogue, store = cached.get_catalogue(), cached.get_view_inputs().store
    place = {"admin_versions": [reading.header.admin_version], "provinces": [reading.header.province_code]}
    return Dataset(catalogue.sources, catalogue.indicators, catalogue.subtypes, store.observations(**place),
                   store.models(**place))


def render_form_problems(error: FormError, lang: str) -> None:
    """Why the form is refused; for a form with bad cells, one line per cell (sheet, row, column, value, what to do)."""
    values = MESSAGE_DEFAULTS | {key: value for key, value in error.detail.items() if key != "problems"}
    st.error(translate_as_text(f"form_error_{error.code}", lang, **values))
    if error.detail.get("problems"):
        st.dataframe(build_problems_table(error, lang), hide_index=True, width="stretch")


def build_problems_table(error: FormError, lang: str) -> pd.DataFrame:
    """The problems of a refused form as a table with translated headings."""
    rows = [[p.sheet, p.row, f"{p.column_letter} · {p.column_title}", p.value, p.message]
            for p in error.detail.get("problems", [])]
    headings = [translate(f"form_col_{key}", lang) for key in ("sheet", "row", "column", "cell_value", "message")]
    return pd.DataFrame(rows, columns=headings)


def build_rows_table(reading: FormReading, lang: str) -> pd.DataFrame:
    """The figures read from the form, as they will be published, with the evidence each is quoted by."""
    rows = [[row.row, f"{row.commune_name} – {row.title}" if row.commune_name else row.title,
             figure_text(row.value, row.unit, row.qualifier), QUALIFIER_CHOICES[row.qualifier],
             f"{row.period_start:%d/%m/%Y}", f"{row.period_end:%d/%m/%Y}", row.phase,
             AWARD_LEVEL_CHOICES.get(row.award_level, ""), evidence]
            for row, evidence in zip(reading.rows, reading.publication["observations"]["evidence"], strict=True)]
    keys = ("row", "indicator", "value", "qualifier", "period_start", "period_end", "phase", "award_level",
            "evidence")
    return pd.DataFrame(rows, columns=[translate(f"form_col_{key}", lang) for key in keys])


def render_form_publish(reading: FormReading, file_id: str, engine: Engine, user: User, lang: str) -> None:
    """A note and the Publish button: all or nothing; then links to the province and the source."""
    note = st.text_input(translate("publish_note", lang), key=f"form_note_{file_id}",
                         value=translate("form_note_default", lang, name=reading.name))
    label = translate_as_text("form_publish_button", lang, count=len(reading.rows),
                              province=reading.header.province_name)
    if st.button(label, key=f"form_publish_{file_id}", type="primary"):
        try:
            counts = publish_form(engine, user, reading, note)
        except PermissionError:
            st.error(translate("publish_forbidden", lang))
            return
        except StoreUnavailable as error:  # busy or read-only: said in words, the database's own words are logged
            st.error(translate(f"{error.kind}_{error.code}", lang))
            return
        except TableError as error:
            st.error(translate_as_text("publish_failed", lang, reason=str(error)))
            return
        cached.refresh_after_publish()
        st.session_state.setdefault(PUBLISHED_KEY, {})[file_id] = counts["observations"]
    if counts := st.session_state.get(PUBLISHED_KEY, {}).get(file_id):
        render_form_published(reading, counts, lang)


def render_form_published(reading: FormReading, counts: dict[str, int], lang: str) -> None:
    """What was written, with links to the province's page and to the source (the form's kept text)."""
    st.success(translate("form_published", lang, count=len(reading.rows),
                         province=escape_markdown(reading.header.province_name), source_id=reading.source_id, **counts))
    province_column, source_column = st.columns(2)
    page, params = province_link(reading)
    province_column.page_link(page.file, label=escape_markdown(reading.header.province_name),
                              icon=":material/location_city:", query_params={**params, **shared_params()})
    source_column.page_link(SOURCES.file, label=translate("open_source", lang), icon=":material/menu_book:",
                            query_params={"source": reading.source_id, **shared_params()})


def province_link(reading: FormReading) -> tuple[PageSpec, dict[str, str]]:
    """The province's page in the form's structure (vn34: its commune map)."""
    header = reading.header
    if header.admin_version == DEFAULT_ADMIN_VERSION:
        return PROVINCE, {"province": header.province_code}
    return PROVINCE, {"province": header.province_code, "version": header.admin_version}
