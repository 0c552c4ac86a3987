"""The server's own settings agree with the app: the upload limit, and no tracebacks in the browser."""

import importlib.util
import tomllib
from pathlib import Path

from streamlit.config import ShowErrorDetailsConfigOptions

from indicators.intake.extraction.readers import MAX_UPLOAD_BYTES

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def load_config() -> dict:
    with CONFIG.open("rb") as handle:
        return tomllib.load(handle)


def test_the_server_refuses_uploads_above_the_apps_own_limit():
    """Streamlit counts server.maxUploadSize in MiB; without it the server takes 200 MB before the app refuses."""
    assert MAX_UPLOAD_BYTES % 2**20 == 0
    assert load_config()["server"]["maxUploadSize"] == MAX_UPLOAD_BYTES // 2**20


def test_uncaught_errors_show_their_type_without_message_or_traceback():
    """'full' (the default) and 'stacktrace' show tracebacks; a message may hold SQL and paths; 'type' shows neither."""
    value = load_config()["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.TYPE


def test_the_served_settings_are_the_ones_the_bench_measures():
    """`make run` once watched files (0.28 s CPU per warm visit) while `make bench` measured a server without."""
    spec = importlib.util.spec_from_file_location("bench_common", CONFIG.parent.parent / "bench" / "common.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    config = load_config()
    assert ("server.fileWatcherType", "none") in bench.SERVE_SETTINGS
    for name, value in bench.SERVE_SETTINGS:
        section, key = name.split(".")
        assert str(config[section][key]).lower() == value, name
