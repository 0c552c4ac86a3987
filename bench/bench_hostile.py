"""Hostile inputs (issue 22 items 1-3): each read or refused within 2 s and +100 MB of memory.

1. A reporting form whose data sheet has cells A1 and XFD1048576 set (the stated size is every cell between), read by
   the form reader's public function `indicators.intake.reporting_form.read_filled_form`.
2. A 78 KB .docx whose body is 5,000,000 empty paragraphs, read by `read_report_bytes` (as the upload page does).
3. An anonymous session on a real server PUTs 20 files of 5 MB to `/_stcore/upload_file/<session>/<id>`: the slowest
   answer and the server's memory growth.

Items 1 and 2 run in a child process each (its own peak memory), stopped after CASE_TIMEOUT_S + 60 s (building the
form takes a few seconds); a stopped case is recorded at that time, without a memory figure.
"""

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import ROOT, process_rss_mb, record, record_note, start_rows, streamlit_server  # noqa: E402

CASE_TIMEOUT_S = 60
UPLOADS, UPLOAD_BYTES = 20, 5 * 2**20

# Run in a child: build the hostile file, then time the reader and its peak memory growth (ru_maxrss) over the build.
CHILD = r'''
import io, json, resource, sys, time
case = sys.argv[1]
if case == "form":
    from openpyxl import load_workbook
    from indicators.intake.reporting_form import DATA_SHEET, build_template, read_filled_form
    from indicators.store.published import load_published_dataset, open_store
    dataset = load_published_dataset(open_store())
    workbook = load_workbook(io.BytesIO(build_template(dataset)))
    workbook[DATA_SHEET]["A1"], workbook[DATA_SHEET]["XFD1048576"] = "x", "x"
    buffer = io.BytesIO(); workbook.save(buffer); data = buffer.getvalue()
    read = lambda: read_filled_form("hostile.xlsx", data, dataset)
else:
    sys.path.insert(0, "tests")
    from test_hardening_readers import docx_with_body
    from indicators.intake.extraction.readers import read_report_bytes
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    data = docx_with_body(f'<?xml version="1.0" encoding="UTF-8"?><w:document {namespace}><w:body>'
                          + "<w:p/>" * 5_000_000 + "</w:body></w:document>")
    read = lambda: read_report_bytes("hostile.docx", data)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    read(); outcome = "read"
except Exception as error:
    outcome = f"refused: {type(error).__name__}"
seconds = time.perf_counter() - started
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"seconds": seconds, "mb": grown, "outcome": outcome, "bytes": len(data)}))
'''


def run_child(case: str) -> dict:
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, case], cwd=ROOT, capture_output=True, text=True,
                              timeout=CASE_TIMEOUT_S + 60, check=False)
    except subprocess.TimeoutExpired:  # the time is at least the limit; the memory is not known
        return {"seconds": CASE_TIMEOUT_S + 60, "mb": None,
                "outcome": f"still running after {CASE_TIMEOUT_S + 60} s (stopped)"}
    if done.returncode != 0 or not done.stdout.strip():
        return {"seconds": None, "mb": None, "outcome": f"crashed: {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_file_case(case: str, key: str) -> None:
    result = run_child(case)
    note = f"{result['outcome']}" + (f"; file {result['bytes'] / 1024:,.0f} KB" if "bytes" in result else "")
    record(f"hostile_{key}_seconds", result["seconds"], note)
    record(f"hostile_{key}_memory", result["mb"])


async def anonymous_uploads(url: str) -> list[tuple[int, float]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from st_client import rerun_message
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from test_upload_guard import put_upload
    from websockets import connect

    async with connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None) as ws:
        await ws.send(rerun_message("ingest"))
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
            if message.HasField("new_session"):
                session_id = message.new_session.initialize.session_id
                break
        answers = []
        for number in range(UPLOADS):
            started = time.perf_counter()
            try:
                status, _ = await asyncio.to_thread(put_upload, url, session_id, bytes([number % 256]) * UPLOAD_BYTES)
            except OSError:  # refused before the body was read: the server closes the connection mid-upload
                status = "closed"
            answers.append((status, time.perf_counter() - started))
        return answers


def measure_uploads() -> None:
    with streamlit_server() as live:
        before = process_rss_mb(live.pid)
        answers = asyncio.run(anonymous_uploads(live.url))
        grown = process_rss_mb(live.pid) - before
    statuses = sorted({str(status) for status, _ in answers})
    record("hostile_upload_seconds", max(seconds for _, seconds in answers),
           f"{UPLOADS} PUTs of {UPLOAD_BYTES // 2**20} MB from one anonymous session; answers {statuses}")
    record("hostile_upload_memory", grown)


def main() -> int:
    start_rows()
    record_note(f"hostile inputs: each case stopped at {CASE_TIMEOUT_S + 60} s; memory is peak RSS growth")
    measure_file_case("form", "form")
    measure_file_case("docx", "docx")
    measure_uploads()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
