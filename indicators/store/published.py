"""The curated tables in a database: versioned rows, all-or-nothing import/publish/correct, CSV export, history."""

import argparse
import csv
import getpass
import hashlib
import io
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from indicators.domain.gazetteer import load_gazetteer
from indicators.domain.place_codes import check_place_codes
from indicators.domain.schema import NUMERIC_COLUMNS, SCHEMAS, TableError, validate_table
from indicators.domain.tables import TABLE_NAMES, Dataset, check_references, load_dataset, refuse_unknown
from indicators.paths import seed_data_dir
from indicators.safety import (
    PathRefused,
    check_no_formulas,
    check_tables_have_no_formulas,
    cut,
    write_file_atomically,
)
from indicators.store.accounts import User, require_publisher
from indicators.store.database import (
    KEY_COLUMNS,
    VERSIONED_TABLES,
    StoreUnavailable,
    WriteConflict,
    changesets,
    connect_store,
    documents,
    read_snapshot,
    run_write,
    utc_now,
)

STORE_LABEL = Path("store")  # error messages about the published state name store/<table>.csv
PUBLISH_LABEL = Path("publish")  # … and about a publish batch publish/<table>.csv, lines counted in the batch
CORRECTION_LABEL = Path("correction")


@dataclass(frozen=True)
class Changeset:
    """One import, publish or correction: who, when, why; every row version it writes points to it."""

    changeset_id: int
    created_by: str
    created_at: datetime
    note: str


def open_store(url: str | None = None, seed_dir: Path | None = None) -> Engine:
    """The store (DATABASE_URL or data/store.sqlite), migrated, and filled from seed_dir's CSVs (default
    VN_SEED_DATA_DIR, else data/) when still empty."""
    engine = connect_store(url)
    seed_dir = seed_dir or seed_data_dir()
    run_write(engine, lambda conn: _seed_if_empty(conn, seed_dir))
    return engine


def _seed_if_empty(conn: Connection, seed_dir: Path) -> None:
    """A store with no source yet (new, or only migrated) is filled from the curated CSVs."""
    sources = VERSIONED_TABLES["sources"]
    if conn.execute(sa.select(sa.func.count()).select_from(sources)).scalar_one() == 0:
        dataset = load_dataset(seed_dir)
        check_tables_have_no_formulas(vars(dataset), seed_dir)  # the seed passes the same door as an import
        _import(conn, dataset, seed_dir, by="first start", note="created from the curated CSVs")


def import_tables(engine: Engine, data_dir: Path, *, by: str, note: str = "") -> dict[str, dict[str, int]]:
    """Make the published state equal to data_dir's CSVs in one transaction; counts per table and change.

    The files are validated first (errors name file, line and column) and nothing is stored when one fails.
    Rows that differ get a new version, rows missing from the files are withdrawn (kept, no longer current).
    """
    dataset = load_dataset(data_dir)
    check_tables_have_no_formulas(vars(dataset), data_dir)
    check_place_codes(dataset, load_gazetteer(), data_dir)
    return run_write(engine, lambda conn: _import(conn, dataset, data_dir, by, note))


def _import(conn: Connection, dataset: Dataset, data_dir: Path, by: str, note: str) -> dict[str, dict[str, int]]:
    changeset = _new_changeset(conn, "import", by, note, origin=str(data_dir))
    return {name: _apply(conn, name, getattr(dataset, name), changeset, complete=True) for name in TABLE_NAMES}


def publish(engine: Engine, user: User, *, observations: pd.DataFrame | None = None,
            sources: pd.DataFrame | None = None, models: pd.DataFrame | None = None,
            indicators: pd.DataFrame | None = None, documents: pd.DataFrame | None = None,
            note: str = "", withdraw: dict[str, list[str]] | None = None) -> dict[str, dict[str, int]]:
    """Publish rows in the CSV schema (new keys added, changed rows superseded), all or nothing; editors only.

    `documents` (DOCUMENT_COLUMNS) are the texts the sources' figures were read from, with the uploaded file's bytes
    (`original`, None when there is no file); a source's text is kept once. `withdraw` names current rows (table →
    keys) that the publication replaces without a new version: they stay in the history, no longer current.
    """
    frames = {"sources": sources, "indicators": indicators, "observations": observations, "models": models}

    def work(conn: Connection) -> dict[str, dict[str, int]]:
        require_publisher(conn, user)
        batch = {name: _checked_batch(name, frame, PUBLISH_LABEL)
                 for name, frame in frames.items() if frame is not None}
        changeset = _new_changeset(conn, "publish", user.username, note)
        counts = {name: _apply(conn, name, frame, changeset, complete=False) for name, frame in batch.items()}
        for name, keys in (withdraw or {}).items():
            for key in keys:
                _end_version(conn, VERSIONED_TABLES[name], _current_row(conn, name, key), changeset)
            counts[name]["withdrawn"] += len(keys)
        _check_references_after_write(conn, batch, PUBLISH_LABEL, documents)
        if documents is not None:
            _keep_documents(conn, documents, changeset)
        return counts

    return run_write(engine, work)


