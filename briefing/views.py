"""A view's content, computed once: what the page shows is what its image, data file, deck and print footer show.

`build_view_content(view, inputs)` dispatches to one pure function per page (briefing/overview.py, province.py,
compare.py, trends.py, models.py, sources.py). The page lays out and renders the result; the export buttons, the
command-line tools and the deck render the same result. The content's types (ViewContent, Choice, ChoiceReader)
live in briefing/content.py.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial

import pandas as pd

from briefing.content import ViewContent, used_sources
from briefing.links import Notice, View
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


def build_view_content(view: View, inputs: ViewInputs) -> ViewContent:
    """The content of a view: one pure function per page, the sources its rows cite."""
    # Imported here while the builders import ViewInputs from this module; with ViewInputs in its own module the
    # builders import only briefing.content and this import moves to the top.
    from briefing import compare, models, overview, province, sources, trends

    builders = {"overview": overview.build_overview, "province": province.build_province,
                "compare": compare.build_compare, "trends": trends.build_trends, "models": models.build_models,
                "sources": sources.build_sources}
    content = builders[view.page.key](view, inputs)
    if inputs.set_aside:
        content.notices.append(Notice("rows_set_aside", "", ", ".join(inputs.set_aside)))
    content.sources = used_sources(content.obs, content.models, inputs.dataset)
    return content
