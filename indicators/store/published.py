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

from indicators.domain.derived import derived_columns
from indicators.domain.gazetteer import load_gazetteer
from indicators.domain.place_codes import check_place_codes
from indicators.domain.schema import NUMERIC_COLUMNS, SCHEMAS, TableError, validate_table
from indicators.domain.tables import (
    TABLE_NAMES,
    Dataset,
    check_parts,
    check_references,
    load_dataset,
    refuse_unknown,
)
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
    is_current,
    read_snapshot,
    run_write,
    utc_now,
)

STORE_LABEL = Path("store")  # error messages about the published state name store/<table>.csv
PUBLISH_LABEL = Path("publish")  # … and about a publish batch publish/<table>.csv, lines counted in the batch
CORRECTION_LABEL = Path("correction")
KEY_CHUNK = 500  # keys per `IN (…)` of one statement, well within SQLite's and PostgreSQL's bound-parameter limits


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
            _withdraw(conn, name, keys, changeset)
            counts.setdefault(name, dict.fromkeys(CHANGE_KINDS, 0))["withdrawn"] += len(keys)
        _check_references_after_write(conn, batch, PUBLISH_LABEL, documents, withdraw or {})
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
        new_row_id = _supersede(conn, table, old, frame, changeset)
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


def data_version(engine: Engine) -> int:
    """A number that changes with every write of published rows: each import, publish, correction or withdrawal (and
    each kept report text, which comes with its publish) adds a changeset in its own transaction, and none is ever
    deleted. The number of changesets, not the newest id: ids are handed out when a writer starts, so a publish
    that started first but committed last would carry a smaller id than one a replica has already seen."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(changesets)).scalar_one()


def load_published_dataset(engine: Engine) -> Dataset:
    """The current rows of every table, in the same shape and types as indicators.domain.tables.load_dataset."""
    with read_snapshot(engine) as conn:
        return _published_dataset(conn)


def load_current_rows(engine: Engine, name: str, **equal: str) -> pd.DataFrame:
    """The current rows of one table whose columns hold the given values (one province's observations, say), as CSV
    text cells in published order: read by those columns (indexed for a place), never the whole table."""
    table, columns = VERSIONED_TABLES[name], list(SCHEMAS[name].columns)
    query = (sa.select(*(table.c[c] for c in columns))
             .where(table.c.is_current, *(table.c[column] == value for column, value in equal.items()))
             .order_by(table.c.position, table.c[KEY_COLUMNS[name]]))
    with read_snapshot(engine) as conn:
        rows = [[_cell_text(value) for value in row] for row in conn.execute(query)]
    return pd.DataFrame(rows, columns=columns, dtype=str)


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
                                  documents: pd.DataFrame | None = None,
                                  withdrawn: dict[str, list[str]] | None = None) -> None:
    """The batch's references, looked up in the store (after the write, so among its own rows too) by the keys the
    batch names: its sources and indicators exist, an observation's subtype gives its headline and unit, a part names
    a total of its source with no loop (errors count lines in the batch). Then the current rows that name an
    observation the batch changed or withdrew, or a withdrawn source (errors count lines of the published state,
    store/…). So must the sources of the report texts to keep."""
    frames = {name: batch[name] if name in batch else _empty_text(name) for name in ("observations", "models")}
    named_sources = {*frames["observations"]["source_id"], *frames["models"]["source_id"],
                     *(documents["source_id"] if documents is not None else [])}
    sources = pd.DataFrame({"source_id": sorted(_current_keys(conn, "sources", named_sources))}, dtype=str)
    indicators, subtypes = _published_text(conn, "indicators"), _published_text(conn, "subtypes")  # the catalogue
    obs = frames["observations"]
    check_references(Dataset(sources=sources, indicators=indicators, subtypes=subtypes, **frames), label,
                     totals=_totals_above(conn, obs))
    _check_rows_naming(conn, set(obs["obs_id"]), (withdrawn or {}).get("observations", []),
                       (withdrawn or {}).get("sources", []))
    if documents is not None:
        refuse_unknown(documents.reset_index(drop=True), "source_id", set(sources["source_id"]),
                       label / "documents.csv")


def _empty_text(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=list(SCHEMAS[name].columns), dtype=str)


def _chunks(keys: list) -> list[list]:
    return [keys[start:start + KEY_CHUNK] for start in range(0, len(keys), KEY_CHUNK)]


def _current_keys(conn: Connection, name: str, keys) -> set[str]:
    """Those of the keys that name a current row of the table."""
    table, key = VERSIONED_TABLES[name], KEY_COLUMNS[name]
    return {found for chunk in _chunks(sorted(keys)) for found in
            conn.execute(sa.select(table.c[key]).where(table.c[key].in_(chunk), is_current(table))).scalars()}


PART_COLUMNS = ["obs_id", "source_id", "part_of"]


def _part_rows(conn: Connection, column: str, keys) -> pd.DataFrame:
    """obs_id, source_id and part_of ('' when none) of the current observations whose `column` is one of the keys."""
    table = VERSIONED_TABLES["observations"]
    rows = [row for chunk in _chunks(sorted(keys)) for row in conn.execute(
        sa.select(*(table.c[c] for c in PART_COLUMNS)).where(table.c[column].in_(chunk), is_current(table)))]
    return pd.DataFrame(rows, columns=PART_COLUMNS, dtype=object).fillna("")


def _totals_above(conn: Connection, obs: pd.DataFrame) -> pd.DataFrame:
    """The current observations these parts name, and the totals above them up the chain (stops at a loop)."""
    found = [_part_rows(conn, "obs_id", set(obs["part_of"]) - {""})]
    while wanted := set(found[-1]["part_of"]) - {""} - {i for frame in found for i in frame["obs_id"]}:
        found.append(_part_rows(conn, "obs_id", wanted))
    return pd.concat(found, ignore_index=True)


def _check_rows_naming(conn: Connection, batch_ids: set[str], withdrawn_ids: list[str],
                       withdrawn_sources: list[str]) -> None:
    """The other current rows that name a published or withdrawn observation as their total, or a withdrawn source,
    must still be right: the total current and of their source, the source current (errors name the row's line in
    store/…)."""
    parts = _part_rows(conn, "part_of", batch_ids | set(withdrawn_ids))
    parts = parts[~parts["obs_id"].isin(batch_ids)]  # the batch's own parts were checked with it
    if len(parts):
        lines = _published_lines(conn, "observations", list(parts["obs_id"]))
        check_parts(parts.set_axis(lines), STORE_LABEL / "observations.csv", _totals_above(conn, parts))
    for name in ("observations", "models") if withdrawn_sources else ():
        versioned = VERSIONED_TABLES[name]
        rows = conn.execute(sa.select(versioned.c[KEY_COLUMNS[name]], versioned.c.source_id)
                            .where(versioned.c.source_id.in_(withdrawn_sources), is_current(versioned))).all()
        if rows:
            named = pd.DataFrame(rows, columns=["key", "source_id"], dtype=str)
            named = named.set_axis(_published_lines(conn, name, list(named["key"])))
            refuse_unknown(named, "source_id", set(), STORE_LABEL / f"{name}.csv")


def _published_lines(conn: Connection, name: str, keys: list[str]) -> list[int]:
    """Each current row's place (from 0) in the published order (position, then key), as export_published writes
    it: its error names the line of store/<name>.csv."""
    table, key = VERSIONED_TABLES[name], KEY_COLUMNS[name]
    places = []
    for found in keys:
        row = conn.execute(sa.select(table.c.position).where(table.c[key] == found, is_current(table))).one()
        earlier = sa.or_(table.c.position < row.position,
                         sa.and_(table.c.position == row.position, table.c[key] < found))
        places.append(conn.execute(sa.select(sa.func.count()).select_from(table)
                                   .where(is_current(table), earlier)).scalar_one())
    return places


def _new_changeset(conn: Connection, kind: str, by: str, note: str, origin: str | None = None) -> Changeset:
    created_at = utc_now()
    result = conn.execute(sa.insert(changesets).values(kind=kind, origin=origin, created_by=by,
                                                       created_at=created_at, note=note))
    return Changeset(result.inserted_primary_key[0], by, created_at, note)


CHANGE_KINDS = ("added", "changed", "unchanged", "withdrawn")


def _apply(conn: Connection, name: str, frame: pd.DataFrame, changeset: Changeset, *, complete: bool) -> dict:
    """Write validated rows: new keys get version 1, changed rows a new version; `complete` withdraws the rest.

    Only the current versions of the batch's keys are read (and, for `complete`, every current key); the new
    versions are inserted, and the versions they replace ended, in a few statements."""
    table, key = VERSIONED_TABLES[name], KEY_COLUMNS[name]
    records = _db_records(name, frame)
    current = _current_rows(conn, name, [record[key] for record in records])
    first_new_position = 0 if complete or len(current) == len(records) else _next_position(conn, table)
    counts = dict.fromkeys(CHANGE_KINDS, 0)
    new_versions, replaced, moved = [], [], []
    for index, (record, derived) in enumerate(zip(records, _derived_records(name, frame), strict=True)):
        old = current.get(record[key])
        if old is None:
            new_versions.append(_version(record | derived, index if complete else first_new_position + index, 1,
                                         changeset))
            counts["added"] += 1
        elif record != _content(name, old):
            new_versions.append(_version(record | derived, index if complete else old.position, old.version + 1,
                                         changeset))
            replaced.append(old.row_id)
            counts["changed"] += 1
        else:
            if complete and old.position != index:  # the files' row order is not versioned content
                moved.append({"moved_row_id": old.row_id, "new_position": index})
            counts["unchanged"] += 1
    withdrawn = _current_row_ids_except(conn, name, {record[key] for record in records}) if complete else []
    counts["withdrawn"] = len(withdrawn)
    _end_versions(conn, table, replaced + withdrawn, changeset)
    if new_versions:
        conn.execute(sa.insert(table), new_versions)
    _link_to_successors(conn, name, replaced)
    if moved:
        conn.execute(sa.update(table).where(table.c.row_id == sa.bindparam("moved_row_id"))
                     .values(position=sa.bindparam("new_position")), moved)
    return counts


def _current_rows(conn: Connection, name: str, keys: list[str]) -> dict:
    """The current versions of these keys (whole rows), by key: one query per KEY_CHUNK keys."""
    table, key = VERSIONED_TABLES[name], KEY_COLUMNS[name]
    return {row._mapping[key]: row for chunk in _chunks(keys)
            for row in conn.execute(sa.select(table).where(table.c[key].in_(chunk), is_current(table)))}


def _current_row_ids_except(conn: Connection, name: str, kept: set[str]) -> list[int]:
    """The row_ids of the current versions whose key is not kept (a complete import's withdrawals): keys only."""
    table, key = VERSIONED_TABLES[name], KEY_COLUMNS[name]
    rows = conn.execute(sa.select(table.c.row_id, table.c[key]).where(is_current(table)))
    return [row_id for row_id, found in rows if found not in kept]


def _next_position(conn: Connection, table: sa.Table) -> int:
    return conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.position) + 1, 0))).scalar()


