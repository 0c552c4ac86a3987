"""The trends and sources views on a store (DATABASE_URL; the national simulation of bench_national.py to see the
issue 21 figures): the links built in a new process (after what every first view asks), each first built then built
again, with the chart where the page draws one, and the peak memory. Prints one line per link; records nothing.

    DATABASE_URL=sqlite:////tmp/national.sqlite .venv/bin/python bench/bench_trends_sources.py [link ...]
"""

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.inputs import load_view_inputs  # noqa: E402
from briefing.links import parse_view  # noqa: E402
from briefing.views import build_view_content  # noqa: E402

LINKS = ("/trends", "/trends?provinces=vn34-79", "/trends?indicator=models_built&subtype=models_total",
         "/sources", "/sources?source=000_7d6bc60bc6dc7dcc")


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main(links: list[str]) -> None:
    seconds, inputs = timed(load_view_inputs)
    catalogue_seconds, _ = timed(lambda: inputs.catalogue)
    # what every view of a process asks first, whichever it is: the rows set aside, the repeats of duplicates.csv
    shared_seconds, _ = timed(lambda: (inputs.set_aside, inputs.duplicate_links()))
    print(f"inputs {seconds:.2f} s, catalogue {catalogue_seconds:.2f} s, set aside and repeats {shared_seconds:.2f} s")
    for link in links:
        first, content = timed(lambda link=link: build_view_content(parse_view(link), inputs))
        again, _ = timed(lambda link=link: build_view_content(parse_view(link), inputs))
        chart, _ = timed(lambda content=content: content.chart_figure)
        print(f"{link}: first {first:.2f} s, again {again:.2f} s, chart {chart:.2f} s; {len(content.obs):,} figures "
              f"read, {len(content.source_tables)} source tables")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main(sys.argv[1:] or list(LINKS))
