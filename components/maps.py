"""Pure map builders: offline plotly Choroplethmap figures with no-data and other-scope classes kept apart."""

import math

import pandas as pd
import plotly.graph_objects as go

from components.i18n import translate
from geo.layers import HOANG_SA_CODE, TRUONG_SA_CODE
from indicators.queries import STATUS_COMPARABLE, STATUS_NO_DATA, STATUS_OTHER_SCOPE

# Colour-blind-safe: a single-hue blue scale for values (starting well above white, so its lowest class
# cannot be mistaken for "no data"), Okabe–Ito orange for another scope, pale grey for no data.
VALUE_SCALE = [[0.0, "#9ecae1"], [0.5, "#3182bd"], [1.0, "#08306b"]]
OTHER_SCOPE_COLOUR = "#E69F00"
NO_DATA_COLOUR = "#f4f4f4"
BORDER_COLOUR = "#8c8c8c"
# Frame that holds the mainland and both archipelagos on a 16:9 or square canvas.
VIETNAM_VIEW = {"center": {"lat": 15.8, "lon": 109.6}, "zoom": 4.45}
SEPARATORS = {"vi": ",.", "en": ".,"}

HOVER_FIELDS = ["province_code", "province_name", "label", "scope", "period", "sources", "evidence", "coverage"]


def make_province_map_figure(
    geojson: dict,
    values: pd.DataFrame,
    *,
    title: str,
    version_note: str,
    archipelagos: dict[str, dict],
    lang: str = "vi",
    feature_id_key: str = "properties.province_code",
    height: int = 640,
) -> go.Figure:
    """Three area classes (values, other scope, no data) as separate traces, plus the archipelago labels."""
    values = values.assign(coverage=coverage_words(values, lang))
    fig = go.Figure()
    fig.add_trace(_flat_trace(geojson, values[values["status"] == STATUS_NO_DATA], NO_DATA_COLOUR,
                              translate("no_data", lang), feature_id_key, lang))
    fig.add_trace(_flat_trace(geojson, values[values["status"] == STATUS_OTHER_SCOPE], OTHER_SCOPE_COLOUR,
                              translate("other_scope", lang), feature_id_key, lang))
    fig.add_trace(_value_trace(geojson, values[values["status"] == STATUS_COMPARABLE], lang, feature_id_key))
    fig.add_traces(archipelago_trace(archipelagos, lang))
    fig.update_layout(_map_layout(title, version_note, lang, height))
    return fig


def subset_geojson(geojson: dict, codes, key: str) -> dict:
    """Only the features a trace colours, so each province's outline is sent to the browser once, not per trace."""
    wanted = set(codes)
    prop = key.removeprefix("properties.")
    features = [f for f in geojson["features"] if f["properties"].get(prop) in wanted]
    return {"type": "FeatureCollection", "features": features}


def coverage_words(values: pd.DataFrame, lang: str) -> list[str]:
    """'2/3 tỉnh cũ có số liệu' for merged provinces, empty where a province was not merged."""
    return [
        translate("coverage", lang, reporting=r, members=m) if m > 1 else ""
        for r, m in zip(values["reporting"], values["members"], strict=True)
    ]


def _hovertemplate(lang: str) -> str:
    return (
        "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
        f"{translate('scope', lang)}: %{{customdata[3]}}<br>"
        f"{translate('period', lang)}: %{{customdata[4]}}<br>"
        f"{translate('source', lang)}: %{{customdata[5]}}<br>"
        "%{customdata[6]}<br>%{customdata[7]}<extra></extra>"
    )


def _flat_trace(
    geojson: dict, rows: pd.DataFrame, colour: str, name: str, key: str, lang: str
) -> go.Choroplethmap:
    labels = rows["label"].where(rows["label"] != "", name)
    return go.Choroplethmap(
        geojson=subset_geojson(geojson, rows["province_code"], key), featureidkey=key,
        locations=rows["province_code"], z=[1] * len(rows),
        colorscale=[[0, colour], [1, colour]], showscale=False, name=name, showlegend=True,
        marker={"line": {"color": BORDER_COLOUR, "width": 0.6}},
        customdata=rows.assign(label=labels)[HOVER_FIELDS].to_numpy(), hovertemplate=_hovertemplate(lang),
        legendgroup=name,
    )


def _value_trace(geojson: dict, rows: pd.DataFrame, lang: str, key: str) -> go.Choroplethmap:
    name = translate("comparable", lang)
    return go.Choroplethmap(
        geojson=subset_geojson(geojson, rows["province_code"], key), featureidkey=key,
        locations=rows["province_code"], z=rows["value"].astype(float),
        colorscale=VALUE_SCALE, zauto=False, zmin=0, zmax=max(float(rows["value"].max()), 1.0) if len(rows) else 1.0,
        showscale=True, name=name, showlegend=False,
        colorbar={"title": {"text": name, "side": "right"}, "thickness": 14, "len": 0.6, "x": 1.0,
                  "tickformat": ",d"},
        marker={"line": {"color": BORDER_COLOUR, "width": 0.6}},
        customdata=rows[HOVER_FIELDS].to_numpy(), hovertemplate=_hovertemplate(lang),
    )


