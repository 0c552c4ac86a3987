"""Sign-in throttling per account and client address: wrong guesses lock that address out, not the account's owner;
one address guessing many accounts is slowed;
`python -m indicators.store.accounts unlock NAME` clears an account's locks."""

import subprocess
import sys
from datetime import timedelta

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from indicators.paths import PROJECT_ROOT
from indicators.store.accounts import (
    LOCK_DURATION,
    MAX_ADDRESS_FAILURES,
    MAX_FAILURES,
    MAX_USERNAME_CHARS,
    UNKNOWN_CLIENT,
    User,
    authenticate,
    create_user,
    load_users,
    unlock_user,
)
from indicators.store.database import connect_store, create_store_engine, login_attempts, upgrade, utc_now

pytest_plugins = ["store_fixtures"]
PASSWORD = "mật khẩu đủ dài"
GUESSER, OWNER = "203.0.113.9", "198.51.100.7"


def attempts(engine, username: str) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        query = (sa.select(login_attempts.c.client, login_attempts.c.outcome)
                 .where(login_attempts.c.username == username).order_by(login_attempts.c.attempt_id))
        return [tuple(row) for row in conn.execute(query)]


def guess_wrong(engine, username: str, client: str, times: int, start) -> None:
    for minute in range(times):
        assert authenticate(engine, username, "wrong password", client=client,
                            now=start + timedelta(minutes=minute)) is None


def test_wrong_guesses_lock_out_their_address_and_not_the_owner_elsewhere(empty_store):
    create_user(empty_store, "an", PASSWORD, "editor")
    start = utc_now()
    guess_wrong(empty_store, "an", GUESSER, MAX_FAILURES, start)
    later = start + timedelta(minutes=MAX_FAILURES)
    assert authenticate(empty_store, "an", PASSWORD, client=GUESSER, now=later) is None
    assert authenticate(empty_store, "an", PASSWORD, client=OWNER, now=later) == User("an", "editor")
    locked_at = start + timedelta(minutes=MAX_FAILURES - 1)
    assert authenticate(empty_store, "an", PASSWORD, client=GUESSER, now=locked_at + LOCK_DURATION) == User(
        "an", "editor")
    assert attempts(empty_store, "an") == (
        [(GUESSER, "wrong_password")] * MAX_FAILURES + [(GUESSER, "locked"), (OWNER, "success"), (GUESSER, "success")]
    )


def test_one_address_guessing_many_accounts_is_slowed_on_that_address_only(empty_store):
    create_user(empty_store, "an", PASSWORD, "editor")
    start = utc_now()
    for number in range(MAX_ADDRESS_FAILURES):
        assert authenticate(empty_store, f"user{number}", PASSWORD, client=GUESSER,
                            now=start + timedelta(seconds=number)) is None
    later = start + timedelta(minutes=1)
    assert authenticate(empty_store, "an", PASSWORD, client=GUESSER, now=later) is None
    assert attempts(empty_store, "an") == [(GUESSER, "locked")]
    assert authenticate(empty_store, "an", PASSWORD, client=OWNER, now=later) == User("an", "editor")
    assert authenticate(empty_store, "an", PASSWORD, client=GUESSER, now=start + timedelta(minutes=16)) == User(
        "an", "editor")


def test_the_unknown_address_is_never_slowed_as_a_whole(empty_store):
    """Every visitor on localhost or behind a proxy shares it: slowing it would lock everyone out at once."""
    create_user(empty_store, "an", PASSWORD, "editor")
    start = utc_now()
    for number in range(MAX_ADDRESS_FAILURES + 5):
        authenticate(empty_store, f"user{number}", PASSWORD, now=start + timedelta(seconds=number))
    assert authenticate(empty_store, "an", PASSWORD, now=start + timedelta(minutes=1)) == User("an", "editor")
    assert attempts(empty_store, "an") == [(UNKNOWN_CLIENT, "success")]


