"""The client retries only what is safe to send twice: info and SELECT, never a batch."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from gateway.bridge.client import BridgeClient
from gateway.errors import BridgeNotInstalled, StoreUnreachable
from tests.bridge import shop


@pytest.fixture
async def flaky() -> AsyncIterator[tuple[str, list[str]]]:
    """A server that drops every odd-numbered connection and answers 404 to the others."""
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append((await request.json())["nonce"])
        if len(seen) % 2 == 1:
            assert request.transport is not None
            request.transport.close()  # the client sees a dropped connection
        return web.Response(status=404)

    app = web.Application()
    app.router.add_post("/bridge.php", handler)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("/bridge.php")), seen
    await server.close()


async def test_info_and_select_are_retried_with_a_fresh_nonce(flaky: tuple[str, list[str]]) -> None:
    url, seen = flaky
    async with aiohttp.ClientSession() as http:
        client = BridgeClient(http, url, shop.new_store_secrets())
        with pytest.raises(BridgeNotInstalled):
            await client.info()
        assert len(seen) == 2 and seen[0] != seen[1]
        with pytest.raises(BridgeNotInstalled):
            await client.query("SELECT 1")
        assert len(seen) == 4


async def test_batch_and_writes_are_never_sent_twice(flaky: tuple[str, list[str]]) -> None:
    url, seen = flaky
    async with aiohttp.ClientSession() as http:
        client = BridgeClient(http, url, shop.new_store_secrets())
        with pytest.raises(StoreUnreachable):
            await client.batch([("UPDATE t SET a = ?", [1])])
        assert len(seen) == 1
        seen.append("even out")  # the next request is odd again: dropped
        with pytest.raises(StoreUnreachable):
            await client.query("DELETE FROM t WHERE a = ?", [1])
        assert len(seen) == 3
