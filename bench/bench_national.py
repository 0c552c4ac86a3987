"""Issue 21's targets at the simulated national size, on SQLite and on PostgreSQL, and the same figures at today's size.

The full-size store (bench/simulation.py: 3,321 communes × 20 indicators × 10 years + provinces = 671,000 rows, on top
of today's rows seeded from data/) is built once per database. Then, per store, through the project's stable entry
points only, so the same script measures whatever code is in the tree:

- the views: in a new process, `load_view_inputs()` (briefing/inputs.py), then the first
  `build_view_content(parse_view(link), inputs)` of the opening overview (the widest comparison), of one headline's
  overview on the 34 provinces, of the largest province page (HCMC, 168 communes), and (no target: reported) of the
  coverage of the 34 provinces, the trends and the sources pages; VIEW_ROUNDS processes, medians;
- the app: `streamlit run app.py` with DATABASE_URL: start to healthy and to the first overview's map, server CPU per
  warm overview visit, a visit of the HCMC page, BURSTS bursts of 20 simultaneous overview sessions, the server's peak
  RSS over all of it;
- the store: `publish` of 10 rows (SMALL_PUBLISHES times, median) and of 10,000 rows (a national form round) of a new
  year, with the year's 34 reports published first.

Today's size is the store seeded from data/ alone, on SQLite (what bench/results.md measured before); its limits
are "not slower than before" (bench/common.py NATIONAL_BEFORE).
"""

import asyncio
import contextlib
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import (  # noqa: E402
    NATIONAL_BACKENDS,
    NATIONAL_RUNS,
    bursts,
    cpu_per_visit,
    median,
    national_key,
    problems,
    process_peak_rss_mb,
    record,
    record_note,
    start_rows,
    streamlit_server,
)
from simulation import fill_store, postgres_server, publisher, simulated_subtypes, simulated_tables  # noqa: E402
from st_client import visit  # noqa: E402

from briefing.inputs import load_view_inputs  # noqa: E402
from indicators.store.published import open_store, publish  # noqa: E402

VIEW_ROUNDS = 2  # new processes building the views (the full size is heavy on a shared 2-core machine)
CPU_BATCHES, VISITS_PER_BATCH = 2, 5
SESSIONS, BURSTS = 20, 3
SMALL_PUBLISH, SMALL_PUBLISHES, ROUND_PUBLISH = 10, 3, 10_000
START_TIMEOUT_S = 600
NEW_YEAR = (2026,)
PROVINCE_QUERY = "province=79&version=vn34"  # TP Hồ Chí Minh of the 34 provinces: 168 communes
VIEW_LINKS = {
    "overview_build": "/",
    "headline_build": f"/?indicator={simulated_subtypes()['indicator'].iloc[0]}&version=vn34",
    "province_build": f"/province?{PROVINCE_QUERY}",
    "coverage_build": "/?indicator=coverage&version=vn34",
    "trends_build": "/trends",
    "sources_build": "/sources",
}


class Measure:
    """Records one store's figures under national_<size>_<backend>_<figure>; a phase that fails records its figures
    without a value and the error, and the script ends with status 1."""

    failed = False

    def __init__(self, size: str, backend: str):
        self.size, self.backend = size, backend

    def __call__(self, figure: str, value: float | None, note: str = "") -> None:
        record(national_key(self.size, self.backend, figure), value, note)

    def phase(self, figures: tuple[str, ...], work: Callable[[], None]) -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - the figure says what failed; the other phases still run
            Measure.failed = True
            for figure in figures:
                self(figure, None, f"failed: {type(error).__name__}: {str(error)[:300]}")


# ---------------------------------------------------------------- the views, in a new process



def view_builds() -> dict:
    """Run in a new process (DATABASE_URL names the store): seconds to the inputs and to each view's first build,
    the overview's second build, and the process's peak RSS."""
    from briefing.links import parse_view
    from briefing.views import build_view_content

    started = time.perf_counter()
    inputs = load_view_inputs()
    figures = {"inputs_load": time.perf_counter() - started}
    without_map = []
    for figure, link in [*VIEW_LINKS.items(), ("overview_again", "/")]:
        started = time.perf_counter()
        content = build_view_content(parse_view(link), inputs)
        figures[figure] = time.perf_counter() - started
        if getattr(content, "map_figure", True) is None:
            without_map.append(link)
    return {**figures, "peak_rss": process_peak_rss_mb(os.getpid()), "without_map": without_map}


def measure_views(measure: Measure, url: str) -> None:
    rounds = []
    for _ in range(VIEW_ROUNDS):
        done = subprocess.run([sys.executable, __file__, "--view-builds"], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "DATABASE_URL": url}, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no output")
        rounds.append(json.loads(done.stdout.strip().splitlines()[-1]))
    middle = {name: median([r[name] for r in rounds]) for name in rounds[0] if name != "without_map"}
    maps = sorted({link for r in rounds for link in r["without_map"]})
    for figure in ("inputs_load", *VIEW_LINKS):
        rounds_text = " ".join(f"{r[figure]:.2f}" for r in rounds)
        link = VIEW_LINKS.get(figure, "")
        measure(figure, middle[figure], f"{link or 'new process'}: median of {len(rounds)} new processes "
                                        f"{rounds_text}" + (" (no map)" if link in maps else ""))
    note = (f"after load_view_inputs(), in this order; the overview again {middle['overview_again']:.3f} s; the "
            f"process's peak RSS {middle['peak_rss']:,.0f} MB")
    record_note(f"{measure.size} {measure.backend} views: {note}")


