"""Questions the dashboard asks of the dataset: scopes, comparable province values, vn34 roll-ups, time windows."""

from dataclasses import dataclass

import pandas as pd

from indicators.names import fold_diacritics, match_keys
from indicators.periods import years_between
from indicators.schema import parse_scope_tokens
from indicators.tables import Dataset

STATUS_COMPARABLE = "comparable"
STATUS_OTHER_SCOPE = "other_scope"
STATUS_NO_DATA = "no_data"


def add_scope_columns(obs: pd.DataFrame) -> pd.DataFrame:
    """Add scope_level (province/district/commune/national), scope_kind (whole or org_type) and scope_token."""
    obs = obs.copy()
    obs["scope_level"] = "national"
    obs.loc[obs["province_code"] != "", "scope_level"] = "province"
    obs.loc[obs["district_code"] != "", "scope_level"] = "district"
    obs.loc[obs["commune_code"] != "", "scope_level"] = "commune"
    obs["scope_kind"] = obs["org_type"].where(obs["org_type"] != "", "whole")
    obs["scope_token"] = obs["scope_level"] + ":" + obs["scope_kind"]
    return obs


def comparable_tokens(dataset: Dataset, indicator: str) -> set[str]:
    """The scopes whose values of this indicator may share one colour scale (catalogue `comparable_scopes`)."""
    row = dataset.indicators.set_index("indicator").loc[indicator]
    return {f"{level}:{kind}" for level, kind in parse_scope_tokens(row["comparable_scopes"])}


def indicator_row(dataset: Dataset, indicator: str) -> pd.Series:
    """The catalogue entry of one indicator; KeyError names it when unknown."""
    catalogue = dataset.indicators.set_index("indicator")
    if indicator not in catalogue.index:
        raise KeyError(f"Unknown indicator '{indicator}'")
    return catalogue.loc[indicator]


def observations_of(dataset: Dataset, indicator: str) -> pd.DataFrame:
    """The observations of one indicator with scope columns, source titles and period lengths."""
    obs = observations_with_titles(dataset)
    return obs[obs["indicator"] == indicator].copy()


@dataclass(frozen=True)
class ProvinceFrame:
    """Province names of one admin version and, for vn34, the vn63 codes each was made from."""

    admin_version: str
    names: dict[str, str]
    members: dict[str, list[str]]

    def sort_key(self, code: str) -> str:
        """Alphabetical order of the bare name ('An Giang' before 'Thành phố Huế' files under H)."""
        return match_keys(self.names[code])[1]


def make_province_frame(crosswalk: list[dict[str, str]], admin_version: str) -> ProvinceFrame:
    """The provinces of one version from the crosswalk: 63 (each its own member) or 34 (with members)."""
    if admin_version == "vn63":
        names = {row["old_code"]: row["old_name"] for row in crosswalk}
        return ProvinceFrame("vn63", names, {code: [code] for code in names})
    names = {row["new_code"]: row["new_name"] for row in crosswalk}
    members = {code: [row["old_code"] for row in crosswalk if row["new_code"] == code] for code in names}
    return ProvinceFrame("vn34", names, members)


def pick_province_value(rows: pd.DataFrame, tokens: set[str]) -> tuple[str, pd.DataFrame]:
    """Status and chosen rows of one province: the latest comparable value, else the other-scope rows."""
    comparable = rows[rows["scope_token"].isin(tokens) & (rows["scope_level"] == "province")]
    if len(comparable):
        latest = comparable.sort_values(["period_end", "value"], ascending=False).head(1)
        return STATUS_COMPARABLE, latest
    if len(rows):
        return STATUS_OTHER_SCOPE, rows
    return STATUS_NO_DATA, rows


def compute_province_values(dataset: Dataset, indicator: str, frame: ProvinceFrame) -> pd.DataFrame:
    """One row per province of the frame: status, value on the colour scale (comparable only), observation ids."""
    obs = observations_of(dataset, indicator)
    tokens = comparable_tokens(dataset, indicator)
    entry = indicator_row(dataset, indicator)
    vn63 = obs[obs["admin_version"] == "vn63"]
    direct = obs[obs["admin_version"] == frame.admin_version] if frame.admin_version == "vn34" else None
    rows = []
    for code, name in frame.names.items():
        if direct is not None and (direct["province_code"] == code).any():
            status, chosen = pick_province_value(direct[direct["province_code"] == code], tokens)
            rows.append(describe_province(code, name, status, chosen, entry, (1, 1)))
            continue
        member_picks = [pick_province_value(vn63[vn63["province_code"] == m], tokens) for m in frame.members[code]]
        rows.append(roll_up_members(code, name, member_picks, entry))
    return pd.DataFrame(rows)


