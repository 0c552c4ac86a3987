"""Pure chart builders: ranked bars, reporting-window timelines and small multiples, each with provenance hovers."""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from briefing.content import Ranking
from briefing.hover import HOVER_FIELDS, hover_customdata, hover_template
from briefing.i18n import translate
from briefing.maps import SEPARATORS
from briefing.places import describe_observations
from briefing.ranking import bar_texts
from indicators.domain.comparability import STATUS_NONE, STATUS_SHARED

# White labels inside the bars and near-black ones after them both keep WCAG AA contrast (5.1:1 and 17:1) on a
# projector; the lighter #3182bd gave white text 4.1:1 and plotly's grey outside labels 3.6:1.
BAR_COLOUR, INSIDE_LABEL_COLOUR, OUTSIDE_LABEL_COLOUR = "#2171b5", "#ffffff", "#1a1a1a"
# Okabe–Ito, colour-blind safe, for one line per province.
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def _base_layout(title: str, lang: str, height: int) -> dict:
    return {
        "title": {"text": title, "x": 0.01, "font": {"size": 18}},
        "separators": SEPARATORS[lang],
        "height": height,
        "margin": {"l": 8, "r": 16, "t": 56, "b": 40},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"size": 14},
        "hoverlabel": {"align": "left"},  # a wrapped tooltip reads from the left, wherever plotly puts it
    }


# Pixels per ranked bar: 15 bars and their title fit beside the map under the KPI cards of a 1280×720 projector.
RANKING_BAR_PX = 28


def make_ranked_bar_figure(places: pd.DataFrame, ranking: Ranking, *, lang: str = "vi", top: int = 15) -> go.Figure:
    """Horizontal bars of the view's ranking rows (briefing/ranking.py: the values on the shared scale, labelled
    'hạng 2 · hơn 532 · 2021–2024'), the largest `top`, largest at the top; each bar's tooltip is its place's."""
    rows = ranking.top(top)
    ranked = places.set_index("province_code").loc[list(rows["code"])].reset_index()
    fig = go.Figure(_ranked_bars(rows["value"], rows["name"], list(rows["label"]), ranked, lang))
    fig.update_layout(_base_layout(ranking.title, lang, max(220, 60 + RANKING_BAR_PX * len(ranked))))
    fig.update_xaxes(showgrid=True, gridcolor="#eee", tickformat=",d", range=label_room(fig.data[0]))
    fig.update_traces(textposition=label_positions(fig.data[0], fig.layout.xaxis.range[1]))
    fig.update_yaxes(automargin=True, ticksuffix=" ")
    return fig


def _ranked_bars(values, names, texts: list[str], hover_rows: pd.DataFrame, lang: str) -> go.Bar:
    """Each label at the end of its bar, after it (or inside a bar long enough to hold it: label_positions), at its
    own type size (plotly would shrink it to the bar's thickness)."""
    return go.Bar(
        x=values, y=names, orientation="h", marker_color=BAR_COLOUR, text=texts, textposition="outside",
        cliponaxis=False, constraintext="none", insidetextanchor="end", insidetextfont={"color": INSIDE_LABEL_COLOUR},
        outsidetextfont={"color": OUTSIDE_LABEL_COLOUR},
        customdata=hover_customdata(hover_rows, "province_name"), hovertemplate=hover_template(lang),
    )


# A plot area about this many characters wide (a 500 px chart at 14 px, less the names): the room left after the
# longest bar for its label. The page refits the range to the labels it drew (components/layout.py CHART_FIT_JS).
PLOT_WIDTH_CHARS, MAX_LABEL_SHARE = 44, 0.7


HEADROOM = 1.06  # the axis past the longest bar: a little room, not twice the data (0–800 for 339)


