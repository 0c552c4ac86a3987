"""A browser-less Streamlit client: opens `/_stcore/stream`, asks for a page run with a `rerun_script` BackMsg (the
page's query string and URL path, as the front end sends them) and times the ForwardMsgs that come back.

Streamlit 1.67's protocol as its front end speaks it: the websocket's subprotocol list is `streamlit` (then an XSRF
token and a session id to resume, both left out here: without an Origin header the server checks no XSRF); every
message is a binary protobuf. One run ends with a `script_finished` ForwardMsg.
"""

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

RUN_TIMEOUT_S = 60


@dataclass
class Run:
    """What one script run sent: seconds from the request to the first plotly chart and to the end, the chart
    messages' sizes on the wire, the exceptions shown, every message's size."""

    first_chart_s: float | None = None
    finished_s: float | None = None
    chart_bytes: list[int] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    message_bytes: int = 0
    messages: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.first_chart_s is not None and not self.exceptions and not self.error


def rerun_message(page_name: str = "", query: str = "") -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page_name
    return msg.SerializeToString()


def element_type(msg: ForwardMsg) -> str:
    if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
        return msg.delta.new_element.WhichOneof("type")
    return ""


async def run_page(ws, page_name: str = "", query: str = "", timeout_s: float = RUN_TIMEOUT_S) -> Run:
    """Ask for one run on an open connection and read until it finishes (or the time is up)."""
    run = Run()
    started = time.perf_counter()
    await ws.send(rerun_message(page_name, query))
    deadline = started + timeout_s
    try:
        while True:
            data = await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.perf_counter()))
            msg = ForwardMsg()
            msg.ParseFromString(data)
            run.messages += 1
            run.message_bytes += len(data)
            kind = element_type(msg)
            if kind == "plotly_chart":
                run.chart_bytes.append(len(data))
                if run.first_chart_s is None:
                    run.first_chart_s = time.perf_counter() - started
            elif kind == "exception":
                exc = msg.delta.new_element.exception
                run.exceptions.append(f"{exc.type}: {exc.message}"[:300])
            if msg.WhichOneof("type") == "script_finished":
                run.finished_s = time.perf_counter() - started
                return run
    except TimeoutError:
        run.error = f"no end of run within {timeout_s:.0f} s"
    except websockets.ConnectionClosed as closed:
        run.error = f"connection closed: {closed}"
    return run


def connect(stream_url: str):
    return websockets.connect(stream_url, subprotocols=["streamlit"], max_size=None, open_timeout=RUN_TIMEOUT_S,
                              ping_interval=None)


async def visit(stream_url: str, page_name: str = "", query: str = "", hold: asyncio.Event | None = None,
                ran: asyncio.Event | None = None, timeout_s: float = RUN_TIMEOUT_S) -> Run:
    """A new session (a new browser tab): connect, run the page once (times count from before the connection: a
    visitor waits for it too), set `ran`, keep the connection until `hold` is set."""
    started = time.perf_counter()
    try:
        async with connect(stream_url) as ws:
            connected_s = time.perf_counter() - started
            run = await run_page(ws, page_name, query, timeout_s)
            if run.first_chart_s is not None:
                run.first_chart_s += connected_s
            if run.finished_s is not None:
                run.finished_s += connected_s
            if ran is not None:
                ran.set()
            if hold is not None:
                await hold.wait()
            return run
    except (OSError, websockets.InvalidHandshake, TimeoutError) as error:
        return Run(error=f"{type(error).__name__}: {error}")
    finally:
        if ran is not None:
            ran.set()


async def visits_at_once(stream_url: str, count: int, page_name: str = "", query: str = "",
                         during=None) -> list[Run]:
    """`count` sessions started together; every one stays open until all have run. `during()` is then called (in a
    thread) while they are all still open, e.g. to read the server's memory."""
    hold = asyncio.Event()
    ran = [asyncio.Event() for _ in range(count)]
    tasks = [asyncio.create_task(visit(stream_url, page_name, query, hold, ran[index])) for index in range(count)]
    await asyncio.gather(*(event.wait() for event in ran))
    if during is not None:
        await asyncio.to_thread(during)
    hold.set()
    return list(await asyncio.gather(*tasks))
