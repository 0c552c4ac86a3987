"""Accounts: argon2id hashes, roles, throttled logins recorded in the store, and the users CLI."""

import subprocess
import sys
from datetime import timedelta

import pytest
import sqlalchemy as sa

from indicators.paths import PROJECT_ROOT
from indicators.store.accounts import LOCK_DURATION, MAX_FAILURES, User, authenticate, create_user, load_users, set_role
from indicators.store.database import connect_store, login_attempts, users, utc_now

pytest_plugins = ["store_fixtures"]
PASSWORD = "mật khẩu đủ dài"


def stored_hash(engine, username: str) -> str:
    with engine.connect() as conn:
        return conn.execute(sa.select(users.c.password_hash).where(users.c.username == username)).scalar_one()


def attempt_outcomes(engine, username: str) -> list[str]:
    with engine.connect() as conn:
        query = (sa.select(login_attempts.c.outcome).where(login_attempts.c.username == username)
                 .order_by(login_attempts.c.attempt_id))
        return list(conn.execute(query).scalars())


def test_passwords_are_stored_as_argon2id_and_checked(empty_store):
    assert create_user(empty_store, "an", PASSWORD, "editor") == User("an", "editor")
    assert stored_hash(empty_store, "an").startswith("$argon2id$v=19$")
    assert PASSWORD not in stored_hash(empty_store, "an")
    assert authenticate(empty_store, "an", PASSWORD) == User("an", "editor")
    assert authenticate(empty_store, "an", PASSWORD + "x") is None
    assert authenticate(empty_store, "nobody", PASSWORD) is None
    assert attempt_outcomes(empty_store, "an") == ["success", "wrong_password"]
    assert attempt_outcomes(empty_store, "nobody") == ["unknown_user"]


@pytest.mark.parametrize(("username", "password", "role", "message"), [
    ("an", PASSWORD, "editor", "user 'an' already exists"),
    ("binh", PASSWORD, "owner", "role 'owner' is not one of viewer, editor, admin"),
    ("binh", "short", "viewer", "the password must have at least 8 characters"),
])
def test_create_user_refuses_taken_names_unknown_roles_and_short_passwords(empty_store, username, password, role,
                                                                             message):
    create_user(empty_store, "an", PASSWORD, "viewer")
    with pytest.raises(ValueError, match=message):
        create_user(empty_store, username, password, role)
    assert [account["username"] for account in load_users(empty_store)] == ["an"]


def test_too_many_wrong_passwords_lock_the_account_for_a_while(empty_store):
    create_user(empty_store, "an", PASSWORD, "editor")
    start = utc_now()
    for minute in range(MAX_FAILURES):
        assert authenticate(empty_store, "an", "wrong password", now=start + timedelta(minutes=minute)) is None
    locked_at = start + timedelta(minutes=MAX_FAILURES - 1)
    assert load_users(empty_store)[0]["locked_until"] == locked_at + LOCK_DURATION
    assert authenticate(empty_store, "an", PASSWORD, now=locked_at + LOCK_DURATION - timedelta(seconds=1)) is None
    assert authenticate(empty_store, "an", PASSWORD, now=locked_at + LOCK_DURATION) == User("an", "editor")
    assert attempt_outcomes(empty_store, "an") == ["wrong_password"] * MAX_FAILURES + ["locked", "success"]


def test_failures_spread_beyond_the_window_or_before_a_success_do_not_lock(empty_store):
    create_user(empty_store, "an", PASSWORD, "viewer")
    start = utc_now()
    for minute in (0, 5, 10, 16, 20):  # the first falls out of the 15-minute window by the fifth
        authenticate(empty_store, "an", "wrong password", now=start + timedelta(minutes=minute))
    assert authenticate(empty_store, "an", PASSWORD, now=start + timedelta(minutes=21)) == User("an", "viewer")
    for minute in (22, 23, 24, 25):  # four more after the success: still below the limit
        authenticate(empty_store, "an", "wrong password", now=start + timedelta(minutes=minute))
    assert load_users(empty_store)[0]["locked_until"] is None


def test_set_role_changes_what_the_account_may_do(empty_store):
    create_user(empty_store, "an", PASSWORD, "viewer")
    assert set_role(empty_store, "an", "admin") == User("an", "admin")
    assert authenticate(empty_store, "an", PASSWORD) == User("an", "admin")
    with pytest.raises(KeyError, match="no user 'binh'"):
        set_role(empty_store, "binh", "editor")


def run_users_cli(url: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indicators.store.accounts", *args], cwd=PROJECT_ROOT, input=password,
                          env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          check=False, timeout=60)


def test_users_cli_creates_lists_and_changes_roles(tmp_path):
    url = f"sqlite:///{tmp_path / 'users.sqlite'}"
    created = run_users_cli(url, "create", "an", "--role", "editor", "--password-stdin", password=PASSWORD + "\n")
    assert (created.returncode, created.stdout, created.stderr) == (0, "created an (editor)\n", "")
    assert run_users_cli(url, "set-role", "an", "admin").stdout == "an is now admin\n"
    duplicate = run_users_cli(url, "create", "an", "--password-stdin", password=PASSWORD + "\n")
    assert (duplicate.returncode, duplicate.stderr) == (1, "error: user 'an' already exists\n")
    wrong_role = run_users_cli(url, "set-role", "an", "owner")
    assert wrong_role.returncode == 2
    assert "invalid choice: 'owner'" in wrong_role.stderr
    engine = connect_store(url)
    created_at = load_users(engine)[0]["created_at"].isoformat(timespec="seconds")
    assert run_users_cli(url, "list").stdout == f"an\tadmin\t{created_at}\t\n"
    assert authenticate(engine, "an", PASSWORD) == User("an", "admin")
