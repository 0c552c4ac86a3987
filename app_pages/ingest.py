"""Nhập báo cáo: signed-in editors upload reports, review what the extractor read, resolve places and publish."""

import streamlit as st

from briefing.i18n import translate
from components import cached
from components.auth import current_user, may_publish, render_account_bar, render_sign_in
from components.reporting_form import render_form_upload, render_template_download
from components.review import render_report_review
from components.state import current_lang
from indicators.intake.extraction.readers import MAX_UPLOAD_BYTES, SUPPORTED_SUFFIXES

lang = current_lang()
engine = cached.get_store()
st.title(translate("page_ingest", lang))

# 1. Who: reading needs no account, writing does; anonymous visitors see the sign-in form and the empty reporting
#    form (a province office needs it before it has an account).
user = current_user()
if user is None:
    render_sign_in(engine, lang)
    st.header(translate("form_title", lang))
    render_template_download(lang)
    st.stop()
render_account_bar(user, lang)
if not may_publish(user):
    st.stop()

# 2. Reports as text: upload one or more.
st.header(translate("ingest_reports_title", lang))
st.caption(translate("ingest_intro", lang, limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024)))
uploads = st.file_uploader(translate("upload_label", lang), type=[suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES],
                           accept_multiple_files=True, key="ingest_files")

# 3. Each report: how it was read, the candidates beside the marked text, places to choose, figures added by hand,
#    publish.
for upload in uploads or []:
    render_report_review(upload, engine, user, lang)

# 4. Or a province's filled reporting form: the empty form to send out, then filled forms checked and published.
st.divider()
st.header(translate("form_title", lang))
st.caption(translate("form_intro", lang))
render_template_download(lang)
render_form_upload(engine, user, lang)
