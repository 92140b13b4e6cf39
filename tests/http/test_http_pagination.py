"""Pagination helpers walk every record exactly once against the emulators, through the shared client."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiohttp
import pytest

from gateway.errors import StoreApiError
from gateway.http import LinkedPage, RestClient, follow_next_links, walk_pages
from gateway.http.platforms import cartrover_profile, onecart_profile
from tests.http.emulated import CartRoverRun, OneCartRun


async def test_onecart_links_next_reaches_every_order_once(onecart: OneCartRun) -> None:
    client = RestClient(onecart_profile(), clock=onecart.clock, sleep=onecart.sleep)

    async def fetch(url: str) -> LinkedPage[dict[str, Any]]:
        body = (await client.request("k", "GET", url, headers={"Authorization": "oc-read-key"})).json()
        return LinkedPage(body["data"], body["links"]["next"])

    try:
        ids = [row["id"] async for row in follow_next_links(fetch, onecart.base + "/orders?per_page=100&_fields=id")]
    finally:
        await client.close()
    assert ids == sorted(onecart.state.data["orders"]) and len(ids) == 1234


async def test_cartrover_page_walk_reaches_every_order_once(cartrover: CartRoverRun) -> None:
    client = RestClient(cartrover_profile(), clock=cartrover.clock, sleep=cartrover.sleep)
    auth = {"Authorization": aiohttp.encode_basic_auth("merchant-user", "merchant-key")}

    async def fetch(page: int) -> Sequence[dict[str, Any]]:
        url = cartrover.base + "/v1/merchant/orders/list/all"
        response = await client.request("s", "GET", url, params={"limit": "100", "page": str(page)}, headers=auth)
        rows: list[dict[str, Any]] = response.json()["response"]
        return rows

    try:
        refs = [row["cust_ref"] async for row in walk_pages(fetch, 100)]
    finally:
        await client.close()
    assert sorted(refs) == sorted(cartrover.state.data["orders"]) and len(refs) == len(set(refs)) == 777
    assert cartrover.state.refusals == 0


async def test_a_next_link_loop_is_an_error_not_an_endless_walk() -> None:
    async def fetch(url: str) -> LinkedPage[int]:
        return LinkedPage([1], "https://example.test/page2" if url.endswith("1") else "https://example.test/page1")

    with pytest.raises(StoreApiError):
        [item async for item in follow_next_links(fetch, "https://example.test/page1")]


async def test_a_page_larger_than_asked_is_an_error() -> None:
    async def fetch(page: int) -> Sequence[int]:
        return list(range(11))

    with pytest.raises(StoreApiError):
        [item async for item in walk_pages(fetch, 10)]
