"""A 16:9 PowerPoint deck of a view, built from the same ViewContent as the page: five or six slides a provincial
leader can show unedited.

1. the answer (title, the view's answer, date and version once); 2. the key figures as editable text; 3. the map as a
picture with the provinces' names and values; 4. one native PowerPoint ranking chart (its numbers in the chart's data
sheet; on a province, where it stands in the widest comparison); 5. what may not be compared and why; 6. the sources
(every one in the speaker notes of every slide). The full tables follow only as an appendix ("kèm phụ lục bảng").
No text is smaller than 18 pt; text is measured with the deck's own font (Noto Sans), so a box shrinks its font to
fit, never below that.
"""

import io
import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from PIL import ImageFont
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from briefing.content import ViewContent
from briefing.formatting import format_number
from briefing.i18n import has_label, translate
from briefing.images import make_snapshot_figure, map_name, mercator_aspect, render_image, value_texts
from briefing.maps import value_label_trace
from briefing.provenance import provenance_lines
from briefing.reasons import deck_words
from briefing.sources import source_table

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.85)
BODY_TOP, BODY_HEIGHT = Inches(1.25), Inches(5.4)
FONT = "Noto Sans"
FONT_FILES = {False: "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
              True: "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"}
INK, MUTED, ACCENT, CARD, HEADER = (RGBColor(0x11, 0x11, 0x11), RGBColor(0x44, 0x44, 0x44),
                                    RGBColor(0x08, 0x30, 0x6B), RGBColor(0xEE, 0xF3, 0xF9), RGBColor(0xDB, 0xE7, 0xF3))
BAR_COLOUR = RGBColor(0x31, 0x82, 0xBD)
BLANK_LAYOUT = 6
LINE_SPACING = 1.25  # line height as a multiple of the font size (Noto Sans in PowerPoint and LibreOffice)
TEXT_INSET = Inches(0.1)  # python-pptx's default left/right inset of a text box or table cell
RANKING_TOP = 12  # bars of the ranking chart: their names stay legible at 18 pt on one slide
MIN_SIZE = 18  # no text of the deck is smaller (read from the back of a meeting room)
TABLE_BODY_SIZE, TABLE_HEADER_SIZE = MIN_SIZE, MIN_SIZE
HIGHLIGHT_COLOUR = RGBColor(0xD5, 0x5E, 0x00)  # the chosen province's bar (Okabe–Ito vermilion)


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int


BODY = Box(MARGIN, BODY_TOP, BODY_WIDTH, BODY_HEIGHT)


def build_deck(content: ViewContent, today: date | None = None, appendix: bool = False,
               standing: ViewContent | None = None) -> bytes:
    """The .pptx bytes of a view; `appendix` adds its full tables and source list; `standing` (a province's place in
    the widest comparison, the overview's content with `province=`) gives a province deck its ranking."""
    today = today or date.today()
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    notes = "\n".join(provenance_lines(content, today) + source_list(content))
    slide = SlideMaker(deck, notes)
    add_cover_slide(slide, content, today)
    add_kpi_slide(slide, content)
    if content.map_figure is not None and content.map.kind == "country":
        add_map_slide(slide, map_slide_title(content), content)
    elif content.map_figure is not None:
        add_picture_slide(slide, content.title, content.map_figure, content)
    ranking = (content.rankings or (standing.rankings if standing is not None else []))[:1]
    for shown in ranking:
        rows = shown.top(RANKING_TOP)
        add_ranking_slide(slide, ranking_slide_title(standing, shown.title, len(rows)), rows,
                          highlight=chosen_name(standing))
    if not ranking and content.chart_figure is not None:
        add_picture_slide(slide, content.title, content.chart_figure, content)
    reasons = not_comparable_lines(content, standing)
    if reasons:
        add_lines_slide(slide, translate("deck_not_comparable", content.lang), reasons, content.lang)
    add_sources_slide(slide, content)
    if appendix:
        tables = [*deck_tables(content), (translate("deck_sources", content.lang),
                                          source_table(content.sources, content.obs, content.models, content.lang))]
        for title, table in tables:
            add_table_slides(slide, f"{translate('deck_appendix', content.lang)}: {title}", table)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def standing_title(standing: ViewContent | None) -> str:
    """The first line of a province's standing ('Quảng Ngãi: hạng 6/9 …'), the title of its ranking slide."""
    return standing.answer.split("\n\n")[0] if standing is not None and "\n\n" in standing.answer else ""


