"""Page furniture shared by every screen: sidebar footer, presentation mode and print styles, page header.

Presentation mode (`?present=true`) and the browser's print both lay the overview out as one screen or one A4
landscape page: the map on the left, the KPI cards and the ranking on the right, the rest below. Streamlit keeps the
map row's two columns in one block; `display: contents` lets them join a grid with the KPI block. The selectors use
Streamlit's `data-testid`s and the `st-key-*` classes of keyed elements; tests/e2e/test_presentation_and_exports.py
measures the result at projector sizes and counts the printed pages.
"""

import streamlit as st

from briefing.i18n import translate
from components.cached import get_dataset
from components.state import current_lang, leave_presentation, render_presentation_toggle

MAIN_BLOCK = '[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"]'
WRAPPER = "[data-testid='stLayoutWrapper']"
OVERVIEW = f"{MAIN_BLOCK}:has(.st-key-overview_map)"
MAP_ROW = f"{OVERVIEW} > {WRAPPER}:has(.st-key-overview_map)"
MAP_ROW_COLUMNS = f"{MAP_ROW} > .stHorizontalBlock > .stColumn"
KPI_BLOCK = f"{OVERVIEW} > :has(.stMetric):not(:has(.st-key-overview_map))"
KPI_CARDS = f"{OVERVIEW} .stHorizontalBlock:has(> .stColumn .stMetric)"
EXPORT_BAR = f"{WRAPPER}:has(> .st-key-export_bar)"
PRINT_FOOTER = f"{WRAPPER}:has(> .st-key-print_footer)"
# View controls: the element wrappers of choice, text and on/off widgets, and the rows that hold nothing else.
CONTROLS = ", ".join(f'[data-testid="stMain"] .stElementContainer:has(> .{name})' for name in (
    "stSelectbox", "stRadio", "stMultiSelect", "stTextInput", "stCheckbox", "stDownloadButton", "stPopover"))
CONTROL_ROWS = (f"{MAIN_BLOCK} > {WRAPPER}:has(.stSelectbox, .stRadio, .stMultiSelect, .stTextInput)"
                ":not(:has(.stPlotlyChart, .stMetric, .stDataFrame, .stMarkdown, .stAlert))")
METRIC_HELP = '[data-testid="stMetricLabel"] [data-testid="stTooltipIcon"]'
# The st.html elements that only carry a script (they would add an empty row and its gap).
SCRIPT_ONLY = '[data-testid="stMain"] .stElementContainer:has(> .stHtml > script:only-child)'
CHROME = ('[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], '
          '[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"], [data-testid="stToolbar"], '
          '[data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stElementToolbar"], '
          '.modebar-container')
# A4 landscape less the 8 mm margins of @page, in CSS pixels, and the print grid's column gap (PRINT_JS uses them).
PRINT_PAGE_WIDTH, PRINT_PAGE_HEIGHT, PRINT_GAP = 1062, 733, 20


def overview_grid_css(gap: str) -> str:
    """Map left over two rows; KPI cards top right, the ranking level with the map column's foot; the rest below."""
    return f"""
{OVERVIEW} {{display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); column-gap: {gap};
  row-gap: 0.6rem; align-items: start;}}
{OVERVIEW} > * {{grid-column: 1 / -1; order: 0;}}
{MAP_ROW}, {MAP_ROW} > .stHorizontalBlock {{display: contents !important;}}
{MAP_ROW_COLUMNS} {{width: auto !important; min-width: 0;}}
{MAP_ROW_COLUMNS}:first-child {{grid-column: 1; grid-row: span 2; order: 1;}}
{KPI_BLOCK} {{grid-column: 2; order: 2;}}
{MAP_ROW_COLUMNS}:last-child {{grid-column: 2; order: 3; align-self: end;}}
{MAP_ROW} ~ * {{order: 4;}}
{KPI_CARDS} {{flex-direction: column; gap: 0.5rem;}}
{KPI_CARDS} > .stColumn {{width: 100% !important; flex: 0 0 auto !important;}}
{KPI_CARDS} > .stColumn .stVerticalBlock {{gap: 0;}}
"""


