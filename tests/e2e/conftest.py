"""Browser fixtures: a fresh Streamlit server on a free loopback port, headless system Chromium, offline pages."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VIEWPORT = {"width": 1440, "height": 900}
SERVER_START_TIMEOUT_S = 60

playwright_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base_url: str, process: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before becoming healthy")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.25)
    raise TimeoutError(f"streamlit at {base_url} not healthy after {timeout_s} s")


@contextlib.contextmanager
def streamlit_server(
    script: str = "app.py", cwd: Path = PROJECT_ROOT, env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Start `streamlit run <script>` on a free loopback port; yield its base URL; stop it afterwards.

    `env` adds to (or overrides) this process's environment, e.g. DATABASE_URL for a store of the test's own.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_until_healthy(base_url, process, SERVER_START_TIMEOUT_S)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """One server shared by the tests of a module."""
    with streamlit_server() as base_url:
        yield base_url


@pytest.fixture
def fresh_server() -> Iterator[str]:
    """A server no session has visited yet (for deep links opened as the very first request)."""
    with streamlit_server() as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class OfflineContext:
    """A browser context that lets only loopback requests through and records every blocked URL."""

    def __init__(self, browser):
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        self.context.set_default_timeout(30_000)
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def blocked_hosts(self) -> set[str]:
        return {urlparse(url).hostname for url in self.blocked}


@pytest.fixture
def offline(browser) -> Iterator[OfflineContext]:
    context = OfflineContext(browser)
    yield context
    context.context.close()


@pytest.fixture
def page(offline):
    """A page whose every non-local request is blocked; `page.blocked_urls` lists what was attempted."""
    page = offline.context.new_page()
    page.blocked_urls = offline.blocked
    return page


def save_screenshot(page, name: str) -> Path:
    """A full-page screenshot in tests/artifacts/e2e/<name>.png.

    Streamlit scrolls inside its main container, so the viewport is grown to the content height first.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    height = page.evaluate(
        "() => Math.max(...['[data-testid=stMain]', '[data-testid=stSidebarContent]']"
        ".map(s => document.querySelector(s)?.scrollHeight || 0), window.innerHeight)"
    )
    original = page.viewport_size
    page.set_viewport_size({"width": original["width"], "height": min(int(height) + 40, 6000)})
    page.wait_for_timeout(600)  # let plotly redraw at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(original)
    return path
