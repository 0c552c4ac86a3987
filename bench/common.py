"""Shared by the bench scripts: the targets, one printed line per figure, the rows of the last run, a server to measure.

Every figure is recorded with `record(key, value)`: it prints `name: value (target: …) PASS/FAIL` and appends the row
to ROWS_DIR/<script>.jsonl (a script started again replaces its own rows). `python bench/report.py` assembles
bench/results.md from those rows with the run date and a machine line; `make bench` runs every script, then it.
"""

import contextlib
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
ROWS_DIR = ROOT / os.environ.get("BENCH_ROWS_DIR", "tests/artifacts/bench")  # git-ignored; absolute paths work too
RESULTS_PATH = BENCH_DIR / "results.md"
SERVER_START_TIMEOUT_S = 90
# The settings every measured server runs with, as `streamlit run` flags; .streamlit/config.toml serves with the same
# (tests/test_hardening_config.py), so `make run` is what `make bench` measures.
SERVE_SETTINGS = (
    ("server.headless", "true"), ("browser.gatherUsageStats", "false"), ("server.fileWatcherType", "none"),
)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# `timeout` (make bench) ends a script with SIGTERM: exit through the context managers, so the servers it started
# (Streamlit, PostgreSQL) are stopped too.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


@dataclass(frozen=True)
class Target:
    """A figure's name, unit, the limit it is held to (`op` '<=' or '>='; None: reported, no target set) and the
    value the issue measured before this work, when it gave one."""

    name: str
    unit: str
    op: str | None = None
    limit: float | None = None
    aim: str = ""
    before: str = ""

    def describe(self) -> str:
        if self.op is None:
            return "none set"
        words = f"{'≤' if self.op == '<=' else '≥'} {format_value(self.limit, self.unit)}"
        return f"{words}, aim {self.aim}" if self.aim else words

    def verdict(self, value: float | None) -> str:
        if value is None:
            return "NO VALUE"
        if self.op is None:
            return "INFO"
        ok = value <= self.limit if self.op == "<=" else value >= self.limit
        return "PASS" if ok else "FAIL"


