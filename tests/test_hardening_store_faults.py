"""A busy or read-only store refuses a write with the project's own error (no SQL, no paths), stores nothing and logs
the database's own words; the sign-in form says so in the visitor's language."""

import logging
import os
import shutil

import pytest
from store_helpers import PASSWORD, held_by_another_writer, row_counts, seeded_sqlite_store
from streamlit.testing.v1 import AppTest

from briefing.i18n import translate
from indicators.intake.refusal import Refusal
from indicators.store.accounts import User, authenticate
from indicators.store.database import (
    SQLITE_BUSY_TIMEOUT_MS,
    StoreBusy,
    StoreReadOnly,
    StoreUnavailable,
    create_store_engine,
)
from indicators.store.published import load_published_dataset, publish


@pytest.fixture
def sqlite_store(tmp_path):
    """A seeded SQLite store with one editor; its file path and engine."""
    path = tmp_path / "store.sqlite"
    engine = seeded_sqlite_store(path)
    yield path, engine
    engine.dispose()


def read_only_copy(path, tmp_path):
    """A copy of a store file, mode 0444, opened read-only (root ignores the mode; mode=ro holds for everyone)."""
    copy = tmp_path / "read-only.sqlite"
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o444)
    return create_store_engine(f"sqlite:///file:{copy}?mode=ro&uri=true")


def assert_plain_words(error: Exception, tmp_path) -> None:
    assert "SQL" not in str(error) and str(tmp_path) not in str(error) and "sqlite" not in str(error).lower()


def test_a_publish_while_another_writer_holds_the_store_is_refused_as_busy(sqlite_store, tmp_path, caplog):
    path, engine = sqlite_store
    sources = load_published_dataset(engine).sources.head(1).assign(title="Tiêu đề mới")
    before = row_counts(engine)
    with (held_by_another_writer(path), caplog.at_level(logging.WARNING, logger="indicators.store.database"),
          pytest.raises(StoreBusy) as caught):
        publish(engine, User("an", "editor"), sources=sources, note="while busy")
    assert (caught.value.kind, caught.value.code, str(caught.value)) == (
        "store", "busy", "The store is busy: another writer holds it. Nothing was stored; try again in a moment.",
    )
    assert isinstance(caught.value, StoreUnavailable) and isinstance(caught.value, Refusal)
    assert_plain_words(caught.value, tmp_path)
    assert "database is locked" in caplog.text
    assert row_counts(engine) == before
    assert SQLITE_BUSY_TIMEOUT_MS <= 5_000  # a busy store answers within seconds, not after half a minute


def test_sign_in_on_a_read_only_store_is_refused_as_read_only(sqlite_store, tmp_path, caplog):
    path, engine = sqlite_store
    engine.dispose()
    read_only = read_only_copy(path, tmp_path)
    with caplog.at_level(logging.WARNING, logger="indicators.store.database"), pytest.raises(StoreReadOnly) as caught:
        authenticate(read_only, "an", PASSWORD, client="203.0.113.9")
    assert (caught.value.code, str(caught.value)) == (
        "read_only", "The store is read-only. Nothing was stored; ask an administrator.",
    )
    assert_plain_words(caught.value, tmp_path)
    assert "attempt to write a readonly database" in caplog.text
    read_only.dispose()


def sign_in_page(url: str, lang: str) -> None:
    """The sign-in form alone, on the store at `url`."""
    from components.auth import render_sign_in
    from indicators.store.database import create_store_engine

    render_sign_in(create_store_engine(url), lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sign_in_form_says_the_store_is_read_only_and_shows_no_sql(sqlite_store, tmp_path, lang):
    path, engine = sqlite_store
    engine.dispose()
    read_only_copy(path, tmp_path).dispose()
    url = f"sqlite:///file:{tmp_path / 'read-only.sqlite'}?mode=ro&uri=true"
    at = AppTest.from_function(sign_in_page, args=(url, lang), default_timeout=30).run()
    at.text_input(key="sign_in_username").input("an")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button(key="sign_in_submit").click().run()
    assert not at.exception
    assert [error.value for error in at.error] == [translate("store_read_only", lang)]
    assert translate("store_read_only", "vi").startswith("Cơ sở dữ liệu đang ở chế độ chỉ đọc: chưa lưu gì")
