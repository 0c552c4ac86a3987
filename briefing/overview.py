"""The overview's content: the country map of what each province reported — its coverage (the default), or one
headline indicator on a shared scale as the comparability rule allows — with KPI cards, the ranking and the figures
that may not share the scale, each with the reason."""

from dataclasses import replace

import pandas as pd

from briefing.answers import (
    coverage_answer,
    coverage_standing,
    headline_answer,
    headline_standing,
    noun,
    with_noun,
)
from briefing.catalogue import COVERAGE, NOT_COMPARED, default_class, headline_counts, subtype, subtype_titles
from briefing.content import ChoiceReader, MapSpec, Ranking, ViewContent
from briefing.figures import make_ranked_bar_figure
from briefing.formatting import format_number
from briefing.i18n import translate
from briefing.inputs import ViewInputs, versions_compared
from briefing.links import View
from briefing.maps import country_scale, describe_archipelagos, make_province_map_figure, map_notes
from briefing.places import also, describe_places, period_words
from briefing.ranking import ranking_rows, with_ranks
from briefing.reasons import other_scope_lines
from briefing.tables import period_span
from indicators.domain.codes import ADMIN_VERSIONS, AWARD_LEVELS, DEFAULT_ADMIN_VERSION, HONOURS_INDICATOR, PHASES
from indicators.domain.comparability import (
    DEFAULT_PHASE,
    STATUS_NONE,
    STATUS_OTHER,
    STATUS_SHARED,
    SUM_OF_PARTS,
    Comparison,
    ComparisonClass,
    compare_provinces,
)
from indicators.domain.population import RATES as RATE_DENOMINATORS
from indicators.domain.population import load_denominators, rate_applies, rate_value

MIN_FOR_MAP = 3  # fewer comparable provinces are listed, not coloured on a nearly empty map
RATES = ("", *RATE_DENOMINATORS)  # absolute, then each rate of indicators/domain/population.py


def build_overview(view: View, inputs: ViewInputs) -> ViewContent:
    """A headline indicator (`indicator=`) of a subtype (`subtype=`) in a phase (`phase=`), for honours at a level
    (`level=`), absolute or as a rate (`rate=`), on the 63 or 34 provinces (`version=`), or the coverage
    (`indicator=coverage`). A link that names no indicator opens on the widest comparison the data allows."""
    lang, reader = view.lang, ChoiceReader(view)
    version = reader.one("version", ADMIN_VERSIONS, DEFAULT_ADMIN_VERSION, lambda v: translate(f"version_{v}", lang))
    asked_phase = view.get("phase") if view.get("phase") in PHASES else ""
    named = view.get("indicator") in {COVERAGE, *inputs.catalogue.indicators["indicator"]}
    widest = None if named else inputs.remember(
        ("widest_class", version, asked_phase), lambda: widest_class(inputs, version, asked_phase))
    phase = reader.one("phase", PHASES, widest.phase if widest else DEFAULT_PHASE,
                       lambda p: translate(f"phase_{p}", lang))
    frame = inputs.frame(version)
    counts = inputs.remember(("headline_counts", version, phase, lang), lambda: headline_counts(
        inputs.catalogue, inputs.whole_province_observations(versions_compared(version)), frame, phase, lang))
    labels = {COVERAGE: translate("coverage_picker", lang)} | {
        count.indicator: translate("picker_count_one" if count.comparable == 1 else "picker_count", lang,
                                   title=count.title, count=count.comparable) for count in counts}
    indicator = reader.one("indicator", list(labels), widest.indicator if widest else COVERAGE, labels)
    province = reader.one("province", list(frame.names), "", frame.names)
    if indicator == COVERAGE:
        content = build_coverage(view, inputs, reader, version)
        standing = coverage_standing(content.places, province, lang) if province else ""
    else:
        opening = widest if widest and widest.indicator == indicator else None
        content = build_headline(view, inputs, reader, indicator, version, phase, opening)
        standing = headline_standing(content.places, province, content.choices["subtype"].value, lang) \
            if province else ""
    content.answer = "\n\n".join(filter(None, [standing, content.answer]))
    return content


