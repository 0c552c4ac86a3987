"""The only Streamlit cache wrappers around indicators/ and geo/: big read-only objects as resources."""

from functools import partial

import pandas as pd
import streamlit as st

from components.exports import build_export
from components.maps import describe_archipelagos
from components.tables import build_district_rows
from components.views import ViewInputs
from geo import layers
from indicators.gazetteer import Gazetteer, load_crosswalk, load_gazetteer
from indicators.queries import ProvinceFrame, compute_province_values, district_activity, make_province_frame
from indicators.tables import Dataset, load_dataset


@st.cache_resource(show_spinner=False)
def get_dataset() -> Dataset:
    return load_dataset()


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


@st.cache_resource(show_spinner=False)
def get_province_bounds(province_code: str) -> tuple[float, float, float, float]:
    gdf = get_layer("district", "vn63")
    return tuple(gdf[gdf["province_code"] == province_code].total_bounds)


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


@st.cache_data(show_spinner=False, max_entries=64)
def get_export_bytes(view_link: str, kind: str) -> bytes:
    """The bytes of one export of a view (png, png_square, svg, csv/xlsx of the view or all, pptx), built once."""
    return build_export(view_link, kind, get_view_inputs())
