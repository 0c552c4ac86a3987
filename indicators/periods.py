"""Reporting windows: how long a window is, for per-year rates of totals."""

from datetime import date


def years_between(start: str, end: str) -> float | None:
    """Length of a reporting window in years (for annualising a total), None when undated."""
    if not start or not end:
        return None
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    return days / 365.25