def projector_answer(content: ViewContent) -> str:
    """The answer without its last paragraph, the provinces whose figures may not share the scale (a KPI card counts
    them): on a 1280×720 projector the map keeps half the screen."""
    other = content.tables.get("other")
    if other is None or not len(other):
        return content.answer
    return content.answer.rsplit("\n\n", 1)[0]


# ---------------------------------------------------------------- the widest defensible comparison

def widest_class(inputs: ViewInputs, version: str, phase: str = "") -> ComparisonClass | None:
    """The headline, subtype, phase (the one asked, or any) and award level whose shared scale holds the most
    provinces, by the comparability rule; None when no class puts enough provinces on one scale for a map (the
    screen then opens on coverage, which always has one: vn34 has no such class today). Ties go to the
    headline's default subtype and level, then the later phase, then the catalogue's order."""
    catalogue, frame = inputs.catalogue, inputs.frame(version)
    obs = inputs.whole_province_observations(versions_compared(version))
    best, best_key = None, None
    for bound, order, cls in candidate_classes(catalogue, obs, phase):
        if best_key is not None and bound < best_key[0]:
            break  # no class further down can put more provinces on its scale
        aggregation = subtype(catalogue, cls.subtype)["aggregation"]
        key = (len(compare_provinces(obs, frame, cls, aggregation).shared), *order)
        if key[0] >= MIN_FOR_MAP and (best_key is None or key > best_key):
            best, best_key = cls, key
    return best


def candidate_classes(catalogue, obs: pd.DataFrame, phase: str) -> list[tuple[int, tuple, ComparisonClass]]:
    """Every class the whole-province figures could fill, with an upper bound of its provinces (the places that gave
    a whole-province figure of it, or of the parts its total sums) and its tie order, the widest bound first."""
    whole = obs[(obs["province_code"] != "") & (obs["district_code"] == "") & (obs["commune_code"] == "")
                & (obs["organisation"] == "") & (obs["phase"] != "") & ~obs["indicator"].isin(NOT_COMPARED)]
    if phase:
        whole = whole[whole["phase"] == phase]
    total_of = {part: total for total, parts in SUM_OF_PARTS.items() for part in parts}
    places: dict[tuple, set] = {}
    for row in whole[["indicator", "subtype", "phase", "award_level", "admin_version",
                      "province_code"]].itertuples(index=False):
        level = row.award_level if row.indicator == HONOURS_INDICATOR else ""
        for code in {row.subtype, total_of.get(row.subtype, row.subtype)}:
            places.setdefault((row.indicator, code, row.phase, level), set()).add((row.admin_version,
                                                                                  row.province_code))
    order_of, used = list(catalogue.indicators["indicator"]), catalogue.used_subtypes()
    candidates = []
    for (indicator, code, in_phase, level), where in places.items():
        if code not in used or (indicator == HONOURS_INDICATOR and not level):
            continue  # a subtype the picker cannot show; honours are compared at one award level
        default = default_class(catalogue, indicator, in_phase)
        order = (code == default.subtype, level == default.award_level, PHASES.index(in_phase),
                 -order_of.index(indicator))
        candidates.append((len(where), order, ComparisonClass(indicator, code, in_phase, level)))
    return sorted(candidates, key=lambda item: (item[0], item[1]), reverse=True)


# ---------------------------------------------------------------- one headline indicator on the shared scale

