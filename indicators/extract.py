"""Command line: `python -m indicators.extract FILE... --format jsonl|csv` writes candidate observations."""

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from tqdm import tqdm

from indicators.extraction import COLUMNS, Observation, extract_report, load_report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m indicators.extract", description=__doc__)
    parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 report texts (optional URL/DATE header)")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default jsonl)")
    parser.add_argument("--output", "-o", help="write here instead of standard output")
    return parser.parse_args(argv)


def extract_files(paths: list[str]) -> Iterable[Observation]:
    """Observations of every file in order; a progress bar on standard error when there are several files."""
    for path in tqdm(paths, desc="extract", unit="file", file=sys.stderr, disable=len(paths) < 2):
        yield from extract_report(load_report(path))


def write_jsonl(observations: Iterable[Observation], out: TextIO) -> None:
    for obs in observations:
        out.write(json.dumps(obs.as_row(), ensure_ascii=False) + "\n")


def write_csv(observations: Iterable[Observation], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for obs in observations:
        writer.writerow({key: "" if value is None else value for key, value in obs.as_row().items()})


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    writer = write_csv if args.format == "csv" else write_jsonl
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            writer(extract_files(args.files), out)
    else:
        writer(extract_files(args.files), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