DOCUMENT_COLUMNS = ["source_id", "file_name", "source_format", "encoding", "converted_from", "sha256", "text",
                    "original"]


def _keep_documents(conn: Connection, frame: pd.DataFrame, changeset: Changeset) -> None:
    """Store the texts not stored yet (the same file is the same text; its source was checked to exist)."""
    stored = set(conn.execute(sa.select(documents.c.source_id)
                              .where(documents.c.source_id.in_(list(frame["source_id"])))).scalars())
    rows = [{**{column: row[column] for column in DOCUMENT_COLUMNS}, "changeset_id": changeset.changeset_id}
            for row in frame.to_dict("records") if row["source_id"] not in stored]
    for row in rows:
        check_original(row)
    if rows:
        conn.execute(documents.insert(), rows)


def check_original(row: dict) -> None:
    """A kept original must be the file its sha256 (and so its source_id) was computed from; a mismatch is a bug in
    the caller, refused before anything is written."""
    original = row["original"]
    if original is not None and hashlib.sha256(original).hexdigest() != row["sha256"]:
        raise ValueError(f"{row['source_id']}: the original file's sha256 is not the document's {row['sha256'][:16]}")


def load_document(engine: Engine, source_id: str) -> dict | None:
    """The text a source's figures were read from, with how it was read, the uploaded file's bytes (`original`, None
    when not kept) and who published it when; None if none."""
    query = (sa.select(*(documents.c[c] for c in DOCUMENT_COLUMNS), changesets.c.created_by, changesets.c.created_at)
             .join(changesets, changesets.c.changeset_id == documents.c.changeset_id)
             .where(documents.c.source_id == source_id))
    with read_snapshot(engine) as conn:
        row = conn.execute(query).first()
    return dict(row._mapping) if row else None


def documented_sources(engine: Engine) -> set[str]:
    """The sources whose text is in the store."""
    with read_snapshot(engine) as conn:
        return set(conn.execute(sa.select(documents.c.source_id)).scalars())


def correct(engine: Engine, key: str, changes: dict, *, user: User, note: str, table: str = "observations") -> int:
    """Supersede the current version of one row with a copy carrying `changes`; returns the new version's row_id."""
    if not note.strip():
        raise ValueError("a correction needs a note saying why")
    columns = list(SCHEMAS[table].columns)
    unknown = sorted((set(changes) - set(columns)) | (set(changes) & {KEY_COLUMNS[table]}))
    if unknown:
        raise ValueError(f"cannot correct column(s) {', '.join(unknown)} of {table}")

    def work(conn: Connection) -> int:
        require_publisher(conn, user)
        old = _current_row(conn, table, key)
        cells = {column: _cell_text(old._mapping[column]) for column in columns}
        cells |= {column: _cell_text(value) for column, value in changes.items()}
        frame = _checked_batch(table, pd.DataFrame([cells]), CORRECTION_LABEL)
        record = _db_records(table, frame)[0]
        if record == _content(table, old):
            raise ValueError(f"the correction of {key} changes nothing")
        changeset = _new_changeset(conn, "correct", user.username, note)
        new_row_id = _supersede(conn, VERSIONED_TABLES[table], old, record, old.position, changeset)
        _check_references_after_write(conn, {table: frame}, CORRECTION_LABEL)
        return new_row_id

    return run_write(engine, work)


