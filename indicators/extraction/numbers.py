"""Vietnamese number strings → floats ("." groups thousands, "," marks decimals)."""

from indicators.extraction.vocabulary import MULTIPLIERS


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
    """Whole numbers as int (no 6200000000.0000001 noise), others rounded to 6 decimals."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded
