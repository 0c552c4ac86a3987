"""Page furniture shared by every screen: sidebar footer, presentation mode style, page header."""

import streamlit as st

from components.cached import get_dataset
from components.i18n import translate

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
.block-container {padding-top: 0.6rem; max-width: 100%;}
html, body, [data-testid="stMarkdownContainer"] p {font-size: 1.25rem;}
[data-testid="stMetricValue"] {font-size: 3rem;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem;}
.viewcontrols {display: none;}
</style>
"""

BASE_CSS = """
<style>
[data-testid="stMetricValue"] {font-size: 2.1rem; white-space: normal;}
[data-testid="stMetric"] {background: #f6f8fb; border-radius: 0.5rem; padding: 0.6rem 0.9rem;}
@media print {
  [data-testid="stSidebar"], header[data-testid="stHeader"], [data-testid="stToolbar"],
  .st-key-export_bar {display: none;}
  @page {size: A4 landscape; margin: 10mm;}
}
</style>
"""


def apply_base_style() -> None:
    st.html(BASE_CSS)


def apply_presentation_style() -> None:
    """Projector layout: no sidebar or header, large type."""
    st.html(PRESENTATION_CSS)


def render_sidebar_footer(lang: str) -> None:
    """Presentation switch, data date and the boundary credit."""
    st.toggle(translate("present_mode", lang), key="present", bind="query-params")
    sources = get_dataset().sources
    latest = max((d for d in sources["date_published"] if d), default="")
    st.caption(translate("data_date", lang, date=latest or "–"))
    st.caption(translate("what_counts", lang))


def render_page_header(title: str, lang: str, caption: str = "") -> None:
    st.title(title)
    if caption:
        st.caption(caption)
