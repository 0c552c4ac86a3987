"""Entry point: page config, navigation over app_pages/, the shared sidebar, then the chosen page."""

import streamlit as st

from components.i18n import LANGUAGES, translate
from components.layout import apply_base_style, apply_presentation_style, render_sidebar_footer
from components.state import current_lang, presentation_mode, select_param, shared_params

st.set_page_config(page_title="Học và làm theo Bác – số liệu các tỉnh", page_icon="🇻🇳", layout="wide")

PAGES = [
    ("app_pages/overview.py", "page_overview", "", ":material/map:"),
    ("app_pages/compare.py", "page_compare", "compare", ":material/compare_arrows:"),
    ("app_pages/province.py", "page_province", "province", ":material/location_city:"),
    ("app_pages/trends.py", "page_trends", "trends", ":material/timeline:"),
    ("app_pages/models.py", "page_models", "models", ":material/lightbulb:"),
    ("app_pages/sources.py", "page_sources", "sources", ":material/menu_book:"),
    ("app_pages/ingest.py", "page_ingest", "ingest", ":material/upload_file:"),
]

lang = current_lang()
pages = [
    st.Page(path, title=translate(title, lang), url_path=url or None, default=not url, icon=icon)
    for path, title, url, icon in PAGES
]
page = st.navigation(pages, position="hidden")

with st.sidebar:
    st.markdown(f"### {translate('app_title', lang)}")
    for nav_page in pages:
        st.page_link(nav_page, query_params=shared_params())
    st.divider()
    select_param("lang", translate("language", lang), list(LANGUAGES), "vi", LANGUAGES.__getitem__)
    render_sidebar_footer(lang)

apply_base_style()
if presentation_mode():
    apply_presentation_style()
page.run()