# Every figure `make bench` prints, in the order of bench/results.md. Limits come from the issue; where it sets none
# the figure is reported as INFO (and the report says what a sensible limit would be).
TARGETS = {
    # bench_sessions.py: 20 websocket sessions on loopback, server CPU and memory
    "sessions_first_chart_p50": Target("20 simultaneous overview sessions: first chart message, p50", "s",
                                       before="13.4 s"),
    "sessions_first_chart_p95": Target("20 simultaneous overview sessions: first chart message, p95", "s", "<=", 3.0,
                                       before="17.5 s"),
    "sessions_completed": Target("20 simultaneous overview sessions: sessions that got the map within 60 s", "",
                                 ">=", 20),
    "sessions_finished_p95": Target("20 simultaneous overview sessions: whole page sent (end of run), p95", "s"),
    "overview_cpu_per_run": Target("server CPU per warm overview visit (new session, median of batches)", "s",
                                   "<=", 0.1, before="0.56 s"),
    "overview_cpu_per_rerun": Target("server CPU per warm overview rerun in an open session", "s", "<=", 0.1),
    "rss_every_page": Target("server RSS after every page once", "MB", "<=", 400),
    "rss_20_sessions": Target("server RSS with 20 sessions open (peak)", "MB", "<=", 1024),
    "rss_all_provinces": Target("server RSS after all 63 province pages (view cache filled)", "MB"),
    # bench_profile.py: where a warm overview run's server time goes
    "profile_run_cpu": Target("profile: script-thread CPU per warm overview run", "s"),
    "profile_gc": Target("profile: garbage collection during a run (postScriptGC off, warm caches frozen)", "s"),
    "profile_plotly_to_dict": Target("profile: plotly Figure.to_dict (deepcopy) in st.plotly_chart", "s"),
    "profile_plotly_to_json": Target("profile: plotly.io.to_json in st.plotly_chart", "s"),
    "profile_element_id": Target("profile: element ids (hash of the spec) in st.plotly_chart", "s"),
    "profile_page_rest": Target("profile: the rest of the script (widgets, layout, cached look-ups)", "s"),
    "profile_event_loop": Target("profile: outside the script thread (websocket, session set-up)", "s"),
    "profile_tracked_objects": Target("profile: objects the garbage collector tracks in the server", "k"),
    # bench_map_time.py: the browser, against a bare Streamlit page with one plotly chart in the same run
    "load_bare": Target("page load: bare Streamlit page with one plotly chart, median", "s"),
    "load_overview": Target("page load: overview map drawn, median", "s"),
    "load_province": Target("page load: province page (38) district map drawn, median", "s"),
    "load_commune": Target("page load: HCMC (79) commune map of the 34 provinces drawn, median", "s"),
    "load_click_bare": Target("click: bare chart click → second page's chart drawn, median", "s"),
    "load_click_drilldown": Target("click: overview map click → province page map drawn, median", "s"),
    "ratio_overview": Target("page load ratio overview / bare", "×", "<=", 1.3, aim="1.0×"),
    "ratio_province": Target("page load ratio province / bare", "×", "<=", 1.3, aim="1.0×"),
    "ratio_drilldown": Target("click ratio drill-down / bare click", "×", "<=", 1.3, aim="1.0×"),
    "ratio_commune": Target("page load ratio HCMC commune page / bare", "×", "<=", 1.3, aim="1.0×"),
    # bench_payloads.py
    "payload_overview_map": Target("payload: overview map figure JSON", "KB", "<=", 300),
    "payload_overview_map_wire": Target("payload: overview map as sent on the websocket (ForwardMsg)", "KB", "<=", 300),
    "payload_province_map": Target("payload: province 38 (Thanh Hóa) district map figure JSON", "KB", "<=", 150),
    "payload_province_map_wire": Target("payload: province 38 district map as sent on the websocket", "KB", "<=", 150),
    "payload_largest_province_map": Target("payload: largest district map figure JSON of all 63 provinces", "KB",
                                           "<=", 150),
    # bench_geo.py, bench_exports.py
    "geo_build_cold": Target("geo build, fresh process, clean folder", "s", "<=", 20),
    "geo_build_warm": Target("geo build again in the same process (imports and inputs warm)", "s", "<=", 20),
    "geo_load_layers": Target("geo: load 3 layers GeoParquet → GeoDataFrame", "s", "<=", 0.5),
    "geo_largest_districts": Target("geo: largest one-province districts GeoJSON", "KB", "<=", 150),
    "geo_largest_communes": Target("geo: largest one-province communes GeoJSON (vn34)", "KB", "<=", 300),
    "geo_hcmc_communes": Target("geo: HCMC (79, 168 communes) communes GeoJSON", "KB", "<=", 300),
    "export_png_cold": Target("export PNG, cold (CLI: new process and Chromium)", "s"),
    "export_png_warm": Target("export PNG, warm (shared Chromium running)", "s"),
    "export_deck_cold": Target("export deck .pptx, cold (CLI)", "s"),
    "export_deck_warm": Target("export deck .pptx, warm", "s"),
    "export_html_cold": Target("export HTML map, cold (CLI)", "s"),
    "export_html_warm": Target("export HTML map, warm", "s"),
    # bench_extract_figures.py (bench_extract.py's measurements)
    "extract_throughput": Target("extraction throughput, in process", "articles/s", ">=", 500),
    "extract_growth_real": Target("extraction growth, real reports: time for 4× the text", "×", "<=", 5.0),
    "extract_growth_short": Target("extraction growth, one short paragraph: time for 4× the text", "×", "<=", 5.0),
    # bench_scale.py
    "scale_rows": Target("scale: observations at full size (3,321 communes × 20 × 10 years + provinces)", "rows"),
    "scale_sqlite_load": Target("scale SQLite: bulk load of the full size", "s"),
    "scale_sqlite_query": Target("scale SQLite: one headline's current observations (no index)", "s"),
    "scale_sqlite_query_indexed": Target("scale SQLite: the same with an index on (indicator, is_current)", "s"),
    "scale_postgresql_load": Target("scale PostgreSQL: bulk load of the full size", "s"),
    "scale_postgresql_query": Target("scale PostgreSQL: one headline's current observations (no index)", "s"),
    "scale_postgresql_query_indexed": Target("scale PostgreSQL: the same with an index on (indicator, is_current)",
                                             "s"),
    "scale_app_load": Target("scale app: load_published_dataset at full size (SQLite)", "s"),
    "scale_app_memory": Target("scale app: observations in memory at full size", "MB"),
    "scale_app_peak_rss": Target("scale app: memory the full load needs (peak RSS growth while loading)", "MB"),
    "scale_map_build": Target("scale app: overview content + map of one headline at full size", "s"),
    "scale_app_publish": Target("scale app: one publish of 10 rows at full size", "s"),
    # bench_hostile.py: the "hostile inputs" table (issue 22 items 1-3)
    "hostile_form_seconds": Target("hostile: reporting form with A1 and XFD1048576 set, read", "s", "<=", 2,
                                   before="about an hour"),
    "hostile_form_memory": Target("hostile: the same, peak memory growth", "MB", "<=", 100),
    "hostile_docx_seconds": Target("hostile: 78 KB .docx of 5 M empty paragraphs, read", "s", "<=", 2,
                                   before="75 s"),
    "hostile_docx_memory": Target("hostile: the same, peak memory growth", "MB", "<=", 100, before="1.4 GB"),
    "hostile_upload_seconds": Target("hostile: anonymous uploads, slowest answer of 20 × 5 MB", "s", "<=", 2),
    "hostile_upload_memory": Target("hostile: the same, server memory growth", "MB", "<=", 100,
                                    before="+631 MB (3 sessions)"),
}


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "s":
        return f"{value:.3f} s" if abs(value) < 1 else f"{value:.2f} s"
    if unit in ("KB", "MB", "rows", "articles/s", "k"):
        return f"{value:,.0f} {unit}"
    return f"{value:g}{' ' + unit if unit else ''}"