def archipelago_trace(archipelagos: dict[str, dict], lang: str) -> list[go.Scattermap]:
    """Hoàng Sa and Trường Sa: a frame and a dot per island (too small to see at country zoom), named in the
    legend and on hover. No map text: MapLibre text needs glyph files from a CDN, which the offline app never loads."""
    traces = []
    for key in ("hoang_sa", "truong_sa"):
        if key not in archipelagos:
            continue
        name = translate(f"archipelago_{key}", lang)
        minx, miny, maxx, maxy = archipelagos[key]["box"]
        islands = archipelagos[key]["islands"]
        # One trace per archipelago so its legend entry names it; a None after each island keeps dots unjoined.
        traces.append(go.Scattermap(
            lon=[minx, maxx, maxx, minx, minx, None, *[v for _, lon in islands for v in (lon, None)]],
            lat=[miny, miny, maxy, maxy, miny, None, *[v for lat, _ in islands for v in (lat, None)]],
            mode="lines+markers", line={"color": "#555", "width": 1.2},
            marker={"size": [0] * 6 + [5, 0] * len(islands), "color": "#333"},
            name=name, legendgroup="archipelagos", showlegend=True, hovertemplate=f"{name}<extra></extra>",
        ))
    return traces


def describe_archipelagos(districts) -> dict[str, dict]:
    """Frames and island points of Hoàng Sa and Trường Sa from the vn63 district layer (absent ones left out)."""
    by_code = districts.set_index("district_code")
    codes = {"hoang_sa": HOANG_SA_CODE, "truong_sa": TRUONG_SA_CODE}
    return {name: describe_archipelago(by_code.loc[code, "geometry"]) for name, code in codes.items()
            if code in by_code.index}


def describe_archipelago(geometry, margin: float = 0.35) -> dict:
    """The frame (bounds plus a margin, degrees) and one (lat, lon) point per island of an archipelago."""
    minx, miny, maxx, maxy = geometry.bounds
    parts = getattr(geometry, "geoms", [geometry])
    islands = [(p.y, p.x) for p in (part.representative_point() for part in parts)]
    return {"box": (minx - margin, miny - margin, maxx + margin, maxy + margin), "islands": islands}


def _map_layout(title: str, version_note: str, lang: str, height: int) -> dict:
    return {
        "map": {"style": "white-bg", **VIETNAM_VIEW},
        "height": height,
        "margin": {"l": 0, "r": 0, "t": 84, "b": 28},
        "title": {"text": title, "x": 0.01, "y": 0.985, "yanchor": "top", "font": {"size": 19}},
        "separators": SEPARATORS[lang],
        "legend": {"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.9)",
                   "font": {"size": 12}},
        "annotations": [{
            "text": version_note, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.0, "y": 0.0,
            "xanchor": "left", "yanchor": "bottom", "font": {"size": 11, "color": "#555"},
        }],
        "paper_bgcolor": "white",
    }


def view_for_bounds(bounds: tuple[float, float, float, float], width_px: int = 700, height_px: int = 520) -> dict:
    """Centre and zoom that fit (minx, miny, maxx, maxy) in degrees into a map of the given pixel size."""
    minx, miny, maxx, maxy = bounds
    span_x = max(maxx - minx, 0.05)
    span_y = max(maxy - miny, 0.05)
    zoom_x = math.log2(360 * width_px / (256 * span_x))
    zoom_y = math.log2(180 * height_px / (256 * span_y))
    return {"center": {"lat": (miny + maxy) / 2, "lon": (minx + maxx) / 2}, "zoom": min(zoom_x, zoom_y) - 0.35}


def make_district_map_figure(
    geojson: dict, districts: pd.DataFrame, *, title: str, bounds: tuple[float, float, float, float],
    lang: str = "vi", selected: str = "",
) -> go.Figure:
    """Districts of one province: those with reported figures or models highlighted, the others 'no data'."""
    fig = go.Figure()
    key = "properties.district_code"
    for status, colour, name in (
        ("no_data", NO_DATA_COLOUR, translate("no_data", lang)),
        ("reported", "#6baed6", translate("district_reported", lang)),
    ):
        rows = districts[districts["status"] == status]
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, featureidkey=key, locations=rows["district_code"], z=[1] * len(rows),
            colorscale=[[0, colour], [1, colour]], showscale=False, name=name, showlegend=True,
            marker={"line": {"color": ["#b3261e" if c == selected else BORDER_COLOUR for c in rows["district_code"]],
                             "width": [3 if c == selected else 0.8 for c in rows["district_code"]]}},
            customdata=rows[["district_code", "name", "label"]].to_numpy(),
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
        ))
    layout = _map_layout(title, translate("boundary_credit", lang, version="vn63"), lang, 520)
    layout["map"] = {"style": "white-bg", **view_for_bounds(bounds, height_px=400)}  # 520 px less title and legend
    fig.update_layout(layout)
    return fig