def ranking_slide_title(standing: ViewContent | None, title: str, bars: int) -> str:
    """The province's rank when it stands on the scale ('Quảng Ngãi: hạng 6/9 …'), else what the bars rank."""
    if standing is None:
        return title
    line = standing_title(standing)
    if STANDING_ON_SCALE in line.split(",")[0]:
        return line
    return translate("deck_standing_ranking", standing.lang, title=standing.title, count=bars)


def chosen_name(standing: ViewContent | None) -> str:
    """The name of the province whose standing the deck shows ('' on other decks)."""
    code = standing.choices["province"].value if standing is not None and "province" in standing.choices else ""
    if not code:
        return ""
    return str(standing.places.set_index("province_code").at[code, "province_name"])


def map_slide_title(content: ViewContent) -> str:
    return translate("deck_map_title", content.lang, title=content.title)


# --- text measured with the deck's font ----------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_FILES[bold], size=max(1, round(size * 10)))


def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    """The width of the widest line in points at that font size (measured at 10× for precision)."""
    return max((_font(size, bold).getlength(line) for line in text.splitlines()), default=0) / 10


def wrap_text(text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap; a word longer than the line stays whole (the caller shrinks the font for it)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width_pt(candidate, size, bold) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fits(lines: list[str], box: Box, size: float, bold: bool) -> bool:
    inner = emu_to_pt(box.width - 2 * TEXT_INSET)
    wrapped = [part for line in lines for part in wrap_text(line, inner, size, bold)]
    widest = max((text_width_pt(part, size, bold) for part in wrapped), default=0)
    return widest <= inner and len(wrapped) * size * LINE_SPACING <= emu_to_pt(box.height) - 7.2


def fitted_size(lines: list[str], box: Box, largest: float, smallest: float, bold: bool = False) -> float:
    """The largest font size (in half points) at which the lines, wrapped, fit the box; else the smallest."""
    size = largest
    while size > smallest and not fits(lines, box, size, bold):
        size -= 0.5
    return size


def emu_to_pt(emu: int) -> float:
    return emu / 12700


# --- slides --------------------------------------------------------------------------------------------------------

@dataclass
class SlideMaker:
    """New blank slides with their title and the speaker notes (the view's provenance and every source)."""

    deck: object
    notes: str

    def __call__(self, title: str, title_size: int = 28):
        slide = self.deck.slides.add_slide(self.deck.slide_layouts[BLANK_LAYOUT])
        add_text(slide, [title], Box(MARGIN, TITLE_TOP, BODY_WIDTH, TITLE_HEIGHT), title_size, MIN_SIZE, bold=True)
        slide.notes_slide.notes_text_frame.text = self.notes
        return slide


def add_text(slide, lines: list[str], box: Box, largest: float, smallest: float, bold: bool = False,
             colour: RGBColor = INK, align=PP_ALIGN.LEFT, name: str = "", anchor=MSO_ANCHOR.TOP):
    """A word-wrapped text box, one paragraph per line, its font shrunk until the text fits the box."""
    size = fitted_size(lines, box, largest, smallest, bold)
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size, frame.vertical_anchor = True, MSO_AUTO_SIZE.NONE, anchor
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        style_font(run.font, size, bold, colour)
    return shape


def style_font(font, size: float, bold: bool = False, colour: RGBColor = INK) -> None:
    font.size, font.bold, font.name = Pt(size), bold, FONT
    font.color.rgb = colour


def source_list(content: ViewContent) -> list[str]:
    """Every source of the view on its own line, for the speaker notes: title, publisher, date, address."""
    rows = content.sources.fillna("")
    return [" · ".join(part for part in (str(r["title"]), str(r["publisher"]), str(r["date_published"]),
                                         str(r["url"])) if part) for _, r in rows.iterrows()]


def add_cover_slide(new_slide, content: ViewContent, today: date) -> None:
    """The app's name, the view's title, its answer in one sentence, and the date with the admin version once."""
    lang = content.lang
    slide = new_slide(translate("deck_app", lang), title_size=18)
    add_text(slide, [content.title], Box(MARGIN, Inches(1.15), BODY_WIDTH, Inches(1.2)), 40, 24, bold=True,
             colour=ACCENT, anchor=MSO_ANCHOR.BOTTOM)
    if content.answer:
        add_text(slide, deck_words(content.answer, lang).split("\n\n"),
                 Box(MARGIN, Inches(2.45), BODY_WIDTH, Inches(3.9)), 24, MIN_SIZE)
    version = translate(f"version_{content.admin_version}", lang)
    add_text(slide, [translate("deck_cover_line", lang, today=today.strftime("%d/%m/%Y"), version=version)],
             Box(MARGIN, Inches(6.45), BODY_WIDTH, Inches(0.6)), MIN_SIZE, MIN_SIZE, bold=True, colour=MUTED)


def add_kpi_slide(new_slide, content: ViewContent) -> None:
    """Up to four cards, each with its label, the value large (qualifier and unit included) and its detail."""
    slide = new_slide(translate("deck_kpis", content.lang))
    kpis = content.kpis[:4]
    gap = Inches(0.3)
    width = int((BODY_WIDTH - gap * (len(kpis) - 1)) / max(len(kpis), 1))
    for index, kpi in enumerate(kpis):
        left = int(MARGIN + index * (width + gap))
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, Inches(1.5), width, Inches(5.2))
        card.fill.solid()
        card.fill.fore_color.rgb = CARD
        card.line.fill.background()
        card.shadow.inherit = False
        inner = int(width - Inches(0.3))
        add_text(slide, [deck_words(kpi["label"], content.lang)],
                 Box(left + Inches(0.15), Inches(1.6), inner, Inches(1.45)), 20, MIN_SIZE, colour=MUTED)
        value_box = Box(left + Inches(0.15), Inches(3.1), inner, Inches(1.45))
        value = deck_words(kpi["value"], content.lang)
        add_text(slide, [value], value_box, value_size(value, value_box), MIN_SIZE, bold=True, colour=ACCENT,
                 anchor=MSO_ANCHOR.MIDDLE)
        if kpi.get("detail"):
            add_text(slide, [deck_words(kpi["detail"], content.lang)],
                     Box(left + Inches(0.15), Inches(4.6), inner, Inches(2.0)), 20, MIN_SIZE, colour=MUTED)