def load_history(engine: Engine, key: str, table: str = "observations") -> pd.DataFrame:
    """Every version of one row, oldest first, with who, when, why and how (changeset kind and origin)."""
    versioned = VERSIONED_TABLES[table]
    bookkeeping = ["row_id", "version", "is_current", "superseded_by", "created_by", "created_at", "change_note"]
    query = (
        sa.select(*(versioned.c[c] for c in bookkeeping), changesets.c.kind, changesets.c.origin,
                  *(versioned.c[c] for c in SCHEMAS[table].columns))
        .join(changesets, changesets.c.changeset_id == versioned.c.changeset_id)
        .where(versioned.c[KEY_COLUMNS[table]] == key)
        .order_by(versioned.c.version)
    )
    with read_snapshot(engine) as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.all(), columns=list(result.keys()), dtype=object)  # values as stored, None kept


def load_published_dataset(engine: Engine) -> Dataset:
    """The current rows of every table, in the same shape and types as indicators.domain.tables.load_dataset."""
    with read_snapshot(engine) as conn:
        return _published_dataset(conn)


def export_published(engine: Engine, out_dir: Path) -> list[Path]:
    """Write the current rows as the curated CSVs (same columns, order and formatting); returns the files."""
    with read_snapshot(engine) as conn:
        frames = {name: _published_text(conn, name) for name in TABLE_NAMES}
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_csv_table(frame, out_dir / f"{name}.csv") for name, frame in frames.items()]


def write_csv_table(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8 without BOM, `\\n` line ends, quoted only when needed; replaces the file in one step (PathRefused for a
    link or pipe in its place, or a folder that cannot be written)."""
    def write(stream) -> None:
        handle = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False))
        handle.detach()  # flushes; write_file_atomically closes the stream

    write_file_atomically(path, write)
    return path


def csv_number_text(number: float) -> str:
    """14.0 → '14', 99.7 → '99.7': integers without a decimal point, others as their shortest repr."""
    return str(int(number)) if number.is_integer() else repr(number)


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return csv_number_text(float(value)) if isinstance(value, int | float) else str(value)


def _published_text(conn: Connection, name: str) -> pd.DataFrame:
    """The current rows of one table as CSV text cells, in published order."""
    table, columns = VERSIONED_TABLES[name], list(SCHEMAS[name].columns)
    query = (sa.select(*(table.c[c] for c in columns)).where(table.c.is_current)
             .order_by(table.c.position, table.c[KEY_COLUMNS[name]]))
    rows = [[_cell_text(value) for value in row] for row in conn.execute(query)]
    return pd.DataFrame(rows, columns=columns, dtype=str)


def _published_dataset(conn: Connection) -> Dataset:
    tables = {name: validate_table(name, _published_text(conn, name), STORE_LABEL / f"{name}.csv")
              for name in TABLE_NAMES}
    dataset = Dataset(**tables)
    check_references(dataset, STORE_LABEL)
    return dataset


def _checked_batch(name: str, frame: pd.DataFrame, label: Path) -> pd.DataFrame:
    """Validate rows given as text or typed cells with the table's schema; errors count lines within the batch."""
    text = frame.reset_index(drop=True).map(_cell_text).astype(str)
    check_no_formulas(text, label / f"{name}.csv")
    return validate_table(name, text, label / f"{name}.csv")


def _check_references_after_write(conn: Connection, batch: dict[str, pd.DataFrame], label: Path,
                                  documents: pd.DataFrame | None = None) -> None:
    """The batch's sources and indicators must exist (lines counted in the batch), then the whole published state;
    so must the sources of the report texts to keep."""
    state = {name: _published_text(conn, name) for name in TABLE_NAMES}
    rows = {name: batch.get(name, state[name].iloc[:0]) for name in ("observations", "models")}
    check_references(Dataset(sources=state["sources"], indicators=state["indicators"], subtypes=state["subtypes"],
                             **rows), label)
    check_references(Dataset(**state), STORE_LABEL)
    if documents is not None:
        refuse_unknown(documents.reset_index(drop=True), "source_id", set(state["sources"]["source_id"]),
                       label / "documents.csv")


def _new_changeset(conn: Connection, kind: str, by: str, note: str, origin: str | None = None) -> Changeset:
    created_at = utc_now()
    result = conn.execute(sa.insert(changesets).values(kind=kind, origin=origin, created_by=by,
                                                       created_at=created_at, note=note))
    return Changeset(result.inserted_primary_key[0], by, created_at, note)


def _apply(conn: Connection, name: str, frame: pd.DataFrame, changeset: Changeset, *, complete: bool) -> dict:
    """Write validated rows: new keys get version 1, changed rows a new version; `complete` withdraws the rest."""
    table, key = VERSIONED_TABLES[name], KEY_COLUMNS[name]
    current = {row._mapping[key]: row for row in conn.execute(sa.select(table).where(table.c.is_current))}
    first_new_position = conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.position) + 1, 0))).scalar()
    counts = dict.fromkeys(["added", "changed", "unchanged", "withdrawn"], 0)
    for index, record in enumerate(_db_records(name, frame)):
        old = current.pop(record[key], None)
        if old is None:
            _insert_version(conn, table, record, index if complete else first_new_position + index, 1, changeset)
            counts["added"] += 1
        elif record != _content(name, old):
            _supersede(conn, table, old, record, index if complete else old.position, changeset)
            counts["changed"] += 1
        else:
            if complete and old.position != index:  # the files' row order is not versioned content
                conn.execute(sa.update(table).where(table.c.row_id == old.row_id).values(position=index))
            counts["unchanged"] += 1
    for old in current.values() if complete else []:
        _end_version(conn, table, old, changeset)
        counts["withdrawn"] += 1
    return counts