def test_unlock_clears_the_accounts_locks_on_every_address(empty_store):
    create_user(empty_store, "an", PASSWORD, "editor")
    create_user(empty_store, "binh", PASSWORD, "editor")
    start = utc_now() - timedelta(minutes=MAX_FAILURES)
    for client in (GUESSER, OWNER):
        guess_wrong(empty_store, "an", client, MAX_FAILURES, start)
    guess_wrong(empty_store, "binh", GUESSER, MAX_FAILURES, start)
    assert load_users(empty_store)[0]["locked_until"] == start + timedelta(minutes=MAX_FAILURES - 1) + LOCK_DURATION
    assert unlock_user(empty_store, "an") == 2
    assert [account["locked_until"] for account in load_users(empty_store)] == [
        None, start + timedelta(minutes=MAX_FAILURES - 1) + LOCK_DURATION,
    ]
    for client in (GUESSER, OWNER):
        assert authenticate(empty_store, "an", PASSWORD, client=client) == User("an", "editor")
    assert authenticate(empty_store, "binh", PASSWORD, client=GUESSER) is None
    with pytest.raises(KeyError, match="no user 'chi'"):
        unlock_user(empty_store, "chi")


def test_unlocked_failures_do_not_count_again(empty_store):
    create_user(empty_store, "an", PASSWORD, "editor")
    start = utc_now() - timedelta(minutes=MAX_FAILURES)
    guess_wrong(empty_store, "an", GUESSER, MAX_FAILURES, start)
    unlock_user(empty_store, "an")
    assert authenticate(empty_store, "an", "wrong password", client=GUESSER) is None
    assert authenticate(empty_store, "an", PASSWORD, client=GUESSER) == User("an", "editor")


def run_users_cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indicators.store.accounts", *args], cwd=PROJECT_ROOT,
                          env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          check=False, timeout=60)


def test_users_cli_unlock_prints_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'users.sqlite'}"
    engine = connect_store(url)
    create_user(engine, "an", PASSWORD, "editor")
    guess_wrong(engine, "an", GUESSER, MAX_FAILURES, utc_now() - timedelta(minutes=MAX_FAILURES))
    done = run_users_cli(url, "unlock", "an")
    assert (done.returncode, done.stdout, done.stderr) == (0, "an: 1 lock cleared\n", "")
    assert authenticate(engine, "an", PASSWORD, client=GUESSER) == User("an", "editor")
    again = run_users_cli(url, "unlock", "an")
    assert (again.returncode, again.stdout) == (0, "an: 0 locks cleared\n")
    unknown = run_users_cli(url, "unlock", "chi")
    assert (unknown.returncode, unknown.stdout, unknown.stderr) == (1, "", "error: no user 'chi'\n")


