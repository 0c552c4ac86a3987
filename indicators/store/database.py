"""The store's database: tables, engines for SQLite or PostgreSQL, Alembic upgrades and retried write transactions."""

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from indicators.domain.derived import DERIVED_COLUMNS
from indicators.domain.schema import NUMERIC_COLUMNS, SCHEMAS
from indicators.intake.refusal import Refusal
from indicators.paths import DATA_DIR

DEFAULT_SQLITE_PATH = DATA_DIR / "store.sqlite"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
KEY_COLUMNS = {"sources": "source_id", "indicators": "indicator", "subtypes": "subtype", "observations": "obs_id",
               "models": "model_id"}
ROLES = ("viewer", "editor", "admin")
SQLITE_BUSY_TIMEOUT_MS = 5_000  # a writer waits this long for another one, then the store answers "busy"
WRITE_ATTEMPTS = 6
RETRIED_SQLSTATES = {"40001", "40P01"}  # PostgreSQL serialization failure, deadlock
T = TypeVar("T")


class UtcDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC datetime, stored as naive UTC so SQLite and PostgreSQL agree."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None


class WriteConflict(RuntimeError):
    """Another writer changed the same row first; the whole transaction is retried."""


class StoreUnavailable(Refusal):
    """The store could not take a write (it cannot be opened, or another fault below); nothing was stored.

    The message is for people: no SQL, no paths (the database's own words go to the log)."""

    kind = "store"
    code = "unavailable"
    message = "The store cannot be opened for writing. Nothing was stored; ask an administrator."

    def __init__(self) -> None:
        super().__init__(self.code, self.message)


class StoreBusy(StoreUnavailable):
    """Another writer held the store longer than the busy timeout."""

    code = "busy"
    message = "The store is busy: another writer holds it. Nothing was stored; try again in a moment."


class StoreReadOnly(StoreUnavailable):
    """The store's file or database is read-only."""

    code = "read_only"
    message = "The store is read-only. Nothing was stored; ask an administrator."


# The database's own words for each fault: SQLite messages (lower case) and PostgreSQL SQLSTATE codes (or classes).
STORE_FAULTS = (
    (StoreBusy, ("database is locked", "database table is locked", "database is busy"), ("55P03",)),
    (StoreReadOnly, ("readonly database", "read-only"), ("25006",)),
    (StoreUnavailable, ("unable to open database", "disk i/o error", "database or disk is full"), ("08", "53")),
)
LOGGER = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


metadata = sa.MetaData()

