"""Issue 22 item 8: with the built map layers missing, visitors of / and /province see a message naming the setting,
never the server's path of the missing file."""

import pytest
from google.protobuf.json_format import MessageToDict
from hostile_store import clear_streamlit_caches, run_page


@pytest.fixture
def no_layers(tmp_path, monkeypatch):
    monkeypatch.setenv("VN_GEO_BUILD_DIR", str(tmp_path / "geo-build"))
    clear_streamlit_caches()
    yield tmp_path
    clear_streamlit_caches()


def texts(node) -> list[str]:
    found = [str(value) for value in MessageToDict(node.proto).values()] if getattr(node, "proto", None) else []
    for child in (getattr(node, "children", None) or {}).values():
        found += texts(child)
    return found


@pytest.mark.parametrize("page, params", [(None, {}), ("app_pages/province.py", {"province": "11"})])
def test_a_missing_map_layer_names_the_setting_not_the_path(no_layers, page, params):
    at = run_page(page, params)
    shown = texts(at._tree)
    assert not [text for text in shown if str(no_layers) in text or "/work" in text or ".parquet" in text]
    assert [info.value for info in at.info if "VN_GEO_BUILD_DIR" in info.value]
