"""Pure chart builders: ranked bars, reporting-window timelines and small multiples, each with provenance hovers."""

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from briefing.hover import hover_customdata, hover_template
from briefing.i18n import translate
from briefing.maps import SEPARATORS
from briefing.places import describe_observations
from indicators.comparability import STATUS_OTHER, STATUS_SHARED

BAR_COLOUR = "#3182bd"
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
    }


def make_ranked_bar_figure(places: pd.DataFrame, *, title: str, lang: str = "vi", top: int = 15,
                           value_column: str = "value", label_column: str = "label") -> go.Figure:
    """Horizontal bars of the values on the shared scale, largest first, labelled 'hơn 532 · 2021–2024' (the period on
    each bar: the values of one phase may still cover different windows)."""
    ranked = places[places["status"] == STATUS_SHARED].sort_values(value_column, ascending=True).tail(top)
    texts = [f"{label} · {period}" if period else label
             for label, period in zip(ranked[label_column], ranked["period"], strict=True)]
    fig = go.Figure(go.Bar(
        x=ranked[value_column], y=ranked["province_name"], orientation="h", marker_color=BAR_COLOUR,
        text=texts, textposition="auto", cliponaxis=False,
        customdata=hover_customdata(ranked, "province_name"), hovertemplate=hover_template(lang),
    ))
    fig.update_layout(_base_layout(title, lang, max(260, 60 + 38 * len(ranked))))
    fig.update_xaxes(showgrid=True, gridcolor="#eee", tickformat=",d", rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return fig


def make_window_figure(
    obs: pd.DataFrame, *, unit: str, title: str, lang: str = "vi", y_column: str = "value", y_title: str = ""
) -> go.Figure:
    """Each value drawn as a segment over its own reporting window: a 3-year total is not a yearly value. Money is
    drawn in triệu đồng (million), on a log scale when the series span more than a hundredfold, so a small fund is not
    flattened to zero beside a large one."""
    fig = go.Figure()
    dated = obs[(obs["period_start"] != "") & (obs["period_end"] != "") & obs[y_column].notna()]
    hover = pd.DataFrame(hover_customdata(describe_observations(dated, lang), "series"), index=dated.index)
    scale, axis_title = axis_scale(unit, y_title, lang)
    for index, (place, rows) in enumerate(dated.groupby("series", sort=True)):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        for row_index, row in rows.iterrows():
            fig.add_trace(go.Scatter(
                x=[row["period_start"], row["period_end"]], y=[row[y_column] / scale] * 2, mode="lines+markers",
                line={"color": colour, "width": 6}, marker={"size": 9}, name=place, legendgroup=place,
                showlegend=bool(row_index == rows.index[0]),
                customdata=[hover.loc[row_index].to_list()] * 2, hovertemplate=hover_template(lang),
            ))
    fig.update_layout(_base_layout(title, lang, 460), legend={"orientation": "h", "y": -0.15})
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#eee")
    values = dated[y_column].astype(float) / scale
    spread = values[values > 0].max() / values[values > 0].min() if (values > 0).any() else 1
    fig.update_yaxes(title=axis_title, showgrid=True, gridcolor="#eee", tickformat=",",
                     **({"type": "log"} if spread > 100 else {"rangemode": "tozero"}))
    return fig


def axis_scale(unit: str, y_title: str, lang: str) -> tuple[float, str]:
    """(divisor, axis title): money in triệu đồng, other units as they are."""
    if unit == "vnd":
        return 1e6, " · ".join(filter(None, [y_title, translate("axis_million_vnd", lang)]))
    return 1, y_title


def _other_values_text(rows: pd.DataFrame, lang: str) -> go.Scatter:
    """Where a province's bar would be: its figures that may not share the scale (another scope, phase or level),
    in words with the reason; a bar would put them on the scale, and an empty place would read as no data."""
    labels = ["<br>".join(row.label.split("; ")) + f"<br><i>{row.why_not_words}</i>" for row in rows.itertuples()]
    return go.Scatter(
        x=rows["province_name"], y=[0] * len(rows), mode="text", text=labels, textposition="top center",
        showlegend=False, cliponaxis=False,
        customdata=hover_customdata(rows, "province_name"), hovertemplate=hover_template(lang),
    )


def make_small_multiples_figure(
    table: pd.DataFrame, *, indicator_titles: dict[str, str], lang: str = "vi"
) -> go.Figure:
    """One bar panel per indicator over the chosen provinces: bars for values on the shared scale, the others
    written where their bar would be."""
    indicators = list(indicator_titles)
    fig = make_subplots(rows=len(indicators), cols=1, subplot_titles=[indicator_titles[i] for i in indicators],
                        vertical_spacing=0.12 if len(indicators) > 1 else 0.2)
    for row, indicator in enumerate(indicators, start=1):
        rows = table[table["indicator"] == indicator]
        shared = rows["status"] == STATUS_SHARED
        fig.add_trace(go.Bar(
            x=rows["province_name"], y=rows["value"].where(shared), marker_color=BAR_COLOUR,
            text=rows["label"].where(shared, ""), textposition="outside", cliponaxis=False, showlegend=False,
            customdata=hover_customdata(rows, "province_name"), hovertemplate=hover_template(lang),
        ), row=row, col=1)
        others = rows[rows["status"] == STATUS_OTHER]
        if len(others):
            fig.add_trace(_other_values_text(others, lang), row=row, col=1)
    fig.update_layout(_base_layout("", lang, 120 + 260 * len(indicators)))
    fig.update_yaxes(rangemode="tozero", showgrid=True, gridcolor="#eee")
    return fig