def value_size(value: str, box: Box, largest: float = 40, smallest_one_line: float = 26) -> float:
    """A KPI value stays on one line down to 26 pt ("hơn 94%" is not broken in two); longer values may wrap."""
    one_line = largest
    inner = emu_to_pt(box.width - 2 * TEXT_INSET)
    while one_line > smallest_one_line and text_width_pt(value, one_line, True) > inner:
        one_line -= 0.5
    return one_line if text_width_pt(value, one_line, True) <= inner else smallest_one_line


def add_picture_slide(new_slide, title: str, figure, content: ViewContent) -> None:
    """A map or chart rendered for the slide's body and placed as large as the body allows, centred."""
    slide = new_slide(title)
    image = render_image(make_snapshot_figure(content, "slide", figure=figure, captions=False))
    picture = slide.shapes.add_picture(io.BytesIO(image), BODY.left, BODY.top)
    scale = min(BODY.width / picture.width, BODY.height / picture.height)
    picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
    picture.left = int(BODY.left + (BODY.width - picture.width) / 2)
    picture.top = int(BODY.top + (BODY.height - picture.height) / 2)


MAP_PICTURE_HEIGHT = 1000  # pixels of the country map picture, drawn the height of the slide's body
MAP_NAME_PX, ARCHIPELAGO_PX = 44, 38  # its province names and archipelago names: about 18 and 15 pt on the slide


