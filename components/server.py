"""The web server around the dashboard (`st.App`, found in app.py by `streamlit run`).

Two things a plain `streamlit run` cannot do, both for the first screen a visitor waits for:

- Chart pages are served with HTML that fetches and starts Streamlit's plotly code (a 4.7 MB module that takes
  ~0.6 s to evaluate) while the page is still connecting. Otherwise the browser asks for it only when the map's
  element arrives, after the sidebar and the controls, and evaluates it then. The HTML is Streamlit's own index.html
  with two tags added; the module is the one Streamlit would load itself (same URL, so it is evaluated once).
- The default overview (dataset, boundaries, map, ranking, print footer) is built before the server answers, so the
  first visitor after a start does not wait ~2 s for imports, the store and Streamlit's own first-run work; what is
  built then is frozen out of the garbage collector's way (`freeze_what_is_built`).

Both lean on Streamlit's built front end (its index.html and the hashed name of its plotly chunk): the README's
"Upgrading Streamlit" checklist says what to check. If the chunk is not found, the pages are served as Streamlit
serves them, with one warning in the log; `VN_PRELOAD_CHART_CODE=0` turns the preload off.
"""

import asyncio
import gc
import json
import logging
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from functools import cache
from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from briefing.pages import chart_paths

STREAMLIT_STATIC = Path(st.__file__).parent / "static"
PRELOAD_SWITCH = "VN_PRELOAD_CHART_CODE"
TRUSTED_PROXIES = "VN_TRUSTED_PROXIES"


def trust_only_configured_proxies() -> None:
    """The server (uvicorn) takes a visitor's address from X-Forwarded-For when the connection comes from an address
    in FORWARDED_ALLOW_IPS, by default 127.0.0.1: so anyone on this machine, or behind no proxy at all on loopback,
    could give each sign-in attempt a new address. Only the proxies named in VN_TRUSTED_PROXIES (comma-separated
    addresses, default none) are trusted; everyone else's address is the socket's. Read when app.py is imported,
    before the server is configured."""
    os.environ["FORWARDED_ALLOW_IPS"] = os.environ.get(TRUSTED_PROXIES, "").strip()


trust_only_configured_proxies()

log = logging.getLogger(__name__)


# The code of the elements a click on the country map brings that the overview does not draw: the province page's data
# grid (st.dataframe) and search box (st.text_input).
LATER_CHUNKS = ("DataFrame", "TextInput")


def chunk_name(element: str, static_dir: Path = STREAMLIT_STATIC) -> str | None:
    """The file name of an element's module in Streamlit's built front end (hashed, so looked up)."""
    chunk = next((static_dir / "static" / "js").glob(f"{element}.*.js"), None)
    return chunk.name if chunk else None


def plotly_chunk_name(static_dir: Path = STREAMLIT_STATIC) -> str | None:
    return chunk_name("PlotlyChart", static_dir)


def load_later_tag() -> str:
    """A script that loads LATER_CHUNKS once the first chart is drawn, when the browser is idle: the first drill-down
    then waits for neither (measured ~80 ms of a ~0.45 s click). Streamlit imports the same URLs itself, so each
    module is evaluated once."""
    hrefs = [f"./static/js/{name}" for name in map(chunk_name, LATER_CHUNKS) if name]
    if len(hrefs) < len(LATER_CHUNKS):
        log.warning("Some of Streamlit's element chunks %s were not found in %s; the chart pages load only %s after "
                    "the first chart.", LATER_CHUNKS, STREAMLIT_STATIC, hrefs)
    if not hrefs:
        return ""
    return ('<script type="module">const later = new MutationObserver(() => {'
            ' if (!document.querySelector(".js-plotly-plot .main-svg")) return; later.disconnect();'
            f' requestIdleCallback(() => {json.dumps(hrefs)}.forEach((href) => import(href))); }});'
            ' later.observe(document.documentElement, {childList: true, subtree: true});</script>')


