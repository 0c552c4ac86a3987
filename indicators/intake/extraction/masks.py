"""Spans of a text whose digits are never observations: dates, times, document numbers, links, quotes, chrome."""

import re

from indicators.intake.extraction.vocabulary import CHROME_LINE_MAX, CHROME_MARKERS

# Each pattern starts with what its match starts with (a digit, '19'/'20', '0', 'date') and checks the character
# before it with a lookbehind placed after that first character: the regex engine then jumps from candidate to
# candidate instead of trying a leading lookbehind at every character. The URL and tag patterns match whole runs of
# non-spaces, and start only at a run's first character (where the leftmost match starts anyway): a long run is then
# read once, not once per character.
BLOCKED_PATTERNS = [
    re.compile(r"date(?<!\wdate) \d{4}-\d{2}(?:-\d{2})?"),  # the search tool's own date prefix
    re.compile(r"\d(?<!\d\d)\d?[/.\-]\d{1,2}[/.\-]\d{2,4}(?!\d)"),  # 06/01/2023, 19.5.1890, 11-3-1948
    re.compile(r"\d(?<!\d\d)\d?\s*[-–]\s*\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"),  # 27-28/7/2020, 22-23/05
    re.compile(r"\d(?<![\d.,]\d)\d?\s*/\s*(?:19|20)\d{2}(?!\d)"),  # 1/2024
    re.compile(r"\d(?<!\d\d)\d?:\d{2}(?::\d{2})?"),  # 07:19, 10:10:14
    re.compile(r"\d(?<![\d.,]\d)\d?\.\d{1,2}(?![\d.])"),  # 12.5 (day.month)
    re.compile(r"(?:19|20)(?<![\d.,]\d\d)\d{2}\s*[-–—]\s*(?:19|20)\d{2}(?!\d)"),  # 2021-2025
    re.compile(r"\d(?<!\d\d)\d*\s*[/\-–]\s*[A-ZĐ][A-ZĐ.]"),  # 05-CT/TW, 1436/QĐ-UBND, 435/HD
    re.compile(r"\d(?<!\d\d)\d*/\d{4}/[A-ZĐ]"),  # 25/2024/TT-BTC
    re.compile(r"(?<!\S)\S*(?:https?://|www\.|/file/|\.(?:jpe?g|png|gif|html?|php|aspx))\S*", re.IGNORECASE),
    re.compile(r"(?<!\S)\S*[_=#@]\S*"),  # file names, counters, tags
    re.compile(r"\+\d+"),  # GMT+7, phone prefixes
    re.compile(r"0(?<!\d0)\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)"),  # phone numbers
]
QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»")]
QUOTE_MAX = 100


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """All spans to skip, sorted by start."""
    spans = [m.span() for pattern in BLOCKED_PATTERNS for m in pattern.finditer(text)]
    spans += quoted_spans(text) + chrome_line_spans(text)
    return sorted(spans)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Short quoted stretches within one line: model and programme names ("Phụ nữ 2 tốt")."""
    spans = []
    for opening, closing in QUOTE_PAIRS:
        pattern = re.compile(re.escape(opening) + r"[^\n" + re.escape(closing) + rf"]{{1,{QUOTE_MAX}}}"
                             + re.escape(closing))
        spans += [m.span() for m in pattern.finditer(text)]
    return spans


def chrome_line_spans(text: str) -> list[tuple[int, int]]:
    """Short lines carrying page-chrome markers (counters, ratings, bylines), and unaccented slug captions."""
    spans, start = [], 0
    for line in text.split("\n"):
        if is_chrome_line(line):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def is_chrome_line(line: str) -> bool:
    """A short line with a chrome marker, or a caption of four or more words written without any accent."""
    if len(line.strip()) <= CHROME_LINE_MAX and CHROME_MARKERS.search(line):
        return True
    return line.isascii() and len(line.split()) >= 4 and any(ch.isdigit() for ch in line)


def build_mask(text: str) -> bytearray:
    """One flag per character: 1 where a blocked span covers it."""
    mask = bytearray(len(text))
    for start, end in blocked_spans(text):
        mask[start:end] = b"\x01" * (end - start)
    return mask
