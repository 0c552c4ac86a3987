"""The interactive map download: one self-contained HTML page (folium/Leaflet) of a view's country or district map.

The page is what a browser opens from disk with no network: Leaflet's script and style sheet are inlined from the
vendored npm package (briefing/vendor/leaflet, BSD-2-Clause), folium's CDN links (Leaflet, jQuery, Bootstrap, fonts)
are dropped, and there is no tile layer. Areas are coloured by the view's scale (ViewContent.map, briefing/colours.py)
as on the dashboard: blues for the shared scale, orange for figures that may not share it, grey for no data; each
area's tooltip carries its value, scope, period, sources and evidence. Every country map names Hoàng Sa and Trường Sa
inside the first view; the district maps of Đà Nẵng and Khánh Hòa show their archipelago district in a framed inset.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import folium
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.map import FitBounds
from folium.template import Template
from shapely.geometry import shape

from briefing.colours import BORDER_COLOUR, LABEL_COLOUR, NO_DATA_COLOUR, SELECTED_COLOUR, ColourScale, css_gradient
from briefing.content import ViewContent
from briefing.formatting import format_number
from briefing.hover import escape, hover_customdata
from briefing.i18n import translate
from briefing.inputs import ViewInputs
from briefing.links import ViewError
from briefing.maps import (
    ARCHIPELAGO_DISTRICTS,
    VIETNAM_BOUNDS,
    describe_archipelagos,
    describe_commune_archipelagos,
    features_bounds,
    place_labels,
    short_commune_name,
    short_district_name,
    split_offshore_communes,
)
from briefing.provenance import provenance_lines
from geo import layers

LEAFLET_DIR = Path(__file__).parent / "vendor" / "leaflet"
LEAFLET_VERSION = "1.9.4"  # briefing/vendor/leaflet/README.md says where the files come from
FIT_PADDING_PX = 14
HOVER_STYLE = {"weight": 2.5, "color": "#1f2933"}
# Words of this page only (no dashboard screen shows them); the dashboard's own labels come from translate().
WORDS = {
    "vi": {"hint": "Di chuột hoặc chạm vào một {area} để xem giá trị, phạm vi, thời kỳ, nguồn và trích dẫn. "
                   "Cuộn chuột hoặc dùng nút + / − để phóng to, kéo để di chuyển.",
           "area_province": "tỉnh", "area_district": "huyện", "count_province": "{count} tỉnh",
           "count_district": "{count} huyện", "area_commune": "xã, phường", "count_commune": "{count} xã, phường",
           "legend": "Chú giải", "sources": "Nguồn và ghi chú",
           "fit": "Toàn cảnh", "fit_title": "Về khung nhìn ban đầu",
           "made_with": "Bản đồ tương tác: Leaflet {version}"},
    "en": {"hint": "Hover over or tap a {area} to see its value, scope, period, sources and evidence. "
                   "Scroll or use + / − to zoom, drag to move.",
           "area_province": "province", "area_district": "district", "count_province": "{count} provinces",
           "count_district": "{count} districts", "area_commune": "commune",
           "count_commune": "{count} communes", "legend": "Legend", "sources": "Sources and notes",
           "fit": "Whole view", "fit_title": "Back to the first view",
           "made_with": "Interactive map: Leaflet {version}"},
}


@dataclass
class LegendEntry:
    colour: str  # a CSS background: one colour, or the shared scale's gradient
    words: str
    count: int
    ticks: tuple[str, str] | None = None  # the shared scale's lowest and highest value, in words


@dataclass
class MapPage:
    """What the page shows: its words, the areas to draw (features with name and tooltip, and each one's fill),
    the bounds of the first view and the legend."""

    lang: str
    title: str
    areas: dict
    fills: dict[str, str]
    key: str
    bounds: tuple[float, float, float, float]
    legend: list[LegendEntry]
    credit: str
    area_kind: str
    selected: str = ""
    archipelagos: dict[str, dict] = field(default_factory=dict)
    inset: dict | None = None


def build_interactive_map(content: ViewContent, inputs: ViewInputs) -> bytes:
    """The view's map as one UTF-8 HTML page that works offline; ViewError when the view has no map."""
    check_has_map(content)
    make_page = {"commune": make_commune_page, "district": make_district_page, "country": make_country_page}
    page = make_page[content.map.kind](content, inputs)
    return render_page(page, content).encode("utf-8")


def check_has_map(content: ViewContent) -> None:
    """ViewError naming why the view has no map to write: a page without one, too few comparable provinces, a
    province without district polygons, or boundary layers not built."""
    path = content.view.page.path
    if content.map is None and not content.no_map:
        raise ViewError(f"{path} has no map; the interactive map (.html) is written for / and /province")
    if content.map is None or content.figure("map") is None:
        reason = content.figure_errors.get("map") or content.no_map
        raise ViewError(f"{path} has no map to write: {reason}")


# ---------------------------------------------------------------- the country map (overview)

def make_country_page(content: ViewContent, inputs: ViewInputs) -> MapPage:
    """The provinces of the view's admin version, coloured as on the dashboard, and both archipelagos."""
    lang, places, scale = content.lang, content.places, content.map.scale
    version = translate(f"version_{content.admin_version}", lang)
    return MapPage(
        lang, translate("map_title", lang, indicator=content.title, version=version),
        area_collection(inputs.province_geojson(content.admin_version), "province_code",
                        province_tooltips(places, scale, lang), places.set_index("province_code")["province_name"]),
        scale.fills(places, "province_code"), "province_code", VIETNAM_BOUNDS, scale_legend(scale, lang),
        content.map.notes[-1], "province", archipelagos=describe_archipelagos(inputs.district_layer()),
    )


def province_tooltips(places: pd.DataFrame, scale: ColourScale, lang: str) -> pd.Series:
    """province code → tooltip HTML: the dashboard's hover fields (escaped there), empty lines left out; a place
    without a label says its class."""
    labels = places["label"].where(places["label"] != "", places["status"].map(scale.words))
    fields = hover_customdata(places.assign(label=labels), "province_name")
    return pd.Series([tooltip_html(*row, lang=lang) for row in fields], index=places["province_code"].to_list())


def tooltip_html(head: str, label: str, scope: str, period: str, sources: str, evidence: str, note: str, *,
                 lang: str) -> str:
    """Bold name, value in words, then scope, period, sources, evidence and note (already escaped), when present."""
    lines = [f"<b>{head}</b>", f'<span class="vn-value">{label}</span>' if label else ""]
    for key, text in (("scope", scope), ("period", period), ("source", sources)):
        lines.append(f'<span class="vn-key">{translate(key, lang)}:</span> {text}' if text else "")
    lines.append(f'<span class="vn-evidence">{evidence}</span>' if evidence else "")
    return "<br>".join(line for line in lines if line) + note


def scale_legend(scale: ColourScale, lang: str) -> list[LegendEntry]:
    """The scale's classes with areas and words: the shared scale as its gradient with 0 and its top, then each flat
    class's colour."""
    ticks = (format_number(0, lang), format_number(round(scale.top, scale.decimals), lang, scale.decimals))
    return [LegendEntry(css_gradient(), cls.words, cls.count, ticks) if cls.shared else
            LegendEntry(cls.colour, cls.words, cls.count) for cls in scale.legend()]


# ---------------------------------------------------------------- the district map (province page)

def make_district_page(content: ViewContent, inputs: ViewInputs) -> MapPage:
    """The districts of the province (the chosen one outlined in red); an archipelago district in the inset."""
    lang, rows = content.lang, content.places
    province = content.choices["province"].value
    gdf = inputs.district_layer()
    geojson = layers.layer_geojson(gdf[gdf["province_code"] == province])
    tooltips = pd.Series([f"<b>{escape(name)}</b><br>{escape(label)}" for name, label in zip(
        rows["name"], rows["label"], strict=True)], index=rows["district_code"].to_list())
    areas = area_collection(geojson, "district_code", tooltips, rows.set_index("district_code")["name"])
    mainland = [f for f in areas["features"] if f["properties"]["district_code"] not in ARCHIPELAGO_DISTRICTS]
    offshore = [f for f in areas["features"] if f["properties"]["district_code"] in ARCHIPELAGO_DISTRICTS]
    scale = content.map.scale
    return MapPage(
        lang, f"{content.title} – {translate('district_map', lang)}", collection(mainland or offshore),
        scale.fills(rows, "district_code"), "district_code", features_bounds(mainland or offshore),
        scale_legend(scale, lang), content.map.notes[-1], "district",
        selected=content.choices["district"].value, inset=collection(offshore) if mainland and offshore else None,
    )


# ---------------------------------------------------------------- the commune map (province page, vn34)

def make_commune_page(content: ViewContent, inputs: ViewInputs) -> MapPage:
    """The communes of a vn34 province coloured as on the dashboard (the chosen one outlined in red); island special
    zones far offshore in the inset, the archipelagos framed and named."""
    lang, places, scale = content.lang, content.places, content.map.scale
    province = content.choices["province"].value
    areas = area_collection(inputs.commune_geojson(province), "commune_code", province_tooltips(places, scale, lang),
                            places.set_index("province_code")["province_name"])
    mainland, offshore = split_offshore_communes(areas["features"])
    archipelagos = describe_commune_archipelagos(inputs.commune_table(), province)
    return MapPage(
        lang, translate("commune_map_title", lang, indicator=content.title),
        collection(mainland), scale.fills(places, "province_code"), "commune_code", features_bounds(mainland),
        scale_legend(scale, lang), content.map.notes[-1], "commune",
        selected=content.choices["commune"].value, archipelagos=archipelagos,
        inset=collection(offshore) if offshore else None,
    )


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------- areas, shared by both maps

def area_collection(geojson: dict, key: str, tooltips: pd.Series, names: pd.Series) -> dict:
    """The features the view has a place for, keeping only the code, the name and the tooltip HTML."""
    features = []
    for feature in geojson["features"]:
        code = feature["properties"][key]
        if code in tooltips.index and feature["geometry"]:
            properties = {key: code, "name": names[code], "tooltip": tooltips[code]}
            features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    return collection(features)


def add_areas(fmap: folium.Map, areas: dict, page: MapPage, outline: float = 0.7) -> None:
    """The areas, filled by class, outlined thin (the selected district in red), highlighted and tooltipped on hover."""
    def style(feature: dict) -> dict:
        code = feature["properties"][page.key]
        chosen = code == page.selected
        return {"fillColor": page.fills.get(code, NO_DATA_COLOUR), "fillOpacity": 1.0, "weight": 3 if chosen
                else outline, "color": SELECTED_COLOUR if chosen else BORDER_COLOUR, "opacity": 1.0}

    tooltip = folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True, class_name="vn-tooltip", opacity=1)
    folium.GeoJson(areas, style_function=style, highlight_function=lambda feature: HOVER_STYLE, tooltip=tooltip,
                   class_name=f"vn-{page.area_kind}", name=page.area_kind, smooth_factor=0.5).add_to(fmap)


