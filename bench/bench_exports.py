"""Export timings: cold CLI runs (deck, snapshot) as subprocesses, then warm in-process PNG, SVG and deck builds."""

import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `make bench` runs this file as a script

from components.deck import build_deck  # noqa: E402
from components.snapshot import make_snapshot_figure, render_image  # noqa: E402
from components.views import build_view_content, load_view_inputs, parse_view  # noqa: E402

VIEWS = ("/", "/province?province=11")


def time_cli(module: str, view: str, out: Path) -> float:
    """Wall-clock seconds of one CLI run from a cold interpreter and browser."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", module, "--view", view, "--out", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def time_call(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for view in VIEWS:
            print(f"cold deck     {view:24s} {time_cli('components.deck', view, Path(folder) / 'deck.pptx'):5.1f} s")
            print(f"cold snapshot {view:24s} {time_cli('components.snapshot', view, Path(folder) / 'v.png'):5.1f} s")
    inputs = load_view_inputs()
    for view in VIEWS:
        for name, seconds in warm_timings(view, inputs).items():
            print(f"warm {name:8s} {view:24s} {seconds:5.2f} s")


def warm_timings(view: str, inputs) -> dict[str, float]:
    """Seconds per step once the shared Chromium is running (as behind the dashboard's buttons)."""
    content = build_view_content(parse_view(view), inputs)
    render_image(make_snapshot_figure(content))  # starts the shared Chromium: not part of the warm figures
    return {
        "content": time_call(partial(build_view_content, parse_view(view), inputs)),
        "PNG": time_call(lambda: render_image(make_snapshot_figure(content))),
        "SVG": time_call(lambda: render_image(make_snapshot_figure(content), "svg")),
        "deck": time_call(partial(build_deck, content)),
    }

if __name__ == "__main__":
    main()
