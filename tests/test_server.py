"""The server around the dashboard: `streamlit run app.py` serves our st.App, chart pages start the chart code at
once, and the default overview is built before the first visitor (a failure there never stops the server)."""

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import plotly.graph_objects as go
import plotly.io
import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from briefing.pages import PAGES, chart_paths
from components import server
from components.server import PRELOAD_SWITCH, STREAMLIT_STATIC, chart_page_html, chart_page_routes

ROOT = Path(__file__).resolve().parent.parent


def test_streamlit_run_finds_the_app_in_app_py():
    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app and found.import_string == "app:app"


def test_chart_page_html_preloads_and_starts_the_plotly_module_streamlit_ships():
    html = chart_page_html()
    chunk = server.plotly_chunk_name()
    assert chunk is not None and (STREAMLIT_STATIC / "static" / "js" / chunk).stat().st_size > 1_000_000
    head = html.split("</head>", 1)[0]
    assert f'<link rel="modulepreload" crossorigin href="./static/js/{chunk}"' in head
    assert f'import("./static/js/{chunk}")' in head
    # Everything Streamlit's own page holds is still there (its entry module, the font preload, the root element).
    streamlit_index = (STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8")
    assert html.replace(head, "") == streamlit_index.replace(streamlit_index.split("</head>", 1)[0], "")
    assert html.count('<script type="module"') == streamlit_index.count('<script type="module"') + 2


def test_chart_page_html_loads_the_province_pages_grid_and_search_code_after_the_first_chart():
    head = chart_page_html().split("</head>", 1)[0]
    (later,) = [line for line in head.splitlines() if "requestIdleCallback" in line]
    for element in server.LATER_CHUNKS:
        name = server.chunk_name(element)
        assert (STREAMLIT_STATIC / "static" / "js" / name).is_file() and f"./static/js/{name}" in later
    assert later.index('.querySelector(".js-plotly-plot .main-svg")') < later.index("import(href)")


def test_chart_page_html_is_streamlits_own_with_one_warning_when_the_build_has_no_plotly_module(monkeypatch, caplog):
    monkeypatch.setattr(server, "plotly_chunk_name", lambda: None)
    chart_page_html.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger=server.__name__):
            pages = [chart_page_html() for _ in range(3)]
        assert pages == [(STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8")] * 3
        assert [r.getMessage().split(";")[0] for r in caplog.records] == [
            f"Streamlit's plotly chunk (static/js/PlotlyChart.*.js) was not found in {STREAMLIT_STATIC}"]
    finally:
        chart_page_html.cache_clear()


def test_the_preload_can_be_switched_off(monkeypatch):
    monkeypatch.setenv(PRELOAD_SWITCH, "0")
    assert chart_page_routes() == []
    monkeypatch.setenv(PRELOAD_SWITCH, "1")
    assert len(chart_page_routes()) == len(chart_paths())


def test_routes_cover_only_the_chart_pages_and_follow_the_base_url_path():
    assert [r.path for r in chart_page_routes()] == ["/", "/compare", "/province", "/trends"]
    assert [r.path for r in chart_page_routes("/dashboard/")] == [
        "/dashboard/", "/dashboard/compare", "/dashboard/province", "/dashboard/trends"]
    # The registry says which pages are chart pages; the others Streamlit serves as it is.
    assert {page.path for page in PAGES if not page.chart_page} == {"/models", "/sources", "/ingest"}


def test_building_the_default_overview_fills_the_view_cache_with_the_real_map():
    from components import cached

    cached.get_view_content.clear()
    cached.get_sent_figure.clear()
    server.prepare_first_visit()
    content = cached.get_view_content("/")
    figure = content.map_figure
    assert isinstance(figure, go.Figure)
    assert cached.get_view_content("/") is content and content.map_figure is figure  # built once, then served
    areas = [trace for trace in figure.data if trace.type == "choropleth"]
    assert sum(len(trace.locations) for trace in areas) == 63
    # The map and the ranking as the page sends them are ready too: the first visit pays no plotly copy.
    for name in ("map", "chart"):
        assert cached.get_sent_figure("/", name)._sent is not None


@pytest.mark.parametrize(("link", "name"), [("/", "map"), ("/", "chart"), ("/province?province=11", "map"),
                                            ("/compare", "chart"), ("/trends", "chart")])
def test_a_page_sends_the_views_own_figure_copied_once(link, name):
    from components import cached

    view_figure = cached.get_view_content(link).figure(name)
    sent = cached.get_sent_figure(link, name)
    assert sent.to_dict() is sent.to_dict()  # made once, not deep-copied on every run
    assert (json.loads(plotly.io.to_json(sent.to_dict(), validate=False))
            == json.loads(plotly.io.to_json(view_figure.to_dict(), validate=False)))  # the same figure, key for key
    assert view_figure.to_dict() is not view_figure.to_dict()  # the exports still get a dict of their own to change


def test_a_failed_warm_up_is_logged_and_the_server_still_starts(monkeypatch, caplog):
    def broken_store():
        raise ConnectionError("store unreachable")

    monkeypatch.setattr(server, "prepare_first_visit", broken_store)

    async def start_and_stop() -> bool:
        async with server.warm_caches(None):
            return True

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with caplog.at_level(logging.WARNING, logger=server.__name__), ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, start_and_stop()).result()
    assert "store unreachable" in caplog.text