# ---------------------------------------------------------------- Hoàng Sa and Trường Sa on the country map

class MapLabel(MacroElement):
    """Text at a point of the map, not clickable: a Leaflet divIcon marker made with its icon (folium's Marker would
    first add Leaflet's default image icon, a file the page does not have). The CSS class places the text: `vn-label`
    ends at the point (lower right corner), `vn-name` is centred on it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.marker({{ this.location|tojson }}, {icon: L.divIcon({{ this.icon|tojson }}),
                     interactive: false, keyboard: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, location: tuple[float, float], markup: str, css_class: str, testid: str = ""):
        super().__init__()
        self._name = "MapLabel"
        self.location = [round(value, 4) for value in location]
        testid = f' data-testid="{testid}"' if testid else ""
        self.icon = {"className": "vn-label-anchor", "iconSize": [0, 0], "iconAnchor": [0, 0],
                     "html": f'<span class="{css_class}"{testid}>{markup}</span>'}


class IslandDots(MacroElement):
    """A dot per island, drawn but not clickable (islets are below a pixel at country zoom)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this.points|tojson }}.forEach(function (point) {
                L.circleMarker(point, {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
            });
        {% endmacro %}
    """)

    def __init__(self, points: list[tuple[float, float]]):
        super().__init__()
        self._name = "IslandDots"
        self.points = [[round(lat, 4), round(lon, 4)] for lat, lon in points]
        self.options = {"radius": 1.6, "stroke": False, "fillColor": LABEL_COLOUR, "fillOpacity": 1.0,
                        "interactive": False, "className": "vn-island"}


def add_archipelagos(fmap: folium.Map, archipelagos: dict[str, dict], lang: str) -> None:
    """Each archipelago as on the dashboard: a frame, a dot per island, and its name standing on the frame's top edge,
    ending at its right corner (so the name reaches west over open sea, inside the country's bounds)."""
    for key in ("hoang_sa", "truong_sa"):
        if key not in archipelagos:
            continue
        name = translate(f"archipelago_{key}", lang)
        minx, miny, maxx, maxy = archipelagos[key]["box"]
        folium.Rectangle([(miny, minx), (maxy, maxx)], color="#555555", weight=1.2, fill=False,
                         tooltip=escape(name), class_name="vn-archipelago").add_to(fmap)
        IslandDots(archipelagos[key]["islands"]).add_to(fmap)
        MapLabel((maxy, maxx), two_lines(name), "vn-label", f"archipelago-{key.replace('_', '-')}").add_to(fmap)


def two_lines(name: str) -> str:
    """'Quần đảo Hoàng Sa (Đà Nẵng)' → the archipelago, and its province on a second line (escaped)."""
    head, _, place = name.rpartition(" (")
    return f"{escape(head)}<br>({escape(place)}" if head else escape(name)


def add_area_names(fmap: folium.Map, features: list[dict], key: str = "district_code") -> None:
    """Short district names ('H. Mường Nhé') or commune names ('An Đông') where the dashboard's map writes them
    (they do not collide)."""
    short = short_district_name if key == "district_code" else short_commune_name
    areas = {f["properties"][key]: (short(f["properties"]["name"]), shape(f["geometry"])) for f in features}
    for text, point in place_labels(areas):
        MapLabel((point.y, point.x), escape(text), "vn-name").add_to(fmap)


# ---------------------------------------------------------------- the page: maps, legend, provenance, offline assets

class FitButton(MacroElement):
    """A control under the zoom buttons that brings back the first view (the whole country with both archipelagos)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map) {
                var control = L.control({position: "topleft"});
                control.onAdd = function () {
                    var button = L.DomUtil.create("button", "vn-fit");
                    button.type = "button";
                    button.textContent = {{ this.text|tojson }};
                    button.title = {{ this.title|tojson }};
                    L.DomEvent.disableClickPropagation(button);
                    L.DomEvent.on(button, "click", function () {
                        map.fitBounds({{ this.bounds|tojson }}, {padding: [{{ this.padding }}, {{ this.padding }}]});
                    });
                    return button;
                };
                control.addTo(map);
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list, text: str, title: str):
        super().__init__()
        self._name = "FitButton"
        self.bounds, self.text, self.title, self.padding = bounds, text, title, FIT_PADDING_PX


def lat_lon_bounds(bounds: tuple[float, float, float, float]) -> list[list[float]]:
    """(minx, miny, maxx, maxy) → Leaflet's [[south, west], [north, east]]."""
    minx, miny, maxx, maxy = bounds
    return [[miny, minx], [maxy, maxx]]


def make_leaflet_map(figure: Figure, bounds: tuple[float, float, float, float], **options) -> folium.Map:
    """A Leaflet map without tiles or CDN links (Leaflet is inlined once for the page), fitted to the bounds."""
    fmap = folium.Map(tiles=None, location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2], zoom_start=5,
                      zoom_snap=0.25, zoom_delta=0.5, attribution_control=False, min_zoom=3, max_zoom=13, **options)
    fmap.default_js, fmap.default_css = [], []  # folium would link Leaflet, jQuery, Bootstrap and fonts from CDNs
    fit = FitBounds(lat_lon_bounds(bounds), padding=(FIT_PADDING_PX, FIT_PADDING_PX))
    fit.options["animate"] = False  # the first view is drawn at once, not zoomed into from folium's start zoom
    fmap.add_child(fit)
    figure.add_child(fmap)
    return fmap


def render_page(page: MapPage, content: ViewContent) -> str:
    """The whole HTML page: header, map (and inset), side panel with legend and provenance, credit line."""
    figure = Figure(title=escape(page.title))
    figure.header.add_child(Element(leaflet_assets()), name="leaflet")
    fmap = make_leaflet_map(figure, page.bounds)
    fmap.add_child(FitButton(lat_lon_bounds(page.bounds), word("fit", page.lang), word("fit_title", page.lang)))
    add_areas(fmap, page.areas, page)
    add_archipelagos(fmap, page.archipelagos, page.lang)
    if page.area_kind in ("district", "commune"):
        add_area_names(fmap, page.areas["features"], page.key)
    css = PAGE_CSS.replace("MAP_ID", fmap.get_name())
    if page.inset is not None:
        inset = make_leaflet_map(figure, features_bounds(page.inset["features"]), zoom_control=False)
        add_areas(inset, page.inset, page, outline=2.0)
        add_area_names(inset, page.inset["features"], page.key)
        css += INSET_CSS.replace("INSET_ID", inset.get_name())
    figure.header.add_child(Element(f"<style>{css}</style>"), name="page_style")
    for name, part in (("head", header_html(page, content)), ("side", side_html(page, content)),
                       ("foot", footer_html(page))):
        figure.html.add_child(Element(part), name=name)
    return check_offline(figure.render().replace("<html>", f'<html lang="{page.lang}">', 1))


def word(key: str, lang: str, **values) -> str:
    text = WORDS[lang if lang in WORDS else "vi"][key]
    return text.format(**values) if values else text


def header_html(page: MapPage, content: ViewContent) -> str:
    filters = " · ".join(escape(text) for text in content.filters)
    return (f'<header class="vn-head"><p class="vn-app">{escape(translate("app_title", page.lang))}</p>'
            f'<h1 data-testid="map-title">{escape(page.title)}</h1><p class="vn-filters">{filters}</p></header>')


def side_html(page: MapPage, content: ViewContent) -> str:
    """The legend with counts, how to read the map, the view's KPI cards, then the provenance lines."""
    lang = page.lang
    legend = "".join(legend_item_html(entry, page) for entry in page.legend)
    kpis = "".join(f'<div class="vn-kpi"><span>{escape(k["label"])}</span><b>{escape(k["value"])}</b>'
                   f'<small>{escape(k.get("detail", ""))}</small></div>' for k in content.kpis)
    lines = "".join(f"<p>{escape(line)}</p>" for line in provenance_lines(content))
    hint = word("hint", lang, area=word(f"area_{page.area_kind}", lang))
    return (f'<aside class="vn-side"><section data-testid="map-legend"><h2>{word("legend", lang)}</h2>{legend}'
            f'</section><p class="vn-hint">{escape(hint)}</p><section class="vn-kpis">{kpis}</section>'
            f'<section class="vn-provenance" data-testid="map-provenance"><h2>{word("sources", lang)}</h2>{lines}'
            f"</section></aside>")


def legend_item_html(entry: LegendEntry, page: MapPage) -> str:
    count = f'<span class="vn-count">({word(f"count_{page.area_kind}", page.lang, count=entry.count)})</span>'
    if entry.ticks:
        low, high = entry.ticks
        return (f'<div class="vn-scale"><div class="vn-scale-title">{escape(entry.words)} {count}</div>'
                f'<div class="vn-bar" style="background: {entry.colour}"></div>'
                f'<div class="vn-ticks"><span>{low}</span><span>{high}</span></div></div>')
    return (f'<div class="vn-class"><i class="vn-swatch" style="background: {entry.colour}"></i>'
            f"<span>{escape(entry.words)} {count}</span></div>")


def footer_html(page: MapPage) -> str:
    made_with = word("made_with", page.lang, version=LEAFLET_VERSION)
    return (f'<footer class="vn-foot" data-testid="map-credit">{escape(page.credit)} · {escape(made_with)} · '
            f'{escape(translate("app_title", page.lang))}</footer>')


@cache
def leaflet_assets() -> str:
    """Leaflet's style sheet and script, inlined (read once from the vendored package)."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    script = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in css.lower():
        raise ValueError("the vendored Leaflet files cannot be inlined: they close their own tag")
    return f"<style>{css}</style>\n<script>{script}</script>"


EXTERNAL_RESOURCE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def check_offline(page_html: str) -> str:
    """The page, or ValueError when an element would load a file from the network (a folium CDN link slipped in)."""
    found = EXTERNAL_RESOURCE.search(page_html)
    if found:
        raise ValueError(f"the interactive map would fetch from the network: {found.group(0)[:120]}")
    return page_html


PAGE_CSS = """
html, body { height: 100%; }
body { margin: 0; display: grid; grid-template-columns: minmax(0, 1fr) 340px;
  grid-template-rows: auto minmax(0, 1fr) auto; grid-template-areas: "head head" "map side" "foot foot";
  height: 100vh; background: #fff; color: #1f2933;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
.vn-head { grid-area: head; padding: 12px 20px 10px; border-bottom: 1px solid #d9dee3; }
.vn-app { margin: 0; font-size: 12px; color: #8a1c17; font-weight: 600; letter-spacing: .02em; }
.vn-head h1 { margin: 2px 0 4px; font-size: 22px; line-height: 1.25; }
.vn-filters { margin: 0; font-size: 13px; color: #52606d; }
body > #MAP_ID { grid-area: map; position: relative; z-index: 0; width: auto; height: auto; min-height: 360px; }
.leaflet-container { background: #fff; font-family: inherit; }
.vn-side { grid-area: side; overflow: auto; padding: 12px 18px; border-left: 1px solid #d9dee3; font-size: 13px;
  line-height: 1.4; }
.vn-side h2 { font-size: 14px; margin: 6px 0 8px; }
.vn-scale, .vn-class { margin: 0 0 10px; }
.vn-scale-title { margin-bottom: 4px; }
.vn-bar { height: 12px; border: 1px solid #8c8c8c; }
.vn-ticks { display: flex; justify-content: space-between; font-size: 12px; color: #52606d; }
.vn-class { display: flex; align-items: center; gap: 8px; }
.vn-swatch { display: inline-block; flex: none; width: 22px; height: 14px; border: 1px solid #8c8c8c; }
.vn-count { color: #52606d; white-space: nowrap; }
.vn-hint { color: #52606d; margin: 4px 0 12px; }
.vn-kpis { display: grid; gap: 8px; margin-bottom: 12px; }
.vn-kpi { border: 1px solid #d9dee3; border-radius: 6px; padding: 6px 10px; display: grid; }
.vn-kpi span { font-size: 12px; color: #52606d; }
.vn-kpi b { font-size: 18px; }
.vn-kpi small { color: #52606d; }
.vn-provenance p { margin: 0 0 6px; font-size: 12px; color: #3e4c59; overflow-wrap: anywhere; }
.vn-foot { grid-area: foot; padding: 6px 20px; font-size: 12px; color: #52606d; border-top: 1px solid #d9dee3; }
.vn-label-anchor { background: none; border: none; }
.vn-label { position: absolute; right: 0; bottom: 4px; width: max-content; max-width: 150px; text-align: right;
  font-size: 12px; font-weight: 600; line-height: 1.2; color: #333; white-space: normal;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }
.vn-name { position: absolute; transform: translate(-50%, -50%); width: max-content; font-size: 11px;
  color: #333; text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.leaflet-tooltip.vn-tooltip { white-space: normal; width: max-content; max-width: 380px; font-size: 13px;
  line-height: 1.4; color: #1f2933; }
.vn-tooltip table { margin: 0; } .vn-tooltip td { padding: 0; }
.vn-value { font-size: 15px; font-weight: 600; }
.vn-key { color: #52606d; }
.vn-evidence { font-style: italic; color: #3e4c59; }
.vn-fit { font: inherit; font-size: 12px; padding: 4px 8px; background: #fff; border: 2px solid rgba(0,0,0,.2);
  border-radius: 4px; cursor: pointer; }
@media (max-width: 760px) {
  body { height: auto; grid-template-columns: 1fr; grid-template-rows: auto min(72vh, 125vw) auto auto;
    grid-template-areas: "head" "map" "side" "foot"; }
  .vn-side { border-left: 0; border-top: 1px solid #d9dee3; overflow: visible; }
  .vn-head h1 { font-size: 19px; }
}
@media print { body { height: auto; grid-template-rows: auto 180mm auto; }
  .vn-fit, .leaflet-control-zoom { display: none; } }
"""
INSET_CSS = """
body { grid-template-rows: auto 250px minmax(0, 1fr) auto;
  grid-template-areas: "head head" "map inset" "map side" "foot foot"; }
body > #INSET_ID { grid-area: inset; position: relative; z-index: 0; width: auto; height: auto; margin: 10px 12px 0;
  border: 1px solid #555; }
@media (max-width: 760px) {
  body { grid-template-rows: auto min(72vh, 125vw) 240px auto auto;
    grid-template-areas: "head" "map" "inset" "side" "foot"; }
}
"""