changesets = sa.Table(
    "changesets", metadata,
    sa.Column("changeset_id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),  # import, publish, correct
    sa.Column("origin", sa.Text),  # the directory an import came from
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
)


# The indexes the views read by (revision 0007): one headline's current observations of one admin version (and
# province), a province's or commune's current rows, a province's models; the parts of a total (the reference
# check of a publish that changes or withdraws the total) and the published order (where a publish appends).
VIEW_INDEXES = {
    "observations": {"ix_observations_current_indicator": ("is_current", "indicator", "admin_version", "province_code"),
                     "ix_observations_current_place": ("is_current", "admin_version", "province_code", "commune_code"),
                     "ix_observations_part_of": ("part_of",), "ix_observations_position": ("position",),
                     "ix_observations_current_subtype": ("is_current", "indicator", "subtype", "phase"),
                     "ix_observations_current_places": ("is_current", "admin_version", "province_code",
                                                        "district_code", "commune_code"),
                     "ix_observations_current_source": ("is_current", "source_id")},
    "models": {"ix_models_current_place": ("is_current", "admin_version", "province_code")},
}
# Partial indexes of current rows holding every column a query reads (revision 0010): the coverage view's GROUP BY by
# place, source, phase and window reads the index alone, in its order.
CURRENT_COVERING_INDEXES = {
    "observations": {"ix_observations_current_coverage": (
        "is_current", "admin_version", "province_code", "source_id", "phase", "period_start", "period_end", "position",
        "obs_id", "district_code", "commune_code", "organisation")},
}


def derived_column(column: str) -> sa.Column:
    """A column written with each observation version from its content (indicators.domain.derived, revision 0007);
    not a CSV column: never exported, never compared."""
    return sa.Column(column, sa.Double if column == "years" else sa.Text)


def _versioned_table(name: str) -> sa.Table:
    """One curated table: its CSV columns plus the version bookkeeping; rows are never deleted."""
    key = KEY_COLUMNS[name]
    content = [
        sa.Column(column, sa.Double if column in NUMERIC_COLUMNS.get(name, []) else sa.Text, nullable=column != key)
        for column in SCHEMAS[name].columns
    ]
    derived = [derived_column(column) for column in DERIVED_COLUMNS] if name == "observations" else []
    return sa.Table(
        name, metadata,
        sa.Column("row_id", sa.Integer, primary_key=True),
        *content,
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey(f"{name}.row_id")),
        sa.Column("superseded_in", sa.Integer, sa.ForeignKey("changesets.changeset_id")),
        sa.Column("changeset_id", sa.Integer, sa.ForeignKey("changesets.changeset_id"), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("change_note", sa.Text, nullable=False),
        *derived,
        sa.UniqueConstraint(key, "version", name=f"uq_{name}_{key}_version"),
        sa.Index(f"uq_{name}_current_{key}", key, unique=True,
                 sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current")),
        *(sa.Index(index, *columns) for index, columns in VIEW_INDEXES.get(name, {}).items()),
        *(sa.Index(index, *columns, sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current"))
          for index, columns in CURRENT_COVERING_INDEXES.get(name, {}).items()),
    )


VERSIONED_TABLES = {name: _versioned_table(name) for name in KEY_COLUMNS}


def is_current(table: sa.Table) -> sa.ColumnElement:
    """WHERE a row version is current, written as the partial indexes' own predicate (`is_current`, where SQLAlchemy
    writes `is_current = 1` on SQLite): SQLite's planner takes a partial index (the current version of a key) only
    for a query that states its WHERE as is, and without statistics it would rather walk an index that begins with
    is_current, which holds nearly every row (0.7 s instead of 1 ms for ten keys of 671,000 rows)."""
    return sa.literal_column(f"{table.name}.is_current")

# The text read from an uploaded report, kept so every published number's evidence can be read in its context later
# (the sources row's `path`, `uploads/<name>`, names it), and the uploaded file's own bytes (`original`, revision 0005;
# NULL for documents kept before it and for reports brought in from the shared folder): sha256 is theirs. Written
# once per source, in the publishing transaction.
documents = sa.Table(
    "documents", metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("source_format", sa.Text, nullable=False),
    sa.Column("encoding", sa.Text, nullable=False),
    sa.Column("converted_from", sa.Text),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("changeset_id", sa.Integer, sa.ForeignKey("changesets.changeset_id"), nullable=False),
    sa.Column("original", sa.LargeBinary),
)

users = sa.Table(
    "users", metadata,
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("username", sa.Text, nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("locked_until", UtcDateTime),
    sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="ck_users_role"),
)

# Every sign-in attempt, from which client address (NULL for attempts kept before revision 0004). The wrong password
# that reaches the limit carries locked_until: that account is locked for that address until then
# (indicators.store.accounts).
login_attempts = sa.Table(
    "login_attempts", metadata,
    sa.Column("attempt_id", sa.Integer, primary_key=True),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("attempted_at", UtcDateTime, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),  # success, wrong_password, unknown_user, locked
    sa.Column("client", sa.Text),
    sa.Column("locked_until", UtcDateTime),
    sa.Index("ix_login_attempts_username_time", "username", "attempted_at"),
    sa.Index("ix_login_attempts_client_time", "client", "attempted_at"),
)


def database_url(url: str | None = None) -> str:
    """The store's URL: the argument, else `DATABASE_URL`, else SQLite at data/store.sqlite; postgres uses psycopg 3."""
    url = url or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def create_store_engine(url: str | None = None) -> Engine:
    """An engine on the store; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE for writes."""
    engine = sa.create_engine(database_url(url))
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _configure_sqlite_connection)
        sa.event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _begin_sqlite_transaction)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _begin_sqlite_transaction(conn: Connection) -> None:
    """Writers take the write lock at BEGIN, so two writers queue instead of failing on a lock upgrade."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("store_write") else "BEGIN")


def connect_store(url: str | None = None) -> Engine:
    """An engine on a store migrated to the newest revision (empty tables on first use), its statistics current."""
    engine = create_store_engine(url)
    upgrade(engine)
    refresh_statistics(engine)
    return engine


STALE_STATISTICS = 2.0  # SQLite's statistics are renewed when the figures counted differ from them by this factor


def refresh_statistics(engine: Engine) -> None:
    """ANALYZE a SQLite store whose statistics no longer describe it (made on a store 10× smaller, or none): its
    planner picks an index by them, and a wrong pick walks every current row (0.4 s instead of 1 ms at 671,000
    figures). ANALYZE takes about 0.5 s at that size; PostgreSQL's autovacuum keeps its own."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        figures = conn.execute(sa.select(sa.func.count()).select_from(VERSIONED_TABLES["observations"])).scalar_one()
        counted = conn.exec_driver_sql(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'observations' AND idx = 'ix_observations_current_places'"
        ).scalar() if conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar() else None
    described = int(counted.split()[0]) if counted else 0
    if figures and not (described / STALE_STATISTICS <= figures <= described * STALE_STATISTICS):
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations in indicators/store/migrations up to `revision`, one writer at a time."""
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(5051959)"))  # concurrent first starts
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that commits whole or rolls back whole.

    On PostgreSQL it runs at REPEATABLE READ: the reference checks after a write read several tables and must see
    one state (at READ COMMITTED they could see another editor's observations without that editor's source).
    The serialization failures this can raise are retried by run_write. A busy, read-only or unreachable store
    raises StoreBusy, StoreReadOnly or StoreUnavailable (see translated_store_faults)."""
    with translated_store_faults(), engine.connect() as conn:
        conn.execution_options(store_write=True)
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


@contextmanager
def translated_store_faults() -> Iterator[None]:
    """Turn a database error that means "cannot write now" into the project's own StoreUnavailable (or its busy and
    read-only kinds), logging the original; every other error passes unchanged."""
    try:
        yield
    except DBAPIError as error:
        fault = store_fault_of(error)
        if fault is None:
            raise
        LOGGER.warning("store write refused (%s): %s", fault.code, error.orig, exc_info=True)
        raise fault() from None


def store_fault_of(error: DBAPIError) -> type[StoreUnavailable] | None:
    """Which StoreUnavailable a database error is, from SQLite's message or PostgreSQL's SQLSTATE; None for others."""
    message = str(error.orig).lower()
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    for fault, words, states in STORE_FAULTS:
        if any(word in message for word in words) or (sqlstate and sqlstate.startswith(states)):
            return fault
    return None


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """A read transaction that sees one consistent state of every table."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def run_write(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run work(conn) in a write transaction, again from the start when a concurrent writer got in first."""
    attempt = 1
    while True:
        try:
            with write_transaction(engine) as conn:
                return work(conn)
        except (WriteConflict, DBAPIError) as error:
            if attempt == WRITE_ATTEMPTS or not _is_write_conflict(error):
                raise
        time.sleep(0.02 * 2**attempt)
        attempt += 1


def _is_write_conflict(error: Exception) -> bool:
    if isinstance(error, WriteConflict | IntegrityError):
        return True
    return getattr(getattr(error, "orig", None), "sqlstate", None) in RETRIED_SQLSTATES
