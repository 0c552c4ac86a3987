"""Dashboard links as views: parse and validate a link, then build its title, filters, figures, KPIs and sources."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import plotly.graph_objects as go

from components.figures import make_ranked_bar_figure, make_small_multiples_figure, make_window_figure
from components.i18n import translate
from components.maps import (
    describe_archipelagos,
    make_district_map_figure,
    make_province_map_figure,
)
from components.tables import (
    build_comparison_long,
    build_comparison_table,
    build_district_rows,
    build_model_table,
    build_observation_table,
    compute_overview_kpis,
    period_span,
)
from geo import layers
from indicators.formatting import format_period
from indicators.gazetteer import Gazetteer, load_crosswalk, load_gazetteer, to_vn34_province
from indicators.queries import (
    ProvinceFrame,
    annualise,
    compute_province_values,
    district_activity,
    filter_models,
    indicator_row,
    make_province_frame,
    observations_of,
    observations_with_titles,
    province_models,
    province_observations,
    scope_of_row,
    series_labels,
)
from indicators.store import load_published_dataset, open_store
from indicators.tables import Dataset

DEFAULT_INDICATOR = "models_built_count"
PRESETS = ("reporting", "same_vn34", "top10", "custom")
PAGE_PARAMS = {
    "": ("indicator", "version"),
    "province": ("province", "district"),
    "compare": ("indicators", "preset", "group", "provinces"),
    "trends": ("indicator", "provinces", "mode"),
    "models": ("province", "district", "org_type", "field", "q"),
    "sources": ("source",),
}
# Carried between pages by links (a page ignores the others' parameters), plus Streamlit's own.
SHARED_PARAMS = ("lang", "present", "embed", "embed_options")
KNOWN_PARAMS = {name for names in PAGE_PARAMS.values() for name in names} | set(SHARED_PARAMS)


class ViewError(ValueError):
    """A dashboard link that names no page, or a parameter the page does not know or accept."""


@dataclass(frozen=True)
class View:
    """A page (url path without '/') and its query parameters, as a dashboard link gives them."""

    page: str
    params: dict[str, str]

    @property
    def lang(self) -> str:
        return self.params.get("lang") or "vi"

    def get(self, name: str, default: str = "") -> str:
        return self.params.get(name) or default

    def get_list(self, name: str) -> list[str]:
        return [item for item in self.get(name).split(",") if item]


@dataclass(frozen=True)
class ViewInputs:
    """What a view is built from; the app passes its cached loaders, the CLIs `load_view_inputs()`."""

    dataset: Dataset
    crosswalk: list[dict[str, str]]
    gazetteer: Gazetteer
    province_geojson: Callable[[str], dict]
    district_layer: Callable[[], object]

    def frame(self, admin_version: str) -> ProvinceFrame:
        return make_province_frame(self.crosswalk, admin_version)


@dataclass
class ViewContent:
    """Everything an export shows of one view: words, figures, KPIs, tables and the provenance behind them."""

    view: View
    title: str
    filters: list[str]
    kpis: list[dict[str, str]]
    table: pd.DataFrame
    obs: pd.DataFrame
    models: pd.DataFrame
    admin_version: str = "vn63"
    map_figure: go.Figure | None = None
    chart_figure: go.Figure | None = None
    notes: list[str] = field(default_factory=list)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def lang(self) -> str:
        return self.view.lang


def load_view_inputs() -> ViewInputs:
    """What the dashboard shows: the store's published rows (DATABASE_URL or data/store.sqlite, created from data/
    on first use), the crosswalk, the gazetteer and the map layers (read on first use)."""
    return ViewInputs(load_published_dataset(open_store()), load_crosswalk(), load_gazetteer(),
                      cache(partial(layers.load_layer_geojson, "province")),
                      cache(partial(layers.load_layer, "district", "vn63")))


def parse_view(link: str) -> View:
    """`/province?province=11` → View('province', {...}); ViewError for an unknown page or parameter name."""
    parts = urlsplit(link.strip())
    page = parts.path.strip("/")
    if page not in PAGE_PARAMS:
        pages = ", ".join(f"/{name}" for name in PAGE_PARAMS)
        raise ViewError(f"Unknown page '{parts.path}' in view '{link}'; expected one of {pages}")
    try:
        pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError as error:
        raise ViewError(f"Malformed query string in view '{link}': {error}") from None
    unknown = sorted({name for name, _ in pairs} - KNOWN_PARAMS)
    if unknown:
        raise ViewError(f"Unknown parameter(s) {', '.join(unknown)} in view '{link}'")
    view = View(page, dict(pairs))
    check_choice(view, "lang", ("vi", "en"))
    return view


def check_choice(view: View, name: str, allowed) -> str:
    """The parameter's value, or ViewError naming it and what is allowed; empty means the default."""
    value = view.get(name)
    if value and value not in allowed:
        shown = ", ".join(list(allowed)[:8]) + (", …" if len(allowed) > 8 else "")
        raise ViewError(f"Parameter {name}={value!r} is not valid for /{view.page}; expected one of {shown}")
    return value


