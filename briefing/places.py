"""The words of each place a view compares: value as a leader reads it, scope, period, sources and evidence."""

import pandas as pd

from briefing.formatting import format_period, format_value
from briefing.i18n import translate
from indicators.queries import STATUS_COMPARABLE, STATUS_NO_DATA


def scope_words(row, lang: str) -> str:
    """Who a number covers, in words: the organisation, else 'toàn tỉnh' for a province, else the place."""
    if row.organisation:
        return row.organisation
    if row.scope_level == "province":
        return translate("scope_whole_province", lang)
    return row.place_name


def value_words(row, lang: str) -> str:
    """'hơn 532', '1.017/1.020', 'khoảng 6,2 tỷ đồng' for an observation row."""
    return format_value(row.value, row.unit, row.qualifier, row.denominator, lang)


def period_words(row, lang: str) -> str:
    return format_period(row.period_start, row.period_end, lang)


def describe_values(values: pd.DataFrame, obs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Province records with their words: label, scope, period, coverage, and the provenance as lists (source ids,
    source titles, evidence) taken from the observations named in `obs_ids`."""
    by_id = obs.set_index("obs_id")
    described = [describe_one(record, by_id.loc[record["obs_ids"]], lang) for record in values.to_dict("records")]
    columns = [*values.columns, "label", "scope", "period", "source_ids", "sources", "evidence", "coverage"]
    return pd.DataFrame(described, columns=columns, index=values.index)


def describe_one(record: dict, rows: pd.DataFrame, lang: str) -> dict:
    rows = rows.reset_index()
    words = {"label": "", "scope": "", "period": "", "coverage": coverage_words(record, lang),
             "source_ids": list(dict.fromkeys(rows["source_id"])), "sources": list(dict.fromkeys(rows["source_title"])),
             "evidence": list(rows["evidence"])}
    if record["status"] == STATUS_NO_DATA:
        return record | words
    words["period"] = "; ".join(dict.fromkeys(period_words(r, lang) for r in rows.itertuples()))
    if record["status"] == STATUS_COMPARABLE:
        words["label"] = format_value(record["value"], record["unit"], record["qualifier"], record["denominator"], lang)
        words["scope"] = "; ".join(dict.fromkeys(scope_words(r, lang) for r in rows.itertuples()))
    else:
        words["label"] = "; ".join(f"{value_words(r, lang)} ({scope_words(r, lang)})" for r in rows.itertuples())
        words["scope"] = translate("scope_other", lang)
    return record | words


def coverage_words(record: dict, lang: str) -> str:
    """'2/3 tỉnh cũ có số liệu' for a merged province, empty where a province was not merged."""
    if record["members"] <= 1:
        return ""
    return translate("coverage", lang, reporting=record["reporting"], members=record["members"])


def describe_observations(obs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Observation rows with the same words as place records (label, scope, period, sources, evidence as lists)."""
    return obs.assign(
        label=[value_words(r, lang) for r in obs.itertuples()],
        scope=[scope_words(r, lang) for r in obs.itertuples()],
        period=[period_words(r, lang) for r in obs.itertuples()],
        sources=[[title] for title in obs["source_title"]],
        evidence=[[words] for words in obs["evidence"]],
    )
