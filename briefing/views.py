"""A view's content, computed once: what the page shows is what its image, data file, deck and print footer show.

`build_view_content(view, inputs)` dispatches to one pure function per page (briefing/overview.py, province.py,
compare.py, trends.py, models.py, sources.py). The page lays out and renders the result; the export buttons, the
command-line tools and the deck render the same result.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from briefing.inputs import ViewInputs
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
class ViewContent:
    """Everything a view shows: words, controls, KPI numbers, places and tables, figures, notices and provenance.

    `places` holds one record per place the view compares (its value, status and the ids of the observations
    behind it, as lists); `obs` and `models` are the rows behind the view; figures are built on first use, so
    the print footer (provenance lines only) never pays for a map.
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


def build_view_content(view: View, inputs: ViewInputs) -> ViewContent:
    """The content of a view: one pure function per page, the sources its rows cite."""
    from briefing import compare, models, overview, province, sources, trends

    builders = {"overview": overview.build_overview, "province": province.build_province,
                "compare": compare.build_compare, "trends": trends.build_trends, "models": models.build_models,
                "sources": sources.build_sources}
    content = builders[view.page.key](view, inputs)
    if inputs.set_aside:
        content.notices.append(Notice("rows_set_aside", "", ", ".join(inputs.set_aside)))
    content.sources = used_sources(content.obs, content.models, inputs.catalogue)
    return content
