"""Put the pieces together: a report's text → candidate observations with indicator, scope, period and confidence."""

import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass

from indicators.intake.extraction.document import Report
from indicators.intake.extraction.indicator_rules import classify_indicator
from indicators.intake.extraction.mentions import Mention, find_mentions
from indicators.intake.extraction.periods import Period, find_periods
from indicators.intake.extraction.positions import (
    first_at_least,
    last_at_most,
    last_below,
    lower_same_length,
    match_ends,
    match_starts,
)
from indicators.intake.extraction.scopes import ReportPlaces, Scope, build_report_places, scope_for

CLAUSE_BREAK = re.compile(r"[.!?](?=\s)|[;:\n]")
DOT_SPACE = re.compile(r"\.\s")
NEWLINE = re.compile(r"\n")
NOUN_WINDOW = 40
CLAUSE_BEHIND_CHARS = 300  # a clause is read from its last break at most this far before the number
CLAUSE_AHEAD_CHARS = 1000  # … to its next break at most this far after it (the corpus' longest is 426)


@dataclass
class Observation:
    """One candidate observation, in the column order of the CLI output."""

    file: str
    value: float
    unit: str
    qualifier: str
    denominator: float | None
    evidence: str
    indicator: str
    place_level: str
    place_name: str
    admin_version: str
    province_code: str
    district_code: str
    organisation: str
    period_text: str
    period_start: str
    period_end: str
    confidence: float

    def as_row(self) -> dict:
        """A plain dict; None denominator stays None."""
        return asdict(self)


COLUMNS = list(Observation.__dataclass_fields__)


def extract_report(report: Report) -> list[Observation]:
    """All candidate observations of one report."""
    return extract_text(report.text, report.name, report.date)


def extract_text(text: str, name: str = "", report_date: str = "") -> list[Observation]:
    """All candidate observations of a text; the date (ISO, possibly partial) anchors relative periods."""
    mentions = find_mentions(text)
    if not mentions:
        return []
    lower = lower_same_length(text)
    context = TextContext.of(text, lower, report_date)
    return [build_observation(text, lower, name, mention, context) for mention in mentions]


@dataclass(frozen=True)
class TextContext:
    """What every number of one text is read against: places, dating phrases, and where clauses and sentences break
    (sorted offsets, searched by bisection)."""

    places: ReportPlaces
    periods: list[Period]
    period_starts: list[int]
    clause_breaks: list[int]
    dot_space_starts: list[int]
    dot_space_ends: list[int]
    newlines: list[int]

    @classmethod
    def of(cls, text: str, lower: str, report_date: str) -> "TextContext":
        periods = find_periods(lower, report_date)
        return cls(build_report_places(text, report_date), periods, [period.start for period in periods],
                   match_starts(CLAUSE_BREAK, lower), match_starts(DOT_SPACE, lower), match_ends(DOT_SPACE, lower),
                   match_starts(NEWLINE, lower))


def build_observation(text: str, lower: str, name: str, mention: Mention, context: TextContext) -> Observation:
    """One observation from a number mention and the report-wide context."""
    clause = clause_around(lower, context.clause_breaks, mention.number_start, mention.end)
    noun = lower[mention.number_start:mention.number_start + NOUN_WINDOW]
    noun = re.sub(r"^[\d.,/\s]+(?:nghìn|ngàn|triệu|tỷ|tỉ)?\s*", "", noun)
    indicator, fallback = classify_indicator(mention.unit, noun, clause)
    places = context.places
    scope = scope_for(places, mention.number_start)
    period = period_for(context, mention.number_start, len(lower))
    return Observation(
        name, mention.value, mention.unit, mention.qualifier, mention.denominator, text[mention.start:mention.end],
        indicator, scope.level, scope.name, places.admin_version, scope.province_code, scope.district_code,
        scope.organisation, period.text if period else "", period.period_start if period else "",
        period.period_end if period else "", confidence(mention, fallback, scope),
    )


def clause_around(lower: str, clause_breaks: list[int], start: int, end: int) -> str:
    """The lower-cased sentence part holding the number: from the last break before it (at most
    CLAUSE_BEHIND_CHARS back) to the next after it (at most CLAUSE_AHEAD_CHARS on)."""
    window = max(0, start - CLAUSE_BEHIND_CHARS)
    before = last_below(clause_breaks, start)
    after = first_at_least(clause_breaks, end)
    clause_end = min(len(lower) if after is None else after, end + CLAUSE_AHEAD_CHARS)
    return lower[before + 1 if before is not None and before >= window else window:clause_end]


def period_for(context: TextContext, position: int, text_length: int) -> Period | None:
    """The dating phrase nearest before the number in its sentence, else the first one after it there.

    The sentence runs from the last newline or '. ' before the number to the next one after it."""
    last_newline = last_below(context.newlines, position)
    line_start = 0 if last_newline is None else last_newline + 1
    sentence_start = max(line_start, last_at_most(context.dot_space_ends, position) or 0)
    ends = [first_at_least(context.dot_space_starts, position), first_at_least(context.newlines, position)]
    sentence_end = min((end for end in ends if end is not None), default=text_length)
    starts = context.period_starts
    before = bisect_left(starts, position) - 1
    if before >= 0 and starts[before] >= sentence_start:
        return context.periods[before]
    after = bisect_right(starts, position)
    return context.periods[after] if after < len(starts) and starts[after] < sentence_end else None


def confidence(mention: Mention, fallback: bool, scope: Scope) -> float:
    """0–1: lower for fallback indicators, unresolved places, units guessed from a bare noun or a multiplier."""
    score = 0.9
    score -= 0.3 if fallback else 0.0
    score -= 0.15 if not scope.resolved or not scope.province_code and scope.level != "national" else 0.0
    score -= 0.1 if mention.unit_inferred else 0.0
    score -= 0.1 if mention.unit == "count" and " " not in mention.noun.strip() else 0.0
    return round(max(0.1, score), 2)
