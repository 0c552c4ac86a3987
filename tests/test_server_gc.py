"""The server keeps the garbage collector out of every page run: no full collection after each run, and the start-up
build frozen (bench/bench_profile.py measured the collection at 72 % of a warm overview run)."""

import asyncio
import gc
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from streamlit import config as streamlit_config

from components import server

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def start_and_stop() -> None:
    async def lifespan() -> None:
        async with server.warm_caches(None):
            pass

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, lifespan()).result()


def test_streamlit_runs_no_full_collection_after_each_script_run():
    with CONFIG.open("rb") as handle:
        settings = tomllib.load(handle)
    assert settings["runner"]["postScriptGC"] is False
    assert "runner.postScriptGC" in streamlit_config._config_options_template  # an option this Streamlit reads


def test_a_warm_start_freezes_what_it_built(monkeypatch):
    monkeypatch.setattr(server, "prepare_first_visit", lambda: None)
    gc.unfreeze()
    try:
        start_and_stop()
        assert gc.get_freeze_count() > 10_000  # the imported libraries at least
    finally:
        gc.unfreeze()


def test_a_failed_warm_start_freezes_nothing(monkeypatch):
    def broken_store():
        raise ConnectionError("store unreachable")

    monkeypatch.setattr(server, "prepare_first_visit", broken_store)
    gc.unfreeze()
    start_and_stop()
    assert gc.get_freeze_count() == 0
