"""Small pieces every platform emulator shares: an injectable clock and a way to serve an app.

The emulators never read the wall clock directly: a test hands them a ``ManualClock`` and moves
time forward itself, so rate-limit windows and token expiry are tested without waiting.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestServer

Clock = Callable[[], float]


def system_clock() -> float:
    """Unix time in seconds (float), the default clock of every emulator."""
    return time.time()


class ManualClock:
    """A clock a test moves by hand; starts at a fixed Unix time so runs are reproducible."""

    def __init__(self, start: float = 1_780_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    """Serve ``app`` on 127.0.0.1 at a port the OS picks; yields the base URL (no trailing slash)."""
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()
