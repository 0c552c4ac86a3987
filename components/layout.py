"""Page furniture shared by every screen: sidebar footer, presentation mode and print styles, page header.

Presentation mode (`?present=true`) and the browser's print both lay the overview out as one screen or one A4
landscape page: the answer and a row of KPI cards across the top, the map on the left beside the ranking, the rest
below. Streamlit keeps the map row's two columns in one block; `display: contents` lets them join a grid with the KPI
block. CHART_FIT_JS fits drawn charts to their place (titles, bar labels, projector type, the country map on a phone);
on a phone, tables become cards. The selectors use
Streamlit's `data-testid`s and the `st-key-*` classes of keyed elements; tests/e2e/test_presentation_and_exports.py
and tests/e2e/test_projector_and_phone.py measure the result at projector and phone sizes and count printed pages.
"""

import streamlit as st

from briefing.i18n import translate
from components.cached import get_catalogue
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
# The two faces of a table drawn by components/widgets.py render_table: the data grid and the cards.
GRID_TABLES, CARD_TABLES = "[class*='st-key-table_grid_']", "[class*='st-key-table_cards_']"
# A4 landscape less the 8 mm margins of @page, in CSS pixels, and the print grid's column gap (PRINT_JS uses them).
PRINT_PAGE_WIDTH, PRINT_PAGE_HEIGHT, PRINT_GAP = 1062, 733, 20


def overview_grid_css(gap: str, value_font: str) -> str:
    """The answer, then the KPI cards in one row across the screen or sheet, then the map (left) beside the ranking
    (right); on screen the rest starts below the first screen, never half cut at its foot. (The cards stacked beside
    the map left the ranking no room on a 1920×1080 or 1280×720 screen, and pushed it off the A4 sheet.)"""
    return f"""
{OVERVIEW} {{display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); column-gap: {gap};
  row-gap: 0.5rem; align-items: start;}}
{OVERVIEW} > * {{grid-column: 1 / -1; order: 0;}}
{MAP_ROW}, {MAP_ROW} > .stHorizontalBlock {{display: contents !important;}}
{MAP_ROW_COLUMNS} {{width: auto !important; min-width: 0;}}
{KPI_BLOCK} {{order: 1;}}
{MAP_ROW_COLUMNS}:first-child {{grid-column: 1; order: 2;}}
{MAP_ROW_COLUMNS}:last-child {{grid-column: 2; order: 3;}}
{MAP_ROW} ~ * {{order: 4;}}
{MAP_ROW} + * {{margin-top: 2.5rem;}}
{KPI_CARDS} [data-testid="stMetric"] {{container-type: inline-size;}}
{KPI_CARDS} [data-testid="stMetricValue"], {KPI_CARDS} [data-testid="stMetricValue"] p {{
  font-size: {value_font} !important;}}
"""