BASE_CSS = f"""
<style>
[data-testid="stMetricValue"] {{font-size: 2.1rem; white-space: normal;}}
.st-key-answer p {{font-size: 1.15rem; line-height: 1.45; color: #08306b; margin: 0.1rem 0 0.3rem;}}
[data-testid="stMetric"] {{background: #f6f8fb; border-radius: 0.5rem; padding: 0.6rem 0.9rem;}}
{PRINT_FOOTER}, {SCRIPT_ONLY} {{display: none;}}
.st-key-print_footer p {{margin: 0; font-size: 9.5px; line-height: 1.3; color: #333;}}
/* A phone (Streamlit stacks columns below 640 px): the indicator, then the big numbers on the first screen, the
   export buttons after them; no chart toolbar, which a touch screen keeps over the chart's title. */
@media (max-width: 640px) {{
  {KPI_BLOCK} {EXPORT_BAR} {{order: 1;}}
  .modebar-container {{display: none !important;}}
}}
@media print {{
  @page {{size: A4 landscape; margin: 8mm;}}
  html, body {{background: white;}}
  {CHROME}, {EXPORT_BAR}, .st-key-present_exit, {CONTROLS}, {CONTROL_ROWS},
  [data-testid="stMain"] .stElementContainer:has(> .stPageLink), {METRIC_HELP} {{display: none !important;}}
  [data-testid="stMainBlockContainer"] {{padding: 0 !important; max-width: none !important;}}
  [data-testid="stMain"], [data-testid="stAppViewContainer"] {{overflow: visible !important;}}
  [data-testid="stMetric"] {{padding: 0.35rem 0.7rem;}}
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] p {{font-size: 1.9rem; font-weight: 700;}}
  {PRINT_FOOTER} {{display: block !important; order: 9 !important; margin-top: 0.5rem;}}
  {overview_grid_css(f"{PRINT_GAP}px")}
  /* One sheet: the click hint and the other-scope table stay on screen (the footer names their sources), and
     the provenance lines sit at the foot of the sheet. */
  {MAP_ROW} .st-key-overview_map + .stElementContainer, .st-key-click_hint, {MAP_ROW} ~ * {{display: none !important;}}
  [data-testid="stMain"] .stElementContainer:has(.js-plotly-plot) {{height: auto !important;
    flex-basis: auto !important;}}
  [data-testid="stMainBlockContainer"]:has(.st-key-overview_map) {{
    padding-bottom: var(--print-footer-room, 8rem) !important;}}
  {OVERVIEW} {PRINT_FOOTER} {{position: fixed; left: 0; right: 0; bottom: 0; margin: 0; padding-top: 0.3rem;
    border-top: 1px solid #bbb; background: white;}}
}}
</style>
"""

# Plotly draws at the size it had on screen. Before printing, the provenance footer is measured at the sheet's width
# and each chart (maps included: SVG geo) redrawn at the size of its place on the sheet; afterwards the screen sizes
# come back.
PRINT_JS = f"""
<script>
if (!window.printLayoutBound) {{
  window.printLayoutBound = true;
  const PAGE_WIDTH = {PRINT_PAGE_WIDTH}, PAGE_HEIGHT = {PRINT_PAGE_HEIGHT}, GAP = {PRINT_GAP};
  const KPI_ROOM = 340, SAFETY = 12, COLUMN_SLACK = 40;
  let printed = [];
  const footerHeight = () => {{
    const footer = document.querySelector(".st-key-print_footer");
    if (!footer) return 0;
    const probe = footer.cloneNode(true);
    probe.style.cssText = `position: absolute; visibility: hidden; left: 0; top: 0; width: ${{PAGE_WIDTH}}px;`;
    document.body.appendChild(probe);
    const height = probe.offsetHeight;
    probe.remove();
    return height + 10;
  }};
  const sheetSize = (gd, width, height, free) => {{
    if (gd.closest(".st-key-overview_map")) return [Math.floor((PAGE_WIDTH - GAP) * 0.6), Math.min(height, free)];
    if (gd.closest(".st-key-overview_ranking")) {{
      return [Math.floor((PAGE_WIDTH - GAP) * 0.4), Math.max(160, Math.min(height, free - KPI_ROOM))];
    }}
    return [Math.min(width, PAGE_WIDTH), height];
  }};
  window.addEventListener("beforeprint", () => {{
    const room = footerHeight() + SAFETY;
    document.documentElement.style.setProperty("--print-footer-room", `${{room}}px`);
    for (const gd of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')) {{
      const layout = gd._fullLayout;
      if (!layout || !window.Plotly) continue;
      const [width, height] = sheetSize(gd, layout.width, layout.height, PAGE_HEIGHT - room - COLUMN_SLACK);
      if (width === layout.width && height === layout.height) continue;
      printed.push([gd, layout.width, layout.height]);
      window.Plotly.relayout(gd, {{width, height}});
    }}
  }});
  window.addEventListener("afterprint", () => {{
    for (const [gd, width, height] of printed) window.Plotly.relayout(gd, {{width, height}});
    printed = [];
  }});
}}
</script>
"""

