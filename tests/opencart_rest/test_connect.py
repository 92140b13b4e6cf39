"""Connecting an OpenCart store: the dialect is detected once and kept; refusals are coded and name no secret."""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
import pytest

from connectors.opencart_rest.client import PROFILE, OpenCartApi, api_base, shared
from gateway.errors import StoreApiError
from gateway.http import RestClient
from tests.emulators.common import serve
from tests.emulators.opencart_rest import DEFAULT_KEY, Dialect, OpenCartState, create_app
from tests.opencart_rest.shop import DETECTED, DIALECTS, OpenCartRestShop, opencart_rest_shop


async def test_each_dialect_is_detected_and_kept_with_the_store(shop: OpenCartRestShop) -> None:
    [store] = await shop.stores()
    assert store.cart_id == "OpencartApi" and store.store_url == shop.url
    assert store.settings["opencart_dialect"] == DETECTED[shop.state.dialect]
    listed = await shop.ok("account.cart.list")
    assert [c["cart_id"] for c in listed["carts"]] == ["OpencartApi"]
    before = len(shop.state.calls)
    validated = await shop.ok("cart.validate")
    assert validated["opencart_dialect"] == DETECTED[shop.state.dialect]
    assert len(shop.state.calls) > before  # cart.validate asks the shop, it does not answer from memory


async def test_detection_tries_the_cheapest_probe_first(tmp_path: Path) -> None:
    async with opencart_rest_shop(tmp_path, "3.0") as shop:
        # 4.0's login route is an HTML 404 in a 3.x shop; the 3.x login then answers a token
        assert shop.state.calls[:2] == ["api/account/login", "api/login"]
        assert shop.state.logins == 1


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_a_bad_key_answers_100_and_saves_no_store(dialect: Dialect, tmp_path: Path) -> None:
    async with opencart_rest_shop(tmp_path, dialect, connect=False) as shop:
        wrong = "w" * 64
        body = await shop.connect(key=wrong)
        assert body["return_code"] == 100, body
        message = body["return_message"]
        assert "System → Users → API" in message
        assert wrong not in message and DEFAULT_KEY not in message
        assert await shop.stores() == []
        assert shop.state.logins == 0


@pytest.mark.parametrize("dialect", ["3.0", "4.0"])
async def test_an_ip_refusal_tells_the_owner_which_ip_to_allow_and_where(dialect: Dialect, tmp_path: Path) -> None:
    state = OpenCartState(dialect=dialect, allowed_ips={"10.9.8.7"})
    async with opencart_rest_shop(tmp_path, state=state, connect=False) as shop:
        body = await shop.connect()
        assert body["return_code"] == 100
        message = body["return_message"]
        assert "IP address 127.0.0.1" in message and "add 127.0.0.1" in message
        assert "System → Users → API → edit the API user → IP Addresses" in message
        assert DEFAULT_KEY not in message
        assert await shop.stores() == []


async def test_a_41_refusal_lists_what_the_owner_can_check(tmp_path: Path) -> None:
    """4.1 answers the same 403 for a bad key, an IP off the list or a skewed clock (startup/api.php)."""
    state = OpenCartState(dialect="4.1", allowed_ips={"10.9.8.7"})
    async with opencart_rest_shop(tmp_path, state=state, connect=False) as shop:
        body = await shop.connect()
        assert body["return_code"] == 100
        assert "IP Addresses" in body["return_message"] and "clock" in body["return_message"]
        assert DEFAULT_KEY not in body["return_message"]


async def test_a_url_without_an_opencart_api_is_refused(tmp_path: Path) -> None:
    async with opencart_rest_shop(tmp_path, connect=False) as shop:
        body = await shop.connect(url=shop.url + "/elsewhere/index.php")
        assert body["return_code"] == 100
        assert "No OpenCart API answers at this store_url" in body["return_message"]
        assert await shop.stores() == []


async def test_a_shop_in_a_sub_folder_signs_with_its_directory(tmp_path: Path) -> None:
    """4.1 signs dirname(PHP_SELF) + "/" ("/shop/" for /shop/index.php), so the folder must be right."""
    state = OpenCartState(dialect="4.1", script_path="/shop/index.php")
    async with opencart_rest_shop(tmp_path, state=state, connect=False) as shop:
        body = await shop.connect(url=shop.url + "/shop")
        assert body["return_code"] == 0, body
        [store] = await shop.stores()
        assert store.settings["opencart_dialect"] == "4.1"


async def test_a_41_refusal_caused_by_the_clock_says_by_how_much() -> None:
    """4.1.0.4 startup/api.php accepts a ``time`` within 450 s of its own; the shop's Date header shows the gap."""
    async with serve(create_app(OpenCartState(dialect="4.1"))) as url, aiohttp.ClientSession() as session:
        state = shared(RestClient(PROFILE, session))
        api = OpenCartApi(state, api_base(url), "Default", DEFAULT_KEY, clock=lambda: time.time() - 900)
        with pytest.raises(StoreApiError, match=r"the shop's clock is (89\d|90\d) s ahead of the gateway's") as refused:
            await api.detect()
        assert DEFAULT_KEY not in str(refused.value)
        api.clock = time.time
        assert await api.detect() == "4.1"