def label_room(bars: go.Bar, plot_chars: int = PLOT_WIDTH_CHARS) -> list[float]:
    """An x range a little past the longest bar, wide enough for each label that must stand after its bar (a bar of
    value v whose label takes a share s of the plot ends at v / (1 - s) of the range); a label that fits inside its
    bar stays there (label_positions)."""
    values = [float(v) for v in bars.x]
    if not values:
        return [0, 1]
    top = max(max(values) * HEADROOM, 1)
    for _ in range(3):  # a wider range shortens the bars: a label may no longer fit inside its own
        outside = [v / (1 - share) for v, share, position in zip(values, label_shares(bars, plot_chars),
                                                                 label_positions(bars, top, plot_chars),
                                                                 strict=True) if position == "outside"]
        wider = max([top, *outside])
        if wider == top:
            break
        top = wider
    return [0, top]


def label_shares(bars: go.Bar, plot_chars: int = PLOT_WIDTH_CHARS) -> list[float]:
    """The share of the plot's width each bar's label takes (estimated from its characters)."""
    return [min(MAX_LABEL_SHARE, (len(str(text)) + 2) / plot_chars) for text in bars.text]


def label_positions(bars: go.Bar, top: float, plot_chars: int = PLOT_WIDTH_CHARS) -> list[str]:
    """'inside' for a bar whose label fits within it on an axis ending at `top`, else 'outside' (the page moves a
    label that does not fit after all: components/layout.py CHART_FIT_JS)."""
    return ["inside" if float(v) / top - 0.02 >= share else "outside"
            for v, share in zip(bars.x, label_shares(bars, plot_chars), strict=True)]


# Series whose largest values differ by more than this factor go to separate panels, at most MAX_PANELS.
PANEL_GAP, MAX_PANELS, PANEL_PX = 5, 3, 200
# Title, legend and margins of the trends chart: one panel and its years fit a 1440×900 screen below the controls.
TRENDS_BASE_PX = 220


