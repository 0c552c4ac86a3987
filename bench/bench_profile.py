"""Where a warm overview run's server time goes: the real server under bench/profiled_streamlit.py (Streamlit's command
line with each script run measured), RUNS sequential overview visits, then as many under cProfile.

Prints the split of one run's CPU (garbage collection after the run, plotly's to_dict and to_json inside
st.plotly_chart, the chart's element id, the rest of the page) and the functions with the most cumulative time;
the cProfile statistics are kept in tests/artifacts/bench/overview.prof (`python -m pstats` reads them).
"""

import asyncio
import json
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH_DIR,
    ROOT,
    ROWS_DIR,
    median,
    process_cpu_seconds,
    record,
    record_note,
    start_rows,
    streamlit_server,
)
from st_client import visit  # noqa: E402

RUNS = 12
TOP_FUNCTIONS = 25


async def visits(server, count: int) -> None:
    for _ in range(count):
        run = await visit(server.stream_url)
        if not run.ok:
            record_note(f"an overview run went wrong: {run.error or run.exceptions[:1]}")


def read_runs(folder: Path, profiled: bool) -> list[dict]:
    rows = [json.loads(line) for line in (folder / "runs.jsonl").read_text().splitlines()]
    return [row for row in rows if row["profiled"] == profiled and row["page"] == ""]


def print_top(stats_path: Path) -> None:
    stats = pstats.Stats(str(stats_path))
    stats.sort_stats("cumulative")
    print(f"cProfile, {RUNS} warm overview runs, top {TOP_FUNCTIONS} by cumulative time (profiler overhead included):")
    stats.print_stats(TOP_FUNCTIONS)


def main() -> int:
    start_rows()
    with tempfile.TemporaryDirectory(prefix="bench_profile_") as folder_name:
        folder = Path(folder_name)
        env = {"BENCH_PROFILE_DIR": str(folder)}
        with streamlit_server(launcher=(str(BENCH_DIR / "profiled_streamlit.py"),), env=env) as server:
            asyncio.run(visits(server, 2))  # first-run costs
            cpu = process_cpu_seconds(server.pid)
            asyncio.run(visits(server, RUNS))
            process_per_visit = (process_cpu_seconds(server.pid) - cpu) / RUNS
            (folder / "profile.on").touch()
            asyncio.run(visits(server, RUNS))
            (folder / "profile.on").unlink()
        runs = read_runs(folder, profiled=False)[-RUNS:]
        profiled = read_runs(folder, profiled=True)
        part = {name: median([row[name] for row in runs]) for name in ("cpu", "gc", "to_dict", "to_json",
                                                                          "element_id")}
        wall = median([row["wall"] for row in runs])
        record("profile_run_cpu", part["cpu"], f"median of {len(runs)} runs; wall {wall:.3f} s")
        record("profile_gc", part["gc"], f"{part['gc'] / part['cpu']:.0%} of the run")
        record("profile_plotly_to_dict", part["to_dict"], f"{part['to_dict'] / part['cpu']:.0%} of the run")
        record("profile_plotly_to_json", part["to_json"], f"{part['to_json'] / part['cpu']:.0%} of the run")
        record("profile_element_id", part["element_id"], f"{part['element_id'] / part['cpu']:.0%} of the run")
        rest = part["cpu"] - part["gc"] - part["to_dict"] - part["to_json"] - part["element_id"]
        record("profile_page_rest", rest, f"{rest / part['cpu']:.0%} of the run")
        record("profile_event_loop", max(0.0, process_per_visit - part["cpu"]),
               f"process CPU per visit {process_per_visit:.3f} s less the script thread's")
        if profiled:
            record("profile_tracked_objects", profiled[-1]["tracked_objects"] / 1000)
            ROWS_DIR.mkdir(parents=True, exist_ok=True)
            kept = ROWS_DIR / "overview.prof"
            kept.write_bytes((folder / "runs.prof").read_bytes())
            print_top(kept)
            shown = kept.relative_to(ROOT) if kept.is_relative_to(ROOT) else kept
            record_note(f"cProfile statistics of {len(profiled)} warm overview runs: {shown} "
                        "(python -m pstats)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
