"""The province page in today's structure (`/province?province=NN&version=vn34`): the commune map with the figures
placed at commune level on one scale, the figures of the province's former provinces and districts with their old
unit named, and how many of those old units reported."""

import pandas as pd

from briefing.catalogue import default_class, subtype, subtype_titles
from briefing.content import ChoiceReader, MapSpec, ViewContent
from briefing.formatting import format_number
from briefing.i18n import translate
from briefing.inputs import ViewInputs
from briefing.links import View
from briefing.maps import country_scale, describe_commune_archipelagos, make_commune_map_figure, map_notes
from briefing.places import describe_places
from briefing.reasons import province_part_lines
from briefing.tables import build_model_table, build_observation_table
from indicators.domain.codes import ADMIN_VERSIONS, AWARD_LEVELS, DEFAULT_ADMIN_VERSION, HONOURS_INDICATOR, PHASES
from indicators.domain.comparability import (
    DEFAULT_PHASE,
    STATUS_NONE,
    STATUS_SHARED,
    ComparisonClass,
    candidate_rows,
    empty_record,
    judge_version,
)

COMMUNE_RATES = ("", "per10k")
PER_10K = 10_000
FORMER_UNIT_COLUMN = "former_unit"


def build_province_vn34(view: View, inputs: ViewInputs) -> ViewContent:
    """One vn34 province (`province=`), optionally one commune (`commune=`): commune map of one headline
    (`indicator=`, `subtype=`, `phase=`, `level=`, `rate=per10k`), its figures, its former units' figures, models."""
    lang, reader, catalogue, frame = view.lang, ChoiceReader(view), inputs.catalogue, inputs.frame("vn34")
    reader.one("version", ADMIN_VERSIONS, DEFAULT_ADMIN_VERSION, lambda v: translate(f"version_{v}", lang))
    reporting = inputs.provinces_with_figures("vn34")
    options = sorted(frame.names, key=lambda code: (code not in reporting, frame.sort_key(code)))
    province = reader.one("province", options, options[0], frame.names)
    communes = commune_names(inputs, province)
    commune = reader.one("commune", ["", *communes], "", lambda c: communes.get(c, translate("all_communes", lang)))
    cls = commune_class(reader, catalogue, inputs.observation_counts(
        ["indicator", "subtype", "phase"], admin_versions=["vn34"], provinces=[province], level="commune"), lang)
    # The province's own figures of every headline, and its communes' figures of the headline the map colours (a
    # province reporting every commune on 20 headlines for 10 years holds ~34,000 figures: they are in the store and
    # its downloads, a headline at a time on the page).
    own = pd.concat([inputs.observations(admin_versions=["vn34"], provinces=[province], level="province"),
                     inputs.observations(admin_versions=["vn34"], provinces=[province], level="commune",
                                         indicators=[cls.indicator])], ignore_index=True)
    entry = subtype(catalogue, cls.subtype)
    rate = reader.one("rate", COMMUNE_RATES, "", lambda r: translate(f"rate_{r or 'absolute'}", lang))
    places, reasons = commune_places(own, communes, cls, entry["unit"], lang)
    if rate:
        places = with_commune_rates(places, inputs.commune_table(), lang)
    members = frame.members[province]
    former = former_observations(inputs.observations(admin_versions=["vn63"], provinces=members), inputs, lang)
    shown = own[own["commune_code"] == commune] if commune else own
    titles = subtype_titles(catalogue, lang)
    name = frame.names[province] + (f" – {communes[commune]}" if commune else "")
    models = inputs.models(admin_versions=["vn63"], provinces=members)
    coverage = former_coverage(former, members, inputs, lang)
    content = ViewContent(
        view, name, province_filters(frame.names[province], communes.get(commune, ""), coverage, lang),
        commune_kpis(places, coverage, models, lang),
        build_observation_table(shown, titles, lang).drop(columns="obs_id"),
        pd.concat([shown, former], ignore_index=True), models,
        choices=reader.choices, places=places, admin_version="vn34", notices=reader.notices,
        tables={"former": former_table(former, titles, lang),
                "models": build_model_table(models, lang, inputs.province_names(), inputs.source_titles())},
        verdicts=commune_verdicts(own, reasons, places, rate, lang),
        not_compared=province_part_lines(pd.concat([shown, former], ignore_index=True), lang), appendix=["models"],
        standing_link=f"/?province={province}&version=vn34&lang={lang}",  # a code means nothing without it
    )
    if rate:
        content.denominator_note = translate("commune_rate_denominator", lang)
    shared = int((places["status"] == STATUS_SHARED).sum())
    content.answer = translate("commune_answer", lang, province=frame.names[province], shared=shared,
                               communes=len(communes), coverage=coverage["words"])
    legend = translate("commune_legend", lang, phase=translate(f"phase_{cls.phase}", lang))
    scale = country_scale(places, "rate_value" if rate else "value", scale_words=legend,
                          other=translate("other_scope", lang), no_data=translate("no_data", lang), lang=lang,
                          unit=translate("rate_unit_per10k", lang) if rate else "", decimals=1 if rate else 0)
    credit = translate("commune_boundary_credit", lang, version=translate("version_vn34_structure", lang))
    content.map = MapSpec("commune", "province_code", scale, map_notes(legend, credit, lang))
    content.figure_builders = {"map": lambda: commune_map(inputs, province, places, commune, titles[cls.subtype],
                                                          content.map, lang)}
    return content


