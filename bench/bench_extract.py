"""Benchmark the report extractor: precision/recall against the gold sample, articles per second, growth with length."""

import csv
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.intake.extraction import extract_report, extract_text, load_report  # noqa: E402
from indicators.paths import reports_dir, seeds_dir  # noqa: E402

GOLD_PATH = ROOT / "tests" / "data" / "extract_gold.csv"
TARGET_ARTICLES = 200
TARGET_ARTICLES_PER_SECOND = 500
GROWTH_SIZES = (250_000, 1_000_000)  # characters: S and 4·S
TARGET_GROWTH = 5.0  # 4× the text in at most 5× the time
SHORT_PARAGRAPH = "Huyện Đồng Văn có hơn 532 mô hình học tập và làm theo Bác, 113 tập thể được khen thưởng.\n"


def corpus_files() -> list[Path]:
    """The 42 development reports and the 5 seeds."""
    return sorted(reports_dir().glob("[0-9]*.txt")) + sorted(seeds_dir().glob("[0-9]*.txt"))


def load_gold() -> list[dict[str, str]]:
    with GOLD_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number_key(value) -> str:
    """One spelling per number: 6200000000.0 and '6200000000' both become '6200000000'."""
    number = float(value)
    return str(int(number)) if number == int(number) else repr(round(number, 6))


def predicted_rows(names: set[str], files: list[Path]) -> list[dict]:
    """Extractor rows for the gold files."""
    rows = []
    for path in files:
        if path.name in names:
            rows += [obs.as_row() for obs in extract_report(load_report(path))]
    return rows


def compute_scores(gold: list[dict], predicted: list[dict]) -> dict[str, float]:
    """Set precision/recall on (file, value, unit, qualifier), and agreement of unit, qualifier and denominator
    on the gold numbers whose (file, value) was found."""
    gold_keys = {(g["file"], number_key(g["value"]), g["unit"], g["qualifier"]) for g in gold}
    pred_keys = {(p["file"], number_key(p["value"]), p["unit"], p["qualifier"]) for p in predicted}
    hits = gold_keys & pred_keys
    by_value = {}
    for p in predicted:
        by_value.setdefault((p["file"], number_key(p["value"])), []).append(p)
    matched = [(g, by_value[(g["file"], number_key(g["value"]))]) for g in gold
               if (g["file"], number_key(g["value"])) in by_value]
    return {
        "gold_rows": len(gold_keys), "predicted_rows": len(pred_keys), "true_positives": len(hits),
        "precision": len(hits) / len(pred_keys), "recall": len(hits) / len(gold_keys),
        "value_recall": len(matched) / len(gold),
        "unit_agreement": agreement(matched, lambda g, p: g["unit"] == p["unit"]),
        "qualifier_agreement": agreement(matched, lambda g, p: g["qualifier"] == p["qualifier"]),
        "denominator_agreement": agreement(matched, lambda g, p: same_denominator(g["denominator"], p["denominator"])),
    }


def agreement(matched: list[tuple[dict, list[dict]]], same) -> float:
    """Share of value-matched gold rows that at least one prediction with that value agrees with."""
    return sum(any(same(g, p) for p in preds) for g, preds in matched) / max(1, len(matched))


def same_denominator(gold: str, predicted) -> bool:
    return (not gold and predicted is None) or (bool(gold) and predicted is not None
                                                and number_key(gold) == number_key(predicted))


def time_cli(files: list[Path]) -> tuple[int, float]:
    """Run the CLI once over the corpus repeated to about TARGET_ARTICLES files; (articles, seconds) incl. start-up."""
    repeated = [str(p) for p in files] * max(1, round(TARGET_ARTICLES / len(files)))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "indicators.intake.extract", *repeated, "--format", "jsonl"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return len(repeated), time.perf_counter() - started


def time_in_process(files: list[Path], rounds: int = 7) -> tuple[int, float]:
    """Extract the corpus in this process, texts read and extractor warmed first; (articles, seconds) of the fastest
    of `rounds` passes (the machine's other work only ever adds time)."""
    reports = [load_report(path) for path in files]
    for report in reports:
        extract_report(report)
    return len(reports), min(time_call(lambda: [extract_report(report) for report in reports])[1]
                             for _ in range(rounds))


def time_call(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def repeated_to(text: str, chars: int) -> str:
    return (text * (chars // len(text) + 1))[:chars]


def time_growth(text: str, rounds: int = 3) -> list[tuple[int, int, float]]:
    """(characters, observations, seconds: the fastest of `rounds`) of extract_text on `text` repeated to each of
    GROWTH_SIZES."""
    rows = []
    for size in GROWTH_SIZES:
        sample = repeated_to(text, size)
        runs = [time_call(lambda sample=sample: extract_text(sample, "growth.txt", "2023-06-01"))
                for _ in range(rounds)]
        rows.append((size, len(runs[0][0]), min(seconds for _, seconds in runs)))
    return rows


def print_growth(label: str, rows: list[tuple[int, int, float]]) -> None:
    (small, _, small_time), (large, _, large_time) = rows
    for size, found, seconds in rows:
        print(f"  {label:28} {size:>9,} chars  {found:>6} observations  {seconds:7.2f} s")
    ratio = large_time / small_time
    print(f"  {label:28} {large // small}× the text took {ratio:.1f}× the time "
          f"(target ≤ {TARGET_GROWTH:g}×: {'met' if ratio <= TARGET_GROWTH else 'NOT met'})")


def time_startup() -> float:
    """Seconds for the CLI on one file: interpreter, imports and gazetteer load."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "indicators.intake.extract", str(corpus_files()[0])], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    files = corpus_files()
    gold = load_gold()
    scores = compute_scores(gold, predicted_rows({g["file"] for g in gold}, files))
    print(f"gold sample: {len({g['file'] for g in gold})} files, {scores['gold_rows']} distinct gold rows")
    for name in ("predicted_rows", "true_positives"):
        print(f"  {name:22} {scores[name]}")
    for name in ("precision", "recall", "value_recall", "unit_agreement", "qualifier_agreement",
                 "denominator_agreement"):
        print(f"  {name:22} {scores[name]:.3f}")
    per_file = Counter(obs.file for path in files for obs in extract_report(load_report(path)))
    print(f"corpus: {len(files)} files, {sum(per_file.values())} candidate observations")
    articles, seconds = time_in_process(files)
    rate = articles / seconds
    print(f"extraction throughput: {articles} articles in {seconds:.2f} s = {rate:.0f} articles/s "
          f"(target ≥ {TARGET_ARTICLES_PER_SECOND}: {'met' if rate >= TARGET_ARTICLES_PER_SECOND else 'NOT met'})")
    articles, seconds = time_cli(files)
    print(f"CLI throughput: {articles} articles in {seconds:.2f} s = {articles / seconds:.0f} articles/s "
          f"(start-up included; single-file run {time_startup():.2f} s)")
    print("growth with the text's length:")
    print_growth("real reports repeated", time_growth("\n\n".join(load_report(path).text for path in files)))
    print_growth("one short paragraph repeated", time_growth(SHORT_PARAGRAPH))


if __name__ == "__main__":
    main()
