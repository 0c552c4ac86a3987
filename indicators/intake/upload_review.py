"""The review of one uploaded report: its text, the candidate figures the extractor found and the place questions
left to the editor, or why the file cannot be read. No Streamlit: components/review.py keeps one per upload in the
session, and components/manual_entry.py adds the editor's own figures to it."""

from dataclasses import dataclass, field

import pandas as pd

from indicators.domain.gazetteer import Gazetteer
from indicators.intake.extraction.readers import ReportText, read_report_bytes
from indicators.intake.ingest import PlaceQuestion, candidates_from_report, resolve_places
from indicators.intake.refusal import Refusal


@dataclass
class Review:
    """One uploaded file: its text and candidates, or why it cannot be read."""

    name: str
    report: ReportText | None = None
    rows: pd.DataFrame | None = None
    questions: dict[str, PlaceQuestion] = field(default_factory=dict)
    error: ValueError | None = None


def build_review(name: str, data: bytes, gazetteer: Gazetteer) -> Review:
    """Read and extract a file, never raising on bad input: a refused file is a review holding its error."""
    try:
        report = read_report_bytes(name, data)
        rows = candidates_from_report(report, gazetteer, allow_none=True)
    except Refusal as error:
        return Review(name, error=error)
    return Review(name, report, rows, resolve_places(rows, gazetteer))