def _withdraw(conn: Connection, name: str, keys: list[str], changeset: Changeset) -> None:
    """End the current versions of these keys (KeyError naming the first that has none)."""
    current = _current_rows(conn, name, keys)
    if missing := [key for key in keys if key not in current]:
        raise KeyError(f"{name} has no current row '{missing[0]}'")
    _end_versions(conn, VERSIONED_TABLES[name], [row.row_id for row in current.values()], changeset)


def _supersede(conn: Connection, name: str, old, frame: pd.DataFrame, changeset: Changeset) -> int:
    """A new version of one row (a validated one-row frame) in place of `old`; the new version's row_id."""
    table = VERSIONED_TABLES[name]
    _end_versions(conn, table, [old.row_id], changeset)
    record = _db_records(name, frame)[0] | _derived_records(name, frame)[0]
    new_row_id = conn.execute(sa.insert(table).values(**_version(record, old.position, old.version + 1, changeset))
                              ).inserted_primary_key[0]
    conn.execute(sa.update(table).where(table.c.row_id == old.row_id).values(superseded_by=new_row_id))
    return new_row_id


def _end_versions(conn: Connection, table: sa.Table, row_ids: list[int], changeset: Changeset) -> None:
    """Mark versions not current; when another writer ended one first, the transaction is retried."""
    for chunk in _chunks(row_ids):
        ended = conn.execute(sa.update(table).where(table.c.row_id.in_(chunk), is_current(table))
                             .values(is_current=False, superseded_in=changeset.changeset_id))
        if ended.rowcount != len(chunk):
            raise WriteConflict(f"{table.name}: a row was changed by another writer")