BASE_CSS = f"""
<style>
/* Streamlit leaves 6rem above the page for its header; the minimal toolbar needs less, and the map comes sooner. */
@media screen {{ [data-testid="stMainBlockContainer"] {{padding-top: 3.2rem;}} }}
[data-testid="stMetricValue"] {{font-size: 2.1rem; white-space: normal;}}
/* A value or label too long for its card wraps (Streamlit cuts it with "…": "hơn 532 mô …"). */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, [data-testid="stMetricLabel"],
[data-testid="stMetricLabel"] * {{white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: break-word; line-height: 1.2;}}
{CARD_TABLES} {{display: none;}}
.st-key-answer p {{font-size: 1.15rem; line-height: 1.45; color: #08306b; margin: 0.1rem 0 0.3rem;}}
[data-testid="stMetric"] {{background: #f6f8fb; border-radius: 0.5rem; padding: 0.6rem 0.9rem;}}
{PRINT_FOOTER}, {SCRIPT_ONLY} {{display: none;}}
.st-key-print_footer p {{margin: 0; font-size: 9.5px; line-height: 1.3; color: #333;}}
/* A phone (Streamlit stacks columns below 640 px): the indicator, then the big numbers on the first screen, the
   export buttons after them; no chart toolbar, which a touch screen keeps over the chart's title. */
@media (max-width: 640px) {{
  {KPI_BLOCK} {EXPORT_BAR} {{order: 1;}}
  .modebar-container {{display: none !important;}}
  /* Tables become cards: a data grid's columns ran off the screen (components/widgets.py render_table draws both,
     the grid for wide screens, the cards here); a plain table's rows stack as cards. */
  {CARD_TABLES} {{display: block;}}
  {GRID_TABLES} {{display: none;}}
  [data-testid="stTable"] table, [data-testid="stTable"] tbody, [data-testid="stTable"] tr,
  [data-testid="stTable"] th, [data-testid="stTable"] td {{display: block; width: auto !important;}}
  [data-testid="stTable"] thead {{display: none;}}
  [data-testid="stTable"] tr {{border: 1px solid #dde3ea; border-radius: 0.4rem; margin-bottom: 0.5rem;
    padding: 0.3rem 0.6rem;}}
  [data-testid="stTable"] th, [data-testid="stTable"] td {{border: none !important; padding: 0.1rem 0 !important;
    white-space: normal !important; overflow-wrap: anywhere;}}
  [data-testid="stTable"] tbody th {{font-weight: 600;}}
  /* The country map as tall as the country it draws (CHART_FIT_JS measures --phone-map-height): at the figure's own
     height a width-bound map sat in a blank band of a hundred pixels above and below. */
  .st-key-overview_map {{height: var(--phone-map-height, auto);}}
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
  {overview_grid_css(f"{PRINT_GAP}px", "1.9rem")}
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
  // Above the map and the ranking: the answer (two lines when it names a tie or a long name) and the KPI cards.
  const KPI_ROOM = 215, SAFETY = 12, COLUMN_SLACK = 40;
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
    const half = Math.floor((PAGE_WIDTH - GAP) / 2);
    if (gd.closest(".st-key-overview_map")) return [half, Math.min(height, free - KPI_ROOM)];
    if (gd.closest(".st-key-overview_ranking")) return [half, Math.max(160, Math.min(height, free - KPI_ROOM))];
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

# After plotly draws a chart (any page, any mode), four fixes it cannot make itself, each measured on what it drew:
# - a title wider than the chart is wrapped at a word (a phone cut "Đã có gì về mỗi tỉnh – 63 tỉnh (trước…");
# - a horizontal bar's outside label that runs past the plot widens the value axis until it fits (on a phone, where
#   it cannot, its type shrinks first): labels are whole;
# - in presentation mode every chart text (titles, legends, axes, bar labels, island and district names) is at least
#   18 px on a projector (1280×720 to 1920×1080), and the map takes the height left below the KPI cards
#   (--present-room, measured at the ranking's column);
# - on a phone the country map uses the screen's width and is as tall as what it draws: its colour bar lies across
#   the empty sea at the top right (no land is drawn east of the Gulf of Tonkin) instead of taking a third of the
#   width beside the map, and the frame's height (--phone-map-height) is the geo subplot's height at that width.
# Heights stay Streamlit's: it redraws a chart at the height it computed, so a relayout of the height would bounce for
# ever.
# A pass changes only what is short of its target, so the redraw it causes finds nothing more to do.
CHART_FIT_JS = r"""
<script>
if (!window.chartFitBound) {
  window.chartFitBound = true;
  const presenting = () => !!document.querySelector('.st-key-present_exit');
  const minFont = () => 18;  // read from the back of a meeting room, on a 1280×720 projector too
  const grow = (size, floor) => (size || 0) < floor ? floor : null;
  const fontUpdates = (gd) => {
    const F = minFont(), full = gd._fullLayout, layout = {}, traces = {};
    const put = (key, size, floor = F) => { const s = grow(size, floor); if (s) layout[key] = s; };
    put('font.size', full.font.size);
    put('title.font.size', full.title?.font?.size, F + 2);
    if (full.showlegend) put('legend.font.size', full.legend?.font?.size);
    for (const name of Object.keys(full)) {
      if (!/^[xy]axis\d*$/.test(name) || !full[name].visible) continue;
      if (full[name].showticklabels) put(`${name}.tickfont.size`, full[name].tickfont?.size);
      if (full[name].title?.text) put(`${name}.title.font.size`, full[name].title.font?.size);
    }
    (full.annotations || []).forEach((a, i) => a.visible !== false && put(`annotations[${i}].font.size`, a.font?.size));
    gd._fullData.forEach((t, i) => {
      const sizes = [].concat(t.textfont?.size ?? []);
      if (t.text && sizes.some(v => v < F)) (traces['textfont.size'] ||= {})[i] = F;
      if (t.showscale && t.colorbar) {
        if (t.colorbar.tickfont?.size < F) (traces['colorbar.tickfont.size'] ||= {})[i] = F;
        if (t.colorbar.title?.font?.size < F) (traces['colorbar.title.font.size'] ||= {})[i] = F;
      }
    });
    return [layout, traces];
  };
  const ruler = document.createElement('canvas').getContext('2d');
  const wrapTitle = (gd, layout) => {
    // Wrapped from the title the figure gave (kept on the graph), so a wider screen unwraps it again.
    const full = gd._fullLayout, text = full.title && full.title.text;
    if (!text) return;
    if (!gd.fitTitle || (text !== gd.fitTitle.text && text !== gd.fitTitle.wrapped)) {
      gd.fitTitle = {text, wrapped: text, top: full.margin.t};
    }
    const title = gd.fitTitle, font = full.title.font, room = full.width * (1 - full.title.x) - 16;
    if (title.text.includes('\x3cbr>')) return;  // broken where its author chose
    ruler.font = `${font.weight || 'normal'} ${font.size}px ${font.family}`;
    const lines = [''];
    for (const word of title.text.split(' ')) {
      const last = lines.length - 1, joined = lines[last] ? lines[last] + ' ' + word : word;
      if (lines[last] && ruler.measureText(joined).width > room) lines.push(word); else lines[last] = joined;
    }
    const wrapped = lines.join('\x3cbr>');
    if (wrapped === text) return;
    title.wrapped = wrapped;
    layout['title.text'] = wrapped;
    layout['margin.t'] = title.top + (lines.length - 1) * Math.ceil(font.size * 1.3);
  };
  const fitBarLabels = (gd, layout, traces) => {
    // The range each bar needs for its label after it, from the labels' drawn widths (not from the current range:
    // the result does not move the labels' widths, so a second pass finds the same range).
    const full = gd._fullLayout;
    for (const group of gd.querySelectorAll('.barlayer .trace.bars')) {
      const cd = group.__data__, trace = cd && cd[0] && cd[0].trace;
      const current = cd ? cd.map((_, i) => [].concat(trace.textposition)[Array.isArray(trace.textposition) ? i : 0])
        : [];
      if (!trace || trace.orientation !== 'h' || !current.every(p => p === 'inside' || p === 'outside')) continue;
      // Where the figure put each label (kept on the graph): inside a bar that holds it, else after its bar. A label
      // the figure put inside goes after its bar while the bar is too short for it (larger type, a narrow screen),
      // and back in once the bar holds it.
      const figure = (gd.figureLabelPositions ||= {})[trace.index] ||= current;
      const axis = full[trace.xaxis.replace('x', 'xaxis')], length = axis._length;
      const points = [...group.querySelectorAll('.point')].map((point, i) => {
        const text = point.querySelector('text.bartext'), value = point.__data__ && point.__data__.s;
        return text && value > 0 ? {i, value, width: text.getBoundingClientRect().width} : null;
      }).filter(Boolean);
      const need = (p) => p.value * length / Math.max(length - p.width - 10, 0.3 * length);
      const wanted = [...figure];
      let needed = Math.max(0, ...points.map(p => p.value * 1.04));
      for (const p of points) if (figure[p.i] !== 'inside') needed = Math.max(needed, need(p));
      for (let changed = true; changed;) {  // a label moved out widens the axis: the others are checked again
        changed = false;
        for (const p of points) {
          if (wanted[p.i] === 'inside' && p.width + 8 > p.value / needed * length) {
            wanted[p.i] = 'outside';
            needed = Math.max(needed, need(p));
            changed = true;
          }
        }
      }
      const widest = Math.max(0, ...points.filter(p => wanted[p.i] === 'outside').map(p => p.width));
      const font = trace.textfont.size;
      if (wanted.some((position, i) => position !== current[i])) {
        (traces.textposition ||= {})[trace.index] = wanted;
      } else if (!presenting() && widest > 0.7 * length && font > 10) {
        (traces['textfont.size'] ||= {})[trace.index] = Math.max(10, Math.floor(font * 0.7 * length / widest));
      } else if (needed && Math.abs(needed - axis.range[1]) > 0.02 * needed) {
        layout[`${axis._name}.range`] = [0, needed];
      }
    }
  };
  const presentationRoom = (gd) => {
    const column = gd.closest('[data-testid="stColumn"]');
    if (!gd.closest('.st-key-overview_ranking') || !column) return;
    const room = Math.floor(innerHeight - column.getBoundingClientRect().top - 12);
    document.documentElement.style.setProperty('--present-room', `${room}px`);
  };
  const phone = () => matchMedia('(max-width: 640px)').matches && !presenting();
  const isCountryMap = (gd) => !!gd.closest('.st-key-overview_map');
  const PHONE_COLOUR_BAR = {'colorbar.orientation': 'h', 'colorbar.x': 1, 'colorbar.xanchor': 'right',
    'colorbar.y': 1, 'colorbar.yanchor': 'top', 'colorbar.len': 0.45, 'colorbar.thickness': 10};
  const fitColourBar = (gd, traces) => {
    // The figure's own colour bar is kept (from a vertical one), so a wider screen gets it back. Plotly leaves the
    // ticks of a colour bar turned upright or flat beside the new ones (x... and y... tick groups): a drawing that
    // holds both is drawn afresh (see fit).
    if (!isCountryMap(gd)) return;
    gd._fullData.forEach((t, i) => {
      if (!t.showscale) return;
      const current = (key) => key.split('.').reduce((value, part) => value?.[part], t);
      if (t.colorbar.orientation !== 'h') {
        gd.figureColourBar = Object.fromEntries(Object.keys(PHONE_COLOUR_BAR).map(key => [key, current(key)]));
      }
      const wanted = phone() ? PHONE_COLOUR_BAR : gd.figureColourBar || {};
      const stale = gd.querySelector('.infolayer .colorbar [class^="xcb"]')
        && gd.querySelector('.infolayer .colorbar [class^="ycb"]');
      for (const [key, value] of Object.entries(wanted)) {
        if (current(key) !== value || (stale && key === 'colorbar.orientation')) (traces[key] ||= {})[i] = value;
      }
    });
  };
  const phoneMapHeight = (gd) => {
    // A mercator geo subplot (domain: the whole plot area) as wide as the plot is as high as its lon/lat ranges
    // project; above and below it, the title and legend row, and the notes.
    const full = gd._fullLayout, projection = full.geo?._subplot?.projection;
    if (!phone() || !isCountryMap(gd) || !projection) return;
    const [lon0, lon1] = full.geo.lonaxis.range, [lat0, lat1] = full.geo.lataxis.range;
    const [left, top] = projection([lon0, lat1]), [right, bottom] = projection([lon1, lat0]);
    const height = Math.ceil(full._size.t + full._size.b + full._size.w * (bottom - top) / (right - left));
    document.documentElement.style.setProperty('--phone-map-height', `${height}px`);
  };
  // Text boxes hold some leading above and below the glyphs: boxes touching by 3 px keep their letters apart.
  const overlapping = (boxes) => boxes.some((a, i) => boxes.slice(i + 1).some(
    b => a.left < b.right && b.left < a.right && a.top + 3 < b.bottom && b.top + 3 < a.bottom));
  const spaceColourBarTicks = (gd, traces) => {
    // Ticks piled on a short colour bar (larger type on a small screen): fewer of them, each one readable.
    const ticks = [...gd.querySelectorAll('.infolayer .colorbar text')]
      .filter(t => /^[\d.,\s%]+$/.test(t.textContent.trim())).map(t => t.getBoundingClientRect());
    if (ticks.length < 3 || !overlapping(ticks)) return;
    gd._fullData.forEach((t, i) => {
      if (t.showscale) (traces['colorbar.nticks'] ||= {})[i] = Math.max(2, Math.floor(ticks.length / 2));
    });
  };
  const spaceMapNotes = (gd, layout) => {
    // The notes under a map (what the colours compare, then the boundary credit) placed one below the other as
    // drawn, larger type included, and the margin below the map tall enough for both: no note on another, none cut.
    const full = gd._fullLayout, notes = full.annotations || [];
    const caption = notes.findIndex(a => a.name === 'map_caption');
    const credit = notes.findIndex(a => a.name === 'map_credit');
    if (caption < 0 || credit < 0) return;
    const height = (i) => gd.querySelector(`.infolayer .annotation[data-index="${i}"]`)?.getBoundingClientRect()
      .height || 0;
    const shift = Math.round(notes[caption].yshift - (notes[caption].text ? height(caption) : 0));
    if (Math.abs(notes[credit].yshift - shift) > 1) layout[`annotations[${credit}].yshift`] = shift;
    const room = Math.ceil(-shift + height(credit) + 8);
    if (notes[credit].y === 0 && room > full.margin.b + 1) layout['margin.b'] = room;
  };
  const SIDE = 0.56;  // a projector's country map: the map left of this share of the plot, its key right of it
  const wrapWords = (text, font, room) => {
    ruler.font = `${font.size}px ${font.family}`;
    const lines = [''];
    for (const word of text.split(/\s+|\x3cbr>/).filter(Boolean)) {
      const last = lines.length - 1, joined = lines[last] ? lines[last] + ' ' + word : word;
      if (lines[last] && ruler.measureText(joined).width > room) lines.push(word); else lines[last] = joined;
    }
    return lines.join('\x3cbr>');
  };
  const sidePanel = (gd, layout, traces) => {
    // On a projector the country map takes the height below the cards; a title, a legend row and four lines of
    // notes above and below it left the country a thumbnail. The colour bar and the notes (wrapped to the panel's
    // width) go beside it, as on the exported image.
    if (!presenting() || !isCountryMap(gd)) return;
    // The panel's width from the chart's (plotly's own margins for the legend and colour bar would move it).
    const full = gd._fullLayout, left = SIDE + 0.02, room = full.width * (1 - left) - 12;
    const want = (key, value) => {
      const current = key.replace(/\[(\d+)\]/g, '.$1').split('.').reduce((v, part) => v?.[part], full);
      if (JSON.stringify(current) !== JSON.stringify(value)) layout[key] = value;
    };
    want('geo.domain.x', [0, SIDE]);
    // The title, then the legend's row (as the figure has it) above the map; the notes below the colour bar.
    const legendRow = gd.querySelector('.legend')?.getBoundingClientRect().height || 0;
    const titleLines = (full.title.text || '').split('\x3cbr>').length;
    want('margin.t', Math.ceil(full.title.font.size * 1.3 * titleLines + legendRow + 24));
    want('margin.b', 12);
    const bar = gd.querySelector('.infolayer .colorbar')?.getBoundingClientRect();
    const plotTop = gd.getBoundingClientRect().top + full._size.t;
    // The notes' block ends above the plot's bottom edge even when the bar above it is still too long (the first
    // pass, or type that arrived late): raised, never cut.
    const notesHeight = [...gd.querySelectorAll('.infolayer .annotation')].reduce(
      (sum, note) => sum + note.getBoundingClientRect().height, 0);
    const belowBar = bar ? 1 - (bar.bottom - plotTop + 14) / full._size.h : 0.6;
    const notesY = Math.round(Math.max(belowBar, (notesHeight + 2) / full._size.h) * 100) / 100;
    (full.annotations || []).forEach((note, i) => {
      if ((note.name !== 'map_caption' && note.name !== 'map_credit') || note.visible === false) return;
      want(`annotations[${i}].x`, left);
      want(`annotations[${i}].y`, notesY);
      want(`annotations[${i}].xanchor`, 'left');
      const wrapped = wrapWords(note.text, note.font, room);
      if (wrapped !== note.text) layout[`annotations[${i}].text`] = wrapped;
    });
    // The colour bar as long as the notes below it leave room for, its title and ticks counted (they lie outside
    // its length). Where even a short bar leaves too little (a 1280×720 screen), the caption gives way: what the
    // colours compare opens the answer line above the map.
    const drawnLength = gd._fullData.find(t => t.showscale)?.colorbar?.len || 0;
    const barExtra = bar ? Math.max(0, bar.height - drawnLength * full._size.h) : 40;
    const barRoom = 1 - (notesHeight + barExtra + 18) / full._size.h;
    const length = Math.round(Math.min(0.42, Math.max(0.2, barRoom)) * 100) / 100;
    if (notesHeight + 40 > 0.7 * full._size.h) {
      (full.annotations || []).forEach((note, i) => {
        if (note.name === 'map_caption' && note.visible) layout[`annotations[${i}].visible`] = false;
      });
    }
    gd._fullData.forEach((t, i) => {
      if (!t.showscale) return;
      const placed = {'colorbar.x': left, 'colorbar.xanchor': 'left', 'colorbar.y': 1, 'colorbar.yanchor': 'top',
                      'colorbar.len': length};
      for (const [key, value] of Object.entries(placed)) {
        if (key.split('.').reduce((v, part) => v?.[part], t) !== value) (traces[key] ||= {})[i] = value;
      }
    });
  };
  const fitArchipelagoNames = (gd, traces) => {
    // An archipelago's name reaching past the map's edge is cut by it ("Quần đả…" on a small projector): its first
    // line is broken in two ('Quần đảo' over 'Hoàng Sa'), so the whole name stands within the map.
    const frame = gd.querySelector('.geolayer .bg rect');
    if (!presenting() || !frame) return;
    const bg = frame.getBoundingClientRect(), squash = (text) => text.replace(/\x3cbr>|\s/g, '');
    for (const name of gd.querySelectorAll('.geo .scatterlayer text')) {
      const box = name.getBoundingClientRect();
      if (!name.textContent.trim() || (box.left >= bg.left - 0.5 && box.right <= bg.right + 0.5)) continue;
      gd._fullData.forEach((trace, i) => {
        if (trace.type !== 'scattergeo' || !Array.isArray(trace.text)) return;
        const k = trace.text.findIndex(text => text && squash(text) === squash(name.textContent));
        if (k < 0) return;
        const [first, ...rest] = trace.text[k].split('\x3cbr>'), words = first.trim().split(' ');
        if (words.length < 2) return;
        const half = Math.ceil(words.length / 2), text = [...trace.text];
        text[k] = [words.slice(0, half).join(' '), words.slice(half).join(' ') + (first.endsWith(' ') ? ' ' : ''),
                   ...rest].join('\x3cbr>');
        (traces.text ||= {})[i] = text;
      });
    }
  };
  const fit = (gd) => {
    if (!window.Plotly || !gd._fullLayout || !gd._fullData || matchMedia('print').matches) return;
    if (gd._transitioning || (gd._promises || []).length || gd._fullLayout._replotting) { schedule(); return; }
    let layout = {}, traces = {};
    if (presenting()) { [layout, traces] = fontUpdates(gd); presentationRoom(gd); }
    if (!Object.keys(layout).length && !Object.keys(traces).length) sidePanel(gd, layout, traces);
    wrapTitle(gd, layout);
    fitColourBar(gd, traces);
    if (!Object.keys(layout).length && !Object.keys(traces).length) spaceColourBarTicks(gd, traces);
    if (!Object.keys(layout).length && !Object.keys(traces).length) spaceMapNotes(gd, layout);
    if (!Object.keys(layout).length && !Object.keys(traces).length) fitArchipelagoNames(gd, traces);
    if (!Object.keys(traces).length) phoneMapHeight(gd);
    if (!Object.keys(layout).length && !Object.keys(traces).length) fitBarLabels(gd, layout, traces);
    const done = !Object.keys(layout).length && !Object.keys(traces).length;
    gd.toggleAttribute('data-fitted', done);  // what the browser tests wait for
    if (done) return;
    const byTrace = {};
    for (const [key, values] of Object.entries(traces)) {
      // An array value (one per point) is wrapped: restyle reads a bare array as one value per trace.
      for (const [index, value] of Object.entries(values)) (byTrace[index] ||= {})[key] = Array.isArray(value)
        ? [value] : value;
    }
    // A colour bar turned upright or flat is drawn afresh: plotly would keep the old one's ticks and title beside it.
    if (traces['colorbar.orientation']) gd.querySelectorAll('.infolayer .colorbar').forEach(bar => bar.remove());
    for (const [index, update] of Object.entries(byTrace)) window.Plotly.restyle(gd, update, [Number(index)]);
    if (Object.keys(layout).length) window.Plotly.relayout(gd, layout);
  };
  let queued = false;
  const pass = () => { queued = false; document.querySelectorAll('.js-plotly-plot').forEach(fit); };
  const schedule = () => { if (!queued) { queued = true; requestAnimationFrame(pass); } };
  new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true});
  addEventListener('resize', schedule);
  schedule();  // the charts drawn before this script loaded
}
</script>
"""

PRESENTATION_CSS = f"""
<style>
html {{font-size: 17px;}}
@media (min-width: 1600px) and (min-height: 900px) {{ html {{font-size: 20px;}} }}
{CHROME}, {EXPORT_BAR}, {CONTROLS}, {CONTROL_ROWS}, {METRIC_HELP}, .st-key-click_hint {{display: none !important;}}
[data-testid="stMainBlockContainer"] {{padding: 2.2rem 1.5rem 1rem; max-width: 100%;}}
/* A card's value sized by the card's width (the province page's four cards are narrower than the overview's three):
   "hơn 1.800 tập thể, cá nhân" took three lines at 4vw and pushed the map off a 1280×720 screen. */
