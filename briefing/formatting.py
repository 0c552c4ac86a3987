"""Vietnamese-first formatting of numbers, qualifiers, units and periods (server-side, never the browser locale)."""

from datetime import date
from functools import lru_cache

from babel.numbers import format_decimal

from indicators.domain.words import QUALIFIER_WORDS, UNIT_WORDS

LOCALES = {"vi": "vi_VN", "en": "en_GB"}

_SCALES = [(1e9, {"vi": "tỷ", "en": "bn"}), (1e6, {"vi": "triệu", "en": "m"})]


def format_number(value: float, lang: str = "vi", decimals: int = 1) -> str:
    """1234567.5 → '1.234.567,5' in Vietnamese, '1,234,567.5' in English; whole numbers without decimals."""
    if value is None or value != value:
        return "–"
    return formatted_number(float(value), lang, decimals)


@lru_cache(maxsize=65_536)
def formatted_number(value: float, lang: str, decimals: int) -> str:
    """Babel's words for a number, kept: a province page writes thousands of figures, most of them the same few
    counts, and Babel takes 50 µs a number."""
    pattern = "#,##0" if value.is_integer() else "#,##0." + "#" * decimals
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def format_amount(value: float, unit: str, lang: str = "vi") -> str:
    """A value with its unit; money is shown in tỷ/triệu đồng so a briefing reads '6,2 tỷ đồng'."""
    if unit == "vnd":
        for scale, words in _SCALES:
            if abs(value) >= scale:
                return f"{format_number(value / scale, lang, 2)} {words[lang]} {UNIT_WORDS[lang]['vnd']}"
    if unit == "percent":
        return f"{format_number(value, lang)}%"
    word = UNIT_WORDS[lang].get(unit, "")
    return f"{format_number(value, lang)} {word}".strip()


def format_value(
    value: float, unit: str, qualifier: str = "exact", denominator: float | None = None, lang: str = "vi"
) -> str:
    """'hơn 532', '1.017 trong 1.020', 'khoảng 6,2 tỷ đồng': the number as a leader should read it (an 'X of Y'
    figure says so in words: it is never a count to read on its own)."""
    if denominator is not None and denominator == denominator:
        of = "trong" if lang == "vi" else "of"
        body = f"{format_number(value, lang)} {of} {format_number(denominator, lang)}"
        word = UNIT_WORDS[lang].get(unit, "")
        body = f"{body} {word}".strip() if unit != "percent" else body
    else:
        body = format_amount(value, unit, lang)
    prefix = QUALIFIER_WORDS[lang].get(qualifier, "")
    return f"{prefix} {body}".strip()


@lru_cache(maxsize=16_384)
def format_period(start: str, end: str, lang: str = "vi") -> str:
    """ISO dates → '2021–2023', '01/2021–06/2024' or a single date; empty when undated."""
    if not start and not end:
        return "không rõ thời kỳ" if lang == "vi" else "period unknown"
    first, last = (date.fromisoformat(d) if d else None for d in (start, end))
    if first and last and first == last:
        return _format_day(first, lang)
    if first and last and first.month == 1 and first.day == 1 and last.month == 12 and last.day == 31:
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    return f"{_format_month(first)}–{_format_month(last)}"


def _format_day(day: date, lang: str) -> str:
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def _format_month(day: date | None) -> str:
    return day.strftime("%m/%Y") if day else "?"