def build_headline(view: View, inputs: ViewInputs, reader: ChoiceReader, indicator: str, version: str,
                   phase: str, opening: ComparisonClass | None = None) -> ViewContent:
    """One headline on its shared scale; `opening` (the widest class, on a link that names no indicator) gives the
    subtype and award level shown when the link names none."""
    lang, catalogue = view.lang, inputs.catalogue
    subtypes = subtype_titles(catalogue, lang, indicator)
    default = opening if opening and opening.phase == phase else default_class(catalogue, indicator, phase)
    code = reader.one("subtype", list(subtypes), default.subtype if default.subtype in subtypes else
                      next(iter(subtypes)), subtypes)
    level = reader.one("level", AWARD_LEVELS, default.award_level,
                       lambda lv: translate(f"award_level_{lv}", lang)) if indicator == HONOURS_INDICATOR else ""
    rate = reader.one("rate", RATES, "", lambda r: translate(f"rate_{r or 'absolute'}", lang))
    entry = subtype(catalogue, code)
    cls = ComparisonClass(indicator, code, phase, level)
    obs = inputs.class_observations(cls, version)
    comparison = compare_on_window(inputs, reader, cls, version, entry["aggregation"], lang)
    places = describe_places(comparison.places, obs, entry["unit"], lang, reasons_of(comparison),
                             inputs.frame("vn63").names)
    notes = finer_figures_notes(inputs, cls, version, lang)
    if rate and not rate_applies(entry["unit"]):
        notes.append(translate("rate_not_for_unit", lang, unit=translate(f"unit_{entry['unit']}", lang)))
        rate = ""
    value_column = "value"
    if rate:
        places, value_column = with_rates(places, inputs, version, rate, entry["unit"], lang), "rate_value"
    places = with_ranks(places, value_column, lang)
    legend = legend_words(comparison, lang)
    headline_title = catalogue.indicators.set_index("indicator").at[indicator,
                                                                    "title_vi" if lang == "vi" else "title_en"]
    title = subtypes[code] if code != default_class(catalogue, indicator, phase).subtype else headline_title
    shared = places[places["status"] == STATUS_SHARED]
    content = ViewContent(
        view, title, headline_filters(reader, version, lang, legend), headline_kpis(places, value_column, code, lang),
        value_table(places, lang), obs[obs["obs_id"].isin(comparison.rows["obs_id"])], inputs.no_models(),
        choices=reader.choices, places=places, admin_version=version, notices=reader.notices, notes=notes,
        tables={"other": other_table(places, lang)}, verdicts=verdicts(comparison, places, rate, lang),
    )
    content.answer = headline_answer(places, code, legend, lang)
    content.not_compared = other_scope_lines(places, lang)
    if len(shared) < MIN_FOR_MAP:
        content.notes.insert(0, translate("few_comparable", lang, count=len(shared), legend=legend))
        content.no_map = (f"fewer than {MIN_FOR_MAP} provinces share the colour scale, so the dashboard lists them "
                          "instead")
    else:
        scale = country_scale(places, value_column, scale_words=legend, other=translate("other_scope", lang),
                              no_data=translate("no_data", lang), lang=lang,
                              unit=scale_unit(code, entry["unit"], rate, lang), decimals=0 if not rate else 1)
        content.map = country_map_spec(scale, legend, version, lang)
    if len(shared):
        content.rankings = [Ranking(translate("ranked_title", lang),
                                    ranking_rows(places, value_column, label_column(rate)))]
    content.figure_builders = {
        "map": (lambda: country_map(inputs, places, version, title, content.map, lang)) if content.map else
        (lambda: None),
        "chart": (lambda: make_ranked_bar_figure(places, content.rankings[0], lang=lang)) if len(shared) else
        (lambda: None),
    }
    return content


def compare_on_window(inputs: ViewInputs, reader: ChoiceReader, cls: ComparisonClass, version: str,
                      aggregation: str, lang: str) -> Comparison:
    """The rule on the window kind the link asks for (`window=`), by default the kind with the most provinces; the
    choice offers each kind with figures and how many provinces it puts on the scale."""
    obs = inputs.class_observations(cls, version)
    widest = compare_provinces(obs, inputs.frame(version), cls, aggregation)
    counts = {kind: count for kind, count in widest.window_counts.items() if count}
    if not counts:
        return widest
    window = reader.one("window", list(counts), widest.comparison_class.window, lambda kind: translate(
        "window_count", lang, window=translate(f"window_{kind}", lang), count=counts[kind]))
    if window == widest.comparison_class.window:
        return widest
    return compare_provinces(obs, inputs.frame(version), replace(cls, window=window), aggregation)


