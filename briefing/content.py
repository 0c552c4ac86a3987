"""A view's content and its controls: what every renderer reads (the page, CSV/XLSX, PNG/SVG, the deck, the HTML
map), filled once by the page builders (briefing/overview.py, province.py, compare.py, trends.py, models.py,
sources.py). A renderer reads these fields; it never looks inside another renderer's output (a figure's traces) to
find a value column, a legend or a ranking, nor asks which page it is on.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from briefing.colours import ColourScale
from briefing.links import Notice, View, ViewError, add_notice
from geo import layers
from indicators.domain.codes import DEFAULT_ADMIN_VERSION
from indicators.store.reads import Catalogue


@dataclass
class Choice:
    """A control of the view: the URL parameter, its options (codes) with labels, the value shown and the default."""

    name: str
    options: list[str]
    labels: dict[str, str]
    value: str | list[str]
    default: str | list[str]
    multiple: bool = False

    def label(self, code: str) -> str:
        return self.labels.get(code, code)


@dataclass
class Ranking:
    """One ranking of the view: its title and its rows, largest first — `code` (the place's code), `name`, `value`
    (the number its bar draws), `label` (the bar's words: 'hạng 2 · hơn 532 · 2021–2024') and `rank` (None off a
    shared scale). The ranking chart, the deck's ranking slide and the data download's ranks read these rows."""

    title: str
    rows: pd.DataFrame

    def top(self, count: int) -> pd.DataFrame:
        """The `count` largest, smallest first (a bar chart draws its first bar at the bottom)."""
        return self.rows.head(count).iloc[::-1].reset_index(drop=True)


@dataclass
class MapSpec:
    """What the view's map shows, for every renderer of it: the areas (`kind`: country, district or commune; `key`,
    the column of `places` naming each area), the colour scale with its classes and legend words, and the notes under
    the map (what the colours compare, the boundary credit)."""

    kind: str
    key: str
    scale: ColourScale
    notes: list[str] = field(default_factory=list)


@dataclass
class ViewContent:
    """Everything a view shows: words, controls, KPI numbers, places and tables, figures, notices and provenance.

    `places` holds one record per place the view compares (its value, status and the ids of the observations
    behind it, as lists); `obs` and `models` are the rows behind the view; figures are built on first use, so
    the print footer (provenance lines only) never pays for a map. `map` says what the map shows and how it is
    coloured (None on a view without one), `rankings` the view's rankings, `source_tables` each source's figures and
    models (the sources page), and the fields below them what the deck, the downloads and the HTML map need to know
    without asking which page they render.
    """

    view: View
    title: str
    filters: list[str]
    kpis: list[dict[str, str]]
    table: pd.DataFrame
    obs: pd.DataFrame
    models: pd.DataFrame
    choices: dict[str, Choice] = field(default_factory=dict)
    places: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Per observation of `obs`: on_shared_scale, why_not (words), rate_value, rate_unit (the data download's columns).
    verdicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    admin_version: str = DEFAULT_ADMIN_VERSION
    answer: str = ""
    denominator_note: str = ""  # a rate's denominator and its source, for every footer (commune rates)
    notes: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    map: MapSpec | None = None
    rankings: list[Ranking] = field(default_factory=list)
    source_tables: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    not_compared: list[str] = field(default_factory=list)  # why figures may not be set side by side, one per line
    appendix: list[str] = field(default_factory=list)  # names of `tables` a deck's appendix adds after `table`
    download: str = "figures"  # what the view's CSV holds: figures, models (the models page) or places (coverage)
    standing_link: str = ""  # the view that ranks this one's province (a province deck's ranking slide)
    no_map: str = ""  # why a view that draws a map has none here (the command line says it)
    figure_builders: dict[str, Callable[[], go.Figure | None]] = field(default_factory=dict)
    figure_errors: dict[str, str] = field(default_factory=dict)
    _figures: dict[str, go.Figure | None] = field(default_factory=dict, repr=False)

    @property
    def lang(self) -> str:
        return self.view.lang

    def figure(self, name: str) -> go.Figure | None:
        """The view's 'map' or 'chart' figure, built once; None when the view has none (or no boundary layers)."""
        if name not in self._figures:
            build = self.figure_builders.get(name)
            try:
                self._figures[name] = build() if build else None
            except layers.BoundaryLayerMissing as missing:  # exports then carry charts and tables
                self._figures[name] = None
                self.figure_errors[name] = str(missing)
        return self._figures[name]

    @property
    def map_figure(self) -> go.Figure | None:
        return self.figure("map")

    @property
    def chart_figure(self) -> go.Figure | None:
        return self.figure("chart")

    def bad_values(self) -> list[Notice]:
        return [notice for notice in self.notices if notice.kind == "bad_value"]


class ChoiceReader:
    """Reads the view's parameters against their options: an invalid value becomes the default plus a notice."""

    def __init__(self, view: View):
        self.view = view
        self.notices: list[Notice] = list(view.notices)
        self.choices: dict[str, Choice] = {}

    def one(self, name: str, options: Sequence[str], default: str, labels: dict[str, str] | Callable) -> str:
        options = list(options)
        value = self.view.get(name)
        if value and value not in options:
            add_notice(self.notices, Notice("bad_value", name, value))
            value = ""
        value = value or default
        self.choices[name] = Choice(name, options, label_map(options, labels), value, default)
        return value

    def many(self, name: str, options: Sequence[str], default: Sequence[str],
             labels: dict[str, str] | Callable) -> list[str]:
        options = list(options)
        items = self.view.get_list(name)
        bad = [item for item in items if item not in options]
        if bad:
            add_notice(self.notices, Notice("bad_value", name, ",".join(bad)))
        chosen = [item for item in dict.fromkeys(items) if item in options] or list(default)
        self.choices[name] = Choice(name, options, label_map(options, labels), chosen, list(default), multiple=True)
        return chosen

    def text(self, name: str) -> str:
        value = self.view.get(name)
        self.choices[name] = Choice(name, [], {}, value, "")
        return value


def label_map(options: list[str], labels: dict[str, str] | Callable) -> dict[str, str]:
    return {code: labels(code) for code in options} if callable(labels) else {c: labels.get(c, c) for c in options}


def strict(content: ViewContent) -> ViewContent:
    """The content, or ViewError naming the first value the link asks for that is not allowed (the CLIs' rule)."""
    bad = content.bad_values()
    if bad:
        notice = bad[0]
        raise ViewError(f"Parameter {notice.name}={notice.shown_value!r} is not valid for {content.view.page.path}")
    return content


def used_sources(obs: pd.DataFrame, models: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The catalogue rows of every source the view's figures and models cite, in first-seen order."""
    repeats = [i for ids in obs["also_source_ids"] for i in ids] if "also_source_ids" in obs else []
    ids = list(dict.fromkeys([*obs["source_id"], *repeats, *models["source_id"]]))
    return catalogue.sources.set_index("source_id").loc[ids].reset_index()
