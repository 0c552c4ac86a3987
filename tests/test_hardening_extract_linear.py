"""The extractor's faster context lookups and patterns give exactly what the scans and patterns they replaced gave
(those kept here as the reference), on every real report and on generated text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.domain.names import without_kind
from indicators.intake.extraction import load_report
from indicators.intake.extraction.masks import blocked_spans, chrome_line_spans, quoted_spans
from indicators.intake.extraction.mentions import find_mentions
from indicators.intake.extraction.periods import PERIOD_PATTERNS
from indicators.intake.extraction.pipeline import CLAUSE_BREAK, TextContext, clause_around, period_for
from indicators.intake.extraction.places import (
    DISTRICT_CUE,
    NATIONAL_CUE,
    ORGANISATION,
    PROVINCE_CUE,
    Scope,
    province_names,
    shared_gazetteer,
)
from indicators.intake.extraction.scopes import organisation_scope, scope_for, scope_of_place
from indicators.paths import reports_dir, seeds_dir

PROPERTIES = settings(max_examples=200, deadline=None, database=None)

# --- the scans and patterns as they were before they were made linear (the reference) ----------------------------

ORIGINAL_BLOCKED = [
    r"(?<![\w])date \d{4}-\d{2}(?:-\d{2})?",
    r"(?<!\d)\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?!\d)",
    r"(?<!\d)\d{1,2}\s*[-–]\s*\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?",
    r"(?<![\d.,])\d{1,2}\s*/\s*(?:19|20)\d{2}(?!\d)",
    r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?",
    r"(?<![\d.,])\d{1,2}\.\d{1,2}(?![\d.])",
    r"(?<![\d.,])(?:19|20)\d{2}\s*[-–—]\s*(?:19|20)\d{2}(?!\d)",
    r"\d+\s*[/\-–]\s*[A-ZĐ][A-ZĐ.]",
    r"\d+/\d{4}/[A-ZĐ]",
    r"\S*(?:https?://|www\.|/file/|\.(?:jpe?g|png|gif|html?|php|aspx))\S*",
    r"\S*[_=#@]\S*",
    r"\+\d+",
    r"(?<!\d)0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)",
]
ORIGINAL_BLOCKED_PATTERNS = [re.compile(p, re.IGNORECASE if "https" in p else 0) for p in ORIGINAL_BLOCKED]
ORIGINAL_SPAN_PERIOD = re.compile(
    r"(?:giai đoạn|nhiệm kỳ|từ năm|từ)?\s*\(?((?:19|20)\d{2})\s*(?:-|–|—|đến|và)\s*(?:năm\s*)?((?:19|20)\d{2})\)?"
)
ORIGINAL_ORGANISATION = re.compile(ORGANISATION.pattern.replace("Ủy ban MTTQ|UBMTTQ|MTTQ", "(?:Ủy ban |UB)?MTTQ"))


def original_province_names() -> re.Pattern:
    places = shared_gazetteer().places
    names = {without_kind(p.name) for p in places if p.admin_version == "vn63" and p.level == "province"}
    names.discard("Hồ Chí Minh")
    return re.compile(r"(?<![\w])(" + "|".join(sorted(names, key=len, reverse=True)) + r")(?![\w])")


def original_blocked_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for pattern in ORIGINAL_BLOCKED_PATTERNS for m in pattern.finditer(text)]
    return sorted(spans + quoted_spans(text) + chrome_line_spans(text))


def original_scope_for(places, text: str, position: int):
    sentence_start = max((s for s in places.sentence_starts if s <= position), default=0)
    clause = text[sentence_start:position]
    place = original_last_before(places.mentions, sentence_start, position)
    organisation = original_last_before(places.organisations, sentence_start, position)
    if organisation and (place is None or place.start >= organisation.start):
        return organisation_scope(organisation, place, places)
    tail = clause.lower()[place.end - sentence_start:] if place is not None else ""
    if place is not None and not any(cue.search(tail) for cue in (PROVINCE_CUE, DISTRICT_CUE, NATIONAL_CUE)):
        return scope_of_place(place, places)
    if NATIONAL_CUE.search(clause.lower()):
        return Scope("national", "Việt Nam")
    if PROVINCE_CUE.search(clause.lower()) and places.province is not None:
        return scope_of_place(places.province, places)
    return places.default


def original_last_before(mentions, start: int, end: int):
    found = None
    for mention in mentions:
        if mention.start >= end:
            break
        if mention.start >= start:
            found = mention
    return found


def original_clause_around(lower: str, start: int, end: int) -> str:
    window = max(0, start - 300)
    before = max((m.end() for m in CLAUSE_BREAK.finditer(lower, window, start)), default=window)
    after = CLAUSE_BREAK.search(lower, end)
    return lower[before:after.start() if after else len(lower)]


def original_period_for(periods, lower: str, position: int):
    sentence_start = lower.rfind("\n", 0, position) + 1
    sentence_start = max(sentence_start, max((m.end() for m in re.finditer(r"\.\s", lower[sentence_start:position])),
                                             default=0) + sentence_start)
    sentence_end = len(lower) if (stop := re.compile(r"\.\s|\n").search(lower, position)) is None else stop.start()
    before = [p for p in periods if sentence_start <= p.start < position]
    after = [p for p in periods if position < p.start < sentence_end]
    return before[-1] if before else after[0] if after else None


# --- the tests ------------------------------------------------------------------------------------------------------


def corpus_texts() -> list[str]:
    paths = sorted(seeds_dir().glob("*.txt")) + sorted(reports_dir().rglob("*.txt"))
    return [load_report(path).text for path in paths]


def test_every_numbers_context_is_what_the_former_scans_found_on_the_real_corpus():
    compared = 0
    for text in corpus_texts():
        lower = text.lower()
        context = TextContext.of(text, lower, "2023-06-01")
        for mention in find_mentions(text):
            position = mention.number_start
            assert scope_for(context.places, position) == original_scope_for(context.places, text, position)
            assert clause_around(lower, context.clause_breaks, position, mention.end) == original_clause_around(
                lower, position, mention.end)
            assert period_for(context, position, len(lower)) == original_period_for(context.periods, lower, position)
            compared += 1
    assert compared > 300


def test_the_rewritten_patterns_find_what_the_former_ones_found_on_the_real_corpus():
    for text in corpus_texts():
        assert_same_matches(text)
        assert_same_matches(text.lower())


def assert_same_matches(text: str) -> None:
    assert blocked_spans(text) == original_blocked_spans(text)
    for pattern, original in ((span_period(), ORIGINAL_SPAN_PERIOD), (province_names(), original_province_names()),
                              (ORGANISATION, ORIGINAL_ORGANISATION)):
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in original.finditer(text)]


def span_period() -> re.Pattern:
    return dict(PERIOD_PATTERNS)["span"]


PATTERN_CHARS = list("0123456789 \t\n./-–,:_=#@+()") + ["19", "20", "2021", "date ", "http://", "www.", ".png", "x",
                                                          "CT", "QĐ", "TW", "giai đoạn ", "từ ", "năm ", "đến", "và",
                                                          "Điện Biên", "Hà Nội", "MTTQ", "Ủy ban ", "UB", "aĐiện", "İ"]
pattern_text = st.lists(st.sampled_from(PATTERN_CHARS), max_size=40).map("".join)


@PROPERTIES
@given(pattern_text)
def test_the_rewritten_patterns_find_what_the_former_ones_found_on_generated_text(text):
    assert_same_matches(text)
