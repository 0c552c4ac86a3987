"""Assemble bench/results.md from the rows the bench scripts kept (bench/common.py), with the run date, the machine,
the commit, how long each script took and its exit status; print the summary. Exit status 1 when a script crashed
(a FAIL figure is a result, not a crash)."""

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS_PATH, ROOT, ROWS_DIR, TARGETS, format_value, machine_line  # noqa: E402

SCRIPTS_FILE = ROWS_DIR / "scripts.txt"  # `make bench` writes "<script> <seconds> <exit status>" per script


def read_rows() -> tuple[dict[str, dict], list[tuple[str, str]]]:
    """The figures (key → row, the latest wins) and the note lines (script, text) of every script's rows."""
    figures, notes = {}, []
    for path in sorted(ROWS_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if "note_line" in row:
                notes.append((path.stem, row["note_line"]))
            else:
                figures[row["key"]] = {**row, "script": path.stem}
    return figures, notes


def read_scripts() -> list[tuple[str, int, int]]:
    if not SCRIPTS_FILE.exists():
        return []
    rows = []
    for line in SCRIPTS_FILE.read_text().splitlines():
        name, seconds, status = line.split()
        rows.append((name, int(seconds), int(status)))
    return rows


def git_line() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = [line for line in git("status", "--porcelain", "--untracked-files=no").splitlines() if line]
    return f"commit {commit}" + (f" with uncommitted changes in {len(changed)} files" if changed else "")


HOSTILE = "hostile_"  # bench_hostile.py's figures: their own table
NATIONAL = "national_"  # bench_national.py's figures (issue 21's targets at the national size): theirs
SECTIONS = {HOSTILE: "Hostile inputs",
            NATIONAL: "National scale (671,000 rows) and today's size, on SQLite and PostgreSQL (issue 21)"}


def section_of(key: str) -> str:
    return next((prefix for prefix in SECTIONS if key.startswith(prefix)), "")


def table(figures: dict[str, dict], section: str = "") -> list[str]:
    lines = ["| figure | value | target | before | result |", "|---|---|---|---|---|"]
    for key, target in TARGETS.items():
        if key in figures and section_of(key) == section:
            row = figures[key]
            lines.append(f"| {target.name} | {format_value(row['value'], target.unit)} | {target.describe()} | "
                         f"{target.before or ''} | {row['verdict']} |")
    return lines


def details(figures: dict[str, dict], notes: list[tuple[str, str]]) -> list[str]:
    lines = []
    for key, target in TARGETS.items():
        if key in figures and figures[key]["note"]:
            lines.append(f"- {target.name}: {figures[key]['note']}")
    return lines + [f"- {script}: {text}" for script, text in notes]


def main() -> int:
    figures, notes = read_rows()
    scripts = read_scripts()
    total = sum(seconds for _, seconds, _ in scripts)
    crashed = [name for name, _, status in scripts if status != 0]
    counts = {verdict: sum(row["verdict"] == verdict for row in figures.values())
              for verdict in ("PASS", "FAIL", "INFO", "NO VALUE")}
    lines = [
        "# Benchmark results (`make bench`)",
        "",
        f"Last run: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}" + (f", {total / 60:.1f} min" if scripts else ""),
        f"Machine: {machine_line()}",
        f"Code: {git_line()}",
        "",
        "Other work shares this machine, so timings are noisy: each is a median where the script says so (the "
        "details below give the rounds). 'before' is the issue's measurement before this work. INFO: no target set.",
        "",
        *((*table(figures), "") if any(section_of(key) == "" for key in figures) else ()),
        *(line for prefix, title in SECTIONS.items() if any(section_of(key) == prefix for key in figures)
          for line in (f"## {title}", "", *table(figures, prefix), "")),
        f"{counts['PASS']} PASS, {counts['FAIL']} FAIL, {counts['INFO']} INFO"
        + (f", {counts['NO VALUE']} without a value" if counts["NO VALUE"] else "")
        + (f"; crashed: {', '.join(crashed)}" if crashed else ""),
        "",
        "## Details",
        "",
        *details(figures, notes),
    ]
    if scripts:
        lines += ["", "## Scripts", "", "| script | seconds | exit status |", "|---|---|---|",
                  *(f"| bench/{name}.py | {seconds} | {status} |" for name, seconds, status in scripts)]
    RESULTS_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS_PATH.relative_to(ROOT)}: {counts['PASS']} PASS, {counts['FAIL']} FAIL, "
          f"{counts['INFO']} INFO" + (f"; crashed: {', '.join(crashed)}" if crashed else ""))
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