PRESENTATION_CSS = f"""
<style>
html {{font-size: 17px;}}
@media (min-width: 1600px) and (min-height: 900px) {{ html {{font-size: 20px;}} }}
{CHROME}, {EXPORT_BAR}, {CONTROLS}, {CONTROL_ROWS}, {METRIC_HELP}, .st-key-click_hint {{display: none !important;}}
[data-testid="stMainBlockContainer"] {{padding: 2.2rem 1.5rem 1rem; max-width: 100%;}}
[data-testid="stMetric"] {{padding: 0.4rem 0.9rem 0.5rem;}}
[data-testid="stMetricLabel"] p {{font-size: 1.15rem;}}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p {{font-size: clamp(2.8rem, 4vw, 3.8rem);
  font-weight: 700; line-height: 1.15; color: #08306b;}}
[data-testid="stCaptionContainer"] {{font-size: 0.9rem;}}
/* A map drawn with height="stretch" fills the screen's height less the hint below it; a fixed-height map
   keeps its own height (Streamlit gives it a flex-basis). */
.st-key-overview_map {{height: max(22rem, calc(100vh - 6.5rem));}}
.st-key-present_exit {{position: fixed; top: 0.4rem; right: 0.6rem; z-index: 1000; width: auto !important;
  opacity: 0.55;}}
.st-key-present_exit:hover, .st-key-present_exit:focus-within {{opacity: 1;}}
.st-key-present_exit button {{min-height: 0; padding: 0.1rem 0.6rem;}}
.st-key-present_exit button p {{font-size: 0.8rem;}}
@media screen {{ {overview_grid_css("1.5rem")} }}
</style>
"""

# Esc leaves presentation mode by pressing the exit button (bound once per browser tab).
ESCAPE_KEY_JS = """
<script>
if (!window.presentationEscapeBound) {
  window.presentationEscapeBound = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    document.querySelector(".st-key-present_exit button")?.click();
  });
}
</script>
"""


def apply_base_style() -> None:
    """Metric cards, the phone order, and the print layout: one A4 landscape sheet of the overview with its sources."""
    st.html(BASE_CSS)
    st.html(PRINT_JS, unsafe_allow_javascript=True)


def apply_presentation_style() -> None:
    """Projector layout: no sidebar or view controls, large type, and a small way out (button or Esc)."""
    st.html(PRESENTATION_CSS)
    st.html(ESCAPE_KEY_JS, unsafe_allow_javascript=True)
    lang = current_lang()
    st.button(translate("present_exit", lang), key="present_exit", icon=":material/close_fullscreen:",
              help=translate("present_exit_help", lang), on_click=leave_presentation)


def render_sidebar_footer(lang: str) -> None:
    """Presentation switch, data date and the boundary credit."""
    render_presentation_toggle(lang)
    sources = get_dataset().sources
    latest = max((d for d in sources["date_published"] if d), default="")
    st.caption(translate("data_date", lang, date=latest or "–"))
    st.caption(translate("what_counts", lang))
