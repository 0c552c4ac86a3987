"""Denominators for rates: GSO 2023 average population and area of each province (reference table), for the 63
provinces as published and for the 34 as the sum of their old provinces (one GSO table, one year).

The resolution's own figures for the 34 provinces measure something else (the merger dossier's population) and are
never used for a rate (../shared/reference/README.md).
"""

import csv
from dataclasses import dataclass

from indicators.domain.codes import RATE_UNITS
from indicators.domain.queries import ProvinceFrame
from indicators.paths import reference_dir

POPULATION_FILE = "province_population.csv"
RATES = {"per100k": ("population", 100_000), "perkm2": ("area_km2", 1_000)}


@dataclass(frozen=True)
class Denominator:
    """A province's population and area, and where they come from."""

    population: float
    area_km2: float
    year: str
    source: str


def load_denominators(frame: ProvinceFrame) -> dict[str, Denominator]:
    """Province code of the frame → its GSO 2023 population and area (vn34: summed over its old provinces)."""
    with (reference_dir() / POPULATION_FILE).open(encoding="utf-8", newline="") as handle:
        rows = {row["province_code"]: row for row in csv.DictReader(handle) if row["admin_version"] == "vn63"}
    return {code: Denominator(sum(float(rows[m]["population"]) for m in members),
                              sum(float(rows[m]["area_km2"]) for m in members),
                              rows[members[0]]["year"], rows[members[0]]["source"])
            for code, members in frame.members.items()}


def rate_value(value: float, denominator: Denominator, rate: str) -> float:
    """value per 100,000 people or per 1,000 km²."""
    column, per = RATES[rate]
    return value / getattr(denominator, column) * per


def rate_applies(unit: str) -> bool:
    return unit in RATE_UNITS
