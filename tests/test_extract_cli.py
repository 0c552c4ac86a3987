"""The extractor CLI run as a subprocess; its output read back and checked against the library's rows."""

import csv
import json
import subprocess
import sys
from pathlib import Path

from indicators.intake.extraction import COLUMNS, extract_report, load_report
from indicators.paths import reports_dir, seeds_dir

ROOT = Path(__file__).resolve().parent.parent


def two_files() -> list[Path]:
    return [next(reports_dir().glob("39_*.txt")), next(seeds_dir().glob("002_*.txt"))]


def run_cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "indicators.intake.extract", *args], cwd=ROOT, check=True,
                          capture_output=True, text=True, encoding="utf-8")
    return done.stdout


def test_jsonl_output_matches_the_library():
    files = two_files()
    rows = [json.loads(line) for line in run_cli(*map(str, files), "--format", "jsonl").splitlines()]
    expected = [obs.as_row() for path in files for obs in extract_report(load_report(path))]
    assert len(rows) == 12
    assert rows == expected
    assert list(rows[0]) == COLUMNS


def test_csv_output_has_the_columns_and_one_row_per_number(tmp_path):
    out = tmp_path / "obs.csv"
    run_cli(*map(str, two_files()), "--format", "csv", "--output", str(out))
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == COLUMNS
    assert [(r["file"][:2], r["value"], r["unit"], r["qualifier"], r["denominator"]) for r in rows[-4:]] == [
        ("00", "2594", "count", "exact", ""),
        ("00", "1017", "count", "exact", "1020.0"),
        ("00", "99.7", "percent", "exact", ""),
        ("00", "20063", "person", "exact", ""),
    ]
    assert len(rows) == 12
