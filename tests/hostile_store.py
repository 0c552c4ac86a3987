"""A store of the real data with hostile text planted in published rows, and AppTest helpers to run every page on it.

The strings are what a hostile or careless report could carry: cells a spreadsheet would run as formulas
(`= + - @`, tab, CR) and markdown that would draw a link or fetch an image. The store refuses such cells at the door
(indicators/safety.py), so they are written straight into the current rows, as a store filled before that check (or
edited by hand) would hold them: the pages and downloads must still be safe.
"""

import os
from pathlib import Path
from unittest.mock import patch

import sqlalchemy as sa
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from indicators.store.database import KEY_COLUMNS, VERSIONED_TABLES
from indicators.store.published import open_store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 120
DIEN_BIEN_SOURCE, CAO_BANG_SOURCE = "000_7d6bc60bc6dc7dcc", "001_a2eeeaaec17ca9df"
LINK = "[Đăng nhập lại tại đây](http://evil.example/login)"
IMAGE = "![a](http://evil.example/px.gif)"
# table → key → column → hostile value. Tab and CR stay out of the deck's texts (a control character breaks the
# deck's text measuring, a separate defect): they sit in source notes, which the XLSX key sheet carries.
HOSTILE_EDITS = {
    "sources": {
        DIEN_BIEN_SOURCE: {"title": '=HYPERLINK("http://x","y")', "publisher": LINK,
                           "path": f"seeds/a`{LINK}`.txt"},
        CAO_BANG_SOURCE: {"title": f"{IMAGE} {LINK}", "publisher": "@SUM(1+1)*cmd|' /C calc'!A0",
                          "url": "http://x.example/[a](http://evil.example/u)", "date_note": "\t=1+1",
                          "licence_note": "\r=1+1"},
    },
    "observations": {
        f"{DIEN_BIEN_SOURCE}-001": {"evidence": "@SUM(1+1)"},
        # a region's figure: its place is named as the source wrote it (a coded place's, by the gazetteer)
        "30_tp-hcm-giao-luu-phia-nam-2024-001": {"place_name": "=cmd|' /C calc'!A0"},
        f"{DIEN_BIEN_SOURCE}-005": {"organisation": "+cmd|' /C calc'!A0", "evidence": "-A1+1"},
        f"{CAO_BANG_SOURCE}-002": {"organisation": LINK, "evidence": IMAGE},
    },
    "models": {
        f"{DIEN_BIEN_SOURCE}-m01": {"name": '=HYPERLINK("http://x","y")', "evidence": "\t=1"},
        f"{DIEN_BIEN_SOURCE}-m02": {"name": LINK, "summary": IMAGE, "organisation": "-2+3", "org_type": "other"},
    },
}
FORMULA_VALUES = sorted({value for rows in HOSTILE_EDITS.values() for changes in rows.values()
                         for value in changes.values() if value.startswith(("=", "+", "-", "@", "\t", "\r"))})


def build_hostile_store(folder: Path) -> str:
    """A SQLite store filled from data/, then the hostile values written into its current rows; its URL."""
    url = f"sqlite:///{folder / 'hostile.sqlite'}"
    engine = open_store(url)
    with engine.begin() as conn:
        for name, rows in HOSTILE_EDITS.items():
            table = VERSIONED_TABLES[name]
            for key, changes in rows.items():
                where = (table.c[KEY_COLUMNS[name]] == key) & table.c.is_current
                assert conn.execute(sa.update(table).where(where).values(**changes)).rowcount == 1, key
    engine.dispose()
    return url


def clear_streamlit_caches() -> None:
    """The caches are per process: forget the store, dataset and views of the tests before (or of this one)."""
    st.cache_resource.clear()
    st.cache_data.clear()


def use_hostile_store(folder: Path):
    """Generator body of a fixture: the app reads the hostile store while the fixture lives, the usual one after."""
    yield from use_store(build_hostile_store(folder))


def use_store(url: str):
    """Generator body of a fixture: the app reads the store at `url` while the fixture lives, the usual one after."""
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    clear_streamlit_caches()
    yield url
    clear_streamlit_caches()
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous


class RecordingMediaFileManager(MediaFileManager):
    """AppTest makes a media file manager per run and drops it after: keep the last one to read downloads from."""

    last: MediaFileManager | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        RecordingMediaFileManager.last = self


def run_page(file: str | None, params: dict[str, str], session: dict | None = None) -> AppTest:
    """Run one page (None: the overview) under AppTest with these link parameters; no exception allowed."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    for name, value in (session or {}).items():
        at.session_state[name] = value
    if file is not None:
        at.switch_page(file)
    return run_again(at)


def run_again(at: AppTest) -> AppTest:
    """Run the page (again, after a click), keeping its downloads readable by download_file; no exception allowed."""
    with patch.object(app_test_module, "MediaFileManager", RecordingMediaFileManager):
        at.run()
    assert [e.value for e in at.exception] == []
    return at


def download_file(button) -> tuple[str, str, bytes]:
    """(file name, MIME type, bytes) of a download button of the last run, built as a click would build it."""
    manager = RecordingMediaFileManager.last
    url = manager.execute_deferred(button.proto.deferred_file_id) if button.proto.deferred_file_id else button.proto.url
    stored = manager.read_file(Path(url).stem)
    return stored.filename, stored.mimetype, stored.content
