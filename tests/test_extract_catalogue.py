"""The extractor's indicator ids and units agree with the curated catalogue in data/indicators.csv."""

import csv
from pathlib import Path

from indicators.extraction import UNITS
from indicators.extraction.indicator_rules import FALLBACK_INDICATORS, INDICATOR_RULES
from indicators.schema import UNITS as SCHEMA_UNITS

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "indicators.csv"


def catalogue_units() -> dict[str, str]:
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        return {row["indicator"]: row["unit"] for row in csv.DictReader(handle)}


def test_rule_indicators_are_catalogue_ids_with_the_catalogue_unit():
    catalogue = catalogue_units()
    mismatches = [(r.indicator, r.unit) for r in INDICATOR_RULES if catalogue.get(r.indicator) != r.unit]
    assert mismatches == []


def test_fallback_ids_cover_every_unit_and_are_not_catalogue_ids():
    assert set(FALLBACK_INDICATORS) == set(UNITS)
    assert all(i.startswith("other_") for i in FALLBACK_INDICATORS.values())
    assert set(FALLBACK_INDICATORS.values()).isdisjoint(catalogue_units())


def test_units_are_the_schema_units():
    assert list(UNITS) == list(SCHEMA_UNITS)
