"""The extractor's own work grows linearly with the length of the text (counted in lines run, not timed)."""

import sys
from pathlib import Path

from indicators.intake.extraction import extract_text, load_report
from indicators.paths import reports_dir

EXTRACTION_DIR = str(Path(__file__).resolve().parent.parent / "indicators" / "intake" / "extraction")
DENSE_REPORT = "16_nghe-an-mttq-bang-khen-2020.txt"  # 16 numbers in 1,430 characters


def lines_run_in_the_extractor(text: str) -> int:
    """How many lines of indicators/intake/extraction/ run while extracting the text: the extractor's own work, counted
    (not timed); regular expressions count as one line however long they take, so this watches the Python loops."""
    count = 0

    def trace(frame, event, _arg):
        nonlocal count
        if event == "call":
            return trace if frame.f_code.co_filename.startswith(EXTRACTION_DIR) else None
        count += event == "line"
        return trace

    sys.settrace(trace)
    try:
        extract_text(text, "x.txt", "2023-06-01")
    finally:
        sys.settrace(None)
    return count


def test_the_extractors_own_work_grows_linearly_with_the_text():
    report = load_report(reports_dir() / DENSE_REPORT).text
    size = 12_000
    small, large = ((report * (n // len(report) + 1))[:n] for n in (size, 4 * size))
    assert len(extract_text(small)) > 20
    assert lines_run_in_the_extractor(large) <= 5 * lines_run_in_the_extractor(small)
