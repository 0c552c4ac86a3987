"""A 16:9 PowerPoint deck of a view: cover, KPIs, map, chart, table pages and sources, each slide with its sources."""

import io
from datetime import date

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from briefing.i18n import translate
from briefing.images import make_snapshot_figure, render_image
from briefing.provenance import provenance_lines
from briefing.sources import source_table
from briefing.views import ViewContent

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP, BODY_HEIGHT = Inches(1.25), Inches(5.25)
FOOTER_TOP = Inches(6.6)
FONT = "Noto Sans"
INK, MUTED, ACCENT, CARD = RGBColor(0x11, 0x11, 0x11), RGBColor(0x44, 0x44, 0x44), RGBColor(0x08, 0x30, 0x6B), \
    RGBColor(0xEE, 0xF3, 0xF9)
ROWS_PER_SLIDE = 6
BLANK_LAYOUT = 6


def build_deck(content: ViewContent, today: date | None = None) -> bytes:
    """The .pptx bytes: cover, KPIs, map and chart pictures (when the view has them), table pages, sources."""
    today = today or date.today()
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    footer = provenance_lines(content, today, short=True)
    add_cover_slide(deck, content, today, footer)
    add_kpi_slide(deck, content, footer)
    for figure in (content.map_figure, content.chart_figure):
        if figure is not None:
            add_picture_slide(deck, content, figure, footer)
    add_table_slides(deck, content.title, content.table, footer)
    add_table_slides(deck, translate("deck_sources", content.lang),
                     source_table(content.sources, content.obs, content.models, content.lang), footer)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def new_slide(deck, title: str, footer: list[str], title_size: int = 26):
    """A blank slide with its title and the 'Nguồn: …' footer as editable text."""
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])
    add_text(slide, [title], MARGIN, Inches(0.35), SLIDE_WIDTH - 2 * MARGIN, Inches(0.8), title_size, bold=True)
    add_text(slide, footer, MARGIN, FOOTER_TOP, SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - FOOTER_TOP - Inches(0.1),
             10, colour=MUTED, name="Footer")
    return slide


def add_text(slide, lines: list[str], left, top, width, height, size: int, bold: bool = False,
             colour: RGBColor = INK, align=PP_ALIGN.LEFT, name: str = ""):
    """A word-wrapped text box, one paragraph per line."""
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        style_font(run.font, size, bold, colour)
    return box


def style_font(font, size: int, bold: bool = False, colour: RGBColor = INK) -> None:
    font.size, font.bold, font.name = Pt(size), bold, FONT
    font.color.rgb = colour


def add_cover_slide(deck, content: ViewContent, today: date, footer: list[str]) -> None:
    lang = content.lang
    slide = new_slide(deck, translate("deck_app", lang), footer, title_size=18)
    add_text(slide, [content.title], MARGIN, Inches(2.0), SLIDE_WIDTH - 2 * MARGIN, Inches(1.6), 40, bold=True,
             colour=ACCENT)
    add_text(slide, content.filters, MARGIN, Inches(3.8), SLIDE_WIDTH - 2 * MARGIN, Inches(1.4), 18, colour=MUTED)
    version = translate(f"version_{content.admin_version}", lang)
    add_text(slide, [translate("deck_cover_line", lang, today=today.strftime("%d/%m/%Y"), version=version)],
             MARGIN, Inches(5.4), SLIDE_WIDTH - 2 * MARGIN, Inches(0.6), 18, bold=True)


def add_kpi_slide(deck, content: ViewContent, footer: list[str]) -> None:
    """Up to four cards: label, the number large, and its detail."""
    slide = new_slide(deck, translate("deck_kpis", content.lang), footer)
    kpis = content.kpis[:4]
    gap = Inches(0.3)
    width = Emu(int((SLIDE_WIDTH - 2 * MARGIN - gap * (len(kpis) - 1)) / max(len(kpis), 1)))
    for index, kpi in enumerate(kpis):
        left = Emu(int(MARGIN + index * (width + gap)))
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, Inches(1.9), width, Inches(3.2))
        card.fill.solid()
        card.fill.fore_color.rgb = CARD
        card.line.fill.background()
        card.shadow.inherit = False
        inner = Emu(int(width - Inches(0.4)))
        add_text(slide, [kpi["label"]], left + Inches(0.2), Inches(2.1), inner, Inches(0.8), 18, colour=MUTED)
        add_text(slide, [kpi["value"]], left + Inches(0.2), Inches(2.9), inner, Inches(1.1), 34, bold=True,
                 colour=ACCENT)
        if kpi.get("detail"):
            add_text(slide, [kpi["detail"]], left + Inches(0.2), Inches(4.1), inner, Inches(0.9), 14, colour=MUTED)


def add_picture_slide(deck, content: ViewContent, figure, footer: list[str]) -> None:
    """The map or chart as a picture rendered for the slide's body area; the title stays text."""
    slide = new_slide(deck, content.title, footer)
    image = render_image(make_snapshot_figure(content, "slide", figure=figure, captions=False))
    slide.shapes.add_picture(io.BytesIO(image), MARGIN, BODY_TOP, width=SLIDE_WIDTH - 2 * MARGIN)


def add_table_slides(deck, title: str, table: pd.DataFrame, footer: list[str]) -> None:
    """A real PowerPoint table, split over as many slides as it needs."""
    pages = [table.iloc[start:start + ROWS_PER_SLIDE] for start in range(0, len(table), ROWS_PER_SLIDE)] or [table]
    for number, page in enumerate(pages, start=1):
        slide_title = title if len(pages) == 1 else f"{title} ({number}/{len(pages)})"
        add_table(new_slide(deck, slide_title, footer), page)


def add_table(slide, table: pd.DataFrame) -> None:
    columns = list(table.columns) or [""]
    shape = slide.shapes.add_table(len(table) + 1, len(columns), MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN,
                                   Inches(0.4) * (len(table) + 1))
    grid = shape.table
    for index, width in enumerate(column_widths(table, SLIDE_WIDTH - 2 * MARGIN)):
        grid.columns[index].width = width
    for col, name in enumerate(columns):
        fill_cell(grid.cell(0, col), str(name), 14, bold=True)
    for row, values in enumerate(table.itertuples(index=False), start=1):
        for col, value in enumerate(values):
            fill_cell(grid.cell(row, col), "" if pd.isna(value) else str(value), 12)


def column_widths(table: pd.DataFrame, total: int) -> list[Emu]:
    """Widths proportional to each column's longest text, between 12 and 40 characters."""
    lengths = [min(max([len(str(c))] + [len(str(v)) for v in table[c]]), 40) for c in table.columns]
    lengths = [max(length, 12) for length in lengths] or [1]
    return [Emu(int(total * length / sum(lengths))) for length in lengths]


def fill_cell(cell, text: str, size: int, bold: bool = False) -> None:
    cell.text = text
    cell.vertical_anchor = MSO_ANCHOR.TOP
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            style_font(run.font, size, bold)
