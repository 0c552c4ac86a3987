"""The only Streamlit cache wrappers around indicators/, geo/ and briefing/: big read-only objects as resources."""

import threading
import time
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from briefing.content import ViewContent
from briefing.exports import build_export
from briefing.inputs import ViewInputs
from briefing.links import ViewError, parse_view
from briefing.provenance import provenance_lines
from briefing.views import build_view_content
from geo import layers
from indicators.domain.codes import DEFAULT_ADMIN_VERSION
from indicators.domain.gazetteer import Gazetteer, load_crosswalk, load_gazetteer
from indicators.domain.queries import ProvinceFrame, make_province_frame
from indicators.store.published import data_version, documented_sources, load_document, open_store
from indicators.store.reads import CATALOGUE_TABLES, Catalogue, StoreReader

DATA_VERSION_CHECK_S = 1.0  # a replica asks the store whether anything was published at most this often


@st.cache_resource(show_spinner=False)
def get_store() -> Engine:
    """The store named by DATABASE_URL (default data/store.sqlite), created from data/ on first start; its data
    version then is the one the caches below are built on (see refresh_if_published_elsewhere)."""
    engine = open_store()
    _data_version_seen.update(version=data_version(engine), checked_at=time.monotonic())
    return engine


_data_version_seen = {"version": None, "checked_at": 0.0}
_data_version_lock = threading.Lock()


def refresh_if_published_elsewhere() -> None:
    """Called at the start of every script run: when another replica (or this one, or the store command) has written
    since the caches were built, forget them (refresh_after_publish). The store is asked at most once every
    DATA_VERSION_CHECK_S seconds per process (one count of the changesets), and by one script run at a time."""
    if time.monotonic() - _data_version_seen["checked_at"] < DATA_VERSION_CHECK_S:
        return
    if not _data_version_lock.acquire(blocking=False):
        return
    try:
        engine = get_store()
        version = data_version(engine)
        if version != _data_version_seen["version"]:
            refresh_after_publish()
        _data_version_seen.update(version=version, checked_at=time.monotonic())
    finally:
        _data_version_lock.release()


def refresh_after_publish() -> None:
    """Forget everything derived from the published rows, so every page shows a publication at once."""
    for cached_function in (get_view_inputs, get_view_content, get_sent_figure, get_export_bytes,
                            get_provenance_lines, get_documented_sources, get_document):
        cached_function.clear()


@st.cache_resource(show_spinner=False)
def get_documented_sources() -> set[str]:
    """The sources whose uploaded text is kept in the store."""
    return documented_sources(get_store())


@st.cache_data(show_spinner=False, max_entries=16)
def get_document(source_id: str) -> dict | None:
    """An uploaded source's text and how it was read (a source's text never changes once kept)."""
    return load_document(get_store(), source_id)


@st.cache_resource(show_spinner=False)
def get_gazetteer() -> Gazetteer:
    return load_gazetteer()


@st.cache_resource(show_spinner=False)
def get_crosswalk() -> list[dict[str, str]]:
    return load_crosswalk()


@st.cache_resource(show_spinner=False)
def get_province_frame(admin_version: str) -> ProvinceFrame:
    return make_province_frame(get_crosswalk(), admin_version)


@st.cache_resource(show_spinner=False)
def get_layer(level: str, admin_version: str):
    """A boundary layer as a GeoDataFrame; raises BoundaryLayerMissing when the build is absent."""
    return layers.load_layer(level, admin_version)


@st.cache_resource(show_spinner=False)
def get_layer_geojson(level: str, admin_version: str) -> dict:
    return layers.load_layer_geojson(level, admin_version)


@st.cache_resource(show_spinner=False)
def get_view_inputs() -> ViewInputs:
    """The store (read per view, each answer kept until refresh_after_publish()), crosswalk, gazetteer and layers every
    view is built from, from the cached loaders above."""
    return ViewInputs(StoreReader(get_store()), get_crosswalk(), get_gazetteer(),
                      partial(get_layer_geojson, "province"), partial(get_layer, "district", DEFAULT_ADMIN_VERSION),
                      get_commune_geojson, get_communes)


def get_published_table(name: str) -> pd.DataFrame:
    """One curated table's current rows whole (the /sources download, read when clicked, not kept)."""
    catalogue, store = get_catalogue(), get_view_inputs().store
    return getattr(catalogue, name) if name in CATALOGUE_TABLES else getattr(store, name)()


def get_catalogue() -> Catalogue:
    """The published sources, headlines and subtypes (kept with the view inputs)."""
    return get_view_inputs().catalogue


@st.cache_resource(show_spinner=False, max_entries=34)
def get_commune_geojson(province_code: str) -> dict:
    """One vn34 province's commune layer as sent to the browser."""
    return layers.load_province_communes_geojson(province_code)


@st.cache_resource(show_spinner=False)
def get_communes():
    """Every vn34 commune (codes, names, population from the boundary files) as a GeoDataFrame."""
    return layers.load_communes()


@st.cache_resource(show_spinner=False, max_entries=64)
def get_view_content(view_link: str) -> ViewContent:
    """The content of a view (its canonical link), computed once for every visitor: the page, its exports and the
    print footer render this same object; its figures are built on first use and kept with it."""
    return build_view_content(parse_view(view_link), get_view_inputs())


class SentFigure(go.Figure):
    """A view's figure as st.plotly_chart takes it. plotly deep-copies a figure on every `to_dict` (18 ms for the
    country map and 17 ms for the ranking, in every run of every visitor: server CPU per warm overview visit went from
    0.057 s to 0.034 s without it, bench/results.md); a cached view's figure never changes once built, so its dict is
    made once. Only the page's chart gets this copy: the exports keep the view's own figure, whose `to_dict` still
    hands out a fresh dict to change."""

    def to_dict(self) -> dict:
        if getattr(self, "_sent", None) is None:
            self._sent = super().to_dict()
        return self._sent


@st.cache_resource(show_spinner=False, max_entries=64)
def get_sent_figure(view_link: str, name: str) -> SentFigure | None:
    """The 'map' or 'chart' figure of a view, ready to send to the browser (see SentFigure)."""
    figure = get_view_content(view_link).figure(name)
    return None if figure is None else SentFigure(figure)


@st.cache_data(show_spinner=False, max_entries=64)
def get_provenance_lines(view_link: str, day: str) -> list[str] | None:
    """The provenance lines of a view for the printed page; `day` keys the export date they carry. None for a link
    that names no view."""
    try:
        return provenance_lines(get_view_content(view_link), short=True)
    except ViewError:
        return None


@st.cache_data(show_spinner=False, max_entries=64)
def get_export_bytes(view_link: str, kind: str) -> bytes:
    """The bytes of one export of a view (png, png_square, svg, csv/xlsx of the view or all, pptx), built once."""
    return build_export(get_view_content(view_link), kind, get_view_inputs())
