"""Entry point. `streamlit run app.py` finds `app` below and serves it (components/server.py: chart pages that load
the chart code at once, the default overview built at start); Streamlit then runs this file for every visit as the
page script, where `__name__` is "__main__": page config, navigation over the page registry, the shared sidebar.
"""

import streamlit as st


def run_dashboard() -> None:
    # Imported here, in the script run: imported with the server module, the caches' decorators would run before
    # Streamlit's runtime exists (and warn that they fall back to a memory store they then do not use).
    from briefing.i18n import translate
    from briefing.pages import PAGES
    from components.cached import refresh_if_published_elsewhere
    from components.layout import apply_base_style, apply_presentation_style, render_sidebar_footer
    from components.state import current_lang, presentation_mode, render_language_picker, shared_params

    st.set_page_config(page_title="Học và làm theo Bác – số liệu các tỉnh", page_icon="🇻🇳", layout="wide")
    refresh_if_published_elsewhere()  # another replica's publish shows here within DATA_VERSION_CHECK_S
    lang = current_lang()
    pages = [st.Page(spec.file, title=translate(spec.title_key, lang), url_path=spec.url_path or None,
                     default=not spec.url_path, icon=spec.icon) for spec in PAGES]
    page = st.navigation(pages, position="hidden")

    with st.sidebar:
        st.markdown(f"### {translate('app_title', lang)}")
        for nav_page in pages:
            st.page_link(nav_page, query_params=shared_params())
        st.divider()
        render_language_picker(lang)
        render_sidebar_footer(lang)

    apply_base_style()
    if presentation_mode():
        apply_presentation_style()
    page.run()


if __name__ == "__main__":
    run_dashboard()
else:
    from starlette.middleware import Middleware
    from streamlit.config import get_option

    from components.server import UploadGuard, chart_page_routes, warm_caches

    app = st.App(__file__, routes=chart_page_routes(get_option("server.baseUrlPath")), lifespan=warm_caches,
                 middleware=[Middleware(UploadGuard)])