def check_choices(view: View, name: str, allowed) -> list[str]:
    """A comma-separated parameter whose every item must be allowed."""
    items = view.get_list(name)
    bad = [item for item in items if item not in allowed]
    if bad:
        raise ViewError(f"Parameter {name} has unknown value(s) {', '.join(bad)} for /{view.page}")
    return items


def indicator_titles(dataset: Dataset, lang: str) -> dict[str, str]:
    """Indicator id → title in the language, for the indicators that have observations."""
    used = set(dataset.observations["indicator"])
    column = "title_vi" if lang == "vi" else "title_en"
    return {row.indicator: getattr(row, column) for row in dataset.indicators.itertuples() if row.indicator in used}


def build_view_content(view: View, inputs: ViewInputs) -> ViewContent:
    """Title, filters, figures, KPIs, table and provenance of a view, from the same builders as its page."""
    builders = {"": build_overview, "province": build_province, "compare": build_compare, "trends": build_trends,
                "models": build_models, "sources": build_sources}
    content = builders[view.page](view, inputs)
    content.sources = used_sources(content, inputs.dataset)
    return content


def build_overview(view: View, inputs: ViewInputs) -> ViewContent:
    lang, titles = view.lang, indicator_titles(inputs.dataset, view.lang)
    indicator = check_choice(view, "indicator", titles) or DEFAULT_INDICATOR
    version = check_choice(view, "version", layers.ADMIN_VERSIONS) or "vn63"
    version_words = translate(f"version_{version}", lang)
    values = compute_province_values(inputs.dataset, indicator, inputs.frame(version), lang)
    title = titles[indicator]
    shown_ids = {obs_id for ids in values["obs_ids"] for obs_id in ids.split(";") if obs_id}
    obs = observations_of(inputs.dataset, indicator)
    content = ViewContent(
        view, title, [f"{translate('indicator', lang)}: {titles[indicator]}",
                      f"{translate('admin_version', lang)}: {version_words}"],
        compute_overview_kpis(values, lang), build_value_table(values, lang), obs[obs["obs_id"].isin(shown_ids)],
        inputs.dataset.models.iloc[0:0], admin_version=version,
        chart_figure=make_ranked_bar_figure(values, title=translate("ranked_title", lang), lang=lang),
    )
    if (values["status"] == "other_scope").any():
        content.notes.append(translate("footer_other_scope", lang))
    content.map_figure = map_or_none(lambda: make_province_map_figure(
        inputs.province_geojson(version), values, lang=lang, archipelagos=archipelagos(inputs),
        title=translate("map_title", lang, indicator=title, version=version_words),
        version_note=translate("boundary_credit", lang, version=version_words)))
    return content


def map_or_none(make_figure: Callable[[], go.Figure]) -> go.Figure | None:
    """The map, or None when the boundary layers have not been built (exports then carry charts and tables)."""
    try:
        return make_figure()
    except layers.BoundaryLayerMissing:
        return None


def archipelagos(inputs: ViewInputs) -> dict[str, dict]:
    return describe_archipelagos(inputs.district_layer())


