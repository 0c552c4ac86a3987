"""Running a coroutine from a test in a process whose main thread may already hold an event loop."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_coroutine(coroutine):
    """asyncio.run in a thread of its own: the browser tests' session-wide Playwright browser keeps an event loop
    running in the main thread, where asyncio.run refuses to start another (the test then fails only in a full run)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
