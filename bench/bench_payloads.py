"""Payloads: the bytes of the overview map's figure JSON and of a province's district map (Thanh Hóa, 38, and the
largest of all 63 provinces), with what makes them up (the GeoJSON, the hover data) and their deflated size (the
websocket compresses with permessage-deflate when the browser offers it, as Chromium does).

The same maps as Streamlit sends them on the websocket are measured by bench_sessions.py (payload_*_wire).
"""

import json
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import record, start_rows  # noqa: E402

from briefing import province as province_page  # noqa: E402
from briefing.inputs import load_view_inputs  # noqa: E402
from briefing.links import parse_view  # noqa: E402
from briefing.views import build_view_content  # noqa: E402

LARGEST_PROVINCE = "38"  # Thanh Hóa: the most districts


def breakdown(figure) -> tuple[int, str]:
    """(bytes of the figure's JSON, what is in them)."""
    text = figure.to_json()
    spec = json.loads(text)
    geojson = sum(len(json.dumps(trace["geojson"], separators=(",", ":"))) for trace in spec["data"]
                  if "geojson" in trace)
    hover = sum(len(json.dumps(trace.get(key), separators=(",", ":"))) for trace in spec["data"]
                for key in ("customdata", "hovertext", "text") if key in trace)
    deflated = len(zlib.compress(text.encode(), 6))
    note = (f"{len(spec['data'])} traces; GeoJSON {geojson / 1000:.0f} KB, hover data {hover / 1000:.0f} KB, "
            f"layout {len(json.dumps(spec['layout'])) / 1000:.0f} KB; deflated {deflated / 1000:.0f} KB")
    return len(text.encode()), note


def district_map(inputs, code: str):
    """The province page's district map, built as the page builds it (also when the page shows the table first)."""
    content = build_view_content(parse_view(f"/province?province={code}"), inputs)
    if content.map_figure is not None:
        return content.map_figure, ""
    rows = province_page.district_rows(inputs, code, "vi")
    return province_page.district_map(inputs, code, rows, "", "vi"), "the page shows no map for it today"


def main() -> int:
    start_rows()
    inputs = load_view_inputs()
    overview = build_view_content(parse_view("/"), inputs)
    size, note = breakdown(overview.map_figure)
    record("payload_overview_map", size / 1000, note)
    figure, shown = district_map(inputs, LARGEST_PROVINCE)
    size, note = breakdown(figure)
    record("payload_province_map", size / 1000, "; ".join(filter(None, [note, shown])))
    sizes = {}
    for code in inputs.frame("vn63").names:
        rows = province_page.district_rows(inputs, code, "vi")
        figure = province_page.district_map(inputs, code, rows, "", "vi")
        if figure is not None:
            sizes[code] = len(figure.to_json().encode())
    largest = max(sizes, key=sizes.get)
    over = sorted(code for code, size in sizes.items() if size > 150_000)
    record("payload_largest_province_map", sizes[largest] / 1000,
           f"province {largest}; {len(sizes)} provinces with a district map, over 150 KB: {', '.join(over) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
