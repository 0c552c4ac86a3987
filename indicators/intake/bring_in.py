"""Bring reports of the shared corpus into the store through the product's own path, replaying an editor's review.

`python -m indicators.intake.bring_in data/reviews --by NAME` reads each report file named in the review files, lets the
extractor read it (the candidates the /ingest page shows), applies the recorded review — each figure kept as the
extractor read it, corrected, or entered by hand with its evidence selected in the text — and publishes the source,
its figures and its named models as that editor, one change set per report. The review files (data/reviews/) are
the record of those decisions; data/README.md describes them.
"""

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from indicators.domain.errors import TableError
from indicators.domain.gazetteer import Gazetteer, load_gazetteer
from indicators.domain.schema import read_text_table
from indicators.intake.extraction.readers import read_report_bytes
from indicators.intake.ingest import (
    add_manual_entry,
    build_publication,
    candidates_from_report,
    report_body,
)
from indicators.intake.refusal import Refusal
from indicators.paths import DATA_DIR, shared_dir
from indicators.store.accounts import User, load_users
from indicators.store.published import load_published_dataset, open_store, publish

REVIEWS_DIR = DATA_DIR / "reviews"
# What the extractor reads of a number and an editor may correct; equal on every one = kept as read.
COMPARED = ["value", "denominator", "unit", "qualifier", "subtype", "province_code", "district_code", "commune_code",
            "organisation", "period_start", "period_end"]
# What the review sets beyond the extractor's reading.
REVIEWED = [*COMPARED, "place_name", "org_type", "period_basis", "period_note", "phase", "award_type",
            "awarding_body", "award_level"]


class BringInError(ValueError):
    """A report of the review could not be brought in (the message names the file); the reports before it are in."""


@dataclass
class Tally:
    """How the figures of one report came in."""

    as_read: int = 0
    corrected: int = 0
    manual: int = 0
    rejected: int = 0
    corrected_fields: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Review:
    """The recorded review of the corpus: figures, named models and source rows, each naming its file."""

    figures: pd.DataFrame
    models: pd.DataFrame
    sources: pd.DataFrame

    def files(self) -> list[str]:
        return list(self.sources["file"])


def load_review(folder: Path = REVIEWS_DIR) -> Review:
    """The three review tables (text cells), as recorded."""
    return Review(*(read_text_table(folder / f"{name}.csv") for name in ("figures", "models", "sources")))


def number(cell: str) -> float | None:
    return float(cell) if cell != "" else None


def place_key(decision) -> str:
    return f"{decision.admin_version}:{decision.province_code}:{decision.district_code}:{decision.commune_code}"


def match_candidate(rows: pd.DataFrame, text: str, decision, taken: set[str]) -> str | None:
    """The candidate the extractor read for a recorded figure: its evidence overlaps the figure's and its value is
    the same (a figure's evidence may be longer or shorter than the extractor's)."""
    start = text.find(decision.evidence)
    end = start + len(decision.evidence)
    for row in rows.itertuples():
        overlaps = row.evidence_start < end and start < row.evidence_end
        if overlaps and row.candidate_id not in taken and float(row.value) == float(decision.value):
            return row.candidate_id
    return None


def differences(row: pd.Series, decision) -> list[str]:
    """The fields the review changed from the extractor's reading."""
    changed = []
    for column in COMPARED:
        read, reviewed = row[column], getattr(decision, column)
        if column in ("value", "denominator"):
            read, reviewed = (None if pd.isna(read) or read == "" else float(read)), number(reviewed)
        if (read or "") != (reviewed or "") and not (read is None and reviewed in ("", None)):
            changed.append(column)
    return changed


def apply_decision(rows: pd.DataFrame, candidate_id: str, decision, total_ids: dict[str, str]) -> pd.DataFrame:
    """The candidate as the review settled it: kept, with the recorded reading and its evidence."""
    index = rows.index[rows["candidate_id"] == candidate_id][0]
    rows.at[index, "keep"] = True
    for column in REVIEWED:
        cell = getattr(decision, column)
        rows.at[index, column] = number(cell) if column in ("value", "denominator") else cell
    rows.at[index, "evidence"] = decision.evidence
    rows.at[index, "place"] = place_key(decision)
    rows.at[index, "part_of"] = total_ids.get(decision.part_of_evidence, "")
    return rows


def manual_entry(decision, total_ids: dict[str, str]) -> dict:
    """A recorded figure the extractor did not read, as the editor types it on the review page."""
    entry = {column: getattr(decision, column) for column in REVIEWED}
    return entry | {"evidence": decision.evidence, "place": place_key(decision),
                    "part_of": total_ids.get(decision.part_of_evidence, "")}


def review_report(rows: pd.DataFrame, text: str, figures: pd.DataFrame, tally: Tally) -> pd.DataFrame:
    """Replay one report's review on the extractor's candidates; numbers candidates in the order of the figures."""
    rows = rows.assign(keep=False)
    kept: list[str] = []
    totals: dict[str, str] = {}  # evidence of a recorded figure → its candidate id (what part_of names)
    for decision in figures.itertuples():
        candidate = match_candidate(rows, text, decision, set(kept))
        if candidate is None:
            rows = add_manual_entry(rows, text, manual_entry(decision, totals))
            candidate = rows["candidate_id"].iat[-1]
            tally.manual += 1
        else:
            changed = differences(rows.set_index("candidate_id").loc[candidate], decision)
            rows = apply_decision(rows, candidate, decision, totals)
            tally.corrected += bool(changed)
            tally.as_read += not changed
            for column in changed:
                tally.corrected_fields[column] = tally.corrected_fields.get(column, 0) + 1
        kept.append(candidate)
        totals.setdefault(decision.evidence, candidate)
    tally.rejected += int((~rows["keep"].astype(bool)).sum())
    return renumber(rows, kept)


