"""Command line: `python -m indicators.intake.extract FILE... --format jsonl|csv` writes candidate observations."""

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from indicators.intake.extraction import COLUMNS, Observation, Report, extract_report, parse_report
from indicators.intake.extraction.readers import MAX_UPLOAD_BYTES, read_report_bytes
from indicators.intake.refusal import Refusal
from indicators.safety import PathRefused, cut, read_regular_file, write_file_atomically

EXIT_BAD_INPUT = 2
EPILOG = (
    "Files are read as on the upload page: .txt (with an optional URL/DATE header), .html, .docx or .pdf, in UTF-8, "
    "UTF-16 or a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258). A file that cannot be read is named on "
    "standard error with the reason, and the exit status is 2 with nothing written (-o is written whole or not at "
    "all). A file with no numbers is noted on standard error; it is not an error."
)


class UnreadableFile(Exception):
    """A file the extractor cannot read; str() is the reason, in one line."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m indicators.intake.extract", description=__doc__, epilog=EPILOG)
    parser.add_argument("files", nargs="+", metavar="FILE", help="report files: .txt, .html, .docx, .pdf")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default jsonl)")
    parser.add_argument("--output", "-o", help="write here instead of standard output")
    return parser.parse_args(argv)


def read_report_file(path: str) -> Report:
    """A report file read by the upload page's readers, header split off; UnreadableFile says why it cannot be."""
    try:
        data = read_regular_file(path, MAX_UPLOAD_BYTES)
    except PathRefused as error:
        raise UnreadableFile(error.reason) from None
    try:
        text = read_report_bytes(Path(path).name, data)
    except Refusal as error:
        raise UnreadableFile(str(error)) from None
    return parse_report(text.text, text.name)


def extract_files(paths: list[str]) -> tuple[list[Observation], list[str]]:
    """Observations of every readable file in order, and one error line per unreadable file; a note on standard
    error for a file without numbers, and a progress bar there when there are several files."""
    observations, errors = [], []
    for path in tqdm(paths, desc="extract", unit="file", file=sys.stderr, disable=len(paths) < 2):
        try:
            found = extract_report(read_report_file(path))
        except UnreadableFile as error:
            errors.append(message_line("error", path, str(error)))
            continue
        if not found:
            print(message_line("note", path, "no reported numbers were found in the text"), file=sys.stderr)
        observations += found
    return observations, errors


def message_line(kind: str, path: str, reason: str) -> str:
    """'error: PATH: reason' on one line, a long path or reason cut."""
    return f"{kind}: {cut(path)}: {cut(' '.join(reason.split()), 300)}"


def write_jsonl(observations: Iterable[Observation], out: TextIO) -> None:
    for obs in observations:
        out.write(json.dumps(obs.as_row(), ensure_ascii=False) + "\n")


def write_csv(observations: Iterable[Observation], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for obs in observations:
        writer.writerow({key: "" if value is None else value for key, value in obs.as_row().items()})


def write_whole_file(path: str, write) -> None:
    """Write text through a temporary file beside `path`, then rename it: replaced whole or left as it was; a link,
    pipe or folder in its place is refused (PathRefused)."""
    def write_text(stream) -> None:
        out = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        write(out)
        out.detach()  # flushes; the stream stays open for write_file_atomically to close

    write_file_atomically(path, write_text)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    writer = write_csv if args.format == "csv" else write_jsonl
    observations, errors = extract_files(args.files)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.output:
        try:
            write_whole_file(args.output, lambda out: writer(observations, out))
        except PathRefused as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    else:
        writer(observations, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
