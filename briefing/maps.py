"""Pure map builders: offline plotly geo figures (SVG) with no-data and other-scope classes kept apart.

Why plotly geo (`go.Choropleth` with our own GeoJSON) and not a MapLibre map: it draws as SVG, so it appears as
fast as a plain chart even in software-rendered browsers, and its text uses the page's fonts (MapLibre text needs
glyph files from a CDN). plotly.js only fetches its world topojson (from a CDN) when a base layer is shown or
when the FIRST trace of the subplot has a `locationmode`; every map here hides the base layers (`visible: False`)
and starts with a lon/lat `Scattergeo` trace (archipelagos, district names), so nothing is ever fetched.
"""

import textwrap

import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import shape

from briefing.colours import (
    BORDER_COLOUR,
    FLAT_COLOURS,
    LABEL_COLOUR,
    SELECTED_COLOUR,
    VALUE_SCALE,
    ColourScale,
    make_scale,
)
from briefing.hover import hover_customdata, hover_template
from briefing.i18n import translate
from geo.layers import HOANG_SA_CODE, TRUONG_SA_CODE, commune_archipelago_codes
from indicators.domain.comparability import STATUS_NONE, STATUS_OTHER, STATUS_SHARED
from indicators.domain.names import CITY_KIND, COMMUNE_KINDS, KIND_ABBREVIATIONS, abbreviate_kind, without_kind

# The mainland and both archipelagos (minx, miny, maxx, maxy in degrees).
VIETNAM_BOUNDS = (102.1, 6.8, 117.6, 23.4)
SEPARATORS = {"vi": ",.", "en": ".,"}

ARCHIPELAGO_DISTRICTS = {HOANG_SA_CODE, TRUONG_SA_CODE}
INSET_DOMAIN = {"x": [0.74, 0.99], "y": [0.66, 0.97]}  # top right, below the legend row
LABEL_SIZE = 10
TITLE_SIZE, NOTE_SIZE = 16, 12
# Characters per line of the title and of the notes under the map: they stay whole on a phone (390 px wide).
TITLE_CHARS, NOTE_CHARS = 40, 56
SHORT_SCALE_CHARS = 24  # a longer `scale` is a sentence: a caption line, with a short colour bar title


def colour_bar_title(scale_words: str, unit: str, lang: str) -> str:
    """What the colour bar says: what the shared scale compares when short; a rotated sentence nobody reads on a
    projector, so a sentence goes to the caption and the bar keeps a word (`unit`, else 'giá trị')."""
    if len(scale_words) <= SHORT_SCALE_CHARS:
        return scale_words
    return unit or translate("map_scale_value", lang)


def scale_caption(scale_words: str, lang: str) -> str:
    """The line under the map saying what the colours compare ('' when the colour bar's title says it)."""
    return "" if len(scale_words) <= SHORT_SCALE_CHARS else translate("map_scale_caption", lang, scale=scale_words)


def country_scale(places: pd.DataFrame, column: str, *, scale_words: str, other: str, no_data: str, lang: str,
                  unit: str = "", decimals: int = 0) -> ColourScale:
    """The country (or commune) map's scale: the shared scale in blues over `column`, another scope in orange, no data
    in grey, each with its legend words."""
    return make_scale(places, column, {STATUS_SHARED: scale_words, STATUS_OTHER: other, STATUS_NONE: no_data},
                      STATUS_SHARED, colour_bar_title(scale_words, unit, lang), decimals)


def district_scale(districts: pd.DataFrame, lang: str) -> ColourScale:
    """The district map's three flat classes: districts with figures, with models only, with neither."""
    return make_scale(districts, "", {"figures": translate("district_reported", lang),
                                      "models_only": translate("district_models_only", lang),
                                      "no_data": translate("no_data", lang)})


def map_notes(scale_words: str, credit: str, lang: str) -> list[str]:
    """The notes under a map, in words: what the colours compare (when the bar does not say it), the boundaries."""
    return [note for note in (scale_caption(scale_words, lang), credit) if note]


