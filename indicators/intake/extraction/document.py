"""Read a report file: the optional URL/DATE/TRUNCATED header block, then the body text."""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HEADER_LINE = re.compile(r"^(URL|DATE|TRUNCATED):\s*(.*)$")
TEXT_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?!\d)")
DATE_PREFIX = re.compile(r"^\s*date (\d{4}-\d{2}(?:-\d{2})?)")


@dataclass(frozen=True)
class Report:
    """One report: its file name, body text and source metadata (date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD')."""

    name: str
    text: str
    url: str = ""
    date: str = ""
    truncated: bool = False


def load_report(path: str | Path) -> Report:
    """Read a UTF-8 report file into a Report named after the file."""
    path = Path(path)
    return parse_report(path.read_text(encoding="utf-8"), path.name)


def parse_report(raw: str, name: str = "") -> Report:
    """Split the header block from the body; without a DATE, take the first full date in the opening text."""
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n"))
    header, body = split_header(raw)
    date = header.get("DATE", "")
    if not re.match(r"^\d{4}", date):
        date = date_from_text(body)
    return Report(name, body, header.get("URL", ""), date, header.get("TRUNCATED", "").lower() == "yes")


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """The leading KEY: value lines (URL, DATE, TRUNCATED) up to the first blank line, and the rest."""
    lines = raw.split("\n")
    header: dict[str, str] = {}
    index = 0
    while index < len(lines) and (match := HEADER_LINE.match(lines[index])):
        header[match.group(1)] = match.group(2).strip()
        index += 1
    if header and index < len(lines) and not lines[index].strip():
        index += 1
    return (header, "\n".join(lines[index:])) if header else ({}, raw)


def date_from_text(body: str, window: int = 400) -> str:
    """A ' date YYYY-MM' prefix or the first dd/mm/yyyy in the opening characters, as ISO; else ''."""
    if match := DATE_PREFIX.match(body):
        return match.group(1)
    match = TEXT_DATE.search(body[:window])
    if not match:
        return ""
    day, month, year = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 and 1 <= month <= 12 else ""