def finer_figures_notes(inputs: ViewInputs, cls: ComparisonClass, version: str, lang: str) -> list[str]:
    """How many district and commune figures the provinces' scale leaves to the province pages, when there are."""
    count = inputs.finer_figures_not_read(cls, version)
    return [translate("finer_figures_elsewhere", lang, count=format_number(count, lang))] if count else []


def reasons_of(comparison: Comparison) -> dict[str, str]:
    return dict(zip(comparison.rows["obs_id"], comparison.rows["why_not"], strict=True))


def legend_words(comparison: Comparison, lang: str) -> str:
    """'toàn tỉnh · giai đoạn KL 01 · số mới nhất của mỗi tỉnh': what the shared scale compares."""
    cls = comparison.comparison_class
    words = {"scope": translate("scope_whole_province", lang), "phase": translate(f"phase_short_{cls.phase}", lang)}
    window = f" · {translate(f'window_{cls.window}', lang)}" if cls.window else ""
    if cls.award_level:
        return translate("legend_compared_level", lang, level=translate(f"award_level_{cls.award_level}", lang),
                         **words) + window
    return translate("legend_compared", lang, **words) + window


def headline_filters(reader: ChoiceReader, version: str, lang: str, legend: str) -> list[str]:
    choices = reader.choices
    filters = [f"{translate('indicator', lang)}: {choices['indicator'].label(choices['indicator'].value)}",
               f"{translate('subtype', lang)}: {choices['subtype'].label(choices['subtype'].value)}",
               legend, f"{translate('admin_version', lang)}: {translate(f'version_{version}', lang)}"]
    if choices["rate"].value:
        filters.append(f"{translate('rate', lang)}: {choices['rate'].label(choices['rate'].value)}")
    return filters


def with_rates(places: pd.DataFrame, inputs: ViewInputs, version: str, rate: str, unit: str,
               lang: str) -> pd.DataFrame:
    """The shared values per 100,000 people or per 1,000 km² (GSO 2023; vn34 summed over the old provinces), with
    the denominator and its source in the note."""
    denominators = load_denominators(inputs.frame(version))
    shared = places["status"] == STATUS_SHARED
    rates = [rate_value(value, denominators[code], rate) if ok else None
             for code, value, ok in zip(places["province_code"], places["value"], shared, strict=True)]
    unit_words = translate(f"rate_unit_{rate}", lang)
    what = translate("rate_population" if rate == "per100k" else "rate_area", lang)
    first = next(iter(denominators.values()))
    source = translate("rate_denominator", lang, what=what, source="GSO", year=first.year)
    return places.assign(
        rate_value=rates, rate_unit=[unit_words if ok else "" for ok in shared],
        rate_label=[f"{format_number(r, lang, 2)} {unit_words}" if r is not None else "" for r in rates],
        note=[f"{note}; {source}" if ok else note for note, ok in zip(places["note"], shared, strict=True)],
    ).assign(label=lambda df: [f"{label} ({rate_label})" if rate_label else label
                               for label, rate_label in zip(df["label"], df["rate_label"], strict=True)])


def label_column(rate: str) -> str:
    return "rate_label" if rate else "label"


def headline_kpis(places: pd.DataFrame, value_column: str, subtype_code: str, lang: str) -> list[dict[str, str]]:
    """The largest value on the shared scale, how many provinces share it (and how many more have figures of
    another kind), and the span of the periods."""
    shared = places[places["status"] == STATUS_SHARED].sort_values(value_column, ascending=False)
    other = places[places["status"] == STATUS_OTHER]
    largest = shared.head(1)
    return [{
        "label": translate("kpi_largest", lang),
        "value": (with_noun(largest["label"].iat[0], subtype_code, lang) if len(largest)
                  else translate("kpi_none", lang)),
        "detail": (f"{largest['province_name'].iat[0]} · {largest['scope'].iat[0]} · {largest['period'].iat[0]}"
                   if len(largest) else ""),
    }, {
        "label": translate("kpi_shared", lang), "value": f"{len(shared)}/{len(places)}",
        "detail": translate("kpi_shared_detail", lang, other=len(other)),
    }, {"label": translate("kpi_period", lang), **period_span(shared if len(shared) else other, lang)}]


