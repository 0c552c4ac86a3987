"""Questions the dashboard asks of the dataset: scopes, provinces of each version, a province's rows, windows."""

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from indicators.domain.duplicates import count_once, load_duplicates
from indicators.domain.gazetteer import Place
from indicators.domain.names import fold_diacritics, match_keys
from indicators.domain.periods import years_between
from indicators.domain.tables import Dataset


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


def annualise(obs: pd.DataFrame, annualisable: bool) -> pd.Series:
    """Per-year rate of totals over a reporting window; NaN where not legitimate (stocks, undated, < 1 year, and a
    window the curator assumed rather than read or worked out)."""
    if not annualisable:
        return pd.Series(float("nan"), index=obs.index)
    years = obs["years"].astype(float)
    return (obs["value"] / years).where((years >= 1) & (obs["period_basis"] != "assumed"))


def observations_with_titles(dataset: Dataset, once: bool = True) -> pd.DataFrame:
    """All observations with scope columns, source titles and period lengths in years; `once`: a figure reported by
    two editions or outlets counted once, with the other source listed (data/duplicates.csv)."""
    obs = add_scope_columns(dataset.observations)
    obs["source_title"] = obs["source_id"].map(dataset.sources.set_index("source_id")["title"])
    obs["years"] = [years_between(s, e) for s, e in zip(obs["period_start"], obs["period_end"], strict=True)]
    return count_once(obs, dataset.sources, load_duplicates()) if once else obs


def district_activity(obs: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    """Per district code of a province's figures and named models: how many of each the data holds."""
    figures = obs[obs["district_code"] != ""].groupby("district_code").size().rename("figures")
    named = models[models["district_code"] != ""].groupby("district_code").size().rename("models")
    return pd.concat([figures, named], axis=1).fillna(0).astype(int)


def filter_models(
    models: pd.DataFrame, provinces: list[str], districts: list[str], org_types: list[str], fields: list[str],
    query: str = "", places: Iterable[Place] = (),
) -> pd.DataFrame:
    """Models matching every non-empty filter; the search ignores case and diacritics across name and summary, and
    a model whose province or district is one of `places` (the places the search names) matches it too.

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
        keep &= haystack.map(lambda text: needle in fold_diacritics(text.lower())) | in_places(models, places)
    return models[keep]


def in_places(models: pd.DataFrame, places: Iterable[Place]) -> pd.Series:
    """Whether each model lies in one of the places: its province, or its district, of the same admin version."""
    named = {(place.admin_version, place.level, place.code) for place in places}
    return pd.Series([(version, "province", province) in named or (version, "district", district) in named
                      for version, province, district in zip(models["admin_version"], models["province_code"],
                                                              models["district_code"], strict=True)],
                     index=models.index, dtype=bool)