def add_map_slide(new_slide, title: str, content: ViewContent) -> None:
    """The country map as tall as the slide's body, each province on the shared scale named over its value, and
    beside it its legend as slide text (18 pt and more): the colours, what the scale compares, the boundaries."""
    slide = new_slide(title)
    figure = country_map_picture(content)
    picture = slide.shapes.add_picture(io.BytesIO(render_image(figure)), BODY.left, BODY.top, height=BODY.height)
    left = picture.left + picture.width + Inches(0.4)
    add_legend(slide, content, Box(left, BODY.top, MARGIN + BODY_WIDTH - left, BODY.height))


def country_map_picture(content: ViewContent):
    """The view's country map alone (no colour bar, legend or notes: the slide says them), labels large."""
    figure = go.Figure(content.map_figure)
    aspect = mercator_aspect(figure.layout.geo)
    height = MAP_PICTURE_HEIGHT
    width = int(height * aspect)
    figure.update_traces(textfont={"size": ARCHIPELAGO_PX}, selector={"type": "scattergeo"})
    figure.update_layout(width=width, height=height, showlegend=False, annotations=[], title={"text": ""},
                         margin={"l": 0, "r": 0, "t": 0, "b": 0}, geo_domain={"x": [0, 1], "y": [0, 1]},
                         font={"family": FONT})
    lon = figure.layout.geo.lonaxis.range
    labels = value_label_trace(figure, value_texts(content, names=True), width / abs(lon[1] - lon[0]), MAP_NAME_PX)
    figure.update_traces(showscale=False, selector={"type": "choropleth"})
    if labels is not None:
        figure.add_trace(labels)
    return figure


def add_legend(slide, content: ViewContent, box: Box) -> None:
    """One line per class of the map's scale (a coloured square, then its words and areas), then its notes."""
    scale, lang = content.map.scale, content.lang
    entries = []
    for cls in scale.legend():
        if cls.shared:
            low, high = format_number(scale.low, lang), format_number(scale.high, lang)
            entries.append((rgb(cls.colour), translate("deck_map_scale", lang, low=low, high=high,
                                                         unit=scale.bar_title)))
        else:
            entries.append((rgb(cls.colour), f"{cls.words} ({cls.count})"))
    notes = content.map.notes
    lines = [text for _, text in entries] + notes
    size = fitted_size([f"■ {text}" for _, text in entries] + notes, box, 24, MIN_SIZE)
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if index < len(entries):
            colour = entries[index][0]
            square = paragraph.add_run()
            square.text = "□ " if sum(colour) > 3 * 0xE0 else "■ "  # 'no data' is near white: its outline
            style_font(square.font, size, colour=MUTED if square.text == "□ " else colour)
        run = paragraph.add_run()
        run.text = line
        style_font(run.font, size, colour=INK if index < len(entries) else MUTED)


def rgb(colour: str) -> RGBColor:
    """'#3182bd' → its RGBColor."""
    return RGBColor.from_string(colour.lstrip("#").upper())


# --- rankings as native charts -------------------------------------------------------------------------------------

