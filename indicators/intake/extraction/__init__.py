"""Report extractor: Vietnamese campaign report texts → candidate observations, one per reported number."""

from indicators.intake.extraction.document import Report, load_report, parse_report
from indicators.intake.extraction.pipeline import COLUMNS, Observation, extract_report, extract_text

__all__ = [
    "COLUMNS", "Observation", "Report", "extract_report", "extract_text", "load_report", "parse_report",
]