def roll_up_members(code: str, name: str, picks: list[tuple[str, pd.DataFrame]], entry) -> dict:
    """Combine the old provinces of one new province; sums only what may be summed, over one shared period."""
    coverage = (sum(status == STATUS_COMPARABLE for status, _ in picks), len(picks))
    if len(picks) == 1:
        return describe_province(code, name, picks[0][0], picks[0][1], entry, coverage)
    comparable = [rows for status, rows in picks if status == STATUS_COMPARABLE]
    all_rows = pd.concat([rows for _, rows in picks]) if any(len(r) for _, r in picks) else picks[0][1]
    if not len(all_rows):
        return describe_province(code, name, STATUS_NO_DATA, all_rows, entry, coverage)
    periods = {(r["period_start"].iat[0], r["period_end"].iat[0]) for r in comparable}
    if comparable and entry["aggregation"] == "sum" and len(periods) == 1:
        summed = pd.concat(comparable)
        return describe_province(code, name, STATUS_COMPARABLE, summed, entry, coverage)
    return describe_province(code, name, STATUS_OTHER_SCOPE, all_rows, entry, coverage)


def combined_qualifier(rows: pd.DataFrame, coverage: tuple[int, int]) -> str:
    """A sum is exact only if every part is exact and every old province reported; else a lower bound."""
    qualifiers = set(rows["qualifier"])
    if qualifiers == {"exact"} and coverage[0] == coverage[1]:
        return "exact"
    if "approximately" in qualifiers:
        return "approximately"
    return "at_least" if coverage[0] < coverage[1] or "at_least" in qualifiers else qualifiers.pop()


def describe_province(
    code: str, name: str, status: str, rows: pd.DataFrame, entry, coverage: tuple[int, int]
) -> dict:
    """The record of one province: status, the value on the colour scale (comparable only) and the observations
    behind it (`obs_ids`, a list: the provenance travels as data, the words are the view's)."""
    record = {
        "province_code": code, "province_name": name, "status": status, "value": None, "shown_value": None,
        "qualifier": "", "denominator": None, "unit": entry["unit"], "obs_ids": list(rows["obs_id"]),
        "reporting": coverage[0], "members": coverage[1], "n_obs": len(rows),
    }
    if status == STATUS_COMPARABLE:
        qualifier = combined_qualifier(rows, coverage) if len(rows) > 1 or coverage[1] > 1 else rows["qualifier"].iat[0]
        value = float(rows["value"].sum())
        denominator = rows["denominator"].iat[0] if len(rows) == 1 else None
        record.update(value=value, shown_value=value, qualifier=qualifier, denominator=denominator)
    elif status == STATUS_OTHER_SCOPE and len(rows) == 1:
        # one figure of another scope can be drawn as a bar of its own colour, never on the map scale
        record["shown_value"] = float(rows["value"].iat[0])
    return record


def annualise(obs: pd.DataFrame, annualisable: bool) -> pd.Series:
    """Per-year rate of totals over a reporting window; NaN where not legitimate (stocks, undated, < 1 year)."""
    if not annualisable:
        return pd.Series(float("nan"), index=obs.index)
    years = obs["years"].astype(float)
    return (obs["value"] / years).where(years >= 1)


def observations_with_titles(dataset: Dataset) -> pd.DataFrame:
    """All observations with scope columns, source titles and period lengths in years."""
    obs = add_scope_columns(dataset.observations)
    obs["source_title"] = obs["source_id"].map(dataset.sources.set_index("source_id")["title"])
    obs["years"] = [years_between(s, e) for s, e in zip(obs["period_start"], obs["period_end"], strict=True)]
    return obs


def province_observations(dataset: Dataset, province_code: str, district_code: str = "") -> pd.DataFrame:
    """The vn63 observations of one province, optionally of one district only."""
    obs = observations_with_titles(dataset)
    obs = obs[(obs["admin_version"] == "vn63") & (obs["province_code"] == province_code)]
    return obs[obs["district_code"] == district_code] if district_code else obs


def province_models(dataset: Dataset, province_code: str, district_code: str = "") -> pd.DataFrame:
    """The named models of one vn63 province, optionally of one district."""
    models = dataset.models
    models = models[(models["admin_version"] == "vn63") & (models["province_code"] == province_code)]
    return models[models["district_code"] == district_code] if district_code else models


def district_activity(dataset: Dataset, province_code: str) -> pd.DataFrame:
    """Per district code of a province: how many figures and named models the data holds."""
    obs = province_observations(dataset, province_code)
    models = province_models(dataset, province_code)
    figures = obs[obs["district_code"] != ""].groupby("district_code").size().rename("figures")
    named = models[models["district_code"] != ""].groupby("district_code").size().rename("models")
    return pd.concat([figures, named], axis=1).fillna(0).astype(int)


def filter_models(
    models: pd.DataFrame, provinces: list[str], districts: list[str], org_types: list[str], fields: list[str],
    query: str = "",
) -> pd.DataFrame:
    """Models matching every non-empty filter; the search ignores case and diacritics across name and summary.

    Province and district filters are vn63 codes, so they only ever match vn63 models."""
    keep = pd.Series(True, index=models.index)
    if provinces or districts:
        keep &= models["admin_version"] == "vn63"
    for column, chosen in (("province_code", provinces), ("district_code", districts), ("org_type", org_types),
                           ("field", fields)):
        if chosen:
            keep &= models[column].isin(chosen)
    if query.strip():
        needle = fold_diacritics(query.strip().lower())
        haystack = (models["name"] + " " + models["summary"] + " " + models["organisation"] + " " + models["evidence"])
        keep &= haystack.map(lambda text: needle in fold_diacritics(text.lower()))
    return models[keep]
