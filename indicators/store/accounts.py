"""Store accounts: argon2-hashed passwords, roles, throttled logins;
`python -m indicators.store.accounts` manages them."""

import argparse
import functools
import getpass
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine

from indicators.safety import cut
from indicators.store.database import ROLES, connect_store, login_attempts, users, utc_now, write_transaction

PUBLISHING_ROLES = ("editor", "admin")
MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5  # wrong passwords for one account from one address within FAILURE_WINDOW lock that pair
MAX_ADDRESS_FAILURES = 20  # failed sign-ins from one address, whatever the accounts, within FAILURE_WINDOW
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
UNKNOWN_CLIENT = "unknown"  # no address known: localhost, or every visitor behind one proxy
MAX_CLIENT_CHARS = 64
MAX_USERNAME_CHARS = 64  # a longer name is no account's: a sign-in records it cut (a 2 MB name grew the store 4 MB)
UNLOCKED = "unlocked"  # an attempt row `unlock` writes for each address it releases: failures before it stop counting
FAILED_OUTCOMES = ("wrong_password", "unknown_user")
HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    """A signed-in account."""

    username: str
    role: str


def create_user(engine: Engine, username: str, password: str, role: str = "viewer") -> User:
    """Add an account with an argon2id password hash; refuses a taken name, an unknown role or a short password."""
    check_role(role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if not 0 < len(username) <= MAX_USERNAME_CHARS:
        raise ValueError(f"a user name has 1 to {MAX_USERNAME_CHARS} characters")
    with write_transaction(engine) as conn:
        if _find_user(conn, username) is not None:
            raise ValueError(f"user '{username}' already exists")
        conn.execute(sa.insert(users).values(username=username, password_hash=HASHER.hash(password), role=role,
                                             created_at=utc_now()))
    return User(username, role)


def set_role(engine: Engine, username: str, role: str) -> User:
    """Give an existing account another role."""
    check_role(role)
    with write_transaction(engine) as conn:
        updated = conn.execute(sa.update(users).where(users.c.username == username).values(role=role))
        if updated.rowcount != 1:
            raise KeyError(f"no user '{username}'")
    return User(username, role)


def load_users(engine: Engine) -> list[dict]:
    """Every account's name, role, creation time and the end of its latest lock still in force on any address (None
    when it is locked nowhere), by name (no hashes)."""
    attempts = login_attempts.c
    locks = (sa.select(attempts.username, sa.func.max(attempts.locked_until).label("locked_until"))
             .where(attempts.locked_until > utc_now()).group_by(attempts.username).subquery())
    query = (sa.select(users.c.username, users.c.role, users.c.created_at, locks.c.locked_until)
             .outerjoin(locks, locks.c.username == users.c.username).order_by(users.c.username))
    with engine.connect() as conn:
        return [row._asdict() for row in conn.execute(query)]


def unlock_user(engine: Engine, username: str, *, now: datetime | None = None) -> int:
    """End the account's locks on every address now, and the hold of every address it was tried from that is held
    back (too many failures whatever the accounts); how many locks and holds were in force. KeyError for an unknown
    account.

    The failures before the unlock no longer count towards a new lock or hold."""
    now = now or utc_now()
    attempts = login_attempts.c
    with write_transaction(engine) as conn:
        if _find_user(conn, username) is None:
            raise KeyError(f"no user '{username}'")
        ended = conn.execute(sa.update(login_attempts)
                             .where(attempts.username == username, attempts.locked_until > now)
                             .values(locked_until=now))
        tried_from = conn.execute(sa.select(attempts.client).distinct().where(
            attempts.username == username, attempts.attempted_at > now - FAILURE_WINDOW)).scalars()
        held = [client for client in tried_from if client and _address_held_back(conn, client, now)]
        for client in held:
            conn.execute(sa.insert(login_attempts).values(username=username, client=client, attempted_at=now,
                                                          outcome=UNLOCKED))
        return ended.rowcount + len(held)


def check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role '{role}' is not one of {', '.join(ROLES)}")


def require_publisher(conn: Connection, user: User) -> None:
    """Raise PermissionError unless the account, as stored now, may publish (editor or admin)."""
    row = _find_user(conn, user.username)
    if row is None or row.role not in PUBLISHING_ROLES:
        raise PermissionError(f"user '{user.username}' may not publish: editors and admins only")


def authenticate(engine: Engine, username: str, password: str, *, client: str = UNKNOWN_CLIENT,
                 now: datetime | None = None) -> User | None:
    """The account when the password is right and the client address is not locked out; None otherwise, whatever
    the reason.

    Every attempt is recorded with its client address. MAX_FAILURES wrong passwords for one account from one address
    within FAILURE_WINDOW lock that account for that address for LOCK_DURATION (its owner elsewhere still gets in);
    MAX_ADDRESS_FAILURES failures from one known address, whatever the accounts, hold that address back until they
    age out of the window. A hash is always verified so that unknown names and locks answer in about the same time.
    A store that cannot be written raises indicators.store.database.StoreUnavailable.
    """
    now = now or utc_now()
    client = cut(client or UNKNOWN_CLIENT, MAX_CLIENT_CHARS)
    username = cut(username, MAX_USERNAME_CHARS)
    with engine.connect() as conn:  # the slow hash runs outside the write transaction
        stored = _find_user(conn, username)
    password_ok = _verify(stored.password_hash if stored else _dummy_hash(), password)
    with write_transaction(engine) as conn:
        row = _find_user(conn, username)
        outcome = _outcome(conn, row, client, password_ok, now)
        attempt = conn.execute(sa.insert(login_attempts).values(username=username, client=client, attempted_at=now,
                                                                outcome=outcome))
        if outcome == "wrong_password":
            _lock_after_too_many_failures(conn, row.username, client, now, attempt.inserted_primary_key[0])
        if outcome != "success":
            return None
        _rehash_if_needed(conn, row, password)
        return User(row.username, row.role)


def _outcome(conn: Connection, row, client: str, password_ok: bool, now: datetime) -> str:
    if _address_held_back(conn, client, now):
        return "locked"
    if row is None:
        return "unknown_user"
    if (_lock_end(conn, row.username, client) or now) > now:
        return "locked"
    return "success" if password_ok else "wrong_password"


def _address_held_back(conn: Connection, client: str, now: datetime) -> bool:
    """MAX_ADDRESS_FAILURES failed sign-ins from this address within the window and since an unlock released it (never
    for the unknown address)."""
    if client == UNKNOWN_CLIENT:
        return False
    attempts = login_attempts.c
    released = conn.execute(sa.select(sa.func.max(attempts.attempted_at))
                            .where(attempts.client == client, attempts.outcome == UNLOCKED)).scalar()
    since = max(now - FAILURE_WINDOW, released) if released else now - FAILURE_WINDOW
    failures = conn.execute(
        sa.select(sa.func.count()).select_from(login_attempts)
        .where(attempts.client == client, attempts.outcome.in_(FAILED_OUTCOMES), attempts.attempted_at > since)
    ).scalar_one()
    return failures >= MAX_ADDRESS_FAILURES


def _lock_end(conn: Connection, username: str, client: str) -> datetime | None:
    """When the latest lock of this account for this address ends (or was ended by an unlock); None if never locked."""
    attempts = login_attempts.c
    return conn.execute(sa.select(sa.func.max(attempts.locked_until))
                        .where(attempts.username == username, attempts.client == client)).scalar()


def _lock_after_too_many_failures(conn: Connection, username: str, client: str, now: datetime,
                                  attempt_id: int) -> None:
    """Lock this account for this address when its wrong passwords from there since the window start, the last
    success there and the end of the last lock there reach the limit; the attempt that reaches it carries the lock."""
    attempts = login_attempts.c
    pair = (attempts.username == username, attempts.client == client)
    last_success = conn.execute(
        sa.select(sa.func.max(attempts.attempted_at)).where(*pair, attempts.outcome == "success")
    ).scalar()
    since = max(t for t in (now - FAILURE_WINDOW, last_success, _lock_end(conn, username, client)) if t is not None)
    failures = conn.execute(
        sa.select(sa.func.count()).select_from(login_attempts)
        .where(*pair, attempts.outcome == "wrong_password", attempts.attempted_at > since)
    ).scalar_one()
    if failures >= MAX_FAILURES:
        conn.execute(sa.update(login_attempts).where(attempts.attempt_id == attempt_id)
                     .values(locked_until=now + LOCK_DURATION))


def _rehash_if_needed(conn: Connection, row, password: str) -> None:
    if HASHER.check_needs_rehash(row.password_hash):
        conn.execute(sa.update(users).where(users.c.user_id == row.user_id)
                     .values(password_hash=HASHER.hash(password)))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash("not a password of anyone")


def _find_user(conn: Connection, username: str):
    return conn.execute(sa.select(users).where(users.c.username == username)).first()


def read_new_password(from_stdin: bool) -> str:
    """The first line of standard input, or a password typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != password:
        raise ValueError("the two passwords differ")
    return password


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indicators.store.accounts", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="add an account; the password is read from a prompt or stdin")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, default="viewer")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    commands.add_parser("list", help="print every account: name, role, created, locked until")
    set_role_parser = commands.add_parser("set-role", help="change an account's role")
    set_role_parser.add_argument("username")
    set_role_parser.add_argument("role", choices=ROLES)
    unlock = commands.add_parser("unlock", help="end an account's sign-in locks, on every client address")
    unlock.add_argument("username")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one account command on the store named by DATABASE_URL (default: SQLite data/store.sqlite)."""
    args = build_parser().parse_args(argv)
    engine = connect_store()
    try:
        if args.command == "create":
            user = create_user(engine, args.username, read_new_password(args.password_stdin), args.role)
            print(f"created {user.username} ({user.role})")
        elif args.command == "set-role":
            user = set_role(engine, args.username, args.role)
            print(f"{user.username} is now {user.role}")
        elif args.command == "unlock":
            cleared = unlock_user(engine, args.username)
            print(f"{args.username}: {cleared} lock{'' if cleared == 1 else 's'} cleared")
        else:
            for account in load_users(engine):
                print("\t".join([account["username"], account["role"], _iso(account["created_at"]),
                                 _iso(account["locked_until"])]))
    except (ValueError, KeyError) as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 1
    return 0


def _iso(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


if __name__ == "__main__":
    sys.exit(main())
