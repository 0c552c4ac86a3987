"""A room full of leaders: 20 sessions open the overview at once on the real server, over Streamlit's websocket
protocol without a browser (bench/st_client.py). Measures the time to each session's first chart message (p50, p95),
the server's CPU per warm overview run, and its memory after every page once and with 20 sessions open.

The server is `streamlit run app.py` as configured (.streamlit/config.toml: no full garbage collection after every
run, and components/server.py freezes the warm caches out of the collector's way, as bench_profile.py found).
"""

import asyncio
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (  # noqa: E402
    median,
    percentile,
    process_cpu_seconds,
    process_rss_mb,
    record,
    record_note,
    start_rows,
    streamlit_server,
)
from st_client import RUN_TIMEOUT_S, Run, connect, run_page, visit, visits_at_once  # noqa: E402

from briefing.pages import PAGES  # noqa: E402

SESSIONS = 20
BURSTS = 5  # 20 sessions at once, this many times; the figures are the medians of the bursts
CPU_BATCHES, VISITS_PER_BATCH = 3, 8
RERUNS = 10
PROVINCE_CODES_FOR_MEMORY = 63  # every vn63 province page once (the view cache keeps 64 views)


def problems(runs: list[Run]) -> str:
    """The first error or exception seen, for the notes."""
    for run in runs:
        if run.error or run.exceptions:
            return run.error or run.exceptions[0]
    return ""


async def warm_up(stream_url: str) -> Run:
    """The first overview run of a process pays Streamlit's own first-run costs; not counted."""
    return await visit(stream_url)


async def cpu_per_visit(server) -> tuple[float, str]:
    """Median over batches of (server CPU over VISITS_PER_BATCH sequential new sessions) / VISITS_PER_BATCH, less what
    the idle server spends in the same time."""
    idle_rate = idle_cpu_rate(server.pid)
    batches = []
    for _ in range(CPU_BATCHES):
        cpu, started = process_cpu_seconds(server.pid), time.perf_counter()
        for _ in range(VISITS_PER_BATCH):
            await visit(server.stream_url)
        await asyncio.sleep(0.3)  # the closed sessions' clean-up
        elapsed = time.perf_counter() - started
        batches.append((process_cpu_seconds(server.pid) - cpu - idle_rate * elapsed) / VISITS_PER_BATCH)
    return median(batches), "batches " + " ".join(f"{b:.3f}" for b in batches) + f"; idle {idle_rate:.3f} CPU s/s"


async def cpu_per_rerun(server) -> float:
    """Server CPU per rerun of the overview in one open session (a widget change that keeps the view)."""
    async with connect(server.stream_url) as ws:
        await run_page(ws)
        cpu = process_cpu_seconds(server.pid)
        for _ in range(RERUNS):
            await run_page(ws)
        return (process_cpu_seconds(server.pid) - cpu) / RERUNS


def idle_cpu_rate(pid: int, seconds: float = 1.0) -> float:
    cpu = process_cpu_seconds(pid)
    time.sleep(seconds)
    return (process_cpu_seconds(pid) - cpu) / seconds


class PeakMemory:
    """Samples the server's RSS every 50 ms in a thread; `peak` is the largest seen."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, process_rss_mb(self.pid))
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, process_rss_mb(self.pid))


async def burst(server) -> tuple[list[float], int, str, float, list[float]]:
    """SESSIONS sessions at once; (time to first chart per session, a session with no chart counted as the give-up
    time; how many got their chart; the first problem; peak RSS while they were open; time to the end of each run)."""
    with PeakMemory(server.pid) as memory:
        try:
            runs = await asyncio.wait_for(visits_at_once(server.stream_url, SESSIONS), RUN_TIMEOUT_S + 15)
        except TimeoutError:
            runs = [Run(error=f"the burst did not end within {RUN_TIMEOUT_S + 15} s")]
    firsts = [run.first_chart_s if run.ok else float(RUN_TIMEOUT_S) for run in runs]
    firsts += [float(RUN_TIMEOUT_S)] * (SESSIONS - len(firsts))
    ends = [run.finished_s if run.ok and run.finished_s else float(RUN_TIMEOUT_S) for run in runs]
    return firsts, sum(run.ok for run in runs), problems(runs), memory.peak, ends


async def bursts(server) -> dict:
    results = [await burst(server) for _ in range(BURSTS)]
    p50s = [median(firsts) for firsts, *_ in results]
    p95s = [percentile(firsts, 0.95) for firsts, *_ in results]
    return {"p50": median(p50s), "p95": median(p95s), "completed": min(r[1] for r in results),
            "finished_p95": median([percentile(r[4], 0.95) for r in results]),
            "problem": next((r[2] for r in results if r[2]), ""), "peak_rss": max(r[3] for r in results),
            "note": "bursts p50 " + " ".join(f"{v:.2f}" for v in p50s) + ", p95 " + " ".join(f"{v:.2f}" for v in p95s)}


async def every_page_once(server) -> str:
    runs = [await visit(server.stream_url, page.url_path) for page in PAGES]
    return problems(runs)


async def every_province_once(server) -> str:
    from indicators.domain.gazetteer import load_crosswalk

    codes = [row["old_code"] for row in load_crosswalk()][:PROVINCE_CODES_FOR_MEMORY]
    runs = []
    for start in range(0, len(codes), 8):  # eight at a time
        runs += await asyncio.gather(*(visit(server.stream_url, "province", f"province={code}")
                                       for code in codes[start:start + 8]))
    return problems(runs)


def record_wire_sizes(key: str, run: Run) -> None:
    """The map's ForwardMsg as the server sends it (protobuf bytes, before permessage-deflate): the page's first chart
    message, the map on every chart page."""
    if not run.chart_bytes:
        record(key, None, problems([run]) or "no chart in the run")
        return
    record(key, run.chart_bytes[0] / 1000, f"{len(run.chart_bytes)} chart message(s); run sent "
                                           f"{run.message_bytes / 1000:.0f} KB in {run.messages} messages")


async def measure_app() -> None:
    with streamlit_server() as server:
        first = await warm_up(server.stream_url)
        if not first.ok:
            record_note(f"the overview's first run did not give a map: {problems([first])}")
        record_wire_sizes("payload_overview_map_wire", first)
        record_wire_sizes("payload_province_map_wire", await visit(server.stream_url, "province", "province=38"))
        problem = await every_page_once(server)
        record("rss_every_page", process_rss_mb(server.pid), problem and f"a page failed: {problem}")
        cpu, note = await cpu_per_visit(server)
        record("overview_cpu_per_run", cpu, note)
        record("overview_cpu_per_rerun", await cpu_per_rerun(server))
        result = await bursts(server)
        record("sessions_first_chart_p50", result["p50"], result["note"])
        record("sessions_first_chart_p95", result["p95"], result["problem"])
        record("sessions_completed", result["completed"])
        record("sessions_finished_p95", result["finished_p95"])
        record("rss_20_sessions", result["peak_rss"])
        problem = await every_province_once(server)
        record("rss_all_provinces", process_rss_mb(server.pid), problem and f"a province page failed: {problem}")


def main() -> int:
    start_rows()
    asyncio.run(measure_app())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
