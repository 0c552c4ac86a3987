"""The only Streamlit cache wrappers around indicators/ and geo/: big read-only objects as resources."""

from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from components.exports import build_export
from components.figures import make_ranked_bar_figure
from components.i18n import translate
from components.maps import describe_archipelagos, make_province_map_figure
from components.tables import build_district_rows
from components.views import ViewError, ViewInputs, build_view_content, footer_lines, indicator_titles, parse_view
from geo import layers
from indicators.gazetteer import Gazetteer, load_crosswalk, load_gazetteer
from indicators.queries import ProvinceFrame, compute_province_values, district_activity, make_province_frame
from indicators.store import documented_sources, load_document, load_published_dataset, open_store
from indicators.tables import Dataset


@st.cache_resource(show_spinner=False)
def get_store() -> Engine:
    """The store named by DATABASE_URL (default data/store.sqlite), created from data/ on first start."""
    return open_store()


@st.cache_resource(show_spinner=False)
def get_dataset() -> Dataset:
    """The published rows of the store; refresh_after_publish() makes the next call read them again."""
    return load_published_dataset(get_store())


def refresh_after_publish() -> None:
    """Forget everything derived from the published rows, so every page shows a publication at once."""
    for cached_function in (get_dataset, get_province_values, get_district_rows, get_view_inputs, get_export_bytes,
                            get_footer_lines, get_overview_map, get_ranking_figure, get_documented_sources,
                            get_document):
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
def get_province_names() -> dict[tuple[str, str], str]:
    """(admin_version, province code) → name: a code means nothing without its version."""
    return {(version, code): name for version in ("vn63", "vn34")
            for code, name in get_province_frame(version).names.items()}


@st.cache_resource(show_spinner=False)
def get_layer(level: str, admin_version: str):
    """A boundary layer as a GeoDataFrame; raises BoundaryLayerMissing when the build is absent."""
    return layers.load_layer(level, admin_version)


@st.cache_resource(show_spinner=False)
def get_layer_geojson(level: str, admin_version: str) -> dict:
    return layers.load_layer_geojson(level, admin_version)


@st.cache_resource(show_spinner=False)
def get_district_geojson(province_code: str) -> dict | None:
    """The district outlines of one vn63 province, or None when the province has no district file."""
    gdf = get_layer("district", "vn63")
    districts = gdf[gdf["province_code"] == province_code]
    return layers.layer_geojson(districts) if len(districts) else None


@st.cache_resource(show_spinner=False)
def get_archipelagos() -> dict[str, dict]:
    """Frames and island points of Hoàng Sa and Trường Sa, from their own district polygons."""
    return describe_archipelagos(get_layer("district", "vn63"))


@st.cache_data(show_spinner=False)
def get_province_values(indicator: str, admin_version: str, lang: str) -> pd.DataFrame:
    return compute_province_values(get_dataset(), indicator, get_province_frame(admin_version), lang)


@st.cache_data(show_spinner=False)
def get_district_rows(province_code: str, lang: str) -> pd.DataFrame:
    gdf = get_layer("district", "vn63")
    districts = gdf[gdf["province_code"] == province_code][["district_code", "name"]]
    return build_district_rows(districts, district_activity(get_dataset(), province_code), lang)


@st.cache_resource(show_spinner=False)
def get_view_inputs() -> ViewInputs:
    """The dataset, crosswalk, gazetteer and layers that export builders need, from the cached loaders above."""
    return ViewInputs(get_dataset(), get_crosswalk(), get_gazetteer(), partial(get_layer_geojson, "province"),
                      partial(get_layer, "district", "vn63"))


@st.cache_resource(show_spinner=False, max_entries=32)
def get_overview_map(indicator: str, admin_version: str, lang: str) -> go.Figure:
    """The overview map of a view, built once: later visitors do not wait for plotly to validate 63 outlines.

    Raises BoundaryLayerMissing when the boundary build is absent (nothing is cached then)."""
    values = get_province_values(indicator, admin_version, lang)
    return make_province_map_figure(
        get_layer_geojson("province", admin_version), values, lang=lang,
        title=indicator_titles(get_dataset(), lang)[indicator], archipelagos=get_archipelagos(),
        version_note=translate("boundary_credit", lang, version=translate(f"version_{admin_version}", lang)))


@st.cache_resource(show_spinner=False, max_entries=32)
def get_ranking_figure(indicator: str, admin_version: str, lang: str) -> go.Figure:
    values = get_province_values(indicator, admin_version, lang)
    return make_ranked_bar_figure(values, title=translate("ranked_title", lang), lang=lang)


@st.cache_data(show_spinner=False, max_entries=64)
def get_footer_lines(view_link: str, day: str) -> list[str] | None:
    """The exports' footer of a view (sources, periods, scopes, version, dates) for the printed page; `day` keys
    the export date it carries. None for a link that names no view."""
    try:
        return footer_lines(build_view_content(parse_view(view_link), get_view_inputs()))
    except ViewError:
        return None


@st.cache_data(show_spinner=False, max_entries=64)
def get_export_bytes(view_link: str, kind: str) -> bytes:
    """The bytes of one export of a view (png, png_square, svg, csv/xlsx of the view or all, pptx), built once."""
    return build_export(view_link, kind, get_view_inputs())