def commune_names(inputs: ViewInputs, province: str) -> dict[str, str]:
    """The communes of a vn34 province in the official 2025 list, code → name, in code order."""
    return {p.code: p.name for p in sorted(inputs.gazetteer.places, key=lambda p: p.code)
            if p.admin_version == "vn34" and p.level == "commune" and p.province_code == province}


def commune_class(reader: ChoiceReader, catalogue, counts: pd.DataFrame, lang: str) -> ComparisonClass:
    """The headline the commune map colours: `indicator=`, else the one with most commune figures in the province;
    its subtype (default: the one most of those figures count) and phase, for honours its award level. `counts`: the
    province's commune figures counted per indicator, subtype and phase."""
    headlines = catalogue.indicators.set_index("indicator")
    titles = headlines["title_vi" if lang == "vi" else "title_en"].to_dict()
    most = most_counted(counts, "indicator")
    indicator = reader.one("indicator", list(titles), most or "models_built", titles)
    subtypes = subtype_titles(catalogue, lang, indicator)
    default = default_class(catalogue, indicator)
    counted = most_counted(counts[counts["indicator"] == indicator], "subtype")
    code = reader.one("subtype", list(subtypes), counted or default.subtype, subtypes)
    phases = most_counted(counts[(counts["subtype"] == code) & (counts["phase"] != "")], "phase")
    phase = reader.one("phase", PHASES, phases or DEFAULT_PHASE, lambda p: translate(f"phase_{p}", lang))
    level = reader.one("level", AWARD_LEVELS, default.award_level,
                       lambda lv: translate(f"award_level_{lv}", lang)) if indicator == HONOURS_INDICATOR else ""
    return ComparisonClass(indicator, code, phase, level)


def most_counted(counts: pd.DataFrame, column: str) -> str:
    """The value of `column` that most of the counted figures have ('' when none; a tie goes to the first in order)."""
    totals = counts.groupby(column, sort=True)["n"].sum()
    return str(totals.idxmax()) if len(totals) else ""


def commune_places(own: pd.DataFrame, communes: dict[str, str], cls: ComparisonClass, unit: str,
                   lang: str) -> tuple[pd.DataFrame, pd.Series]:
    """One record per commune by the comparability rule, each commune standing where the rule puts a province: its
    whole-commune figure of the class, the latest in the phase, on the scale; another kind of figure 'other'; none.
    Returns the records (with words, as the country map's) and each candidate figure's reason."""
    at_commune = own[(own["commune_code"] != "") & own["commune_code"].isin(communes)]
    as_units = at_commune.assign(province_code=at_commune["commune_code"], commune_code="")
    rows = candidate_rows(as_units, cls)
    records, reasons = judge_version(rows, cls)
    places = pd.DataFrame([{**(records.get(code) or empty_record(code, "", STATUS_NONE)), "province_name": name}
                           for code, name in communes.items()])
    reason_of = dict(zip(rows["obs_id"], reasons, strict=True))
    places = describe_places(places, as_units, unit, lang, reason_of)
    whole = translate("scope_whole_commune", lang)
    places.loc[places["status"] == STATUS_SHARED, "scope"] = whole
    return places.rename(columns={"province_code": "commune_code"}).assign(
        province_code=lambda df: df["commune_code"]), pd.Series(reason_of, dtype=object)


