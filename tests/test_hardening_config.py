"""The server's own settings agree with the app: the upload limit, and no tracebacks in the browser."""

import tomllib
from pathlib import Path

from streamlit.config import ShowErrorDetailsConfigOptions

from indicators.extraction.readers import MAX_UPLOAD_BYTES

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
