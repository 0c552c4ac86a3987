"""Slide-ready images of a view (PNG, SVG): title, filters, legend and the provenance footer on the map or chart."""

import math
import os
import textwrap
import threading

import plotly.graph_objects as go

from briefing.answers import short_name
from briefing.content import ViewContent
from briefing.formatting import format_number
from briefing.maps import MAP_CAPTION, MAP_CREDIT, short_district_name, value_label_trace
from briefing.provenance import provenance_lines

# Rendered at scale 1: a map drawn at half size and scale 2 is twice as fast but its canvas comes out blurred.
SIZES = {"16:9": (1920, 1080), "square": (1080, 1080), "slide": (1320, 560)}
FONT_FAMILY = "Noto Sans, DejaVu Sans, Arial, sans-serif"
TITLE_SIZE, FILTER_SIZE, FOOTER_SIZE, BODY_SIZE, LEGEND_SIZE = 36, 22, 16, 22, 22
MAP_LABEL_SIZE, DISTRICT_LABEL_SIZE, VALUE_LABEL_SIZE, NOTE_SIZE = 18, 15, 18, 18
# A map's side panel (inset, colour bar, legend, caption, credit) beside the map, which takes the picture's height.
SIDE_MIN, SIDE_MAX, SIDE_GAP = 300, 520, 36
SHORT_LABEL_CHARS = 12  # a place label longer than this ('9 số liệu · 0 mô hình · 2 nguồn') gives way to its number
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
    # A map's legend stands beside it; a chart needs room for its legend and subplot titles above, ticks below.
    top = (44 if captions else 0) + title_height + filter_height + (16 if is_map else 64)
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
        arrange_map(fig, content, width - 80, height - top - bottom)
    return fig


def add_text(fig: go.Figure, text: str, *, y: float, yshift: int, size: int, colour: str, bold: bool = False) -> None:
    """A left-aligned block whose top edge sits `yshift` pixels above the top (y=1) or bottom (y=0) of the plot."""
    fig.add_annotation(
        text=f"<b>{text}</b>" if bold else text, xref="paper", yref="paper", x=0, y=y, xanchor="left",
        yanchor="top", yshift=yshift, showarrow=False, align="left",
        font={"size": size, "color": colour, "family": FONT_FAMILY},
    )


def arrange_map(fig: go.Figure, content: ViewContent, plot_width: int, plot_height: int) -> None:
    """The map as tall as the picture allows, and beside it a panel in large type: the archipelago inset of a
    district map, the colour bar (a short title), the legend, the caption and the boundary credit; the value of
    every province on the shared scale is written on it. Map and panel are centred together."""
    aspect = mercator_aspect(fig.layout.geo)
    side = min(max(plot_width - plot_height * aspect - SIDE_GAP, SIDE_MIN), SIDE_MAX)
    map_width = min(plot_height * aspect, plot_width - side - SIDE_GAP)
    left = (plot_width - map_width - SIDE_GAP - side) / 2
    fig.update_layout(geo_domain={"x": [left / plot_width, (left + map_width) / plot_width], "y": [0, 1]})
    # Archipelago names large; district names a little smaller (their places were chosen not to collide at the
    # page's size).
    fig.for_each_trace(lambda trace: trace.update(textfont={"size": MAP_LABEL_SIZE if "lines" in trace.mode
                                                            else DISTRICT_LABEL_SIZE}), selector={"type": "scattergeo"})
    panel = SidePanel(fig, left + map_width + SIDE_GAP, side, plot_width, plot_height)
    panel.place_inset()
    panel.place_colour_bar()
    panel.place_legend()
    panel.place_notes()
    px_per_degree = map_width / abs(fig.layout.geo.lonaxis.range[1] - fig.layout.geo.lonaxis.range[0])
    labels = value_label_trace(fig, value_texts(content), px_per_degree, VALUE_LABEL_SIZE)
    if labels is not None:
        fig.add_trace(labels)


def mercator_aspect(geo) -> float:
    """Width over height of a mercator geo view showing its lon/lat ranges (plotly fits them keeping this ratio)."""
    (west, east), (south, north) = geo.lonaxis.range, geo.lataxis.range

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    return math.radians(east - west) / (y(north) - y(south))


