"""Pure table builders: KPI figures and display tables that keep every number's provenance beside it."""

import re

import pandas as pd

from briefing.i18n import translate
from briefing.places import period_words, scope_words, value_words
from indicators.domain.comparability import STATUS_NONE, STATUS_SHARED


def period_span(values: pd.DataFrame, lang: str) -> dict[str, str]:
    """Earliest to latest year among the periods shown, e.g. '2016–2024'."""
    years = sorted({int(y) for text in values["period"] for y in _years_in(text)})
    if not years:
        return {"value": translate("kpi_none", lang), "detail": ""}
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    return {"value": span, "detail": ""}


def _years_in(text: str) -> list[str]:
    return re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text or "")


def build_observation_table(obs: pd.DataFrame, subtype_titles: dict[str, str], lang: str) -> pd.DataFrame:
    """One row per observation: what it counts (the subtype's title), value with qualifier, scope, period, campaign
    phase, source and evidence words."""
    rows = list(obs.astype(object).itertuples())  # Arrow-backed text columns iterate slowly cell by cell
    return pd.DataFrame({
        translate("indicator", lang): obs["subtype"].map(subtype_titles),
        translate("value", lang): [value_words(r, lang) for r in rows],
        translate("scope", lang): [scope_words(r, lang) for r in rows],
        translate("period", lang): [period_words(r, lang) for r in rows],
        translate("phase", lang): [translate(f"phase_short_{p}", lang) if p else "–" for p in obs["phase"]],
        translate("source", lang): ["; ".join([title, *also]) for title, also in zip(
            obs["source_title"], obs["also_source_titles"] if "also_source_titles" in obs else [[]] * len(obs),
            strict=True)],
        translate("evidence", lang): obs["evidence"],
        "obs_id": obs["obs_id"],
    })


DISTRICT_FIGURES, DISTRICT_MODELS_ONLY = "figures", "models_only"


def build_district_rows(districts: pd.DataFrame, activity: pd.DataFrame, lang: str) -> pd.DataFrame:
    """District code, name, status (figures: has figures; models_only: only a named model; no_data) and a label of
    what the data holds for it."""
    rows = districts.join(activity, on="district_code").fillna({"figures": 0, "models": 0})
    rows["status"] = [DISTRICT_FIGURES if f > 0 else DISTRICT_MODELS_ONLY if m > 0 else "no_data"
                      for f, m in zip(rows["figures"], rows["models"], strict=True)]
    rows["label"] = [translate("district_status", lang, figures=int(f), models=int(m))
                     for f, m in zip(rows["figures"], rows["models"], strict=True)]
    return rows[["district_code", "name", "status", "label"]]


def build_model_table(
    models: pd.DataFrame, lang: str, province_names: dict[tuple[str, str], str] | None = None,
    source_titles: pd.Series | None = None,
) -> pd.DataFrame:
    """Named models (in Vietnamese, with the source's own name when it wrote another language) with where they run
    (province of the model's own admin version), who runs them, field (in words, not its code), evidence and the
    source's title (its id when no titles are given)."""
    names = province_names or {}
    places = [names.get((v, c), c) for v, c in zip(models["admin_version"], models["province_code"], strict=True)]
    return pd.DataFrame({
        translate("page_models", lang): models["name"],
        translate("name_in_source", lang): models["name_in_source"],
        translate("province", lang): places,
        translate("field", lang): [translate(f"field_{field}", lang) if field else "" for field in models["field"]],
        translate("organisation", lang): models["organisation"],
        translate("summary", lang): models["summary"],
        translate("evidence", lang): models["evidence"],
        translate("source", lang): models["source_id"] if source_titles is None else
        models["source_id"].map(source_titles).fillna(models["source_id"]),
    })


def build_comparison_long(per_indicator: dict[str, pd.DataFrame], provinces: list[str]) -> pd.DataFrame:
    """Province × indicator records (status, value, label, scope, period, sources) for the chosen provinces."""
    frames = [values.assign(indicator=indicator) for indicator, values in per_indicator.items()]
    table = pd.concat(frames) if frames else pd.DataFrame(columns=["province_code", "indicator"])
    table = table[table["province_code"].isin(provinces)]
    order = {code: index for index, code in enumerate(provinces)}
    return table.sort_values(["indicator", "province_code"], key=lambda s: s.map(order) if s.name == "province_code"
                             else s)


def build_comparison_table(long: pd.DataFrame, indicator_titles: dict[str, str], lang: str) -> pd.DataFrame:
    """Side by side: one row per province, one column per indicator; each cell 'value · scope · period', with the
    reason when it may not share the scale."""
    cells = long.assign(cell=[comparison_cell(record, lang) for record in long.to_dict("records")])
    wide = cells.pivot_table(index="province_name", columns="indicator", values="cell", aggfunc="first", sort=False)
    wide = wide.rename(columns=indicator_titles).reset_index()
    return wide.rename(columns={"province_name": translate("province", lang)})


def comparison_cell(record: dict, lang: str) -> str:
    """'42 · toàn tỉnh · 01/2021–05/2024' on the shared scale; otherwise the label (which says its scope and why it
    may not share the scale) and the period."""
    if record["status"] == STATUS_NONE:
        return translate("no_data", lang)
    if record["status"] == STATUS_SHARED:
        return " · ".join(filter(None, [record["label"], record["scope"], record["period"]]))
    period = record["period"] if record["period"] not in record["label"] else ""  # "không rõ thời kỳ" once
    return " · ".join(filter(None, [record["label"], period]))


def evidence_spans(text: str, obs: pd.DataFrame) -> pd.DataFrame:
    """Where each observation's evidence words stand in its source text (first occurrence), for marking them; the
    columns of the review's highlighting (evidence_start, evidence_end, candidate_id = the obs_id's number, keep)."""
    rows = []
    for obs_id, evidence in zip(obs["obs_id"], obs["evidence"], strict=True):
        start = text.find(evidence) if evidence else -1
        if start >= 0:
            rows.append((start, start + len(evidence), obs_id.rsplit("-", 1)[-1], True))
    return pd.DataFrame(rows, columns=["evidence_start", "evidence_end", "candidate_id", "keep"])