def with_commune_rates(places: pd.DataFrame, communes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The shared values per 10,000 inhabitants of the commune, its population from the boundary files (the merger
    map's figure), named in the note the hover and the downloads show."""
    population = communes.set_index("commune_code")["population"]
    shared = places["status"] == STATUS_SHARED
    rates = [value / population[code] * PER_10K if ok and population.get(code, 0) > 0 else None
             for code, value, ok in zip(places["commune_code"], places["value"], shared, strict=True)]
    unit_words = translate("rate_unit_per10k", lang)
    source = [translate("commune_population_source", lang, population=format_number(population.get(code, 0), lang))
              for code in places["commune_code"]]
    return places.assign(
        rate_value=rates, rate_unit=[unit_words if r is not None else "" for r in rates],
        rate_label=[f"{format_number(r, lang, 2)} {unit_words}" if r is not None else "" for r in rates],
        note=[f"{note}; {src}".strip("; ") if r is not None else note
              for note, src, r in zip(places["note"], source, rates, strict=True)],
    ).assign(label=lambda df: [f"{label} ({rate_label})" if rate_label else label
                               for label, rate_label in zip(df["label"], df["rate_label"], strict=True)])


def commune_verdicts(own: pd.DataFrame, reasons: pd.Series, places: pd.DataFrame, rate: str,
                     lang: str) -> pd.DataFrame:
    """Per commune figure: on the scale or not and why (words); with `rate`, its value per 10,000 inhabitants."""
    on_scale = {obs_id for ids in places["obs_ids"] for obs_id in ids}
    unit = f"{translate('rate_unit_per10k', lang)} ({translate('commune_rate_denominator', lang)})"
    rate_of = {obs_id: (record["rate_value"], unit) for record in places.to_dict("records")
               if rate and record.get("rate_value") is not None for obs_id in record["obs_ids"]}
    ids = list(reasons.index)
    return pd.DataFrame({
        "obs_id": ids, "on_shared_scale": [i in on_scale for i in ids],
        "why_not": ["" if i in on_scale or not reasons[i] else translate(f"why_not_{reasons[i]}", lang) for i in ids],
        **({"rate_value": [rate_of.get(i, (None, ""))[0] for i in ids],
            "rate_unit": [rate_of.get(i, (None, ""))[1] for i in ids]} if rate else {}),
    })


def former_observations(former: pd.DataFrame, inputs: ViewInputs, lang: str) -> pd.DataFrame:
    """The figures of the province's former provinces (vn63), each with its old unit named: 'huyện Mường Nhé cũ,
    tỉnh Điện Biên' for a district's, 'tỉnh Điện Biên cũ' for a whole old province's."""
    names = inputs.frame("vn63").names
    districts = {p.code: p.name for p in inputs.gazetteer.places if p.admin_version == "vn63" and p.level == "district"}
    return former.assign(**{FORMER_UNIT_COLUMN: [
        translate("former_district", lang, district=lower_first(districts.get(d, d)), province=lower_first(names[p]))
        if d else translate("former_province", lang, province=lower_first(names[p]))
        for p, d in zip(former["province_code"], former["district_code"], strict=True)]})


def lower_first(name: str) -> str:
    """'Huyện Mường Nhé' → 'huyện Mường Nhé' (a unit named inside a sentence)."""
    return name[:1].lower() + name[1:]


def former_coverage(former: pd.DataFrame, members: list[str], inputs: ViewInputs, lang: str) -> dict:
    """How many of the former provinces and of their districts reported anything, and those words."""
    districts = [p.code for code in members for p in inputs.gazetteer.districts_of(code)]
    reported_provinces = len(set(former["province_code"]) & set(members))
    reported_districts = len(set(former["district_code"]) & set(districts))
    words = translate("former_coverage", lang, provinces=reported_provinces, province_total=len(members),
                      districts=reported_districts, district_total=len(districts))
    return {"provinces": reported_provinces, "province_total": len(members), "districts": reported_districts,
            "district_total": len(districts), "words": words}


def former_table(former: pd.DataFrame, titles: dict[str, str], lang: str) -> pd.DataFrame:
    """The former units' figures: the old unit first, then the observation table's columns."""
    table = build_observation_table(former, titles, lang).drop(columns="obs_id")
    table.insert(0, translate("former_unit", lang), former[FORMER_UNIT_COLUMN].to_numpy())
    return table


def province_filters(province: str, commune: str, coverage: dict, lang: str) -> list[str]:
    """What the view shows, in words (the exports' description; the last line is the page's caption)."""
    return [f"{translate('province', lang)}: {province}",
            f"{translate('commune', lang)}: {commune or translate('all_communes', lang)}",
            translate("version_vn34_structure", lang), coverage["words"]]


def commune_kpis(places: pd.DataFrame, coverage: dict, models: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """Communes on the scale, former units that reported, named models."""
    shared = int((places["status"] == STATUS_SHARED).sum())
    return [
        {"label": translate("kpi_communes_shared", lang), "value": f"{shared}/{len(places)}", "detail": ""},
        {"label": translate("kpi_former_reported", lang),
         "value": f"{coverage['provinces']}/{coverage['province_total']}",
         "detail": translate("kpi_former_districts", lang, districts=coverage["districts"],
                             total=coverage["district_total"])},
        {"label": translate("kpi_named_models", lang), "value": str(len(models)), "detail": ""},
    ]


def commune_map(inputs: ViewInputs, province: str, places: pd.DataFrame, commune: str, title: str, spec: MapSpec,
                lang: str):
    """The commune map of the province (raises BoundaryLayerMissing when the layers have not been built)."""
    return make_commune_map_figure(
        inputs.commune_geojson(province), places, scale=spec.scale, lang=lang,
        title=translate("commune_map_title", lang, indicator=title), selected=commune,
        archipelagos=describe_commune_archipelagos(inputs.commune_table(), province),
        version_note=spec.notes[-1])