def map_name(name: str) -> str:
    """'Thành phố Hồ Chí Minh' → 'TP. Hồ Chí Minh', 'Tỉnh Hà Tĩnh' → 'Hà Tĩnh': a name short enough for the map."""
    return short_district_name(short_name(name))


def value_texts(content: ViewContent, names: bool = False) -> dict[str, str]:
    """Per area on the map's shared scale, the words written on it: its label ('hơn 532') when short, else the number
    its colour shows (a rate, a count of figures); with `names`, its short name above ('Hà Tĩnh<br>42')."""
    scale = content.map.scale if content.map is not None else None
    if scale is None or scale.shared is None or "province_code" not in content.places:
        return {}
    shared = content.places[content.places["status"] == scale.shared.status]
    texts = {code: label if label and len(label) <= SHORT_LABEL_CHARS else format_number(value, content.lang)
             for code, label, value in zip(shared["province_code"], shared["label"], shared[scale.column],
                                           strict=True)}
    if names:
        named = dict(zip(shared["province_code"], shared["province_name"].map(map_name), strict=True))
        return {code: f"{named[code]}<br>{text}" for code, text in texts.items()}
    return texts


class SidePanel:
    """Stacks the parts of a map's side panel from the top of the plot area (positions in pixels of that area)."""

    def __init__(self, fig: go.Figure, left: float, width: float, plot_width: int, plot_height: int):
        self.fig, self.left, self.width = fig, left, width
        self.plot_width, self.plot_height = plot_width, plot_height
        self.top = 0.0  # pixels from the top of the plot area already used

    def x(self, pixels: float) -> float:
        return pixels / self.plot_width

    def y(self, pixels_from_top: float) -> float:
        return 1 - pixels_from_top / self.plot_height

    def place_inset(self) -> None:
        """A district map's archipelago inset at the top of the panel, framed as on the page."""
        inset = getattr(self.fig.layout, "geo2", None)
        if inset is None:
            return
        aspect = mercator_aspect(inset)
        height = min(self.width / aspect, 0.45 * self.plot_height)
        width = height * aspect
        x = [self.x(self.left), self.x(self.left + width)]
        y = [self.y(height), self.y(0)]
        self.fig.update_layout(geo2_domain={"x": x, "y": y}, shapes=[{
            "type": "rect", "xref": "paper", "yref": "paper", "x0": x[0], "x1": x[1], "y0": y[0], "y1": y[1],
            "line": {"color": "#555", "width": 1.5}}])
        self.top += height + 28

    def place_colour_bar(self) -> None:
        bars = [t for t in self.fig.data if t.type == "choropleth" and t.showscale]
        if not bars:
            return
        length = min(0.42 * self.plot_height, 340)
        self.fig.update_traces(colorbar={
            "x": self.x(self.left), "xanchor": "left", "y": self.y(self.top), "yanchor": "top",
            "lenmode": "pixels", "len": length, "thickness": 28, "tickfont": {"size": LEGEND_SIZE},
            "title": {"side": "top", "font": {"size": LEGEND_SIZE}}}, selector={"showscale": True})
        self.top += length + 2 * LEGEND_SIZE + 24

    def place_legend(self) -> None:
        entries = sum(1 for t in self.fig.data if t.showlegend)
        self.fig.update_layout(legend={"orientation": "v", "x": self.x(self.left - 8), "y": self.y(self.top),
                                       "xanchor": "left", "yanchor": "top", "font": {"size": LEGEND_SIZE}})
        self.top += entries * (LEGEND_SIZE + 14) + 20

    def place_notes(self) -> None:
        """The caption under the legend, the boundary credit at the bottom of the panel, wrapped to its width."""
        chars = max(20, int(self.width / (NOTE_SIZE * 0.55)))

        def wrapped(annotation) -> str:
            return "<br>".join(textwrap.wrap(annotation.text.replace("<br>", " "), chars))

        self.fig.for_each_annotation(lambda a: a.update(
            text=wrapped(a), x=self.x(self.left), y=self.y(self.top), yanchor="top", yshift=0,
            font={"size": NOTE_SIZE, "color": "#333"}), selector={"name": MAP_CAPTION})
        self.fig.for_each_annotation(lambda a: a.update(
            text=wrapped(a), x=self.x(self.left), y=0, yanchor="bottom", yshift=0,
            font={"size": NOTE_SIZE - 2, "color": "#555"}), selector={"name": MAP_CREDIT})


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