def add_ranking_slide(new_slide, title: str, rows: pd.DataFrame, highlight: str = "") -> None:
    """A clustered bar chart the user can restyle; each bar's label is the page's label (qualifier, period); the
    bar of the province named `highlight` in its own colour."""
    slide = new_slide(title)
    data = CategoryChartData()
    names = [map_name(str(name)) for name in rows["name"]]
    data.categories = names
    data.add_series(title, [float(v) for v in rows["value"]])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, BODY.left, BODY.top, BODY.width, BODY.height, data)
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.size, chart.font.name = Pt(MIN_SIZE), FONT
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.series[0].format.fill.solid()
    plot.series[0].format.fill.fore_color.rgb = BAR_COLOUR
    plot.has_data_labels = True
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for point, text in zip(plot.series[0].points, rows["label"], strict=True):
        label = point.data_label
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        label.text_frame.text = str(text)
        label.text_frame._txBody.bodyPr.set("wrap", "none")  # one line beside its bar, not a narrow column
        style_font(label.text_frame.paragraphs[0].runs[0].font, MIN_SIZE, colour=INK)
    for point, name in zip(plot.series[0].points, names, strict=True):
        if highlight and name == map_name(highlight):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = HIGHLIGHT_COLOUR
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.maximum_scale = headroom(rows)
    chart.value_axis.minimum_scale = 0
    chart.value_axis.tick_labels.font.size = Pt(MIN_SIZE)
    chart.category_axis.tick_labels.font.size = Pt(MIN_SIZE)
    label_every_category(chart)


def label_every_category(chart) -> None:
    """Name every bar: without tickLblSkip=1 a renderer may skip every other province's name, and a name wrapped
    to two lines made LibreOffice drop every other one as overlapping."""
    axis = chart.category_axis._element
    axis.find(qn("c:txPr")).find(qn("a:bodyPr")).set("wrap", "none")
    skip = axis.find(qn("c:tickLblSkip"))
    if skip is None:
        skip = axis.makeelement(qn("c:tickLblSkip"), {})
        axis.insert_element_before(skip, "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")
    skip.set("val", "1")


def headroom(rows: pd.DataFrame) -> float:
    """An axis maximum leaving room right of the longest bar for its label (label width over the plot width)."""
    largest = float(rows["value"].max()) if len(rows) else 1.0
    plot_pt = emu_to_pt(BODY.width) * 0.7
    share = max((text_width_pt(str(text), MIN_SIZE) for text in rows["label"]), default=0) / plot_pt
    top = largest / max(0.35, 1 - share - 0.05)
    magnitude = 10 ** math.floor(math.log10(top)) if top > 0 else 1
    return math.ceil(top / magnitude * 2) / 2 * magnitude


# --- what may not be compared, the sources -------------------------------------------------------------------------

STANDING_ON_SCALE = "/"  # 'Quảng Ngãi: hạng 6/9, …': the province stands on the shared scale


def not_comparable_lines(content: ViewContent, standing: ViewContent | None = None) -> list[str]:
    """The view's lines of what may not be compared; a province deck first says where the province stands when it is
    not on the widest scale."""
    off_scale = standing is not None and STANDING_ON_SCALE not in standing_title(standing).split(",")[0]
    return ([standing_title(standing)] if off_scale else []) + content.not_compared


def add_lines_slide(new_slide, title: str, lines: list[str], lang: str) -> None:
    """A slide of short lines (one per reason), as many as fit at 18 pt; the rest counted on the last line."""
    slide = new_slide(title)
    add_text(slide, fitting_lines(lines, BODY, lambda rest: translate("deck_more_lines", lang, n=rest)), BODY, 24,
             MIN_SIZE)


def fitting_lines(lines: list[str], box: Box, more, keep: list[str] | None = None) -> list[str]:
    """The first lines that fit the box at 18 pt beside the lines to `keep` after them, then `more(n)` for the n
    left out."""
    for shown in range(len(lines), 0, -1):
        kept = lines[:shown] + ([more(len(lines) - shown)] if shown < len(lines) else [])
        if fits(kept + (keep or []), box, MIN_SIZE, False):
            return kept
    return [more(len(lines))]


