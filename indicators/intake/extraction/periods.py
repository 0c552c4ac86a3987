"""The words that date a number ("trong 3 năm", "năm 2023", "giai đoạn 2021-2025") and the ISO dates they give."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

YEAR = r"(?:19|20)\d{2}"
PERIOD_PATTERNS = [
    ("since", re.compile(rf"từ (?:năm |đầu năm )?({YEAR}) (?:đến|tới) nay")),
    # Without its lead words, a span starts where a run of spaces starts ((?<!\s)), as its leftmost match would anyway:
    # a long run of spaces is then read once, not once per space.
    ("span", re.compile(
        rf"(?:giai đoạn|nhiệm kỳ|từ năm|từ|(?<!\s))\s*\(?({YEAR})\s*(?:-|–|—|đến|và)\s*(?:năm\s*)?({YEAR})\)?"
    )),
    ("since_start_of_year", re.compile(r"từ đầu năm (?:đến nay)?")),
    ("relative", re.compile(
        r"(?:trong|qua|sau|hơn|gần)\s+(?:hơn\s+)?(\d{1,2})\s+(năm|tháng)(?:\s+(?:qua|nay|thực hiện|triển khai))?"
    )),
    ("year", re.compile(rf"(?<!chuyên đề )(?:năm|dịp|trong năm)\s+({YEAR})(?!\s*[-–])")),
    ("this_year", re.compile(r"năm nay")),
]


@dataclass(frozen=True)
class Period:
    """A dating phrase found in a text: its words, span and ISO bounds ('' when not derivable)."""

    text: str
    start: int
    end: int
    period_start: str = ""
    period_end: str = ""


def find_periods(lower: str, report_date: str) -> list[Period]:
    """All dating phrases of a lower-cased text, with bounds from the phrase and the report's date."""
    periods, taken = [], bytearray(len(lower))
    for kind, pattern in PERIOD_PATTERNS:
        for match in pattern.finditer(lower):
            if any(taken[match.start():match.end()]):
                continue
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
            start, end = period_bounds(kind, match, report_date)
            periods.append(Period(match.group().strip(), match.start(), match.end(), start, end))
    return sorted(periods, key=lambda p: p.start)


def period_bounds(kind: str, match: re.Match, report_date: str) -> tuple[str, str]:
    """ISO start and end of one dating phrase; relative phrases count back from the report date."""
    reference = reference_date(report_date)
    if kind == "span":
        return f"{match.group(1)}-01-01", f"{match.group(2)}-12-31"
    if kind == "year":
        return f"{match.group(1)}-01-01", f"{match.group(1)}-12-31"
    if reference is None:
        return "", ""
    if kind == "since":
        return f"{match.group(1)}-01-01", reference.isoformat()
    if kind == "relative":
        return count_back(reference, int(match.group(1)), match.group(2)).isoformat(), reference.isoformat()
    return f"{reference.year}-01-01", reference.isoformat()


def reference_date(report_date: str) -> date | None:
    """'2021-07' → 2021-07-31, '2019-08-29' → that day, '2020' → 2020-12-31; unknown → None."""
    parts = [int(p) for p in report_date.split("-") if p.isdigit()]
    if not parts:
        return None
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)


def count_back(reference: date, amount: int, unit: str) -> date:
    """The day after the same date `amount` years (or months) before the reference."""
    months = amount * (12 if unit == "năm" else 1)
    year, month = divmod(reference.year * 12 + reference.month - 1 - months, 12)
    day = min(reference.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) + timedelta(days=1)
