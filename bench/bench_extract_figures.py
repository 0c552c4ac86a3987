"""The extractor's figures for bench/results.md, measured with bench_extract.py's own functions (that script prints its
full report, accuracy included, when run by itself): throughput in process, and growth with the text's length."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import SHORT_PARAGRAPH, corpus_files, time_growth, time_in_process  # noqa: E402
from common import record, start_rows  # noqa: E402

from indicators.intake.extraction import load_report  # noqa: E402


def growth(rows: list[tuple[int, int, float]]) -> tuple[float, str]:
    (small, _, small_time), (large, _, large_time) = rows
    return large_time / small_time, (f"{small:,} chars {small_time:.2f} s → {large:,} chars {large_time:.2f} s "
                                     f"({large // small}× the text)")


def main() -> int:
    start_rows()
    files = corpus_files()
    articles, seconds = time_in_process(files)
    record("extract_throughput", articles / seconds, f"{articles} articles in {seconds:.3f} s, fastest of 7 passes")
    record("extract_growth_real", *growth(time_growth("\n\n".join(load_report(path).text for path in files))))
    record("extract_growth_short", *growth(time_growth(SHORT_PARAGRAPH)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