# ---------------------------------------------------------------- the app

async def measure_server(measure: Measure, url: str) -> None:
    started = time.perf_counter()
    with streamlit_server(env={"DATABASE_URL": url}, start_timeout_s=START_TIMEOUT_S) as server:
        healthy = time.perf_counter() - started
        first = await visit(server.stream_url)
        first_map = time.perf_counter() - started if first.ok else None
        measure("start_healthy", healthy, "streamlit run app.py to GET /_stcore/health = 200")
        measure("start_first_map", first_map, problems([first]) or "a new session's overview after health")
        cpu, note = await cpu_per_visit(server, CPU_BATCHES, VISITS_PER_BATCH)
        measure("overview_cpu", cpu, note)
        province = await visit(server.stream_url, "province", PROVINCE_QUERY, timeout_s=START_TIMEOUT_S)
        measure("province_visit", province.first_chart_s if province.ok else None,
                f"/province?{PROVINCE_QUERY}, first visit: the view is built " + (problems([province]) or ""))
        result = await bursts(server, SESSIONS, BURSTS)
        measure("sessions_p95", result["p95"], f"p50 {result['p50']:.2f} s; {result['note']}; fewest maps "
                                               f"{result['completed']}/{SESSIONS}" + (f"; {result['problem']}"
                                                                                       if result["problem"] else ""))
        measure("rss_peak", process_peak_rss_mb(server.pid), "VmHWM of the server process after all of the above")


# ---------------------------------------------------------------- the store

def measure_publishes(measure: Measure, url: str) -> None:
    """Publishes of a new year's rows (NEW_YEAR): its 34 reports first (not timed), then SMALL_PUBLISHES × 10 rows,
    then one national form round of 10,000 rows."""
    sources, obs = simulated_tables(NEW_YEAR, prefix="new_")
    engine = open_store(url)
    try:
        user = publisher(engine)
        publish(engine, user, sources=sources, note="the new year's reports")
        small = obs.iloc[ROUND_PUBLISH:]
        seconds = [timed_publish(engine, user, small.iloc[i * SMALL_PUBLISH:(i + 1) * SMALL_PUBLISH])
                   for i in range(SMALL_PUBLISHES)]
        measure("publish_10", median(seconds), "new rows; rounds " + " ".join(f"{s:.2f}" for s in seconds))
        measure("publish_10000", timed_publish(engine, user, obs.iloc[:ROUND_PUBLISH]),
                f"new rows: {ROUND_PUBLISH // 20} communes × 20 subtypes of one year, once")
    finally:
        engine.dispose()


def timed_publish(engine, user, rows) -> float:
    started = time.perf_counter()
    publish(engine, user, observations=rows, note="bench publish")
    return time.perf_counter() - started


def measure_store(size: str, backend: str, url: str) -> None:
    measure = Measure(size, backend)
    measure.phase(("inputs_load", *VIEW_LINKS), lambda: measure_views(measure, url))
    measure.phase(("start_healthy", "start_first_map", "overview_cpu", "province_visit", "sessions_p95", "rss_peak"),
                  lambda: asyncio.run(measure_server(measure, url)))
    measure.phase(("publish_10", "publish_10000"), lambda: measure_publishes(measure, url))


def build_full_store(url: str, sources, obs) -> str:
    started = time.perf_counter()
    engine = open_store(url)
    try:
        how = fill_store(engine, sources, obs)
    finally:
        engine.dispose()
    return f"built in {time.perf_counter() - started:.0f} s: {how}"


def selected_runs() -> list[tuple[str, str]]:
    """NATIONAL_RUNS, or those BENCH_NATIONAL_RUNS names (e.g. 'full:postgresql,today:sqlite')."""
    chosen = os.environ.get("BENCH_NATIONAL_RUNS", "")
    return [run for run in NATIONAL_RUNS if not chosen or ":".join(run) in chosen.split(",")]


def main() -> int:
    runs = selected_runs()
    start_rows()
    started = time.perf_counter()
    sources, obs = simulated_tables()
    record_note(f"full size: {len(obs):,} simulated observations ({obs['commune_code'].ne('').sum():,} commune rows, "
                f"{obs['commune_code'].eq('').sum():,} province rows) from {len(sources)} simulated reports, on top of "
                f"today's rows; generated in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory(prefix="bench_national_") as folder_name, contextlib.ExitStack() as stack:
        folder = Path(folder_name)
        urls = {"sqlite": f"sqlite:///{folder / 'full.sqlite'}"}
        if ("full", "postgresql") in runs:
            urls["postgresql"] = stack.enter_context(postgres_server())
        for size, backend in runs:
            if size == "full":
                record_note(f"full size {NATIONAL_BACKENDS[backend]} store "
                            f"{build_full_store(urls[backend], sources, obs)}")
        del sources, obs
        gc.collect()
        for size, backend in runs:
            measure_store(size, backend, urls[backend] if size == "full" else f"sqlite:///{folder / 'today.sqlite'}")
    return 1 if Measure.failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--view-builds"]:
        print(json.dumps(view_builds()))
        raise SystemExit(0)
    raise SystemExit(main())
