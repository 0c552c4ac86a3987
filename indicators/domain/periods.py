"""Reporting windows: their length (for per-year rates of totals) and the campaign phase they belong to."""

from datetime import date, timedelta

from indicators.domain.codes import PHASES, REVIEW_PHASES

# Each phase from the day its document was signed to the day before the next one; Kết luận 01 runs on.
PHASE_WINDOWS = {
    "ct06": (date(2006, 11, 7), date(2011, 5, 13)),
    "ct03": (date(2011, 5, 14), date(2016, 5, 14)),
    "ct05": (date(2016, 5, 15), date(2021, 5, 17)),
    "kl01": (date(2021, 5, 18), date.max),
    "ct05_10y": (date(2016, 5, 15), date(2026, 5, 14)),  # ten years from Chỉ thị 05's signing
}
# Reports name their windows in calendar years ("giai đoạn 2021–2024", "5 năm 2016–2021"): a window may reach this
# far past either end of its phase and still belong to it.
PHASE_TOLERANCE = timedelta(days=183)


def years_between(start: str, end: str) -> float | None:
    """Length of a reporting window in years (for annualising a total), None when undated."""
    if not start or not end:
        return None
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    return days / 365.25


def phase_of(start: str, end: str) -> str:
    """The campaign phase a dated window lies in ('' when it spans phases or is undated).

    A window within a phase's dates widened by PHASE_TOLERANCE belongs to it; when two phases qualify (a window of a
    few months around a hand-over), the one holding the window's middle day wins. A review phase (the 10 years of
    Chỉ thị 05) is the answer only for a window no single phase holds that starts when the review's window starts
    (2016–2025 is the 10-year review's; 2020–2023 spans two phases and belongs to none).
    """
    if not start or not end:
        return ""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    fits = [phase for phase in PHASES if phase not in REVIEW_PHASES and within_tolerance(phase, first, last)]
    fits = fits or [phase for phase in REVIEW_PHASES
                    if within_tolerance(phase, first, last) and first <= PHASE_WINDOWS[phase][0] + PHASE_TOLERANCE]
    if len(fits) <= 1:
        return fits[0] if fits else ""
    middle = first + (last - first) / 2
    return next((phase for phase in fits if PHASE_WINDOWS[phase][0] <= middle <= PHASE_WINDOWS[phase][1]), "")


def within_tolerance(phase: str, first: date, last: date) -> bool:
    begin, end = PHASE_WINDOWS[phase]
    return first >= begin - PHASE_TOLERANCE and (end == date.max or last <= end + PHASE_TOLERANCE)