def build_value_table(values: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The provinces with a figure, comparable ones first by value: province, value, scope, period, source."""
    shown = values[values["status"] != "no_data"].sort_values(["status", "value"], ascending=[True, False])
    return pd.DataFrame({
        translate("province", lang): shown["province_name"], translate("value", lang): shown["label"],
        translate("scope", lang): shown["scope"], translate("period", lang): shown["period"],
        translate("source", lang): shown["sources"],
    })


def build_province(view: View, inputs: ViewInputs) -> ViewContent:
    lang, dataset, frame = view.lang, inputs.dataset, inputs.frame("vn63")
    reporting = sorted(set(dataset.observations["province_code"]) - {""}, key=frame.names.get)
    province = check_choice(view, "province", frame.names) or reporting[0]
    districts = {d.code: d.name for d in inputs.gazetteer.districts_of(province)}
    district = check_choice(view, "district", districts)
    obs = province_observations(dataset, province, district)
    models = province_models(dataset, province, district)
    title = frame.names[province] + (f" – {districts[district]}" if district else "")
    filters = [f"{translate('province', lang)}: {frame.names[province]}",
               f"{translate('district', lang)}: {districts.get(district, translate('all_districts', lang))}",
               translate("province_now", lang, name=to_vn34_province(province, inputs.crosswalk)[1])]
    content = ViewContent(view, title, filters, [], build_observation_table(
        obs, indicator_titles(dataset, lang), lang).drop(columns="obs_id"), obs, models)
    rows = district_rows(inputs, province, lang)
    content.kpis = province_kpis(obs, models, rows, lang)
    if len(rows):
        gdf = inputs.district_layer()
        content.map_figure = make_district_map_figure(
            layers.layer_geojson(gdf[gdf["province_code"] == province]), rows, title=translate("district_map", lang),
            lang=lang, selected=district)
    return content


def district_rows(inputs: ViewInputs, province: str, lang: str) -> pd.DataFrame:
    """Districts of a province with status and label; empty when the layers or the province's districts are absent."""
    try:
        gdf = inputs.district_layer()
    except layers.BoundaryLayerMissing:
        return pd.DataFrame(columns=["district_code", "name", "status", "label"])
    districts = gdf[gdf["province_code"] == province][["district_code", "name"]]
    return build_district_rows(districts, district_activity(inputs.dataset, province), lang)


def province_kpis(obs: pd.DataFrame, models: pd.DataFrame, rows: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    reported = int((rows["status"] == "reported").sum()) if len(rows) else 0
    periods = [format_period(s, e, lang) for s, e in zip(obs["period_start"], obs["period_end"], strict=True)]
    return [
        {"label": translate("kpi_figures", lang), "value": str(len(obs)), "detail": ""},
        {"label": translate("kpi_models", lang), "value": str(len(models)), "detail": ""},
        {"label": translate("kpi_districts", lang), "value": f"{reported}/{len(rows)}" if len(rows) else "–",
         "detail": ""},
        {"label": translate("kpi_period", lang), **period_span(pd.DataFrame({"period": periods}), lang)},
    ]


def build_compare(view: View, inputs: ViewInputs) -> ViewContent:
    lang, frame63 = view.lang, inputs.frame("vn63")
    titles = indicator_titles(inputs.dataset, lang)
    chosen = check_choices(view, "indicators", titles) or [DEFAULT_INDICATOR]
    preset = check_choice(view, "preset", PRESETS) or "reporting"
    per_indicator = {i: compute_province_values(inputs.dataset, i, frame63, lang) for i in chosen}
    reporting = sorted({code for values in per_indicator.values()
                        for code in values.loc[values["status"] != "no_data", "province_code"]}, key=frame63.names.get)
    provinces = compare_provinces(view, inputs, preset, per_indicator, reporting)
    long = build_comparison_long(per_indicator, provinces)
    shown_ids = {i for ids in long["obs_ids"] for i in ids.split(";") if i}
    obs = observations_with_titles(inputs.dataset)
    filters = [f"{translate('compare_indicators', lang)}: {'; '.join(titles[i] for i in chosen)}",
               f"{translate('preset', lang)}: {translate(f'preset_{preset}', lang)}",
               f"{translate('compare_provinces', lang)}: {', '.join(frame63.names[p] for p in provinces)}"]
    kpis = [{"label": translate("kpi_provinces", lang), "value": str(len(provinces)), "detail": ""},
            {"label": translate("kpi_indicators", lang), "value": str(len(chosen)), "detail": ""},
            {"label": translate("kpi_figures", lang), "value": str(len(shown_ids)), "detail": ""},
            {"label": translate("kpi_period", lang), **period_span(long, lang)}]
    chart = make_small_multiples_figure(long, indicator_titles={i: titles[i] for i in chosen}, lang=lang) \
        if len(long) else None
    return ViewContent(view, f"{translate('page_compare', lang)}: {'; '.join(titles[i] for i in chosen)}", filters,
                       kpis, build_comparison_table(long, titles, lang), obs[obs["obs_id"].isin(shown_ids)],
                       inputs.dataset.models.iloc[0:0], chart_figure=chart)


def compare_provinces(view: View, inputs: ViewInputs, preset: str, per_indicator: dict[str, pd.DataFrame],
                      reporting: list[str]) -> list[str]:
    """The provinces of a comparison preset, as the compare page picks them."""
    if preset == "same_vn34":
        frame34 = inputs.frame("vn34")
        default_group = to_vn34_province((reporting[:1] or ["11"])[0], inputs.crosswalk)[0]
        return frame34.members[check_choice(view, "group", frame34.names) or default_group]
    if preset == "top10":
        first = next(iter(per_indicator.values()))
        return first[first["status"] == "comparable"].nlargest(10, "value")["province_code"].tolist()
    if preset == "custom":
        return check_choices(view, "provinces", inputs.frame("vn63").names) or reporting[:3]
    return reporting


def build_trends(view: View, inputs: ViewInputs) -> ViewContent:
    lang, dataset, frame = view.lang, inputs.dataset, inputs.frame("vn63")
    titles = indicator_titles(dataset, lang)
    indicator = check_choice(view, "indicator", titles) or DEFAULT_INDICATOR
    entry = indicator_row(dataset, indicator)
    obs = observations_of(dataset, indicator)
    reporting = sorted(set(obs["province_code"]) - {""}, key=frame.names.get)
    provinces = check_choices(view, "provinces", reporting) or reporting
    annualisable = entry["annualisable"] == "true"
    mode = check_choice(view, "mode", ("windows", "annual") if annualisable else ("windows",)) or "windows"
    obs = obs[obs["province_code"].isin(provinces)].copy()
    obs["series"] = series_labels(obs, frame.names)
    obs["annual"] = annualise(obs, annualisable)
    extra = {"y_column": "annual", "y_title": translate("trends_annual", lang)} if mode == "annual" else {}
    chart = make_window_figure(obs, unit=entry["unit"], title=titles[indicator], lang=lang, **extra)
    periods = [format_period(s, e, lang) for s, e in zip(obs["period_start"], obs["period_end"], strict=True)]
    kpis = [{"label": translate("kpi_figures", lang), "value": str(len(obs)), "detail": ""},
            {"label": translate("kpi_provinces", lang), "value": str(len(provinces)), "detail": ""},
            {"label": translate("kpi_period", lang), **period_span(pd.DataFrame({"period": periods}), lang)}]
    filters = [f"{translate('indicator', lang)}: {titles[indicator]}",
               f"{translate('compare_provinces', lang)}: {', '.join(frame.names[p] for p in provinces)}",
               f"{translate('trends_mode', lang)}: {translate(f'trends_{mode}', lang)}"]
    notes = [translate("trends_annual_note", lang)] if mode == "annual" else []
    return ViewContent(view, f"{titles[indicator]} – {translate(f'trends_{mode}', lang)}", filters, kpis,
                       build_observation_table(obs, titles, lang).drop(columns="obs_id"), obs,
                       dataset.models.iloc[0:0], chart_figure=chart, notes=notes)


def build_models(view: View, inputs: ViewInputs) -> ViewContent:
    lang, models, frame = view.lang, inputs.dataset.models, inputs.frame("vn63")
    provinces = check_choices(view, "province", set(models["province_code"]))
    district_names = {d.code: d.name for code in (provinces or set(models["province_code"]))
                      for d in inputs.gazetteer.districts_of(code)}
    districts = check_choices(view, "district", set(models["district_code"]) & set(district_names))
    org_types = check_choices(view, "org_type", set(models["org_type"]) - {""})
    fields = check_choices(view, "field", set(models["field"]))
    query = view.get("q")
    shown = filter_models(models, provinces, districts, org_types, fields, query)
    none = translate("filter_none", lang)
    filters = [f"{translate('province', lang)}: {', '.join(frame.names[p] for p in provinces) or none}",
               f"{translate('district', lang)}: {', '.join(district_names[d] for d in districts) or none}",
               f"{translate('organisation', lang)}: {', '.join(org_types) or none}",
               f"{translate('field', lang)}: {', '.join(fields) or none}",
               f"{translate('search', lang)}: {query or none}"]
    kpis = [{"label": translate("kpi_models", lang), "value": str(len(shown)), "detail": ""},
            {"label": translate("kpi_provinces", lang), "value": str(shown["province_code"].nunique()), "detail": ""},
            {"label": translate("kpi_fields", lang), "value": str(shown["field"].nunique()), "detail": ""}]
    obs = observations_with_titles(inputs.dataset).iloc[0:0]
    return ViewContent(view, translate("page_models", lang), filters, kpis,
                       build_model_table(shown, lang).drop(columns=translate("evidence", lang)), obs, shown)


def build_sources(view: View, inputs: ViewInputs) -> ViewContent:
    lang, dataset = view.lang, inputs.dataset
    sources = dataset.sources.set_index("source_id")
    source = check_choice(view, "source", sources.index)
    obs = observations_with_titles(dataset)
    models = dataset.models
    if source:
        obs, models = obs[obs["source_id"] == source], models[models["source_id"] == source]
    filters = [f"{translate('source', lang)}: {sources.at[source, 'title'] if source else translate('all', lang)}"]
    content = ViewContent(view, translate("page_sources", lang), filters, [], pd.DataFrame(), obs, models)
    content.sources = used_sources(content, dataset)
    content.table = table = source_table(content)
    content.kpis = [{"label": translate("kpi_sources", lang), "value": str(len(table)), "detail": ""},
                    {"label": translate("kpi_figures", lang), "value": str(len(obs)), "detail": ""},
                    {"label": translate("kpi_models", lang), "value": str(len(models)), "detail": ""}]
    return content


def used_sources(content: ViewContent, dataset: Dataset) -> pd.DataFrame:
    """The catalogue rows of every source the view's figures and models cite, in first-seen order."""
    ids = list(dict.fromkeys([*content.obs["source_id"], *content.models["source_id"]]))
    return dataset.sources.set_index("source_id").loc[ids].reset_index()


def source_table(content: ViewContent) -> pd.DataFrame:
    """Each source used: title, publisher, date and how many evidence quotes of the view come from it."""
    lang, sources = content.lang, content.sources
    counts = pd.concat([content.obs["source_id"], content.models["source_id"]]).value_counts()
    return pd.DataFrame({
        translate("source", lang): sources["title"],
        translate("deck_publisher", lang): sources["publisher"].where(sources["publisher"] != "", "–"),
        translate("deck_date", lang): sources["date_published"].where(sources["date_published"] != "", "?"),
        translate("deck_evidence_count", lang): [int(counts.get(s, 0)) for s in sources["source_id"]],
    })


def source_names(content: ViewContent) -> str:
    """'Title (publisher, 2024); …' for every source of the view."""
    return "; ".join(f"{row.title} ({row.publisher or '–'}, {row.date_published or '?'})"
                     for row in content.sources.itertuples()) or translate("footer_no_sources", content.lang)


def footer_lines(content: ViewContent, today: date | None = None) -> list[str]:
    """Sources, periods, scopes, admin version, data date and notes: the provenance line of every export."""
    lang = content.lang
    periods = list(dict.fromkeys(format_period(s, e, lang) for s, e in
                                 zip(content.obs["period_start"], content.obs["period_end"], strict=True)))
    scopes = list(dict.fromkeys(scope_of_row(r, lang) for r in content.obs.itertuples()))
    dates = [d for d in content.sources["date_published"] if d]
    lines = [translate("footer_sources", lang, sources=source_names(content))]
    if periods:
        lines.append(translate("footer_periods", lang, periods=shorten_list(periods)) + " · " +
                     translate("footer_scopes", lang, scopes=shorten_list(scopes)))
    lines.append(translate("footer_admin", lang, version=translate(f"version_{content.admin_version}", lang)) + " · " +
                 translate("footer_date", lang, date=max(dates, default="–"),
                           today=(today or date.today()).strftime("%d/%m/%Y")))
    return lines + content.notes


def shorten_list(items: list[str], limit: int = 6) -> str:
    """'a; b; c' or, for a long list, its first items and how many more."""
    shown = "; ".join(items[:limit])
    return shown + (f"; +{len(items) - limit}" if len(items) > limit else "")