def preload_enabled() -> bool:
    """The preload is on unless VN_PRELOAD_CHART_CODE is 0, false, no or off."""
    return os.environ.get(PRELOAD_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


@cache
def chart_page_html() -> str:
    """Streamlit's index.html, asking for the plotly module first and evaluating it as soon as it is there, and
    loading the province page's element code once the first chart is drawn."""
    index = (STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8")
    chunk = plotly_chunk_name()
    if chunk is None:  # a Streamlit build without the chunk: serve its page unchanged, and say so once
        log.warning("Streamlit's plotly chunk (static/js/PlotlyChart.*.js) was not found in %s; chart pages are "
                    "served without the preload. See the README's 'Upgrading Streamlit' checklist.", STREAMLIT_STATIC)
        return index
    href = f"./static/js/{chunk}"
    preload = f'<link rel="modulepreload" crossorigin href="{href}" fetchpriority="high" />'
    start = f'<script type="module" async>import("{href}");</script>'
    later = load_later_tag()
    added = f"  {start}\n  {later}\n" if later else f"  {start}\n"
    return index.replace("<head>", f"<head>\n    {preload}", 1).replace("</head>", f"{added}  </head>", 1)


async def serve_chart_page(_request: Request) -> HTMLResponse:
    return HTMLResponse(chart_page_html(), headers={"Cache-Control": "no-cache"})


def chart_page_routes(base_url_path: str = "") -> list[Route]:
    """Routes for the chart pages' HTML (none when the preload is switched off); every other path stays with
    Streamlit (its pages, assets and API)."""
    if not preload_enabled():
        return []
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return [Route((base + path) or "/", serve_chart_page, methods=["GET", "HEAD"])
            for path in chart_paths()]


def pay_streamlits_first_run_costs() -> None:
    """Two one-off costs of Streamlit's first script run in a process (measured 0.25 s and 0.15 s on the overview).

    The page icon is checked against Streamlit's emoji pattern, compiled when its module is first imported; the first
    element drawn in a process inspects the call stack once (to warn about running outside `streamlit run`). An
    element made outside a script run draws nothing; Streamlit logs that it has no script context, which is expected
    here, so that logger is quiet meanwhile.
    """
    import streamlit.emojis  # noqa: F401

    context_log = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = context_log.level
    context_log.setLevel(logging.ERROR)
    try:
        st.empty()
    finally:
        context_log.setLevel(level)


def prepare_first_visit() -> None:
    """Fill the caches the overview's default view reads, as its first script run would, and pay Streamlit's own
    first-run costs."""
    from briefing.pages import OVERVIEW
    from components import cached

    pay_streamlits_first_run_costs()
    for name in ("map", "chart"):
        cached.get_sent_figure(OVERVIEW.path, name).to_dict()
    cached.get_provenance_lines(OVERVIEW.path, date.today().isoformat())


def freeze_what_is_built() -> None:
    """Move every object alive now (the imported libraries, the caches just built: ~330 k objects) out of the garbage
    collector's way.

    A full collection walks every tracked object; Streamlit ran one after every script run (runner.postScriptGC, off
    in .streamlit/config.toml since), and Python still runs one now and then. Over these objects it cost 72 % of a
    warm overview run's CPU (bench/bench_profile.py). Frozen objects are still freed by reference counting when a
    cache drops them; only a reference cycle among them stays until exit, so a publish that clears the caches can
    keep this first build's cycles once, never more.
    """
    gc.freeze()


@asynccontextmanager
async def warm_caches(_app) -> AsyncIterator[None]:
    """Build the default overview before the server answers; a failure is logged and left to the page to show."""
    try:
        await asyncio.to_thread(prepare_first_visit)
    except Exception:  # noqa: BLE001 - the page reports the same error to its visitor, with context
        log.exception("Could not prepare the default overview at start; the first visitor will build it")
    else:
        freeze_what_is_built()
    yield


# Uploads (issue 22 item 3): Streamlit keeps every uploaded file in memory, 5 MB each but as many as a session sends,
# and it takes them from any session, signed in or not. Only a session signed in as an editor or admin may upload (the
# only uploaders are on /ingest, behind the sign-in), within a budget per session and per client address.
UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/[^/]+$")
SESSION_UPLOAD_BUDGET = 50 * 2**20  # ten reports of the 5 MB limit at once
ADDRESS_UPLOAD_BUDGET = 100 * 2**20


def stored_upload_bytes(runtime, session_ids: list[str]) -> int:
    """What Streamlit holds in memory for these sessions' uploads."""
    storage = getattr(runtime.uploaded_file_mgr, "file_storage", {})
    return sum(len(record.data) for session_id in session_ids for record in storage.get(session_id, {}).values())


def upload_refusal(runtime, session_id: str, address: str, length: int) -> tuple[int, str] | None:
    """(status, reason) when this upload must be refused; None lets Streamlit take it (or refuse it itself)."""
    from components.auth import USER_KEY, may_publish

    sessions = runtime._session_mgr  # noqa: SLF001 - Streamlit's session registry (README: Upgrading Streamlit)
    info = sessions.get_active_session_info(session_id)
    if info is None:
        return None  # Streamlit answers an unknown session itself
    state = info.session.session_state
    if not may_publish(state[USER_KEY] if USER_KEY in state else None):  # noqa: SIM401 - SessionState has no get()
        return 403, "Sign in as an editor to upload files."
    if stored_upload_bytes(runtime, [session_id]) + length > SESSION_UPLOAD_BUDGET:
        return 413, "This session holds too many uploaded files: remove some first."
    same_address = [other.session.id for other in sessions.list_active_sessions()
                    if getattr(other.client.client_context, "remote_ip", None) == address]
    if stored_upload_bytes(runtime, same_address) + length > ADDRESS_UPLOAD_BUDGET:
        return 413, "Too many uploaded files from this address: remove some first."
    return None


class UploadGuard:
    """ASGI middleware in front of Streamlit's upload route: refuses what upload_refusal refuses, before the body."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        match = UPLOAD_PATH.search(scope.get("path", "")) if scope["type"] == "http" else None
        if match and scope["method"] == "PUT":
            from streamlit.runtime import Runtime

            length = dict(scope.get("headers") or []).get(b"content-length", b"")
            length = int(length) if length.isdigit() else 0
            address = (scope.get("client") or ("",))[0]
            refusal = upload_refusal(Runtime.instance(), match.group(1), address, length) if Runtime.exists() else None
            if refusal:
                await PlainTextResponse(refusal[1], status_code=refusal[0])(scope, receive, send)
                return
        await self.app(scope, receive, send)