def source_words(source: pd.Series, lang: str) -> str:
    """A source's title; on a Vietnamese deck, a source in another language is named by its language ('Bài tiếng
    Anh'), its title staying in the speaker notes."""
    language = str(source.get("language", "")) or lang
    if lang != "vi" or language == "vi":
        return str(source["title"])
    key = f"deck_source_in_{language}"
    return translate(key if has_label(key) else "deck_source_foreign", lang)


def add_sources_slide(new_slide, content: ViewContent) -> None:
    """The last slide: the sources by title, publisher and date, as many as fit; every one is in the notes."""
    lang = content.lang
    slide = new_slide(translate("deck_sources", lang))
    rows = content.sources.fillna("")
    lines = [" · ".join(part for part in (source_words(r, lang), str(r["publisher"]), str(r["date_published"]))
                        if part) for _, r in rows.iterrows()]
    denominator = [content.denominator_note] if content.denominator_note else []  # a commune rate's population
    shown = fitting_lines(lines, BODY, lambda rest: translate("deck_more_sources", lang, n=rest), keep=denominator)
    add_text(slide, [*(shown or [translate("deck_unknown", lang)]), *denominator], BODY, 22, MIN_SIZE)


# --- tables --------------------------------------------------------------------------------------------------------

def deck_tables(content: ViewContent) -> list[tuple[str, pd.DataFrame]]:
    """The view's table, then the tables it names for the appendix (a province's named models)."""
    tables = [(content.title, content.table)] if len(content.table) else []
    return tables + [(translate(f"page_{name}", content.lang), content.tables[name]) for name in content.appendix
                     if len(content.tables[name])]


