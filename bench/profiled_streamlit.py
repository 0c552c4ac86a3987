"""`python bench/profiled_streamlit.py run app.py …`: Streamlit's own command line, with every script run measured.

For bench_profile.py. Each run of the page script (ScriptRunner._run_script, which ends with Streamlit's clean-up)
writes one JSON line to $BENCH_PROFILE_DIR/runs.jsonl: the script thread's CPU seconds, and within them the CPU spent
in garbage collection (gc callbacks), in plotly's Figure.to_dict and plotly.io.to_json as st.plotly_chart calls them,
and in the chart's element id. While $BENCH_PROFILE_DIR/profile.on exists, runs are also profiled with cProfile and
the statistics added up in $BENCH_PROFILE_DIR/runs.prof. Nothing of the app is changed.
"""

import cProfile
import gc
import json
import os
import pstats
import runpy
import sys
import threading
import time
from pathlib import Path

OUT = Path(os.environ["BENCH_PROFILE_DIR"])
FLAG = OUT / "profile.on"
PARTS = ("gc", "to_dict", "to_json", "element_id")
_lock = threading.Lock()
_local = threading.local()
_stats: list[pstats.Stats] = []


def _parts() -> dict[str, float]:
    if not hasattr(_local, "parts"):
        _local.parts = dict.fromkeys(PARTS, 0.0)
    return _local.parts


def _on_gc(phase: str, _info: dict) -> None:
    if phase == "start":
        _local.gc_started = time.thread_time()
    elif hasattr(_local, "gc_started"):
        _parts()["gc"] += time.thread_time() - _local.gc_started


def _timed(name: str, function):
    def timed(*args, **kwargs):
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            _parts()[name] += time.thread_time() - started
    return timed


def _write(row: dict, profile: cProfile.Profile | None) -> None:
    with _lock:
        with (OUT / "runs.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
        if profile is not None:
            if _stats:
                _stats[0].add(profile)
            else:
                _stats.append(pstats.Stats(profile))
            _stats[0].dump_stats(str(OUT / "runs.prof"))


def install() -> None:
    import plotly.io
    import plotly.tools
    from streamlit.elements import plotly_chart
    from streamlit.runtime.scriptrunner import script_runner

    gc.callbacks.append(_on_gc)
    plotly.tools.return_figure_from_figure_or_data = _timed("to_dict", plotly.tools.return_figure_from_figure_or_data)
    plotly.io.to_json = _timed("to_json", plotly.io.to_json)
    plotly_chart.compute_and_register_element_id = _timed("element_id", plotly_chart.compute_and_register_element_id)
    original = script_runner.ScriptRunner._run_script

    def measured_run_script(self, rerun_data):
        _local.parts = dict.fromkeys(PARTS, 0.0)
        profile = cProfile.Profile() if FLAG.exists() else None
        cpu, wall = time.thread_time(), time.perf_counter()
        if profile is not None:
            profile.enable()
        try:
            return original(self, rerun_data)
        finally:
            if profile is not None:
                profile.disable()
            row = {"page": rerun_data.page_name, "query": rerun_data.query_string, "profiled": profile is not None,
                   "cpu": time.thread_time() - cpu, "wall": time.perf_counter() - wall, **_parts()}
            if profile is not None:
                row["tracked_objects"] = len(gc.get_objects())
            _write(row, profile)

    script_runner.ScriptRunner._run_script = measured_run_script


if __name__ == "__main__":
    install()
    sys.argv = ["streamlit", *sys.argv[1:]]
    runpy.run_module("streamlit", run_name="__main__", alter_sys=True)
