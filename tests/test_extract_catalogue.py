"""The extractor's classes map to catalogue subtypes (data/subtypes.csv) of the same unit; fallbacks to none."""

import csv
from pathlib import Path

from indicators.domain.codes import QUALIFIERS, UNITS
from indicators.intake.extraction.indicator_rules import (
    FALLBACK_INDICATORS,
    INDICATOR_RULES,
    subtype_of_extractor_class,
)
from indicators.intake.extraction.vocabulary import QUALIFIER_WORDS, TRAILING_QUALIFIERS, UNIT_WORDS

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "subtypes.csv"  # the real catalogue, on purpose


def catalogue_units() -> dict[str, str]:
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        return {row["subtype"]: row["unit"] for row in csv.DictReader(handle)}


def test_every_rule_class_is_a_catalogue_subtype_of_the_rule_unit():
    catalogue = catalogue_units()
    mismatches = [(r.indicator, r.unit) for r in INDICATOR_RULES
                  if catalogue.get(subtype_of_extractor_class(r.indicator)) != r.unit]
    assert mismatches == []


def test_fallback_classes_cover_every_unit_and_leave_the_subtype_to_the_editor():
    assert set(FALLBACK_INDICATORS) == set(UNITS)
    assert all(i.startswith("other_") for i in FALLBACK_INDICATORS.values())
    assert {subtype_of_extractor_class(i) for i in FALLBACK_INDICATORS.values()} == {""}


def test_the_extractor_words_name_codes_of_the_code_lists():
    """The extractor's vocabulary maps its phrases to the units and qualifiers of indicators/domain/codes.py."""
    assert {unit for _, unit, _ in UNIT_WORDS if unit} == set(UNITS)
    assert set(QUALIFIER_WORDS) | set(TRAILING_QUALIFIERS.values()) == set(QUALIFIERS) - {"exact"}