def test_a_store_made_before_client_addresses_upgrades_keeping_its_accounts_and_attempts(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = create_store_engine(url)
    upgrade(old, "0002")
    when = utc_now().replace(tzinfo=None, microsecond=0)
    with old.begin() as conn:
        conn.execute(sa.text("INSERT INTO users (username, password_hash, role, created_at) "
                             "VALUES ('an', 'hash', 'editor', :when)"), {"when": when})
        conn.execute(sa.text("INSERT INTO login_attempts (username, attempted_at, outcome) "
                             "VALUES ('an', :when, 'wrong_password'), ('an', :when, 'success')"), {"when": when})
    old.dispose()
    engine = connect_store(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(login_attempts.c.username, login_attempts.c.outcome, login_attempts.c.client,
                                      login_attempts.c.locked_until).order_by(login_attempts.c.attempt_id)).all()
        columns = {column["name"] for column in sa.inspect(conn).get_columns("login_attempts")}
    assert [tuple(row) for row in rows] == [("an", "wrong_password", None, None), ("an", "success", None, None)]
    assert columns == {"attempt_id", "username", "attempted_at", "outcome", "client", "locked_until"}
    assert [account["username"] for account in load_users(engine)] == ["an"]


def sign_in_page(url: str) -> None:
    """The sign-in form alone, on the store at `url`."""
    from components.auth import render_sign_in
    from indicators.store.database import create_store_engine

    render_sign_in(create_store_engine(url), "vi")


def test_the_sign_in_form_passes_the_visitors_address_or_unknown(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = connect_store(url)
    create_user(engine, "an", PASSWORD, "editor")
    at = AppTest.from_function(sign_in_page, args=(url,), default_timeout=30).run()
    at.text_input(key="sign_in_username").input("an")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button(key="sign_in_submit").click().run()
    assert not at.exception
    assert at.session_state["signed_in_user"] == User("an", "editor")
    assert attempts(engine, "an") == [(UNKNOWN_CLIENT, "success")]  # AppTest, like localhost, has no address


# Issue 22 item 6.

def test_unlock_also_releases_an_address_held_back_for_failures_on_many_accounts(empty_store):
    create_user(empty_store, "an", PASSWORD, "editor")
    start = utc_now() - timedelta(minutes=5)
    for number in range(MAX_ADDRESS_FAILURES - 1):
        authenticate(empty_store, f"user{number}", PASSWORD, client=OWNER, now=start + timedelta(seconds=number))
    authenticate(empty_store, "an", "wrong password", client=OWNER, now=start + timedelta(minutes=1))
    assert authenticate(empty_store, "an", PASSWORD, client=OWNER) is None  # the address is held back
    assert unlock_user(empty_store, "an") == 1
    assert authenticate(empty_store, "an", PASSWORD, client=OWNER) == User("an", "editor")


def test_a_huge_user_name_is_cut_before_it_is_stored(empty_store):
    huge = "a" * 2_000_000
    assert authenticate(empty_store, huge, PASSWORD, client=GUESSER) is None
    with empty_store.connect() as conn:
        stored = conn.execute(sa.select(sa.func.max(sa.func.length(login_attempts.c.username)))).scalar()
    assert stored == MAX_USERNAME_CHARS
    with pytest.raises(ValueError, match="1 to 64 characters"):
        create_user(empty_store, "b" * (MAX_USERNAME_CHARS + 1), PASSWORD)


def test_a_forwarded_for_header_is_ignored_unless_its_proxy_is_configured(monkeypatch):
    """uvicorn trusted X-Forwarded-For from 127.0.0.1 by default: behind no proxy, every attempt had a new address."""
    import uvicorn
    from async_helpers import run_coroutine
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from components import server

    def client_seen(trusted: str | None) -> str:
        monkeypatch.delenv(server.TRUSTED_PROXIES, raising=False)
        if trusted is not None:
            monkeypatch.setenv(server.TRUSTED_PROXIES, trusted)
        server.trust_only_configured_proxies()
        seen = {}

        async def app(scope, _receive, _send):
            seen["client"] = scope["client"][0]

        config = uvicorn.Config(app)
        scope = {"type": "websocket", "client": ("127.0.0.1", 5000), "scheme": "ws",
                 "headers": [(b"x-forwarded-for", b"203.0.113.9")]}
        run_coroutine(ProxyHeadersMiddleware(app, trusted_hosts=config.forwarded_allow_ips)(scope, None, None))
        return seen["client"]

    assert client_seen(None) == "127.0.0.1"
    assert client_seen("127.0.0.1") == "203.0.113.9"


def test_a_direct_visitor_on_this_machine_has_an_address_of_their_own(monkeypatch):
    from components import auth

    monkeypatch.setattr(auth, "_get_client_context", lambda: type("Context", (), {"remote_ip": "127.0.0.1"})())
    assert auth.client_address() == "127.0.0.1"
    monkeypatch.setattr(auth, "_get_client_context", lambda: None)
    assert auth.client_address() == UNKNOWN_CLIENT
