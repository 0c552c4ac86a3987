"""Slide-ready images of a view (PNG, SVG): title, filters, legend and the provenance footer on the map or chart."""

import os
import textwrap
import threading

import plotly.graph_objects as go

from briefing.provenance import provenance_lines
from briefing.views import ViewContent

# Rendered at scale 1: a map drawn at half size and scale 2 is twice as fast but its canvas comes out blurred.
SIZES = {"16:9": (1920, 1080), "square": (1080, 1080), "slide": (1320, 560)}
FONT_FAMILY = "Noto Sans, DejaVu Sans, Arial, sans-serif"
TITLE_SIZE, FILTER_SIZE, FOOTER_SIZE, BODY_SIZE, LEGEND_SIZE = 36, 22, 16, 22, 22
_KALEIDO_LOCK = threading.Lock()


def main_figure(content: ViewContent) -> go.Figure:
    """The view's map, else its chart, else its table drawn as a figure."""
    if content.map_figure is not None:
        return content.map_figure
    if content.chart_figure is not None:
        return content.chart_figure
    return make_table_figure(content)


def make_table_figure(content: ViewContent) -> go.Figure:
    """The view's table as a plotly table, for views without a map or chart (models, sources)."""
    table = content.table.astype(str)
    return go.Figure(go.Table(
        header={"values": [f"<b>{c}</b>" for c in table.columns], "fill_color": "#dbe7f3", "align": "left",
                "font": {"size": BODY_SIZE}},
        cells={"values": [table[c] for c in table.columns], "align": "left", "font": {"size": BODY_SIZE - 2},
               "height": 30},
    ))


def wrap_lines(lines: list[str], width_px: int, font_px: int) -> list[str]:
    """Wrap each line to about the number of characters that fit the width at that font size."""
    limit = max(40, int(width_px / (font_px * 0.52)))
    return [part for line in lines for part in textwrap.wrap(line, limit) or [""]]


def make_snapshot_figure(content: ViewContent, size: str = "16:9", figure: go.Figure | None = None,
                         captions: bool = True) -> go.Figure:
    """A copy of the view's main figure sized for export, with title, filters in words and the footer.

    Without captions (a deck picture, whose slide carries title and footer as text) only the figure is restyled.
    """
    width, height = SIZES[size]
    fig = go.Figure(figure if figure is not None else main_figure(content))
    is_map = any(trace.type == "choropleth" for trace in fig.data)
    titles = wrap_lines([content.title], width - 80, TITLE_SIZE) if captions else []
    filters = wrap_lines([" · ".join(content.filters)], width - 80, FILTER_SIZE) if captions else []
    footer = wrap_lines(provenance_lines(content, short=True), width - 60, FOOTER_SIZE) if captions else []
    title_height, filter_height = 46 * len(titles), 30 * len(filters)
    # A map's legend takes a row above it; a chart needs room for subplot titles above and tick labels below.
    top = (44 if captions else 0) + title_height + filter_height + (80 if is_map else 64)  # map legend: two rows
    footer_height = 22 * len(footer)
    bottom = (30 if captions else 10) + footer_height + (0 if is_map else 70)
    fig.update_layout(
        width=width, height=height, title={"text": ""}, font={"family": FONT_FAMILY, "size": BODY_SIZE},
        margin={"l": 40, "r": 40, "t": top, "b": bottom}, paper_bgcolor="white",
        legend={"orientation": "h", "x": 0.0, "y": 1.0, "xanchor": "left", "yanchor": "bottom",
                "font": {"size": LEGEND_SIZE}, "bgcolor": "white"},
    )
    fig.update_xaxes(tickformat="%m/%Y", selector={"type": "date"})
    fig.update_annotations(font={"size": BODY_SIZE})
    if captions:
        add_text(fig, "<br>".join(titles), y=1, yshift=top - 20, size=TITLE_SIZE, colour="#111", bold=True)
        add_text(fig, "<br>".join(filters), y=1, yshift=top - 28 - title_height, size=FILTER_SIZE, colour="#333")
        add_text(fig, "<br>".join(footer), y=0, yshift=footer_height + 20 - bottom, size=FOOTER_SIZE, colour="#444")
    if is_map:
        enlarge_map_text(fig)
    return fig


def add_text(fig: go.Figure, text: str, *, y: float, yshift: int, size: int, colour: str, bold: bool = False) -> None:
    """A left-aligned block whose top edge sits `yshift` pixels above the top (y=1) or bottom (y=0) of the plot."""
    fig.add_annotation(
        text=f"<b>{text}</b>" if bold else text, xref="paper", yref="paper", x=0, y=y, xanchor="left",
        yanchor="top", yshift=yshift, showarrow=False, align="left",
        font={"size": size, "color": colour, "family": FONT_FAMILY},
    )


def enlarge_map_text(fig: go.Figure) -> None:
    """Colour bar and map labels in large type for a slide (the geo view fits any canvas by itself)."""
    fig.update_traces(colorbar={"len": 0.6, "thickness": 24, "tickfont": {"size": LEGEND_SIZE}, "x": 0.98,
                                "title": {"font": {"size": LEGEND_SIZE}}},
                      selector={"type": "choropleth", "showscale": True})
    fig.update_traces(textfont={"size": 18}, selector={"type": "scattergeo"})
    fig.update_annotations(font={"size": 15}, selector={"xanchor": "right"})


def ensure_kaleido_server() -> None:
    """Start kaleido's sync server (one system Chromium per process) on first use."""
    import kaleido

    os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")
    # MathJax would otherwise be fetched from a CDN; nothing here is LaTeX.
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def stop_kaleido_server() -> None:
    """Close the shared Chromium before the process exits (a CLI), so its profile folder is removed cleanly."""
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)


def render_image(fig: go.Figure, fmt: str = "png", width: int | None = None, height: int | None = None,
                 scale: float = 1) -> bytes:
    """PNG or SVG bytes of a figure, rendered by kaleido; one render at a time through the shared server."""
    import kaleido

    opts = {"format": fmt, "width": width or fig.layout.width, "height": height or fig.layout.height, "scale": scale}
    with _KALEIDO_LOCK:
        ensure_kaleido_server()
        return kaleido.calc_fig_sync(fig, opts=opts)