def _supersede(conn: Connection, table: sa.Table, old, record: dict, position: int, changeset: Changeset) -> int:
    _end_version(conn, table, old, changeset)
    new_row_id = _insert_version(conn, table, record, position, old.version + 1, changeset)
    conn.execute(sa.update(table).where(table.c.row_id == old.row_id).values(superseded_by=new_row_id))
    return new_row_id


def _end_version(conn: Connection, table: sa.Table, old, changeset: Changeset) -> None:
    """Mark a version not current; when another writer ended it first, the transaction is retried."""
    ended = conn.execute(sa.update(table).where(table.c.row_id == old.row_id, table.c.is_current)
                         .values(is_current=False, superseded_in=changeset.changeset_id))
    if ended.rowcount != 1:
        raise WriteConflict(f"{table.name} row {old.row_id} was changed by another writer")


def _insert_version(conn: Connection, table: sa.Table, record: dict, position: int, version: int,
                    changeset: Changeset) -> int:
    result = conn.execute(sa.insert(table).values(
        **record, position=position, version=version, is_current=True, changeset_id=changeset.changeset_id,
        created_by=changeset.created_by, created_at=changeset.created_at, change_note=changeset.note,
    ))
    return result.inserted_primary_key[0]


def _current_row(conn: Connection, name: str, key: str):
    table = VERSIONED_TABLES[name]
    row = conn.execute(sa.select(table).where(table.c[KEY_COLUMNS[name]] == key, table.c.is_current)).first()
    if row is None:
        raise KeyError(f"{name} has no current row '{key}'")
    return row


def _content(name: str, row) -> dict:
    return {column: row._mapping[column] for column in SCHEMAS[name].columns}


def _db_records(name: str, frame: pd.DataFrame) -> list[dict]:
    """Validated rows as database values: '' and NaN become NULL, numbers floats."""
    numeric = NUMERIC_COLUMNS.get(name, [])
    return [
        {column: None if pd.isna(value) or value == "" else float(value) if column in numeric else value
         for column, value in row.items()}
        for row in frame.to_dict("records")
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indicators.store", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("import", help="load a folder of curated CSVs as the published state")
    load.add_argument("directory", type=Path)
    load.add_argument("--by", default=getpass.getuser(), help="who is importing (default: the system user)")
    load.add_argument("--note", default="", help="why")
    export = commands.add_parser("export", help="write the published rows as the curated CSVs")
    export.add_argument("directory", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Import or export on the store named by DATABASE_URL (default: SQLite data/store.sqlite)."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "import":
            counts = import_tables(connect_store(), args.directory, by=args.by, note=args.note)
            for name, table_counts in counts.items():
                print(f"{name}: " + ", ".join(f"{count} {change}" for change, count in table_counts.items()))
        else:
            for path in export_published(open_store(), args.directory):
                print(f"wrote {path}")
    except (TableError, StoreUnavailable, PathRefused) as error:
        print(f"error: nothing stored or written\n{error}", file=sys.stderr)
        return 1
    except OSError as error:  # the export folder cannot be made
        print(f"error: nothing written: {cut(str(error.filename or args.directory))}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
