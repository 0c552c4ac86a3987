"""Issue 22 item 3: an anonymous visitor with a websocket session and a self-made XSRF cookie/header pair could PUT
5 MB files to /_stcore/upload_file/<session>/<id> without limit (3 sessions: 348 → 979 MB). Uploads now need a
session signed in as an editor, within a budget per session and per client address (components/server.py)."""

import asyncio
import importlib.util
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import websockets
from async_helpers import run_coroutine
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from components import server
from components.auth import USER_KEY
from indicators.store.accounts import User

ROOT = Path(__file__).resolve().parent.parent
GUESSER, OWNER = "203.0.113.9", "198.51.100.7"


def bench_module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def put_upload(base_url: str, session_id: str, data: bytes) -> tuple[int, str]:
    token = generate_xsrf_token_string()
    boundary = "----hostile"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{base_url}/_stcore/upload_file/{session_id}/file1", data=body, method="PUT",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": token,
                 "Cookie": f"_streamlit_xsrf={token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


async def upload_from_anonymous_session(base_url: str) -> tuple[int, str]:
    st_client = bench_module("st_client")
    async with websockets.connect(base_url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None) as ws:
        await ws.send(st_client.rerun_message("ingest"))
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
            if message.HasField("new_session"):
                session_id = message.new_session.initialize.session_id
                break
        return await asyncio.to_thread(put_upload, base_url, session_id, b"x" * 1_000_000)


def test_an_anonymous_session_cannot_upload_on_a_real_server():
    common = bench_module("common")
    with common.streamlit_server() as live:
        status, body = run_coroutine(upload_from_anonymous_session(live.url))
    assert (status, body) == (403, "Sign in as an editor to upload files.")


def fake_runtime(sessions: dict[str, tuple[str, User | None]], stored: dict[str, int]):
    """Streamlit's runtime as upload_refusal reads it: sessions (id → address, signed-in user) and stored bytes."""
    infos = {session_id: SimpleNamespace(session=SimpleNamespace(id=session_id, session_state={USER_KEY: user}
                                                                 if user else {}),
                                         client=SimpleNamespace(client_context=SimpleNamespace(remote_ip=address)))
             for session_id, (address, user) in sessions.items()}
    manager = SimpleNamespace(get_active_session_info=infos.get, list_active_sessions=lambda: list(infos.values()))
    storage = {session_id: {"f": SimpleNamespace(data=b"x" * size)} for session_id, size in stored.items()}
    return SimpleNamespace(_session_mgr=manager, uploaded_file_mgr=SimpleNamespace(file_storage=storage))


def test_uploads_are_budgeted_per_session_and_per_address():
    editor, viewer = User("an", "editor"), User("binh", "viewer")
    five_mb = 5 * 2**20
    forty_mb = 40 * 2**20
    runtime = fake_runtime({"a": (GUESSER, editor), "b": (GUESSER, editor), "d": (GUESSER, editor),
                            "c": (OWNER, editor), "v": (OWNER, viewer)}, {"a": forty_mb, "b": forty_mb, "d": forty_mb})
    assert server.upload_refusal(runtime, "v", OWNER, five_mb)[0] == 403
    assert server.upload_refusal(runtime, "c", OWNER, five_mb) is None
    assert server.upload_refusal(runtime, "a", GUESSER, 10 * 2**20 + 1)[1].endswith(
        "This session holds too many uploaded files: remove some first.")
    assert server.upload_refusal(runtime, "a", GUESSER, 1)[1].endswith("from this address: remove some first.")
    assert server.upload_refusal(runtime, "unknown", "203.0.113.9", 1) is None  # Streamlit refuses it itself
