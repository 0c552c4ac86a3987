"""Put the pieces together: a report's text → candidate observations with indicator, scope, period and confidence."""

import re
from dataclasses import asdict, dataclass

from indicators.extraction.document import Report
from indicators.extraction.indicator_rules import classify_indicator
from indicators.extraction.mentions import Mention, find_mentions
from indicators.extraction.periods import Period, find_periods
from indicators.extraction.scopes import ReportPlaces, Scope, build_report_places, scope_for

CLAUSE_BREAK = re.compile(r"[.!?](?=\s)|[;:\n]")
NOUN_WINDOW = 40


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
    lower = text.lower()
    places = build_report_places(text, report_date)
    periods = find_periods(lower, report_date)
    return [build_observation(text, lower, name, mention, places, periods) for mention in mentions]


def build_observation(text: str, lower: str, name: str, mention: Mention, places: ReportPlaces,
                      periods: list[Period]) -> Observation:
    """One observation from a number mention and the report-wide context."""
    clause = clause_around(lower, mention.number_start, mention.end)
    noun = lower[mention.number_start:mention.number_start + NOUN_WINDOW]
    noun = re.sub(r"^[\d.,/\s]+(?:nghìn|ngàn|triệu|tỷ|tỉ)?\s*", "", noun)
    indicator, fallback = classify_indicator(mention.unit, noun, clause)
    scope = scope_for(places, text, mention.number_start)
    period = period_for(periods, lower, mention.number_start)
    return Observation(
        name, mention.value, mention.unit, mention.qualifier, mention.denominator, text[mention.start:mention.end],
        indicator, scope.level, scope.name, places.admin_version, scope.province_code, scope.district_code,
        scope.organisation, period.text if period else "", period.period_start if period else "",
        period.period_end if period else "", confidence(mention, fallback, scope),
    )


def clause_around(lower: str, start: int, end: int) -> str:
    """The lower-cased sentence part holding the number (from the last break before it to the next after)."""
    window = max(0, start - 300)
    before = max((m.end() for m in CLAUSE_BREAK.finditer(lower, window, start)), default=window)
    after = CLAUSE_BREAK.search(lower, end)
    return lower[before:after.start() if after else len(lower)]


def period_for(periods: list[Period], lower: str, position: int) -> Period | None:
    """The dating phrase nearest before the number in its sentence, else the first one after it there."""
    sentence_start = lower.rfind("\n", 0, position) + 1
    sentence_start = max(sentence_start, max((m.end() for m in re.finditer(r"\.\s", lower[sentence_start:position])),
                                             default=0) + sentence_start)
    sentence_end = len(lower) if (stop := re.compile(r"\.\s|\n").search(lower, position)) is None else stop.start()
    before = [p for p in periods if sentence_start <= p.start < position]
    after = [p for p in periods if position < p.start < sentence_end]
    return before[-1] if before else after[0] if after else None


def confidence(mention: Mention, fallback: bool, scope: Scope) -> float:
    """0–1: lower for fallback indicators, unresolved places, units guessed from a bare noun or a multiplier."""
    score = 0.9
    score -= 0.3 if fallback else 0.0
    score -= 0.15 if not scope.resolved or not scope.province_code and scope.level != "national" else 0.0
    score -= 0.1 if mention.unit_inferred else 0.0
    score -= 0.1 if mention.unit == "count" and " " not in mention.noun.strip() else 0.0
    return round(max(0.1, score), 2)