def make_province_map_figure(
    geojson: dict,
    places: pd.DataFrame,
    *,
    title: str,
    version_note: str,
    archipelagos: dict[str, dict],
    scale: ColourScale,
    lang: str = "vi",
    feature_id_key: str = "properties.province_code",
    height: int = 640,
) -> go.Figure:
    """The archipelagos (first: see module docstring), then three area classes: no data (grey), figures that may not
    share the scale (orange), and the shared scale (blues), coloured by `scale` (its words and top)."""
    fig = go.Figure()
    fig.add_traces(archipelago_traces(archipelagos, lang))
    fig.add_traces(_class_traces(geojson, places, scale, feature_id_key, lang))
    fig.update_layout(_map_layout(title, version_note, lang, height, VIETNAM_BOUNDS,
                                  scale_caption(scale.words(STATUS_SHARED), lang)))
    return fig


def _class_traces(geojson: dict, places: pd.DataFrame, scale: ColourScale, key: str, lang: str) -> list:
    """No data (grey), another scope (orange), then the shared scale (blues), as `scale` colours and names them."""
    return [
        _flat_trace(geojson, places[places["status"] == STATUS_NONE], FLAT_COLOURS[STATUS_NONE],
                    scale.words(STATUS_NONE), key, lang),
        _flat_trace(geojson, places[places["status"] == STATUS_OTHER], FLAT_COLOURS[STATUS_OTHER],
                    scale.words(STATUS_OTHER), key, lang),
        _value_trace(geojson, places[places["status"] == STATUS_SHARED], scale, lang, key),
    ]


def subset_geojson(geojson: dict, codes, key: str) -> dict:
    """Only the features a trace colours, so each province's outline is sent to the browser once, not per trace."""
    wanted = set(codes)
    prop = key.removeprefix("properties.")
    features = [f for f in geojson["features"] if f["properties"].get(prop) in wanted]
    return {"type": "FeatureCollection", "features": features}


def _flat_trace(
    geojson: dict, rows: pd.DataFrame, colour: str, name: str, key: str, lang: str
) -> go.Choropleth:
    labels = rows["label"].where(rows["label"] != "", name)
    return go.Choropleth(
        geojson=subset_geojson(geojson, rows["province_code"], key), featureidkey=key,
        locations=rows["province_code"], z=[1] * len(rows),
        colorscale=[[0, colour], [1, colour]], showscale=False, name=name, showlegend=True,
        marker={"line": {"color": BORDER_COLOUR, "width": 0.6}},
        customdata=hover_customdata(rows.assign(label=labels), "province_name"), hovertemplate=hover_template(lang),
        legendgroup=name,
    )


def _value_trace(geojson: dict, rows: pd.DataFrame, scale: ColourScale, lang: str, key: str) -> go.Choropleth:
    return go.Choropleth(
        geojson=subset_geojson(geojson, rows["province_code"], key), featureidkey=key,
        locations=rows["province_code"], z=rows[scale.column].astype(float),
        colorscale=VALUE_SCALE, zauto=False, zmin=0, zmax=scale.top,
        showscale=True, name=scale.words(STATUS_SHARED), showlegend=False,
        colorbar={"title": {"text": scale.bar_title, "side": "top"}, "thickness": 14, "len": 0.6,
                  "x": 1.0, "tickformat": scale.tickformat},
        marker={"line": {"color": BORDER_COLOUR, "width": 0.6}},
        customdata=hover_customdata(rows, "province_name"), hovertemplate=hover_template(lang),
    )


# Where each archipelago's name stands: above its frame, from the corner nearer the open sea, growing towards the
# middle of the map (Hoàng Sa's from the left corner, Trường Sa's from the right), so no map edge can cut it.
# The line break keeps its space on the outer side of the text, so the text still reads as one name (as hover and
# screen readers take it) and neither line is pushed off its edge by a blank.
ARCHIPELAGO_LABEL_CORNERS = {"hoang_sa": (0, "top right", " <br>("), "truong_sa": (2, "top left", "<br> (")}


