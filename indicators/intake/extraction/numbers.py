"""Vietnamese number strings → floats ("." groups thousands, "," marks decimals)."""

import math

from indicators.intake.extraction.vocabulary import MULTIPLIERS


def parse_number(token: str) -> float:
    """'1.017' → 1017, '99,7' → 99.7, '03' → 3."""
    return float(token.replace(".", "").replace(",", "."))


def multiplier_of(word: str | None) -> float:
    """'triệu' → 1e6; no word → 1."""
    return MULTIPLIERS[word.lower()] if word else 1.0


def is_year_like(token: str) -> bool:
    """A bare four-digit 1900–2099 written without a thousands dot, as years are."""
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2099


def clean_value(value: float) -> float | int:
    """Whole numbers as int (no 6200000000.0000001 noise), others rounded to 6 decimals; inf and nan (a run of
    hundreds of digits) stay as they are, for the caller to drop."""
    if not math.isfinite(value):
        return value
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def is_finite_number(value: float | None) -> bool:
    """False for inf and nan: what a run of hundreds of digits parses to, never a reported figure."""
    return value is None or math.isfinite(value)