def _link_to_successors(conn: Connection, name: str, row_ids: list[int]) -> None:
    """Each ended version points to the version that replaced it (same key, next version)."""
    table, key = VERSIONED_TABLES[name], KEY_COLUMNS[name]
    newer = table.alias("newer")
    successor = (sa.select(newer.c.row_id)
                 .where(newer.c[key] == table.c[key], newer.c.version == table.c.version + 1).scalar_subquery())
    for chunk in _chunks(row_ids):
        conn.execute(sa.update(table).where(table.c.row_id.in_(chunk)).values(superseded_by=successor))


def _version(record: dict, position: int, version: int, changeset: Changeset) -> dict:
    """A row version as inserted: its cells (and derived columns) with the version bookkeeping."""
    return {**record, "position": position, "version": version, "is_current": True,
            "changeset_id": changeset.changeset_id, "created_by": changeset.created_by,
            "created_at": changeset.created_at, "change_note": changeset.note}


def _derived_records(name: str, frame: pd.DataFrame) -> list[dict]:
    """The columns a version of this table carries beside its cells, worked out once as it is written: for
    observations the scope and window (indicators.domain.derived), for the other tables none."""
    if name != "observations":
        return [{} for _ in range(len(frame))]
    return derived_columns(frame.reset_index(drop=True)).to_dict("records")


def _current_row(conn: Connection, name: str, key: str):
    table = VERSIONED_TABLES[name]
    row = conn.execute(sa.select(table).where(table.c[KEY_COLUMNS[name]] == key, is_current(table))).first()
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
