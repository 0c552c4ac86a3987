"""A room full of leaders: 20 sessions open the overview at once on the real server, over Streamlit's websocket
protocol without a browser (bench/st_client.py). Measures the time to each session's first chart message (p50, p95),
the server's CPU per warm overview run, and its memory after every page once and with 20 sessions open.

The server is `streamlit run app.py` as configured (.streamlit/config.toml: no full garbage collection after every
run, and components/server.py freezes the warm caches out of the collector's way, as bench_profile.py found).
"""

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (  # noqa: E402
    bursts,
    cpu_per_visit,
    problems,
    process_cpu_seconds,
    process_rss_mb,
    record,
    record_note,
    start_rows,
    streamlit_server,
)
from st_client import Run, connect, run_page, visit  # noqa: E402

from briefing.pages import PAGES  # noqa: E402

SESSIONS = 20
BURSTS = 5  # 20 sessions at once, this many times; the figures are the medians of the bursts
CPU_BATCHES, VISITS_PER_BATCH = 3, 8
RERUNS = 10
PROVINCE_CODES_FOR_MEMORY = 63  # every vn63 province page once (the view cache keeps 64 views)


async def warm_up(stream_url: str) -> Run:
    """The first overview run of a process pays Streamlit's own first-run costs; not counted."""
    return await visit(stream_url)


async def cpu_per_rerun(server) -> float:
    """Server CPU per rerun of the overview in one open session (a widget change that keeps the view)."""
    async with connect(server.stream_url) as ws:
        await run_page(ws)
        cpu = process_cpu_seconds(server.pid)
        for _ in range(RERUNS):
            await run_page(ws)
        return (process_cpu_seconds(server.pid) - cpu) / RERUNS


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
        cpu, note = await cpu_per_visit(server, CPU_BATCHES, VISITS_PER_BATCH)
        record("overview_cpu_per_run", cpu, note)
        record("overview_cpu_per_rerun", await cpu_per_rerun(server))
        result = await bursts(server, SESSIONS, BURSTS)
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