def renumber(rows: pd.DataFrame, kept: list[str]) -> pd.DataFrame:
    """Kept candidates numbered c001… in the order the figures were recorded (the report's order), the others after:
    observation ids then do not depend on how many numbers the extractor read."""
    rest = [cid for cid in rows["candidate_id"] if cid not in set(kept)]
    new_ids = {old: f"c{n:03d}" for n, old in enumerate(kept + rest, start=1)}
    rows = rows.assign(candidate_id=rows["candidate_id"].map(new_ids))
    rows["part_of"] = rows["part_of"].map(lambda old: new_ids.get(old, "") if old else "")
    return rows.sort_values("candidate_id").reset_index(drop=True)


def source_row(recorded: pd.Series, file: str, url: str) -> dict[str, str]:
    """The sources row of a corpus file: the curator's title, publisher, dates and notes, the file's own path and
    the URL of its header; its id is the file's name, as for the reports curated before."""
    return {"source_id": Path(file).stem, "title": recorded["title"], "publisher": recorded["publisher"], "url": url,
            "date_published": recorded["date_published"], "date_note": recorded["date_note"],
            "date_accessed": recorded["date_accessed"], "language": recorded["language"], "path": file,
            "licence_note": recorded["licence_note"]}


def model_rows(models: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The named models of one report in the models.csv schema, numbered in order."""
    frame = models.drop(columns="file").assign(source_id=source_id)
    frame.insert(0, "model_id", [f"{source_id}-m{n:02d}" for n in range(1, len(frame) + 1)])
    columns = ["model_id", "name", "name_in_source", "source_id", "admin_version", "province_code", "district_code",
               "organisation", "org_type", "field", "summary", "evidence"]
    return frame[columns]


def bring_in_report(engine: Engine, user: User, review: Review, file: str, gazetteer: Gazetteer,
                    subtypes: pd.DataFrame) -> Tally:
    """One report: read, extract, review, publish (source, figures, models, kept text) in one change set."""
    path = shared_dir() / file
    report = read_report_bytes(path.name, path.read_bytes())
    source = source_row(review.sources.set_index("file").loc[file], file, report_body(report).url)
    tally = Tally()
    rows = review_report(candidates_from_report(report, gazetteer, allow_none=True), report_body(report).text,
                         review.figures[review.figures["file"] == file], tally)
    publication = build_publication(report, rows, accessed=date.fromisoformat(source["date_accessed"]),
                                    catalogue=subtypes, uploaded_by=user.username, source=source)
    models = review.models[review.models["file"] == file]
    publish(engine, user, sources=publication["sources"], observations=publication["observations"],
            models=model_rows(models, source["source_id"]) if len(models) else None,
            documents=publication["documents"], note=f"brought in {file} through the review (extractor + editor)")
    return tally


def bring_in(engine: Engine, user: User, review: Review, subtypes: pd.DataFrame,
             files: list[str] | None = None) -> dict[str, Tally]:
    """Every report of the review (or the files named), in order; stops at the first refusal."""
    gazetteer = load_gazetteer()
    tallies = {}
    for file in files or review.files():
        try:
            tallies[file] = bring_in_report(engine, user, review, file, gazetteer, subtypes)
        except (Refusal, TableError) as error:
            raise BringInError(f"{file}: {error}") from error
    return tallies


def editor_account(engine: Engine, username: str) -> User | None:
    """The account named, as it is stored (publishing then checks its role), or None."""
    row = next((row for row in load_users(engine) if row["username"] == username), None)
    return User(row["username"], row["role"]) if row else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indicators.intake.bring_in", description=__doc__.splitlines()[0])
    parser.add_argument("reviews", type=Path, nargs="?", default=REVIEWS_DIR, help="folder of the review files")
    parser.add_argument("--by", required=True,
                        help="the editor account publishing (must exist: indicators.store.accounts)")
    args = parser.parse_args(argv)
    engine = open_store()
    user = editor_account(engine, args.by)
    if user is None:
        print(f"error: no account '{args.by}'; create it with python -m indicators.store.accounts create",
              file=sys.stderr)
        return 2
    try:
        tallies = bring_in(engine, user, load_review(args.reviews), load_published_dataset(engine).subtypes)
    except BringInError as error:
        print(f"error: nothing more stored: {error}", file=sys.stderr)
        return 2
    for file, tally in tallies.items():
        print(f"{file}: {tally.as_read} as read, {tally.corrected} corrected, {tally.manual} by hand, "
              f"{tally.rejected} numbers not kept")
    total = Tally(*(sum(getattr(t, name) for t in tallies.values()) for name in ("as_read", "corrected", "manual",
                                                                                 "rejected")))
    print(f"all: {total.as_read} as read, {total.corrected} corrected, {total.manual} by hand, "
          f"{total.rejected} numbers not kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
