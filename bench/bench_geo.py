"""Benchmark of the boundary layers: build time from a clean directory, sizes, and load times."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `make bench` runs this file as a script

from geo import layers  # noqa: E402


def time_build(out: Path) -> float:
    """Seconds to run `python -m geo.build --out DIR` as a fresh process, as `make` does."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo.build", "--out", str(out)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
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
    with tempfile.TemporaryDirectory(prefix="bench_geo_") as folder:
        out = Path(folder)
        print(f"build (python -m geo.build, clean dir): {time_build(out):6.2f} s   (budget 20 s)")
        report = layers.load_build_report(out)
        for name in layers.LAYER_NAMES.values():
            size = report["sizes"][name]
            print(f"{name:16s} {size['features']:4d} features  GeoJSON {size['geojson_bytes'] / 1000:7.1f} KB  "
                  f"GeoParquet {size['parquet_bytes'] / 1000:6.1f} KB")
        largest = report["sizes"]["largest_province_districts"]
        print(f"largest one-province districts GeoJSON: province {largest['province_code']} "
              f"{largest['geojson_bytes'] / 1000:.1f} KB   (budget 150 KB)")
        parquet_seconds, geojson_seconds = time_loads(out)
        print(f"load 3 layers, GeoParquet → GeoDataFrame: {parquet_seconds:5.3f} s   (budget 0.5 s)")
        print(f"load 3 layers, GeoJSON files → dict:      {geojson_seconds:5.3f} s")
        print(f"layer_geojson() on the 3 GeoDataFrames:    {time_layer_geojson(out):5.3f} s")
        print(f"build time measured inside the build: {report['build_seconds']} s")


if __name__ == "__main__":
    main()
