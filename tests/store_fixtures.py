"""Store fixtures: a throw-away PostgreSQL server on loopback, and empty or seeded stores on SQLite and PostgreSQL."""

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from glob import glob
from pathlib import Path

import pytest
import sqlalchemy as sa

from indicators.paths import DATA_DIR
from indicators.store.accounts import create_user
from indicators.store.database import connect_store
from indicators.store.published import import_tables

BACKENDS = ["sqlite", "postgresql"]
SERVER_USER = "postgres"  # PostgreSQL refuses to run as root; as root the server runs as this account
EDITOR_PASSWORD = "correct horse battery"


def postgres_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL's bin directory (/usr/lib/postgresql/<version>/bin), else pg_ctl's on PATH."""
    found = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: float(Path(p).parent.parent.name))
    on_path = shutil.which("pg_ctl")
    pg_ctl = found[-1] if found else on_path
    return Path(pg_ctl).resolve().parent if pg_ctl else None


def skip_or_fail(reason: str) -> None:
    """Skip on a developer machine; in CI (CI set) a missing PostgreSQL is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def server_account() -> dict:
    """subprocess arguments that run the server as SERVER_USER when we are root, as ourselves otherwise."""
    if os.geteuid() != 0:
        return {}
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        skip_or_fail(f"running as root and there is no '{SERVER_USER}' account to run PostgreSQL as")
    return {"user": SERVER_USER, "group": SERVER_USER, "extra_groups": []}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_server_command(args: list, workdir: Path, account: dict) -> None:
    result = subprocess.run([str(a) for a in args], cwd=workdir, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=120, check=False, env={**os.environ, "HOME": str(workdir)}, **account)
    if result.returncode != 0:
        log = workdir / "server.log"
        pytest.fail(f"{args[0]} failed: {result.stderr}\n{log.read_text() if log.exists() else ''}", pytrace=False)


@pytest.fixture(scope="session")
def postgres_server():
    """Start a PostgreSQL cluster in a temporary folder on 127.0.0.1 and a free port; its admin URL."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        skip_or_fail("PostgreSQL server binaries not found (apt-get install postgresql)")
    account = server_account()
    workdir = Path(tempfile.mkdtemp(prefix="store_pg_", dir="/tmp" if account else None))  # reachable by postgres
    password = secrets.token_hex(16)
    (workdir / "password").write_text(password)
    if account:
        shutil.chown(workdir, SERVER_USER, SERVER_USER)
        shutil.chown(workdir / "password", SERVER_USER, SERVER_USER)
    data, port = workdir / "data", free_port()
    run_server_command([bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=scram-sha-256",
                        f"--pwfile={workdir / 'password'}", "-E", "UTF8", "--no-locale", "--no-sync"],
                       workdir, account)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={workdir} -c fsync=off"
    run_server_command([bin_dir / "pg_ctl", "-D", data, "-l", workdir / "server.log", "-o", options, "-w", "-t", "60",
                        "start"], workdir, account)
    try:
        yield f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}"
    finally:
        run_server_command([bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], workdir, account)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_server):
    """A fresh database on the session's server, dropped after the test."""
    name = f"store_{secrets.token_hex(6)}"
    admin = sa.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield f"{postgres_server}/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """The URL of an empty database: SQLite in a temporary folder, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("postgres_database")


@pytest.fixture
def empty_store(store_url):
    """A migrated store with no rows."""
    engine = connect_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded_store(empty_store):
    """A store holding the curated tables of data/ (the real data on purpose: the store tests import and export
    them; counts are taken before and after), imported by 'curator'."""
    import_tables(empty_store, DATA_DIR, by="curator", note="seed for tests")
    return empty_store


@pytest.fixture
def editor(seeded_store):
    return create_user(seeded_store, "editor_an", EDITOR_PASSWORD, "editor")


@pytest.fixture
def viewer(seeded_store):
    return create_user(seeded_store, "viewer_binh", EDITOR_PASSWORD, "viewer")