def informative_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Without the columns that say nothing on a slide: all empty, or one value repeated on every row of a
    many-row table (the province's name on its own models)."""
    keep = [c for c in table.columns if table[c].str.strip().ne("").any() and
            (len(table) < 3 or table[c].nunique() > 1)]
    return table[keep]


def add_table_slides(new_slide, title: str, table: pd.DataFrame) -> None:
    """A real PowerPoint table split evenly over as many slides as its measured rows need."""
    table = informative_columns(table.fillna("").astype(str))
    if table.empty or table.columns.empty:  # a custom comparison before any province is chosen has no rows
        return
    widths = column_widths(table, BODY_WIDTH)
    heights = [row_height(list(table.columns), widths, TABLE_HEADER_SIZE, True)] + [
        row_height(list(values), widths, TABLE_BODY_SIZE) for values in table.itertuples(index=False)]
    pages = balanced_pages(heights[1:], BODY_HEIGHT - heights[0])
    for number, rows in enumerate(pages, start=1):
        slide_title = title if len(pages) == 1 else f"{title} ({number}/{len(pages)})"
        add_table(new_slide(slide_title), table.iloc[rows], widths, [heights[0]] + [heights[r + 1] for r in rows])


def balanced_pages(heights: list[int], room: int) -> list[list[int]]:
    """Row indexes per slide: as few slides as the rows need (greedy filling), the rows then split into that many
    runs whose tallest run is as short as possible, so no slide holds a lone leftover row."""
    if not heights:
        return [[]]
    count = len(greedy_pages(heights, room))
    tallest, cuts = balanced_cuts(heights, count, min_run=2 if len(heights) >= 2 * count else 1)
    if tallest > room:  # runs of two rows do not fit (a tall row between tall ones): any run length
        cuts = balanced_cuts(heights, count)[1]
    return [list(range(start, end)) for start, end in zip([0, *cuts], [*cuts, len(heights)], strict=True)]


def balanced_cuts(heights: list[int], count: int, min_run: int = 1) -> tuple[float, list[int]]:
    """Where to cut the rows into `count` contiguous runs of at least `min_run` rows minimising the tallest run
    (linear partition), and that tallest run's height."""
    prefix = [0]
    for height in heights:
        prefix.append(prefix[-1] + height)
    rows = len(heights)
    best = [[math.inf] * (rows + 1) for _ in range(count + 1)]
    cut_at = [[0] * (rows + 1) for _ in range(count + 1)]
    best[0][0] = 0
    for runs in range(1, count + 1):
        for end in range(runs, rows + 1):
            for start in range(runs - 1, end - min_run + 1):
                tallest = max(best[runs - 1][start], prefix[end] - prefix[start])
                if tallest < best[runs][end]:
                    best[runs][end], cut_at[runs][end] = tallest, start
    cuts, end = [], rows
    for runs in range(count, 1, -1):
        end = cut_at[runs][end]
        cuts.append(end)
    return best[count][rows], sorted(cuts)


def greedy_pages(heights: list[int], room: int) -> list[list[int]]:
    pages, page, used = [], [], 0
    for index, height in enumerate(heights):
        if page and used + height > room:
            pages.append(page)
            page, used = [], 0
        page.append(index)
        used += height
    return pages + [page]


def column_widths(table: pd.DataFrame, total: int) -> list[int]:
    """Each column at least as wide as its longest word (dates never break) and its header's words, the rest shared
    in proportion to how much wider each column's longest text would like to be."""
    inset = 2 * TEXT_INSET
    least, wish = [], []
    for column in table.columns:
        texts = [str(column)] + list(table[column])
        words = [w for text in texts for w in text.split(" ")]
        least.append((max(text_width_pt(w, TABLE_BODY_SIZE, True) for w in words) + 1) * 12700 + inset)
        wish.append(min(max(text_width_pt(t, TABLE_BODY_SIZE) for t in texts) * 12700 + inset, total / 2))
    if sum(least) >= total:
        return [int(total * w / sum(least)) for w in least]
    spare = total - sum(least)
    extra = [max(w - m, 0) for w, m in zip(wish, least, strict=True)]
    shares = [e / sum(extra) if sum(extra) else 1 / len(extra) for e in extra]
    return [int(m + spare * s) for m, s in zip(least, shares, strict=True)]


def row_height(values: list[str], widths: list[int], size: float, bold: bool = False) -> int:
    """The height of a row whose tallest cell wraps to n lines, in EMU (cell insets included)."""
    lines = max(len(wrap_text(str(v), emu_to_pt(w - 2 * TEXT_INSET), size, bold))
                for v, w in zip(values, widths, strict=True))
    return int(Pt(lines * size * LINE_SPACING + 7.2))


def add_table(slide, table: pd.DataFrame, widths: list[int], heights: list[int]) -> None:
    """The table at the body's top; `heights` (measured, generous) only size its frame."""
    shape = slide.shapes.add_table(len(table) + 1, len(table.columns), BODY.left, BODY.top, sum(widths), sum(heights))
    grid = shape.table
    for index, width in enumerate(widths):
        grid.columns[index].width = width
    for row in grid.rows:  # a row's height is its minimum: PowerPoint and LibreOffice grow it to its text
        row.height = int(Pt(TABLE_BODY_SIZE * LINE_SPACING + 7.2))
    for col, name in enumerate(table.columns):
        fill_cell(grid.cell(0, col), str(name), TABLE_HEADER_SIZE, bold=True, fill=HEADER)
    for row, values in enumerate(table.itertuples(index=False), start=1):
        for col, value in enumerate(values):
            fill_cell(grid.cell(row, col), str(value), TABLE_BODY_SIZE)


def fill_cell(cell, text: str, size: float, bold: bool = False, fill: RGBColor | None = None) -> None:
    cell.text = text
    cell.vertical_anchor = MSO_ANCHOR.TOP
    cell.margin_left = cell.margin_right = TEXT_INSET
    if fill is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = fill
    for paragraph in cell.text_frame.paragraphs:
        paragraph.font.size = Pt(size)  # an empty cell's line is as tall as the table's text, not 18 pt
        for run in paragraph.runs:
            style_font(run.font, size, bold)
