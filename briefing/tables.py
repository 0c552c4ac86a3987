"""Pure table builders: KPI figures and display tables that keep every number's provenance beside it."""

import re

import pandas as pd

from briefing.i18n import translate
from briefing.places import period_words, scope_words, value_words
from indicators.queries import STATUS_COMPARABLE, STATUS_OTHER_SCOPE


def compute_overview_kpis(values: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """Largest comparable value, provinces reporting (by scope class) and the span of reporting periods."""
    comparable = values[values["status"] == STATUS_COMPARABLE]
    other = values[values["status"] == STATUS_OTHER_SCOPE]
    largest = comparable.sort_values("value", ascending=False).head(1)
    kpis = [{
        "label": translate("kpi_largest", lang),
        "value": largest["label"].iat[0] if len(largest) else translate("kpi_none", lang),
        "detail": (f"{largest['province_name'].iat[0]} · {largest['scope'].iat[0]} · {largest['period'].iat[0]}"
                   if len(largest) else ""),
    }, {
        "label": translate("kpi_reporting", lang),
        "value": f"{len(comparable) + len(other)}/{len(values)}",
        "detail": translate("kpi_reporting_detail", lang, comparable=len(comparable), other=len(other)),
    }]
    kpis.append({"label": translate("kpi_period", lang), **period_span(values, lang)})
    return kpis


def period_span(values: pd.DataFrame, lang: str) -> dict[str, str]:
    """Earliest to latest year among the periods shown, e.g. '2016–2024'."""
    years = sorted({int(y) for text in values["period"] for y in _years_in(text)})
    if not years:
        return {"value": translate("kpi_none", lang), "detail": ""}
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    return {"value": span, "detail": ""}


def _years_in(text: str) -> list[str]:
    return re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text or "")


def build_other_scope_table(values: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The provinces whose figures are of another scope, in words, with period and source."""
    other = values[values["status"] == STATUS_OTHER_SCOPE]
    return pd.DataFrame({
        translate("province", lang): other["province_name"],
        translate("value", lang): other["label"],
        translate("period", lang): other["period"],
        translate("source", lang): other["sources"].map("; ".join),
        translate("evidence", lang): other["evidence"].map(lambda words: " | ".join(f"«{w}»" for w in words)),
    })


def build_observation_table(obs: pd.DataFrame, indicator_titles: dict[str, str], lang: str) -> pd.DataFrame:
    """One row per observation: indicator, value with qualifier, scope, period, source and evidence words."""
    return pd.DataFrame({
        translate("indicator", lang): obs["indicator"].map(indicator_titles),
        translate("value", lang): [value_words(r, lang) for r in obs.itertuples()],
        translate("scope", lang): [scope_words(r, lang) for r in obs.itertuples()],
        translate("period", lang): [period_words(r, lang) for r in obs.itertuples()],
        translate("source", lang): obs["source_title"],
        translate("evidence", lang): obs["evidence"],
        "obs_id": obs["obs_id"],
    })


def build_district_rows(districts: pd.DataFrame, activity: pd.DataFrame, lang: str) -> pd.DataFrame:
    """District code, name, status (reported / no_data) and a label of what the data holds for it."""
    rows = districts.join(activity, on="district_code").fillna({"figures": 0, "models": 0})
    rows["status"] = ["reported" if f + m > 0 else "no_data" for f, m in zip(rows["figures"], rows["models"],
                                                                              strict=True)]
    rows["label"] = [translate("district_status", lang, figures=int(f), models=int(m))
                     for f, m in zip(rows["figures"], rows["models"], strict=True)]
    return rows[["district_code", "name", "status", "label"]]


def build_model_table(
    models: pd.DataFrame, lang: str, province_names: dict[tuple[str, str], str] | None = None
) -> pd.DataFrame:
    """Named models with where they run (province of the model's own admin version), who runs them, field, evidence."""
    names = province_names or {}
    places = [names.get((v, c), c) for v, c in zip(models["admin_version"], models["province_code"], strict=True)]
    return pd.DataFrame({
        translate("page_models", lang): models["name"],
        translate("province", lang): places,
        translate("field", lang): models["field"],
        translate("organisation", lang): models["organisation"],
        translate("summary", lang): models["summary"],
        translate("evidence", lang): models["evidence"],
        translate("source", lang): models["source_id"],
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
    """Side by side: one row per province, one column per indicator; each cell 'value · scope · period'."""
    cells = long.assign(cell=[
        translate("no_data", lang) if status == "no_data" else f"{label} · {scope} · {period}"
        for status, label, scope, period in zip(long["status"], long["label"], long["scope"], long["period"],
                                                strict=True)
    ])
    wide = cells.pivot_table(index="province_name", columns="indicator", values="cell", aggfunc="first", sort=False)
    wide = wide.rename(columns=indicator_titles).reset_index()
    return wide.rename(columns={"province_name": translate("province", lang)})


def evidence_spans(text: str, obs: pd.DataFrame) -> pd.DataFrame:
    """Where each observation's evidence words stand in its source text (first occurrence), for marking them; the
    columns of the review's highlighting (evidence_start, evidence_end, candidate_id = the obs_id's number, keep)."""
    rows = []
    for obs_id, evidence in zip(obs["obs_id"], obs["evidence"], strict=True):
        start = text.find(evidence) if evidence else -1
        if start >= 0:
            rows.append((start, start + len(evidence), obs_id.rsplit("-", 1)[-1], True))
    return pd.DataFrame(rows, columns=["evidence_start", "evidence_end", "candidate_id", "keep"])
