"""gateway.http.RestClient against the OneCart and CartRover emulators: budgets, refusals, safe retries."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from gateway.errors import PlatformRateLimited, StoreApiError, StoreUnreachable
from gateway.http import FixedWindowBudget, LeakyBucketBudget, PlatformProfile, RestClient, parse_retry_after
from gateway.http.platforms import cartrover_profile, onecart_profile
from tests.emulators.common import serve
from tests.http.emulated import CartRoverRun, OneCartRun

ONECART_KEY = {"Authorization": "oc-full-key"}
CARTROVER_AUTH = {"Authorization": aiohttp.encode_basic_auth("merchant-user", "merchant-key")}


@pytest.fixture
async def onecart_client(onecart: OneCartRun) -> AsyncIterator[RestClient]:
    client = RestClient(onecart_profile(), clock=onecart.clock, sleep=onecart.sleep)
    yield client
    await client.close()


@pytest.fixture
async def cartrover_client(cartrover: CartRoverRun) -> AsyncIterator[RestClient]:
    client = RestClient(cartrover_profile(), clock=cartrover.clock, sleep=cartrover.sleep)
    yield client
    await client.close()


async def test_onecart_burst_over_the_budget_gets_zero_429s(onecart: OneCartRun, onecart_client: RestClient) -> None:
    """700 requests at once against 300 / 60 s: every one answered, none refused, the clock moved two windows."""
    start = onecart.clock.now

    async def one() -> int:
        response = await onecart_client.request("store-1", "GET", onecart.base + "/shops", headers=ONECART_KEY)
        return response.status

    statuses = await asyncio.gather(*(one() for _ in range(700)))
    assert statuses == [200] * 700
    assert onecart.state.refusals == 0 and onecart.state.requests == 700
    assert onecart.clock.now - start >= 120


async def test_onecart_budget_starts_from_what_someone_else_already_spent(
    onecart: OneCartRun, onecart_client: RestClient
) -> None:
    """Another process used 290 of the 300 in this window: the client learns it from the first answer's headers."""
    async with aiohttp.ClientSession() as other:
        for _ in range(290):
            async with other.get(onecart.base + "/shops", headers=ONECART_KEY) as resp:
                assert resp.status == 200

    async def one() -> int:
        return (await onecart_client.request("store-1", "GET", onecart.base + "/shops", headers=ONECART_KEY)).status

    assert await asyncio.gather(*(one() for _ in range(40))) == [200] * 40
    assert onecart.state.refusals == 0


async def test_onecart_recovers_when_pushed_to_refuse(onecart: OneCartRun, onecart_client: RestClient) -> None:
    """Two forced 429s with Retry-After: 5 -> the request still succeeds, after waiting as told (twice)."""
    onecart.state.push_to_refuse(2, retry_after=5)
    start = onecart.clock.now
    response = await onecart_client.request("store-1", "GET", onecart.base + "/orders/1", headers=ONECART_KEY)
    assert response.status == 200 and response.json()["data"]["id"] == 1
    assert onecart.state.refusals == 2
    assert onecart.clock.now - start >= 10


async def test_refusals_past_the_attempts_raise_110_with_the_platform_request_id(
    onecart: OneCartRun, onecart_client: RestClient
) -> None:
    onecart.state.push_to_refuse(50, retry_after=1)
    with pytest.raises(PlatformRateLimited) as caught:
        await onecart_client.request("store-1", "GET", onecart.base + "/shops", headers=ONECART_KEY)
    assert caught.value.return_code == 110
    assert "request id " in caught.value.message and len(caught.value.message.split("request id ")[1]) >= 32
    assert onecart.state.refusals == 4  # max_attempts, no more


async def test_cartrover_burst_gets_zero_refusals(cartrover: CartRoverRun, cartrover_client: RestClient) -> None:
    """250 calls at once against a bucket of 100 draining one per 0.6 s: all answered, none refused."""
    start = cartrover.clock.now

    async def one(page: int) -> int:
        url = cartrover.base + "/v1/merchant/inventory"
        response = await cartrover_client.request(
            "s", "GET", url, params={"page": str(page % 5 + 1)}, headers=CARTROVER_AUTH
        )
        return response.status

    assert await asyncio.gather(*(one(n) for n in range(250))) == [200] * 250
    assert cartrover.state.refusals == 0
    assert cartrover.clock.now - start >= (250 - 100) * 0.6 - 1


