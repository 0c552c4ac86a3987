"""Export timings: cold command-line runs of the overview's PNG, deck and HTML map (a new process, its own Chromium for
images), then warm builds of the overview and a province in this process through the exports' one core
(`build_export`, as behind the buttons)."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `make bench` runs this file as a script
sys.path.insert(0, str(ROOT / "bench"))

from common import median, record, start_rows  # noqa: E402

from briefing.exports import build_export  # noqa: E402
from briefing.inputs import load_view_inputs  # noqa: E402
from briefing.links import parse_view  # noqa: E402
from briefing.views import build_view_content  # noqa: E402

VIEWS = ("/", "/province?province=11")
EXPORTS = {"png": ".png", "deck": ".pptx", "html": ".html"}  # figure name → the CLI's file extension
KINDS = {"png": "png", "deck": "pptx", "html": "html_map"}  # figure name → export kind
WARM_REPEAT = 3


def time_cli(view: str, out: Path) -> float:
    """Wall-clock seconds of one `python -m briefing.cli` run from a cold interpreter (and browser, for images)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefing.cli", "--view", view, "--out", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def warm_timings(view: str, inputs) -> dict[str, float]:
    """Median seconds per export once the content is built and the shared Chromium is running."""
    content = build_view_content(parse_view(view), inputs)
    build_export(content, "png", inputs)  # starts the shared Chromium: not part of the warm figures
    timings = {}
    for name, kind in KINDS.items():
        seconds = []
        for _ in range(WARM_REPEAT):
            started = time.perf_counter()
            build_export(content, kind, inputs)
            seconds.append(time.perf_counter() - started)
        timings[name] = median(seconds)
    return timings


def main() -> None:
    start_rows()
    with tempfile.TemporaryDirectory() as folder:
        cold = {name: time_cli(VIEWS[0], Path(folder) / f"export{suffix}") for name, suffix in EXPORTS.items()}
    inputs = load_view_inputs()
    warm = {view: warm_timings(view, inputs) for view in VIEWS}
    other = VIEWS[1]
    for name in EXPORTS:
        record(f"export_{name}_cold", cold[name], "overview")
        record(f"export_{name}_warm", warm[VIEWS[0]][name], f"overview; {other}: {warm[other][name]:.2f} s")


if __name__ == "__main__":
    main()