[data-testid="stMetric"] {{padding: 0.4rem 0.9rem 0.5rem; container-type: inline-size;}}
[data-testid="stMetricLabel"] p {{font-size: 1.15rem;}}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p {{font-size: clamp(1.9rem, 11cqi, 3.8rem);
  font-weight: 700; line-height: 1.15; color: #08306b;}}
[data-testid="stCaptionContainer"] {{font-size: 0.9rem;}}
/* A map drawn with height="stretch" fills the height left below the KPI cards (CHART_FIT_JS measures it); a
   fixed-height map keeps its own height (Streamlit gives it a flex-basis). */
.st-key-overview_map, .st-key-overview_ranking {{height: max(18rem, var(--present-room, calc(100vh - 16rem)));}}
.st-key-present_exit {{position: fixed; top: 0.4rem; right: 0.6rem; z-index: 1000; width: auto !important;
  opacity: 0.55;}}
.st-key-present_exit:hover, .st-key-present_exit:focus-within {{opacity: 1;}}
.st-key-present_exit button {{min-height: 0; padding: 0.1rem 0.6rem;}}
.st-key-present_exit button p {{font-size: 0.8rem;}}
/* A card's value large (1.35 times the page's at least), on one line where the card allows. */
@media screen {{ {overview_grid_css("1.5rem", "clamp(2.7rem, 10cqi, 3.8rem)")} }}
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
    st.html(CHART_FIT_JS, unsafe_allow_javascript=True)


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
    sources = get_catalogue().sources
    latest = max((d for d in sources["date_published"] if d), default="")
    st.caption(translate("data_date", lang, date=latest or "–"))
    st.caption(translate("what_counts", lang))