async def test_cartrover_recovers_when_pushed_to_refuse(cartrover: CartRoverRun, cartrover_client: RestClient) -> None:
    """A RateLimit refusal (body error_code) is waited out one drain period at a time, then succeeds."""
    cartrover.state.push_to_refuse(3)
    response = await cartrover_client.request(
        "s", "GET", cartrover.base + "/v1/merchant/inventory/CR-00001", headers=CARTROVER_AUTH
    )
    assert response.status == 200 and response.json()["response"]["sku"] == "CR-00001"
    assert cartrover.state.refusals == 3
    assert response.request_id == cartrover.state.process_ids[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_unreachable_store_is_106_after_retries() -> None:
    sleeps: list[float] = []

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    client = RestClient(PlatformProfile(name="Test", max_attempts=3), sleep=record)
    try:
        with pytest.raises(StoreUnreachable) as caught:
            await client.request("s", "POST", f"http://127.0.0.1:{_free_port()}/x", json={})
    finally:
        await client.close()
    assert caught.value.return_code == 106
    assert len(sleeps) == 2 and all(0 <= wait <= 4 for wait in sleeps)  # jittered backoff between 3 attempts


@pytest.fixture
async def flaky() -> AsyncIterator[tuple[str, list[str]]]:
    """A server that drops the connection on /drop and answers 503 on /busy; records each hit."""
    hits: list[str] = []

    async def drop(request: web.Request) -> web.StreamResponse:
        hits.append(request.method + " " + request.path)
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    async def busy(request: web.Request) -> web.StreamResponse:
        hits.append(request.method + " " + request.path)
        return web.json_response({"error": "busy"}, status=503)

    app = web.Application()
    app.router.add_route("*", "/drop", drop)
    app.router.add_route("*", "/busy", busy)
    async with serve(app) as base:
        yield base, hits


async def _no_wait(seconds: float) -> None:
    return None


async def test_dropped_connection_is_retried_for_get_but_not_for_post(flaky: tuple[str, list[str]]) -> None:
    base, hits = flaky
    client = RestClient(PlatformProfile(name="Test", max_attempts=3), sleep=_no_wait)
    try:
        with pytest.raises(StoreUnreachable):
            await client.request("s", "GET", base + "/drop")
        # 3 attempts; aiohttp itself may resend an idempotent request once on a dropped connection
        assert set(hits) == {"GET /drop"} and 3 <= len(hits) <= 6
        hits.clear()
        with pytest.raises(StoreUnreachable):
            await client.request("s", "POST", base + "/drop", json={"order": 1})
        assert hits == ["POST /drop"]  # a write that may have been applied is never sent twice
    finally:
        await client.close()


async def test_503_is_retried_for_get_then_100_and_returned_for_post(flaky: tuple[str, list[str]]) -> None:
    base, hits = flaky
    client = RestClient(PlatformProfile(name="Test", max_attempts=2), sleep=_no_wait)
    try:
        with pytest.raises(StoreApiError) as caught:
            await client.request("s", "GET", base + "/busy")
        assert caught.value.return_code == 100 and hits == ["GET /busy"] * 2
        response = await client.request("s", "POST", base + "/busy")
        assert response.status == 503 and hits[-1] == "POST /busy" and len(hits) == 3
    finally:
        await client.close()


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert parse_retry_after("7", 0) == 7
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == 10
    assert parse_retry_after("soon", 0) is None and parse_retry_after(None, 0) is None


def test_fixed_window_follows_the_headers_and_waits_for_reset() -> None:
    budget = FixedWindowBudget(limit=300, window_seconds=60, margin_seconds=1)
    assert budget.reserve(1000) == 0
    assert budget.reserve(1000) > 0  # second request waits for the first answer
    budget.observe(1000.2, 200, {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "1030"})
    assert budget.reserve(1000.3) == 0
    assert budget.reserve(1000.3) == pytest.approx(1031 - 1000.3)
    # new window: 300, less the request still in flight (counted conservatively), less this one
    assert budget.reserve(1031) == 0 and budget.remaining == 298


def test_leaky_bucket_waits_until_one_call_has_drained() -> None:
    budget = LeakyBucketBudget(capacity=3, drain_seconds=0.6, margin_calls=0.0)
    assert [budget.reserve(0) for _ in range(3)] == [0, 0, 0]
    assert budget.reserve(0) == pytest.approx(0.6)
    assert budget.reserve(0.6) == 0
