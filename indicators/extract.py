"""Command line: `python -m indicators.extract FILE... --format jsonl|csv` writes candidate observations."""

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from indicators.extraction import COLUMNS, Observation, Report, extract_report, parse_report
from indicators.extraction.readers import read_report_bytes
from indicators.refusal import Refusal
from indicators.safety import cut

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
    parser = argparse.ArgumentParser(prog="python -m indicators.extract", description=__doc__, epilog=EPILOG)
    parser.add_argument("files", nargs="+", metavar="FILE", help="report files: .txt, .html, .docx, .pdf")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default jsonl)")
    parser.add_argument("--output", "-o", help="write here instead of standard output")
    return parser.parse_args(argv)


def read_report_file(path: str) -> Report:
    """A report file read by the upload page's readers, header split off; UnreadableFile says why it cannot be."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a file") from None
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or type(error).__name__})") from None
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
    """Write through a temporary file beside `path`, then rename it: the file is replaced whole or left as it was."""
    target = Path(path)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        os.fchmod(handle, 0o666 & ~current_umask())  # as open() would create it, not mkstemp's private 0600
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
        except OSError as error:
            print(message_line("error", args.output, f"cannot be written ({error.strerror or error})"), file=sys.stderr)
            return EXIT_BAD_INPUT
    else:
        writer(observations, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
