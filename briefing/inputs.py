"""What a view is built from: the store, read per question (indicators/store/reads.py), the crosswalk, the gazetteer
and the map layers. Every view asks for the rows it shows; each answer is made once per question and kept."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial

import pandas as pd

from briefing.places import with_place_names
from geo import layers
from indicators.domain.codes import ADMIN_VERSIONS, DEFAULT_ADMIN_VERSION
from indicators.domain.comparability import SUM_OF_PARTS, ComparisonClass
from indicators.domain.duplicates import count_links_once, load_duplicates
from indicators.domain.gazetteer import Gazetteer, load_crosswalk, load_gazetteer
from indicators.domain.periods import years_between
from indicators.domain.place_codes import PLACED_TABLES, place_parents, place_problem, rows_with_unknown_places
from indicators.domain.place_search import PlaceSearch
from indicators.domain.queries import ProvinceFrame, add_scope_columns, make_province_frame
from indicators.store.published import open_store
from indicators.store.reads import Catalogue, StoreReader


def versions_compared(admin_version: str) -> list[str]:
    """The admin versions whose rows a comparison on `admin_version`'s provinces judges: vn63 its own; vn34 its own
    and the vn63 rows its provinces roll up."""
    return ["vn63"] if admin_version == "vn63" else [admin_version, "vn63"]


def filter_key(filters: dict) -> tuple:
    """A hashable key of read filters (lists as sorted tuples)."""
    return tuple(sorted((name, tuple(sorted(value)) if isinstance(value, list | set | tuple) else value)
                        for name, value in filters.items()))


@dataclass
class ViewInputs:
    """What a view is built from; the app passes its cached loaders, the CLIs `load_view_inputs()`."""

    store: StoreReader
    crosswalk: list[dict[str, str]]
    gazetteer: Gazetteer
    province_geojson: Callable[[str], dict]
    district_layer: Callable[[], object]
    # The vn34 commune layers: one province's GeoJSON (what the browser receives) and the table of every commune.
    commune_geojson: Callable[[str], dict] = layers.load_province_communes_geojson
    commune_table: Callable[[], object] = layers.load_communes
    _frames: dict[str, ProvinceFrame] = field(default_factory=dict, repr=False)
    _memo: dict = field(default_factory=dict, repr=False)

    def remember(self, key: tuple, make: Callable[[], object]):
        """What `make()` gives, computed once per key for these inputs (several views ask the same question)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @property
    def catalogue(self) -> Catalogue:
        """Sources, headlines and subtypes, and which have figures; read once."""
        return self.remember(("catalogue",), self.store.catalogue)

    def observations(self, every_edition: bool = False, **filters) -> pd.DataFrame:
        """The observations a view shows (filters of StoreReader.observations), each with scope columns, source
        titles, window lengths and its place's gazetteer name; a figure two sources give counted once
        (data/duplicates.csv) unless `every_edition`; read once per filter."""
        return self.remember(("observations", every_edition, filter_key(filters)),
                             lambda: self._observations(filters, every_edition))

    def _observations(self, filters: dict, every_edition: bool) -> pd.DataFrame:
        obs = add_scope_columns(self._placed_rows(self.store.observations(**filters)))
        obs["source_title"] = obs["source_id"].map(self.source_titles())
        obs["years"] = [years_between(s, e) for s, e in zip(obs["period_start"], obs["period_end"], strict=True)]
        if not every_edition:
            obs = count_links_once(obs, self.catalogue.sources, self.duplicate_links())
        return with_place_names(obs, self.gazetteer).astype({"place_name": str, "scope_name": str})  # also when empty

    def observation_counts(self, by: list[str], **filters) -> pd.DataFrame:
        """How many observations match the filters, per value of the `by` columns (StoreReader.observation_counts),
        read once per question."""
        return self.remember(("observation_counts", tuple(by), filter_key(filters)),
                             lambda: self.store.observation_counts(by, **filters))

    def whole_province_observations(self, admin_versions: list[str] | None = None) -> pd.DataFrame:
        """The figures a shared scale may hold (of a whole province, no organisation), with the totals they are
        parts of: what the rule needs to count the provinces on a scale, not the figures it lists beside it."""
        def make() -> pd.DataFrame:
            whole = self.observations(level="whole_province", admin_versions=admin_versions)
            totals = set(whole["part_of"]) - set(whole["obs_id"]) - {""}
            return pd.concat([whole, self.observations(obs_ids=sorted(totals))], ignore_index=True) if totals \
                else whole
        return self.remember(("whole_province", filter_key({"v": admin_versions or []})), make)

    def class_observations(self, cls: ComparisonClass, admin_version: str) -> pd.DataFrame:
        """The figures the comparability rule judges for a class on a version's provinces (its candidate rows: the
        subtype's and its parts', placed in a province, of the versions it compares). A district's or commune's
        figure never stands on the provinces' scale, so such figures are read only for a province that gave none of
        its own, where they stand for it in the list; the others are counted (`finer_figures_not_read`), not read:
        at national size they are thousands of commune figures per headline."""
        filters = self._class_filters(cls, admin_version)
        own = self.observations(level="province", **filters)
        missing = self._finer_places(cls, admin_version).pipe(lambda places: places[~places["has_own"]])
        if missing.empty:
            return own
        finer = self.observations(level="below_province", provinces=sorted(set(missing["province_code"])), **filters)
        wanted = set(zip(missing["admin_version"], missing["province_code"], strict=True))
        finer = finer[[place in wanted for place in zip(finer["admin_version"], finer["province_code"], strict=True)]]
        return pd.concat([own, finer], ignore_index=True)

    def finer_figures_not_read(self, cls: ComparisonClass, admin_version: str) -> int:
        """How many district and commune figures of the class class_observations leaves out (their provinces gave
        figures of their own): a view says how many there are and where they are shown."""
        places = self._finer_places(cls, admin_version)
        return int(places.loc[places["has_own"], "n"].sum())

    def _finer_places(self, cls: ComparisonClass, admin_version: str) -> pd.DataFrame:
        """Per (version, province) with district or commune figures of the class: how many (`n`) and whether the
        province has figures of its own of the class (`has_own`): two GROUP BYs, no row read."""
        filters = self._class_filters(cls, admin_version)
        place = ["admin_version", "province_code"]
        finer = self.observation_counts(place, level="below_province", **filters)
        own = self.observation_counts(place, level="province", **filters)
        owned = set(zip(own["admin_version"], own["province_code"], strict=True))
        return finer.assign(has_own=[p in owned for p in zip(finer["admin_version"], finer["province_code"],
                                                                 strict=True)])

    @staticmethod
    def _class_filters(cls: ComparisonClass, admin_version: str) -> dict:
        return {"indicators": [cls.indicator], "subtypes": [cls.subtype, *SUM_OF_PARTS.get(cls.subtype, ())],
                "admin_versions": versions_compared(admin_version)}

    def models(self, **filters) -> pd.DataFrame:
        """The named models a view shows (filters of StoreReader.models), read once per filter."""
        return self.remember(("models", filter_key(filters)),
                             lambda: self._placed_rows(self.store.models(**filters)))

    def provinces_with_figures(self, admin_version: str) -> set[str]:
        """The province codes of a version that have figures (a SELECT DISTINCT of the place codes; codes that name
        no place left out, as their rows are)."""
        places = self.place_codes("observations")
        parents = place_parents(self.gazetteer)
        return {place["province_code"] for place in places.to_dict("records")
                if place["admin_version"] == admin_version and place["province_code"]
                and place_problem(place, parents) is None}

    def no_models(self) -> pd.DataFrame:
        """No named model, with the table's columns (a view of figures only)."""
        return self.models(source_ids=[])

    @property
    def set_aside(self) -> list[str]:
        """The keys of the rows whose place codes name no place (a store edited by hand, or filled before imports
        were checked): left out of every view, which says so (build_view_content). Found among the distinct place
        codes of each table (a SELECT DISTINCT, not every row), read once."""
        def make() -> list[str]:
            return [key for name in PLACED_TABLES for key in self.store.keys_at(name, self.unknown_places(name))]
        return self.remember(("set_aside",), make)

    def unknown_places(self, name: str) -> pd.DataFrame:
        """The distinct place codes of a table's current rows that name no place (the rows set aside)."""
        def make() -> pd.DataFrame:
            parents = place_parents(self.gazetteer)
            places = self.place_codes(name)
            return places[[place_problem(place, parents) is not None for place in places.to_dict("records")]]
        return self.remember(("unknown_places", name), make)

    def figure_groups(self, by: list[str], **filters) -> pd.DataFrame:
        """How many figures match the filters per value of the `by` columns, each figure counted once: without the
        rows set aside and the repeats of data/duplicates.csv (StoreReader.observation_groups: `n`, `whole`, `first`);
        no row is read. Read once per question."""
        return self.remember(("figure_groups", tuple(by), filter_key(filters)), lambda: self.store.observation_groups(
            by, leave_out_ids=self.duplicate_links()["obs_id"], leave_out_places=self.unknown_places("observations"),
            **filters))

    def place_codes(self, name: str) -> pd.DataFrame:
        """The distinct place codes of a table's current rows, read once."""
        return self.remember(("place_codes", name), lambda: self.store.place_codes(name))

    def _placed_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows read without those whose codes name no place (see set_aside)."""
        bad = [position for position, _, _ in rows_with_unknown_places(frame, self.gazetteer)]
        return frame.drop(index=frame.index[bad]).reset_index(drop=True) if bad else frame

    def duplicate_links(self) -> pd.DataFrame:
        """The repeats of data/duplicates.csv whose figure and repeat are both in the store, with the repeat's
        source (`repeat_source`): read once, by their ids, so each subset counts a figure once as the whole would."""
        def make() -> pd.DataFrame:
            duplicates = load_duplicates()
            present = self._placed_rows(self.store.observations(
                obs_ids=[*duplicates["obs_id"], *duplicates["same_as"]]))
            source_of = dict(zip(present["obs_id"], present["source_id"], strict=True))
            links = duplicates[duplicates["obs_id"].isin(source_of) & duplicates["same_as"].isin(source_of)]
            return links.assign(repeat_source=links["obs_id"].map(source_of))
        return self.remember(("duplicate_links",), make)

    def source_titles(self) -> pd.Series:
        """Each source's title by its id."""
        return self.catalogue.sources.set_index("source_id")["title"]

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

    def placed_counts(self, by: list[str], **filters) -> pd.DataFrame:
        """observation_counts per `by` columns that hold the place codes (admin_version, province, district, commune,
        place_name, org_type): the places set aside left out, with scope columns and the gazetteer's place names as
        observations() gives them. What a view needs of each place and scope (its windows, say) without reading a
        figure: a GROUP BY."""
        def make() -> pd.DataFrame:
            counts = self._placed_rows(self.observation_counts(by, **filters))
            return with_place_names(add_scope_columns(counts), self.gazetteer).astype({"place_name": str,
                                                                                       "scope_name": str})
        return self.remember(("placed_counts", tuple(by), filter_key(filters)), make)

    def observations_not_kept(self, **filters) -> pd.DataFrame:
        """The observations as observations() gives them, read for one use and not kept: a download of every figure
        is built when asked, and the process lets the rows go once it is made."""
        return self._observations(filters, every_edition=False)

    def source_counts(self) -> pd.DataFrame:
        """Per source id with any: how many current figures (every edition) and named models it gives (`figures`,
        `models`), the rows set aside left out as every view leaves them: GROUP BYs, no row read (those set aside are
        few, counted by their keys)."""
        def count(name: str) -> pd.Series:
            total = self.store.counts(name, ["source_id"]).set_index("source_id")["n"]
            if not self.set_aside:
                return total
            aside = self.store.counts(name, ["source_id"], keys=self.set_aside).set_index("source_id")["n"]
            return total.sub(aside, fill_value=0)
        return self.remember(("source_counts",), lambda: pd.DataFrame(
            {"figures": count("observations"), "models": count("models")}).fillna(0).astype(int)
            .rename_axis("source_id").reset_index())


def load_view_inputs() -> ViewInputs:
    """What the dashboard shows: the store's published rows (DATABASE_URL or data/store.sqlite, created from data/
    on first use), the crosswalk, the gazetteer and the map layers (read on first use)."""
    return ViewInputs(StoreReader(open_store()), load_crosswalk(), load_gazetteer(),
                      cache(partial(layers.load_layer_geojson, "province")),
                      cache(partial(layers.load_layer, "district", DEFAULT_ADMIN_VERSION)),
                      cache(layers.load_province_communes_geojson), cache(layers.load_communes))