def script_name() -> str:
    return Path(sys.argv[0]).stem


def rows_path(script: str | None = None) -> Path:
    return ROWS_DIR / f"{script or script_name()}.jsonl"


def start_rows(script: str | None = None) -> None:
    """Forget the rows this script wrote in an earlier run (call once at its start)."""
    ROWS_DIR.mkdir(parents=True, exist_ok=True)
    rows_path(script).write_text("", encoding="utf-8")


def record(key: str, value: float | None, note: str = "", script: str | None = None) -> None:
    """Print `name: value (target: …) VERDICT` and keep the row for bench/results.md."""
    target = TARGETS[key]
    verdict = target.verdict(value)
    line = f"{target.name}: {format_value(value, target.unit)} (target: {target.describe()}) {verdict}"
    print(line + (f"  [{note}]" if note else ""), flush=True)
    ROWS_DIR.mkdir(parents=True, exist_ok=True)
    with rows_path(script).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"key": key, "value": value, "verdict": verdict, "note": note}) + "\n")


def record_note(text: str, script: str | None = None) -> None:
    """A line of context for bench/results.md (printed too)."""
    print(text, flush=True)
    ROWS_DIR.mkdir(parents=True, exist_ok=True)
    with rows_path(script).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"note_line": text}) + "\n")


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil
    return ordered[int(rank) - 1]


def timed(call, repeat: int = 1) -> float:
    """Median wall-clock seconds of `repeat` calls."""
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return median(seconds)


# ---------------------------------------------------------------- the real server, and its process as Linux sees it

def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its threads so far (/proc, no dependency)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def process_rss_mb(pid: int) -> float:
    """Resident set size in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def stream_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/_stcore/stream"

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def serve_flags() -> list[str]:
    """SERVE_SETTINGS as command-line flags."""
    return [part for name, value in SERVE_SETTINGS for part in (f"--{name}", value)]


@contextlib.contextmanager
def streamlit_server(script: str = "app.py", cwd: Path = ROOT, options: tuple[str, ...] = (),
                     launcher: tuple[str, ...] = ("-m", "streamlit"), env: dict[str, str] | None = None,
                     ) -> Iterator[Server]:
    """`streamlit run <script>` on a free loopback port as tests/e2e/conftest.py starts it (plus `options`), healthy
    (the app builds its default overview before it answers); stopped afterwards. The log goes to a file, so a server
    that writes a lot never blocks on a full pipe."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkstemp(prefix="bench_server_", suffix=".log")[1])
    command = [sys.executable, *launcher, "run", script, "--server.port", str(port), "--server.address", "127.0.0.1",
               *serve_flags(), *options]
    with log.open("w") as handle:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=handle,
                                   stderr=subprocess.STDOUT, text=True)
    server = Server(url, process, log)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def wait_until_healthy(server: Server, timeout_s: float = SERVER_START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.process.returncode}:\n{server.log_tail()}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as reply:
            if reply.status == 200:
                return
        time.sleep(0.25)
    raise TimeoutError(f"streamlit at {server.url} not healthy after {timeout_s} s:\n{server.log_tail()}")


def machine_line() -> str:
    """CPU model, cores, memory, OS, Python and the versions that matter here."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal:"))
    versions = []
    for package in ("streamlit", "plotly", "pandas"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version
            versions.append(f"{package} {version(package)}")
    return (f"{model}, {os.cpu_count()} cores, {memory_kb / 1024 ** 2:.1f} GB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, " + ", ".join(versions))
