"""A view's content, computed once: what the page shows is what its image, data file, deck and print footer show.

`build_view_content(view, inputs)` dispatches to one pure function per page (briefing/overview.py, province.py,
compare.py, trends.py, models.py, sources.py). The page lays out and renders the result; the export buttons, the
command-line tools and the deck render the same result.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial

import pandas as pd
import plotly.graph_objects as go

from briefing.links import Notice, View, ViewError, add_notice
from briefing.places import with_place_names
from geo import layers
from indicators.domain.codes import ADMIN_VERSIONS, DEFAULT_ADMIN_VERSION
from indicators.domain.gazetteer import Gazetteer, load_crosswalk, load_gazetteer
from indicators.domain.place_codes import set_aside_unknown_places
from indicators.domain.place_search import PlaceSearch
from indicators.domain.queries import ProvinceFrame, make_province_frame, observations_with_titles
from indicators.domain.tables import Dataset
from indicators.store.published import load_published_dataset, open_store


@dataclass
class ViewInputs:
    """What a view is built from; the app passes its cached loaders, the CLIs `load_view_inputs()`."""

    dataset: Dataset
    crosswalk: list[dict[str, str]]
    gazetteer: Gazetteer
    province_geojson: Callable[[str], dict]
    district_layer: Callable[[], object]
    # The vn34 commune layers: one province's GeoJSON (what the browser receives) and the table of every commune.
    commune_geojson: Callable[[str], dict] = layers.load_province_communes_geojson
    commune_table: Callable[[], object] = layers.load_communes
    _frames: dict[str, ProvinceFrame] = field(default_factory=dict, repr=False)
    _obs: pd.DataFrame | None = field(default=None, repr=False)
    _memo: dict = field(default_factory=dict, repr=False)
    set_aside: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        """Rows whose place codes name no place (a store edited by hand, or filled before imports were checked) are
        left out of every view, which says so (build_view_content), instead of failing on them."""
        self.dataset, self.set_aside = set_aside_unknown_places(self.dataset, self.gazetteer)

    def remember(self, key: tuple, make: Callable[[], object]):
        """What `make()` gives, computed once per key for these inputs (several views ask the same question)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def observations(self) -> pd.DataFrame:
        """Every observation with scope columns, source titles, window lengths and its place's gazetteer name, made
        once."""
        if self._obs is None:
            self._obs = with_place_names(observations_with_titles(self.dataset), self.gazetteer)
        return self._obs

    def source_titles(self) -> pd.Series:
        """Each source's title by its id."""
        return self.dataset.sources.set_index("source_id")["title"]

    def frame(self, admin_version: str) -> ProvinceFrame:
        """The provinces of a version, made once (every view asks for them)."""
        if admin_version not in self._frames:
            self._frames[admin_version] = make_province_frame(self.crosswalk, admin_version)
        return self._frames[admin_version]

    def place_search(self) -> PlaceSearch:
        """The place search over the gazetteer (indicators/domain/place_search.py), made once."""
        return self.remember(("place_search",), lambda: PlaceSearch(self.gazetteer))

    def province_names(self) -> dict[tuple[str, str], str]:
        """(admin version, province code) → name: a code means nothing without its version."""
        return {(version, code): name for version in ADMIN_VERSIONS for code, name in self.frame(version).names.items()}


def load_view_inputs() -> ViewInputs:
    """What the dashboard shows: the store's published rows (DATABASE_URL or data/store.sqlite, created from data/
    on first use), the crosswalk, the gazetteer and the map layers (read on first use)."""
    return ViewInputs(load_published_dataset(open_store()), load_crosswalk(), load_gazetteer(),
                      cache(partial(layers.load_layer_geojson, "province")),
                      cache(partial(layers.load_layer, "district", DEFAULT_ADMIN_VERSION)),
                      cache(layers.load_province_communes_geojson), cache(layers.load_communes))


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


def used_sources(obs: pd.DataFrame, models: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The catalogue rows of every source the view's figures and models cite, in first-seen order."""
    repeats = [i for ids in obs["also_source_ids"] for i in ids] if "also_source_ids" in obs else []
    ids = list(dict.fromkeys([*obs["source_id"], *repeats, *models["source_id"]]))
    return dataset.sources.set_index("source_id").loc[ids].reset_index()


def build_view_content(view: View, inputs: ViewInputs) -> ViewContent:
    """The content of a view: one pure function per page, the sources its rows cite."""
    from briefing import compare, models, overview, province, sources, trends

    builders = {"overview": overview.build_overview, "province": province.build_province,
                "compare": compare.build_compare, "trends": trends.build_trends, "models": models.build_models,
                "sources": sources.build_sources}
    content = builders[view.page.key](view, inputs)
    if inputs.set_aside:
        content.notices.append(Notice("rows_set_aside", "", ", ".join(inputs.set_aside)))
    content.sources = used_sources(content.obs, content.models, inputs.dataset)
    return content