def value_table(places: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The provinces with a figure, those on the shared scale first by value: value, scope, period, why not, source."""
    shown = places[places["status"] != STATUS_NONE].assign(
        order=lambda df: (df["status"] != STATUS_SHARED).astype(int)).sort_values(["order", "value"],
                                                                                ascending=[True, False])
    return pd.DataFrame({
        translate("province", lang): shown["province_name"], translate("col_rank", lang): shown["rank_words"],
        translate("value", lang): shown["label"],
        translate("scope", lang): shown["scope"], translate("period", lang): shown["period"],
        translate("why_not", lang): shown["why_not_words"], translate("source", lang): shown["sources"].map("; ".join),
    })


def other_table(places: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The provinces whose figures may not share the scale: their figures in words, the reason, period, source."""
    other = places[places["status"] == STATUS_OTHER]
    return pd.DataFrame({
        translate("province", lang): other["province_name"], translate("value", lang): other["label"],
        translate("why_not", lang): other["why_not_words"], translate("period", lang): other["period"],
        translate("source", lang): other["sources"].map("; ".join),
    })


def verdicts(comparison: Comparison, places: pd.DataFrame, rate: str, lang: str) -> pd.DataFrame:
    """Per candidate figure: on the shared scale or not and why (words), and when asked its own rate: its value over
    its province's denominator, so that a province's parts (Lào Cai 15 + 13) add up to the rate on the map."""
    rows = comparison.rows
    ranked = {obs_id: (str(record["rank"]), record["rank_group"]) for record in places.to_dict("records")
              if record["status"] == STATUS_SHARED for obs_id in record["obs_ids"]}
    per_unit = {obs_id: (record["rate_value"] / record["value"] if record["value"] else 0.0, record["rate_unit"])
                for record in places.to_dict("records") if rate and record["rate_value"] is not None
                for obs_id in record["obs_ids"]}
    return pd.DataFrame({
        "obs_id": rows["obs_id"], "on_shared_scale": rows["on_shared_scale"],
        "why_not": [translate(f"why_not_{code}", lang) if code else "" for code in rows["why_not"]],
        "rank": [ranked.get(obs_id, ("", ""))[0] for obs_id in rows["obs_id"]],
        "rank_group": [translate(f"third_{ranked[i][1]}", lang) if ranked.get(i, ("", ""))[1] else ""
                       for i in rows["obs_id"]],
        **({"rate_value": [per_unit[i][0] * value if i in per_unit else None
                           for i, value in zip(rows["obs_id"], rows["value"], strict=True)],
            "rate_unit": [per_unit.get(i, (None, ""))[1] for i in rows["obs_id"]]} if rate else {}),
    })


def scale_unit(code: str, unit: str, rate: str, lang: str) -> str:
    """What the colour bar counts, in a word or two ('tập thể, cá nhân', 'trên 100.000 dân'); empty leaves the
    bar's general title."""
    if rate:
        return translate(f"rate_unit_{rate}", lang)
    return noun(code, lang) if unit == "count" else ""


def country_map_spec(scale, scale_words: str, version: str, lang: str) -> MapSpec:
    """The country map of a version coloured by `scale`, with its notes (what the colours compare, the boundaries)."""
    credit = translate("boundary_credit", lang, version=translate(f"version_{version}", lang))
    return MapSpec("country", "province_code", scale, map_notes(scale_words, credit, lang))


def country_map(inputs: ViewInputs, places: pd.DataFrame, version: str, title: str, spec: MapSpec, lang: str):
    """The country map of the places (raises BoundaryLayerMissing when the layers have not been built)."""
    return make_province_map_figure(
        inputs.province_geojson(version), places, lang=lang, scale=spec.scale,
        archipelagos=describe_archipelagos(inputs.district_layer()),
        title=translate("map_title", lang, indicator=title, version=translate(f"version_{version}", lang)),
        version_note=spec.notes[-1])


# ---------------------------------------------------------------- coverage: what we know about each province

def build_coverage(view: View, inputs: ViewInputs, reader: ChoiceReader, version: str) -> ViewContent:
    """Per province: figures, named models and sources, whole-province figures and phases; none = no report."""
    lang, sources, models = view.lang, inputs.catalogue.sources, inputs.models()
    places = with_ranks(coverage_places(inputs, version, lang), "figures", lang)
    reached = places[places["status"] == STATUS_SHARED]
    whole = int((places["whole"] > 0).sum())
    kpis = [
        {"label": translate("kpi_provinces_with_figures", lang), "value": f"{len(reached)}/{len(places)}",
         "detail": translate("kpi_whole_detail", lang, count=whole)},
        {"label": translate("kpi_sources_total", lang), "value": format_number(len(sources), lang),
         "detail": translate("coverage_figures", lang, figures=figure_count(inputs),
                             models=len(models), sources=len(sources))},
        {"label": translate("kpi_period", lang), **period_span(reached, lang)},
    ]
    title = translate("coverage_title", lang)
    filters = [f"{translate('indicator', lang)}: {translate('coverage_picker', lang)}",
               f"{translate('admin_version', lang)}: {translate(f'version_{version}', lang)}"]
    # The figures are counted, not read: the view's download is its table of provinces (a province's or a headline's
    # view lists the figures), and its sources are those the counts cite.
    content = ViewContent(view, title, filters, kpis, coverage_table(places, lang),
                          inputs.observations(obs_ids=[]), inputs.no_models(), choices=reader.choices,
                          places=places, admin_version=version, notices=reader.notices,
                          sources=coverage_sources(inputs), download="places")
    content.answer = coverage_answer(places, len(sources), lang)
    words = translate("coverage_scale", lang)
    scale = country_scale(places, "figures", scale_words=words, other="", no_data=translate("coverage_none", lang),
                          lang=lang)
    content.map = country_map_spec(scale, words, version, lang)
    # The coverage bars keep their counts only: a rank before them ran the labels off the chart.
    content.rankings = [Ranking(translate("coverage_ranking", lang),
                                ranking_rows(places.drop(columns="rank_words"), "figures"))]
    content.figure_builders = {
        "map": lambda: country_map(inputs, places, version, title, content.map, lang),
        "chart": lambda: make_ranked_bar_figure(places, content.rankings[0], lang=lang),
    }
    return content


# The columns a province's coverage is counted by: its figures, sources, phases and periods, without reading one.
COVERAGE_GROUPS = ["admin_version", "province_code", "source_id", "phase", "period_start", "period_end"]


def coverage_places(inputs: ViewInputs, version: str, lang: str) -> pd.DataFrame:
    """One record per province of the version: how many figures, models, sources and whole-province figures it
    has (vn34: its own and its old provinces'), from which phases; status 'shared' when it has any. Counted in SQL
    (ViewInputs.figure_groups), periods in the order of their first figure; no figure is read but the few another
    source also gives (their sources count with the province's)."""
    frame, models, titles = inputs.frame(version), inputs.models(), inputs.source_titles().to_dict()
    groups = inputs.figure_groups(COVERAGE_GROUPS, placed=True).sort_values("first", kind="stable")
    groups = groups.assign(place=frame_codes(groups, frame))
    repeated = repeated_figures(inputs)
    repeated = repeated.assign(place=frame_codes(repeated, frame))
    models = models.assign(place=frame_codes(models, frame))
    by_place = dict(tuple(groups[groups["place"] != ""].groupby("place")))
    also_by_place = {place: also(rows.itertuples(), "also_source_ids") for place, rows in repeated.groupby("place")
                     if place}
    models_by_place = models[models["place"] != ""].groupby("place")["source_id"].agg(list).to_dict()
    old_models = models[models["admin_version"] == "vn63"].groupby("place")["province_code"].agg(set).to_dict()
    records = []
    for code, name in frame.names.items():
        own = by_place.get(code, groups.iloc[0:0])
        figures, named, others = int(own["n"].sum()), models_by_place.get(code, []), also_by_place.get(code, [])
        sources = set(own["source_id"]) | set(others) | set(named)
        members = frame.members.get(code, [code])
        whole = whole_province_figures(own, frame.admin_version, len(members) > 1)
        covered = set(own.loc[own["admin_version"] == "vn63", "province_code"]) | old_models.get(code, set())
        coverage = translate("coverage_short", lang, reporting=len(covered), members=len(members)) if len(
            members) > 1 else ""
        phases = [translate(f"phase_short_{p}", lang) for p in PHASES if p in set(own["phase"])]
        label = translate("coverage_figures", lang, figures=figures, models=len(named), sources=len(sources))
        reached = figures + len(named) > 0
        records.append({
            "province_code": code, "province_name": name, "status": STATUS_SHARED if reached else STATUS_NONE,
            "figures": figures, "models": len(named), "source_count": len(sources), "whole": whole,
            "coverage": coverage if reached else "",
            "label": " · ".join(filter(None, [label, coverage])) if reached else "",
            "scope": " · ".join(filter(None, [translate("coverage_whole", lang, count=whole), coverage])),
            "period": "; ".join(dict.fromkeys(period_words(r, lang) for r in own.itertuples())),
            "phases": ", ".join(phases),
            "note": translate("coverage_phases", lang, phases=", ".join(phases)) if phases else "",
            "sources": sorted({*own["source_id"].map(titles), *(titles.get(i, i) for i in others)}), "evidence": [],
            "value": float(figures),
        })
    return pd.DataFrame(records)


def repeated_figures(inputs: ViewInputs) -> pd.DataFrame:
    """The placed figures that another source also gives (data/duplicates.csv: a few), read by their ids, with
    `also_source_ids`."""
    figures = inputs.observations(obs_ids=sorted(set(inputs.duplicate_links()["same_as"])))
    return figures[figures["province_code"] != ""]


def figure_count(inputs: ViewInputs) -> int:
    """How many figures the store holds, each once: those of a province and those of none (national, regional)."""
    placed = inputs.figure_groups(COVERAGE_GROUPS, placed=True)
    return int(placed["n"].sum() + inputs.figure_groups([], placed=False)["n"].sum())


def coverage_sources(inputs: ViewInputs) -> pd.DataFrame:
    """The sources the coverage counts, in the order of their first figure, then those that also give a figure."""
    groups = inputs.figure_groups(COVERAGE_GROUPS, placed=True).sort_values("first", kind="stable")
    ids = list(dict.fromkeys([*groups["source_id"], *also(repeated_figures(inputs).itertuples(), "also_source_ids")]))
    return inputs.catalogue.sources.set_index("source_id").loc[ids].reset_index()


def whole_province_figures(own: pd.DataFrame, version: str, merged: bool) -> int:
    """How many figures cover the whole province: of the province itself, with no organisation; for a province of
    the 34 made of several old ones, only its own figures (an old province's figure covers a part of it)."""
    return int((own.loc[own["admin_version"] == version, "whole"] if merged else own["whole"]).sum())


def frame_codes(table: pd.DataFrame, frame) -> pd.Series:
    """Each row's province in the frame's version: its own code, or (vn34) the new province of its old one."""
    if frame.admin_version == "vn63":
        return table["province_code"].where(table["admin_version"] == "vn63", "")
    new_of = {old: new for new, olds in frame.members.items() for old in olds}
    vn63 = table["province_code"].map(new_of).fillna("")
    return table["province_code"].where(table["admin_version"] == frame.admin_version, vn63)


def coverage_table(places: pd.DataFrame, lang: str) -> pd.DataFrame:
    shown = places[places["status"] != STATUS_NONE].sort_values("figures", ascending=False)
    return pd.DataFrame({
        translate("province", lang): shown["province_name"], translate("kpi_figures", lang): shown["figures"],
        translate("kpi_models", lang): shown["models"], translate("kpi_sources", lang): shown["source_count"],
        translate("kpi_whole_province", lang): shown["whole"], translate("phase", lang): shown["phases"],
        **({translate("col_old_provinces", lang): shown["coverage"]} if (shown["coverage"] != "").any() else {}),
    })