def archipelago_traces(archipelagos: dict[str, dict], lang: str) -> list[go.Scattergeo]:
    """Hoàng Sa and Trường Sa: a frame named on the map and a dot per island (islets are sub-pixel at country zoom).

    The name is written on two lines ('Quần đảo Trường Sa' over '(Khánh Hòa)'), so it stays inside a phone's map.
    """
    traces = []
    for key, (corner, position, line_break) in ARCHIPELAGO_LABEL_CORNERS.items():
        if key not in archipelagos:
            continue
        name = translate(f"archipelago_{key}", lang)
        minx, miny, maxx, maxy = archipelagos[key]["box"]
        islands = archipelagos[key]["islands"]
        # The frame's top edge, then round it; a None after each island keeps the dots unjoined.
        lon = [minx, (minx + maxx) / 2, maxx, maxx, minx, minx, None, *[v for _, x in islands for v in (x, None)]]
        lat = [maxy, maxy, maxy, miny, miny, maxy, None, *[v for y, _ in islands for v in (y, None)]]
        text = [""] * len(lon)
        text[corner] = name.replace(" (", line_break)
        traces.append(go.Scattergeo(
            lon=lon, lat=lat, text=text, mode="lines+markers+text", textposition=position,
            textfont={"size": 11, "color": LABEL_COLOUR}, line={"color": "#555", "width": 1.2},
            marker={"size": [0] * 7 + [5, 0] * len(islands), "color": LABEL_COLOUR},
            name=name, showlegend=False, hovertemplate=f"{name}<extra></extra>",
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


def geo_view(bounds: tuple[float, float, float, float], padding: float = 0.03) -> dict:
    """A mercator geo subplot without base layers showing the bounds (plotly fits them keeping the aspect ratio)."""
    minx, miny, maxx, maxy = bounds
    pad_x, pad_y = (maxx - minx) * padding, (maxy - miny) * padding
    return {
        "visible": False, "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
        "lonaxis": {"range": [minx - pad_x, maxx + pad_x]}, "lataxis": {"range": [miny - pad_y, maxy + pad_y]},
    }


def _map_layout(title: str, version_note: str, lang: str, height: int,
                bounds: tuple[float, float, float, float], caption: str = "") -> dict:
    """Title (whole on a phone: wrapped, at most a few lines), a legend row above the map, and under it the caption
    (what the colours compare) and the boundary credit; the geo subplot fills the space between."""
    titles = title_lines(title)
    captions, credits = textwrap.wrap(caption, NOTE_CHARS), textwrap.wrap(version_note, NOTE_CHARS)
    note_height = 17 * (len(captions) + len(credits))
    return {
        "geo": {**geo_view(bounds), "domain": {"x": [0, 1], "y": [0, 1]}},
        "height": height + note_height,
        "margin": {"l": 0, "r": 0, "t": 64 + 21 * len(titles), "b": 12 + note_height},
        # plotly sets a title of several lines 14 px higher than one line: the padding makes up for it.
        "title": {"text": "<br>".join(titles), "x": 0.01, "y": 1, "yanchor": "top",
                  "pad": {"t": 10 if len(titles) == 1 else 24}, "font": {"size": TITLE_SIZE}},
        "separators": SEPARATORS[lang],
        "legend": {"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.9)",
                   "font": {"size": 14}},
        "annotations": [map_note(MAP_CAPTION, captions, 0), map_note(MAP_CREDIT, credits, 17 * len(captions))],
        "paper_bgcolor": "white",
        # A click selects the area from the first draw (Streamlit sets it only after drawing, and on some loads never).
        "clickmode": "event+select",
    }


MAP_CAPTION, MAP_CREDIT = "map_caption", "map_credit"  # names of the notes under a map (a snapshot moves them)


def map_note(name: str, lines: list[str], offset: int) -> dict:
    """A grey note under the map, `offset` pixels below its bottom edge."""
    return {"name": name, "text": "<br>".join(lines), "showarrow": False, "xref": "paper", "yref": "paper",
            "x": 0.0, "y": 0.0, "xanchor": "left", "yanchor": "top", "yshift": -4 - offset, "align": "left",
            "font": {"size": NOTE_SIZE, "color": "#555"}}


def title_lines(title: str) -> list[str]:
    """'Indicator – version' as short lines: each part on its own line(s), none wider than a phone's map."""
    return [line for part in title.split(" – ") for line in textwrap.wrap(part, TITLE_CHARS)] or [title]


def make_district_map_figure(
    geojson: dict, districts: pd.DataFrame, *, title: str, lang: str = "vi", selected: str = "",
) -> go.Figure:
    """Districts of one province, named on the map: those with figures or models highlighted, the others 'no data'.

    An archipelago district (Hoàng Sa of Đà Nẵng, Trường Sa of Khánh Hòa) lies hundreds of kilometres offshore:
    it is drawn in a framed inset, so the mainland districts keep a readable size.
    """
    features = geojson["features"]
    mainland = [f for f in features if f["properties"]["district_code"] not in ARCHIPELAGO_DISTRICTS]
    offshore = [f for f in features if f["properties"]["district_code"] in ARCHIPELAGO_DISTRICTS]
    fig = go.Figure()
    _add_districts(fig, mainland or offshore, districts, lang, selected, subplot="geo", legend=True)
    layout = _map_layout(title, translate("boundary_credit", lang, version=translate("version_vn63", lang)), lang, 520,
                         features_bounds(mainland or offshore))
    if mainland and offshore:
        _add_districts(fig, offshore, districts, lang, selected, subplot="geo2", legend=False)
        layout["geo2"] = {**geo_view(features_bounds(offshore), padding=0.2), "domain": INSET_DOMAIN}
        layout["shapes"] = [{"type": "rect", "xref": "paper", "yref": "paper", "x0": INSET_DOMAIN["x"][0],
                             "x1": INSET_DOMAIN["x"][1], "y0": INSET_DOMAIN["y"][0], "y1": INSET_DOMAIN["y"][1],
                             "line": {"color": "#555", "width": 1}}]
    fig.update_layout(layout)
    return fig


def _add_districts(fig: go.Figure, features: list[dict], districts: pd.DataFrame, lang: str, selected: str, *,
                   subplot: str, legend: bool) -> None:
    """On one geo subplot: the name labels first (see module docstring), then one area trace per status.

    Islets of an archipelago inset get a thick outline, or they would vanish below a pixel.
    """
    outline = 0.8 if legend else 2.0
    key = "properties.district_code"
    collection = {"type": "FeatureCollection", "features": features}
    rows = districts[districts["district_code"].isin({f["properties"]["district_code"] for f in features})]
    names = district_name_trace(collection, rows) if legend else inset_name_trace(features, rows)
    fig.add_trace(names.update(geo=subplot))
    for cls in reversed(district_scale(districts, lang).classes):  # no data first: the reported districts on top
        status, colour, name = cls.status, cls.colour, cls.words
        shown = rows[rows["status"] == status]
        fig.add_trace(go.Choropleth(
            geojson=subset_geojson(collection, shown["district_code"], key), featureidkey=key,
            locations=shown["district_code"], z=[1] * len(shown), geo=subplot,
            colorscale=[[0, colour], [1, colour]], showscale=False, name=name, showlegend=legend, legendgroup=status,
            marker={"line": {"color": [SELECTED_COLOUR if c == selected else BORDER_COLOUR
                                       for c in shown["district_code"]],
                             "width": [3 if c == selected else outline for c in shown["district_code"]]}},
            customdata=shown[["district_code", "name", "label"]].to_numpy(),
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
        ))


def inset_name_trace(features: list[dict], districts: pd.DataFrame) -> go.Scattergeo:
    """The archipelago district's name ('H. Trường Sa') at the top middle of its inset, written downwards into it:
    at the islands' own point it could stand over the inset's edge and be cut."""
    minx, _, maxx, maxy = features_bounds(features)
    return go.Scattergeo(
        lon=[(minx + maxx) / 2], lat=[maxy], text=[" · ".join(map(short_district_name, districts["name"]))],
        mode="text", textposition="bottom center", textfont={"size": LABEL_SIZE, "color": LABEL_COLOUR},
        hoverinfo="skip", showlegend=False, name="",
    )


def features_bounds(features: list[dict]) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of GeoJSON features."""
    return tuple(shapely.total_bounds([shape(f["geometry"]) for f in features if f["geometry"]]))


def district_name_trace(geojson: dict, districts: pd.DataFrame) -> go.Scattergeo:
    """Short district names ('H. Mường Nhé') at a point inside each district, where they do not collide.

    Hover and clicks go to the areas beneath; a district whose name would overlap one already placed (city wards
    crowd together) is named on hover only.
    """
    names = dict(zip(districts["district_code"], districts["name"], strict=True))
    shapes = {f["properties"]["district_code"]: shape(f["geometry"]) for f in geojson["features"]
              if f["properties"]["district_code"] in names and f["geometry"]}
    labelled = place_labels({code: (short_district_name(names[code]), geometry) for code, geometry in shapes.items()})
    return go.Scattergeo(
        lon=[point.x for _, point in labelled], lat=[point.y for _, point in labelled],
        text=[text for text, _ in labelled], mode="text", textfont={"size": LABEL_SIZE, "color": LABEL_COLOUR},
        hoverinfo="skip", showlegend=False, name="",
    )


def place_labels(areas: dict[str, tuple[str, object]], width_px: int = 700, height_px: int = 400) -> list:
    """(text, point) for the labels that fit without overlapping: cities first, then the largest areas.

    Text boxes are estimated in degrees from the map's size in pixels (about 0.6 em per character).
    """
    if not areas:
        return []
    minx, miny, maxx, maxy = shapely.total_bounds([geometry for _, geometry in areas.values()])
    px_per_degree = min(width_px / max(maxx - minx, 0.01), height_px / max(maxy - miny, 0.01))
    city = KIND_ABBREVIATIONS[CITY_KIND]
    order = sorted(areas.values(), key=lambda item: (not item[0].startswith(city), -item[1].area))
    return labels_without_overlap([(text, geometry.representative_point()) for text, geometry in order],
                                  px_per_degree, LABEL_SIZE)


def labels_without_overlap(labels: list[tuple], px_per_degree: float, font_size: int, em_high: float = 1.4,
                           frame=None) -> list:
    """The (text, point, ...) labels, in their order, that do not overlap one kept before (about 0.6 em a character,
    `em_high` em high). Given the map's `frame` (a shapely box), a label that would overlap is tried just below and
    above its point, inside the frame, before it is left out (a province on the scale keeps its number beside a
    larger neighbour's)."""
    placed, boxes = [], []
    for label in labels:
        text, point = label[:2]
        lines = text.split("<br>")  # a name over its value: the widest line, every line's height
        half_w = max(map(len, lines)) * 0.6 * font_size / px_per_degree / 2
        half_h = em_high * len(lines) / 2 * font_size / px_per_degree
        for dy in (0, -2 * half_h, 2 * half_h) if frame is not None else (0,):
            box = shapely.box(point.x - half_w, point.y + dy - half_h, point.x + half_w, point.y + dy + half_h)
            if (dy == 0 or frame.contains(box)) and not any(box.intersects(other) for other in boxes):
                placed.append((text, shapely.Point(point.x, point.y + dy), *label[2:]))
                boxes.append(box)
                break
    return placed


def value_label_trace(fig: go.Figure, texts: dict[str, str], px_per_degree: float,
                      font_size: int) -> go.Scattergeo | None:
    """The value written on each province of the shared scale ('42', 'hơn 532'), largest values first, leaving out a
    label that would overlap one already written; white on the dark blues, near-black on the light ones (and for a
    name over its value, which reaches past its province onto lighter ground; plotly's shadow keeps it legible).

    Each label stands at a point inside the province's largest part (the islands of a coastal province are not where
    a reader looks for its number). None when the map has no shared scale.
    """
    value = next((t for t in fig.data if t.type == "choropleth" and t.showscale), None)
    if value is None or not len(value.locations):
        return None
    prop = value.featureidkey.removeprefix("properties.")
    parts = {f["properties"][prop]: largest_part(shape(f["geometry"])) for f in value.geojson["features"]
             if f["geometry"]}
    shown = sorted(((z, code) for code, z in zip(value.locations, value.z, strict=True)
                    if code in parts and texts.get(code)), reverse=True)
    frame = shapely.box(*shapely.total_bounds([shape(f["geometry"]) for trace in fig.data if trace.type == "choropleth"
                                               for f in trace.geojson["features"] if f["geometry"]]))
    placed = labels_without_overlap([(texts[code], parts[code].representative_point(), z / (value.zmax or 1))
                                     for z, code in shown], px_per_degree, font_size, em_high=1.0, frame=frame)
    return go.Scattergeo(
        lon=[point.x for _, point, _ in placed], lat=[point.y for _, point, _ in placed],
        text=[text for text, _, _ in placed], mode="text", hoverinfo="skip", showlegend=False, name="",
        textfont={"size": font_size, "weight": "bold", "shadow": "auto",
                  "color": ["white" if darkness >= 0.45 and "<br>" not in text else "#111111"
                            for text, _, darkness in placed]},
    )


def largest_part(geometry):
    """The largest polygon of a (multi)polygon."""
    return max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)


def short_district_name(name: str) -> str:
    """The usual map abbreviation of the administrative prefix: 'Thành phố Điện Biên Phủ' → 'TP. Điện Biên Phủ'."""
    return abbreviate_kind(name)


COMMUNE_KEY = "properties.commune_code"
# The map size the commune names are spaced for: smaller than the district map's (700 × 400), so the names still
# stand apart when a projector or a phone draws them larger (presentation mode sets chart text to 18 px).
COMMUNE_LABEL_ROOM_PX = (520, 300)


def make_commune_map_figure(
    geojson: dict, places: pd.DataFrame, *, title: str, version_note: str, scale: ColourScale,
    archipelagos: dict[str, dict], lang: str = "vi", selected: str = "",
) -> go.Figure:
    """The communes of one vn34 province in the country map's three classes (no data, another kind of figure, the
    shared scale), named where the names fit, the chosen commune outlined in red.

    `places` has one record per commune, its code in `province_code` (the country map's traces read that column).
    Island special zones far offshore (Hoàng Sa of Đà Nẵng, Trường Sa of Khánh Hòa, Côn Đảo of HCMC, ...) are drawn
    in a framed inset (see `split_offshore_communes`), the archipelagos named as on every map, so the mainland
    communes keep a readable size.
    """
    mainland, offshore = split_offshore_communes(geojson["features"])
    fig = go.Figure()
    fig.add_trace(commune_name_trace(mainland or offshore))
    _add_commune_classes(fig, collection_of(mainland or offshore), places, scale, lang, "geo", True)
    layout = _map_layout(title, version_note, lang, 560, features_bounds(mainland or offshore),
                         scale_caption(scale.words(STATUS_SHARED), lang))
    if mainland and offshore:
        frames = archipelago_traces(archipelagos, lang)
        fig.add_traces([trace.update(geo="geo2") for trace in frames]
                       or [commune_name_trace(offshore, inset=True).update(geo="geo2")])
        _add_commune_classes(fig, collection_of(offshore), places, scale, lang, "geo2", False)
        layout["geo2"] = {**geo_view(inset_bounds(offshore, archipelagos), padding=0.1), "domain": INSET_DOMAIN}
        layout["shapes"] = [{"type": "rect", "xref": "paper", "yref": "paper", "x0": INSET_DOMAIN["x"][0],
                             "x1": INSET_DOMAIN["x"][1], "y0": INSET_DOMAIN["y"][0], "y1": INSET_DOMAIN["y"][1],
                             "line": {"color": "#555", "width": 1}}]
    fig.update_layout(layout)
    outline_selected(fig, selected)
    return fig


def split_offshore_communes(features: list[dict]) -> tuple[list[dict], list[dict]]:
    """(mainland, offshore) communes: offshore are the archipelagos and any special zone (đặc khu) whose extent lies
    wholly outside the extent of the province's other communes (Côn Đảo, Phú Quý); a zone within it (Phú Quốc
    beside the An Giang coast, Vân Đồn in Hạ Long bay) stays on the main map. One list is empty when nothing is."""
    zones = [f for f in features if f["properties"].get("kind") == "đặc khu"
             or f["properties"]["commune_code"] in commune_archipelago_codes()]
    rest = [f for f in features if f not in zones]
    if not rest or not zones:
        return features, []
    land = shapely.box(*features_bounds(rest))
    offshore = [f for f in zones if not land.intersects(shapely.box(*features_bounds([f])))]
    if len(offshore) == len(features):
        return features, []
    return [f for f in features if f not in offshore], offshore


ARCHIPELAGO_PROVINCES = {"hoang_sa": "48", "truong_sa": "56"}  # Đà Nẵng and Khánh Hòa, in both versions


def describe_commune_archipelagos(communes, province: str) -> dict[str, dict]:
    """Frame and island points of the archipelago special zone a vn34 province holds (Hoàng Sa for Đà Nẵng 48,
    Trường Sa for Khánh Hòa 56), from the commune layer: its islands are more than the 2023 district's."""
    code = {owner: zone for zone, owner in commune_archipelago_codes().items()}.get(province)
    key = next((key for key, owner in ARCHIPELAGO_PROVINCES.items() if owner == province), None)
    by_code = communes.set_index("commune_code")
    return {key: describe_archipelago(by_code.loc[code, "geometry"])} if code in by_code.index and key else {}


def inset_bounds(features: list[dict], archipelagos: dict[str, dict]) -> tuple[float, float, float, float]:
    """What an inset shows: its zones, and an archipelago's frame with room above it for its two-line name."""
    minx, miny, maxx, maxy = features_bounds(features)
    for archipelago in archipelagos.values():
        box = archipelago["box"]
        minx, miny, maxx = min(minx, box[0]), min(miny, box[1]), max(maxx, box[2])
        maxy = max(maxy, box[3] + 0.35 * (box[3] - box[1]))
    return minx, miny, maxx, maxy


def collection_of(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _add_commune_classes(fig: go.Figure, geojson: dict, places: pd.DataFrame, scale: ColourScale, lang: str,
                         subplot: str, legend: bool) -> None:
    """The three classes of the country map on one geo subplot (the inset repeats them without legend or bar)."""
    traces = _class_traces(geojson, places, scale, COMMUNE_KEY, lang)
    for trace in traces:
        trace.update(geo=subplot)
        if not legend or not len(trace.locations):  # no colour bar over nothing (a snapshot reserves its room)
            trace.update(showlegend=False, showscale=False)
    fig.add_traces(traces)


def outline_selected(fig: go.Figure, selected: str) -> None:
    """The chosen area outlined in red and thick, the others as drawn."""
    if not selected:
        return
    for trace in fig.data:
        if trace.type == "choropleth" and selected in list(trace.locations):
            trace.marker.line.color = [SELECTED_COLOUR if c == selected else BORDER_COLOUR for c in trace.locations]
            trace.marker.line.width = [3 if c == selected else 0.6 for c in trace.locations]


def short_commune_name(name: str) -> str:
    """'Phường An Đông' → 'An Đông': the map names communes without their kind (hover gives the full name)."""
    return without_kind(name, COMMUNE_KINDS)


def commune_name_trace(features: list[dict], inset: bool = False) -> go.Scattergeo:
    """Commune names at a point inside each commune where they do not collide (the largest first); the others are
    named on hover. Also the subplot's first trace, a lon/lat one (see module docstring). In an inset the names of
    its zones stand at its top, written downwards into it, as the district map's inset does."""
    if inset:
        minx, _, maxx, maxy = features_bounds(features)
        return go.Scattergeo(
            lon=[(minx + maxx) / 2], lat=[maxy], mode="text", textposition="bottom center",
            text=[" · ".join(short_commune_name(f["properties"]["name"]) for f in features)],
            textfont={"size": LABEL_SIZE, "color": LABEL_COLOUR}, hoverinfo="skip", showlegend=False, name="")
    areas = {f["properties"]["commune_code"]: (short_commune_name(f["properties"]["name"]), shape(f["geometry"]))
             for f in features if f["geometry"]}
    labelled = place_labels(areas, *COMMUNE_LABEL_ROOM_PX)
    return go.Scattergeo(
        lon=[point.x for _, point in labelled], lat=[point.y for _, point in labelled],
        text=[text for text, _ in labelled], mode="text", textfont={"size": LABEL_SIZE, "color": LABEL_COLOUR},
        hoverinfo="skip", showlegend=False, name="",
    )
