"""Benchmark of the boundary layers: build time cold (a fresh process, clean folder, as `make` runs it) and warm (again
in this process, imports and inputs warm), sizes, and load times."""

import contextlib
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `make bench` runs this file as a script
sys.path.insert(0, str(ROOT / "bench"))

from common import record, record_note, start_rows  # noqa: E402

from geo import layers  # noqa: E402
from geo.build import run_build  # noqa: E402
from indicators.paths import boundaries_dir, reference_dir  # noqa: E402


def time_build(out: Path) -> float:
    """Seconds to run `python -m geo.build --out DIR` as a fresh process, as `make` does."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo.build", "--out", str(out)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def time_build_in_process(out: Path) -> float:
    """Seconds of the build's own work in this process (its progress lines are not printed)."""
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        run_build(boundaries_dir(), reference_dir(), out)
    return time.perf_counter() - started


def time_loads(out: Path) -> tuple[float, float]:
    """Seconds to load all three layers as GeoDataFrames (GeoParquet), and as GeoJSON dicts from the files."""
    started = time.perf_counter()
    frames = [layers.load_layer(*key, build_dir=out) for key in layers.LAYER_NAMES]
    parquet_seconds = time.perf_counter() - started
    started = time.perf_counter()
    dicts = [layers.load_layer_geojson(*key, build_dir=out) for key in layers.LAYER_NAMES]
    geojson_seconds = time.perf_counter() - started
    assert [len(f) for f in frames] == [len(d["features"]) for d in dicts]
    return parquet_seconds, geojson_seconds


def time_layer_geojson(out: Path) -> float:
    """Seconds to turn the three loaded GeoDataFrames into plotly GeoJSON dicts with `layer_geojson`."""
    frames = [layers.load_layer(*key, build_dir=out) for key in layers.LAYER_NAMES]
    started = time.perf_counter()
    for gdf in frames:
        layers.layer_geojson(gdf)
    return time.perf_counter() - started


def main() -> None:
    start_rows()
    with tempfile.TemporaryDirectory(prefix="bench_geo_") as folder, \
            tempfile.TemporaryDirectory(prefix="bench_geo_warm_") as warm_folder:
        out = Path(folder)
        record("geo_build_cold", time_build(out))
        report = layers.load_build_report(out)
        record("geo_build_warm", time_build_in_process(Path(warm_folder)),
               f"measured inside the cold build: {report['build_seconds']} s")
        for name in layers.LAYER_NAMES.values():
            size = report["sizes"][name]
            record_note(f"{name:16s} {size['features']:4d} features  GeoJSON {size['geojson_bytes'] / 1000:7.1f} KB  "
                        f"GeoParquet {size['parquet_bytes'] / 1000:6.1f} KB")
        largest = report["sizes"]["largest_province_districts"]
        record("geo_largest_districts", largest["geojson_bytes"] / 1000, f"province {largest['province_code']}")
        communes = report["communes"]
        record("geo_largest_communes", communes["largest_province"]["geojson_bytes"] / 1000,
               f"province {communes['largest_province']['province_code']}; no national commune layer is served")
        record("geo_hcmc_communes", communes["province_geojson_bytes"]["79"] / 1000,
               f"tolerance {communes['tolerances']['79']}°")
        parquet_seconds, geojson_seconds = time_loads(out)
        record("geo_load_layers", parquet_seconds, f"GeoJSON files → dict {geojson_seconds:.3f} s; layer_geojson() "
                                                   f"on the 3 GeoDataFrames {time_layer_geojson(out):.3f} s")


if __name__ == "__main__":
    main()