def make_window_figure(
    obs: pd.DataFrame, *, unit: str, title: str, lang: str = "vi", y_column: str = "value", y_title: str = ""
) -> go.Figure:
    """Each value drawn as a segment over its own reporting window: a 3-year total is not a yearly value. Series of
    very different sizes (50.000 honours at every level beside 49 of the province's own) get panels of their own,
    each on a linear scale from zero, so a small series is neither flattened nor read off a log axis. Money is drawn
    in triệu đồng (million)."""
    dated = obs[(obs["period_start"] != "") & (obs["period_end"] != "") & obs[y_column].notna()]
    hover = hover_customdata(describe_observations(dated, lang), "series").tolist()
    scale, axis_title = axis_scale(unit, y_title, lang)
    starts, ends, values = dated["period_start"].tolist(), dated["period_end"].tolist(), dated[y_column].tolist()
    of_series: dict[str, list[int]] = {}
    for position, series in enumerate(dated["series"].tolist()):
        of_series.setdefault(series, []).append(position)
    panel_of = magnitude_panels(dated.groupby("series")[y_column].max().astype(float) / scale)
    panels = max(panel_of.values(), default=0) + 1
    names = {panel: ", ".join(sorted(p for p, n in panel_of.items() if n == panel)) for panel in range(panels)}
    fig = make_subplots(rows=panels, cols=1, shared_xaxes=True, vertical_spacing=0.12 if panels > 1 else 0,
                        subplot_titles=[names[panels - row] for row in range(1, panels + 1)] if panels > 1 else None)
    gap = [None] * len(HOVER_FIELDS)
    for index, place in enumerate(sorted(of_series)):
        # One trace per series (one legend entry, one line a leader follows), each window its own segment.
        rows = sorted(of_series[place], key=lambda p: (starts[p], ends[p]))
        fig.add_trace(go.Scatter(
            x=[x for p in rows for x in (starts[p], ends[p], None)],
            y=[y for p in rows for y in (values[p] / scale,) * 2 + (None,)],
            customdata=[c for p in rows for c in (hover[p],) * 2 + (gap,)],
            mode="lines+markers", line={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 6},
            marker={"size": 9}, name=place, hovertemplate=hover_template(lang),
        ), row=panels - panel_of[place], col=1)
    # The legend at the foot of the figure, below the years (placed under the plot, larger projector type put it over
    # them): a legend placed on the container pushes the plot up by its own height. Every panel shows its years.
    fig.update_layout(_base_layout(title, lang, TRENDS_BASE_PX + PANEL_PX * panels),
                      legend={"orientation": "h", "x": 0, "xanchor": "left", "yref": "container", "y": 0,
                              "yanchor": "bottom"})
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#eee", showticklabels=True)
    fig.update_yaxes(showgrid=True, gridcolor="#eee", tickformat=",", rangemode="tozero")
    fig.update_yaxes(title=axis_title, row=(panels + 1) // 2, col=1)
    return fig


def magnitude_panels(largest: pd.Series) -> dict[str, int]:
    """Panel of each series, 0 for the smallest values: a new panel where the next series' largest value is more
    than PANEL_GAP times the previous one (at most MAX_PANELS, the widest gaps first)."""
    ordered = largest.sort_values()
    ratios = (ordered / ordered.shift(1)).iloc[1:]
    cuts = set(ratios[ratios > PANEL_GAP].nlargest(MAX_PANELS - 1).index)
    panel, panels = 0, {}
    for name in ordered.index:
        panel += name in cuts
        panels[name] = panel
    return panels


def axis_scale(unit: str, y_title: str, lang: str) -> tuple[float, str]:
    """(divisor, axis title): money in triệu đồng, other units as they are."""
    if unit == "vnd":
        return 1e6, " · ".join(filter(None, [y_title, translate("axis_million_vnd", lang)]))
    return 1, y_title


# Pixels per bar and around each panel of the comparison.
COMPARE_BAR_PX, COMPARE_PANEL_PX = 34, 90


# The comparison's panels span the page (about 72 characters of 14 px at 1280 px): a 500 px chart's room for labels
# ran its axis to twice the largest bar (0–710 for 339).
COMPARE_PLOT_CHARS = 72


def make_small_multiples_figure(
    table: pd.DataFrame, *, indicator_titles: dict[str, str], lang: str = "vi"
) -> go.Figure:
    """One panel of ranked bars per indicator over the chosen provinces, only the values on the shared scale; the
    figures of other scopes, phases or levels stay in the comparison table with their scope (written on the chart
    they piled into a smear). The panels grow with their number of bars."""
    indicators = list(indicator_titles)
    panels = {i: table[(table["indicator"] == i) & (table["status"] == STATUS_SHARED)].sort_values("value")
              for i in indicators}
    others = {i: int((table["indicator"] == i).sum() - len(panels[i]) - ((table["indicator"] == i) &
                                                                          (table["status"] == STATUS_NONE)).sum())
              for i in indicators}
    rows = [max(len(panels[i]), 1) for i in indicators]
    height = sum(COMPARE_BAR_PX * n + COMPARE_PANEL_PX for n in rows) + 20
    # The indicator on one line, its counts on the next: on one line the counts ran past a 1280 px screen's edge.
    titles = [f"<b>{indicator_titles[i]}</b><br>" + translate("compare_panel_counts", lang, shared=len(panels[i]),
                                                              other=others[i]) for i in indicators]
    fig = make_subplots(rows=len(indicators), cols=1, subplot_titles=titles, row_heights=rows,
                        vertical_spacing=COMPARE_PANEL_PX / height if len(indicators) > 1 else 0)
    for row, indicator in enumerate(indicators, start=1):
        panel = panels[indicator]
        bars = _ranked_bars(panel["value"], panel["province_name"], bar_texts(panel), panel, lang)
        x_range = label_room(bars, COMPARE_PLOT_CHARS)
        fig.add_trace(bars.update(showlegend=False, textposition=label_positions(bars, x_range[1], COMPARE_PLOT_CHARS)),
                      row=row, col=1)
        fig.update_xaxes(range=x_range, row=row, col=1)
    fig.update_layout(_base_layout("", lang, height))
    fig.update_layout(margin={"t": 48})
    fig.update_xaxes(showgrid=True, gridcolor="#eee", tickformat=",d")
    fig.update_yaxes(automargin=True)
    return fig
