"""Connecting a CartRover merchant through account.cart.add: the API user and key are checked with one call."""

from __future__ import annotations

import re

from connectors.catalogue import catalogue_by_name
from tests.cartrover.shop import API_KEY, API_USER, CartRoverShop

PROCESS_ID = re.compile(r"process id [0-9a-f]{16}")


async def test_connecting_saves_a_cartrover_store(shop: CartRoverShop) -> None:
    listed = await shop.ok("account.cart.list")
    assert [(c["cart_id"], c["url"]) for c in listed["carts"]] == [("CartRover", shop.url)]
    platforms = (await shop.ok("account.supported_platforms"))["supported_platforms"]
    cartrover = next(p for p in platforms if p["cart_id"] == "CartRover")
    assert cartrover["params"]["required"] == ["cartrover_api_key", "cartrover_api_user"]


async def test_a_bad_key_answers_100_with_the_process_id_and_saves_no_store(shop: CartRoverShop) -> None:
    calls = len(shop.state.process_ids)
    body = await shop.connect(API_USER, "wrong-key-123", store_url=shop.url + "/v1")
    assert body["return_code"] == 100
    assert "refused the API user and key" in body["return_message"]
    assert PROCESS_ID.search(body["return_message"])
    assert body["return_message"].split("process id ")[1][:16] == shop.state.process_ids[-1]
    assert "wrong-key-123" not in body["return_message"] and API_KEY not in body["return_message"]
    assert len(shop.state.process_ids) == calls + 1  # one call checked the key
    listed = await shop.ok("account.cart.list")
    assert [c["url"] for c in listed["carts"]] == [shop.url]


async def test_an_api_user_with_a_colon_is_refused_before_any_call(shop: CartRoverShop) -> None:
    calls = len(shop.state.process_ids)
    body = await shop.connect("merchant:user", API_KEY, store_url=shop.url + "#colon")
    assert body["return_code"] == 109 and "cartrover_api_user" in body["return_message"]
    assert len(shop.state.process_ids) == calls


async def test_the_api_root_may_be_given_with_v1_and_a_fragment_tells_two_merchants_apart(shop: CartRoverShop) -> None:
    body = await shop.connect(API_USER, API_KEY, store_url=shop.url + "/v1#warehouse-b")
    assert body["return_code"] == 0, body
    second = body["result"]["store_key"]
    assert (await shop.call("order.count", store_key=second))["result"]["orders_count"] == 400


async def test_cart_validate_checks_the_credentials_and_a_cycled_key_answers_100(shop: CartRoverShop) -> None:
    assert (await shop.ok("cart.validate"))["status"] == "active"
    # "You can cycle your API keys in CartRover when viewing them, which will immediately invalidate the
    # previous keys."
    shop.state.credentials[API_USER] = "cycled-key"
    for method in ("cart.validate", "order.count"):
        body = await shop.call(method)
        assert body["return_code"] == 100, body
        assert PROCESS_ID.search(body["return_message"]) and API_KEY not in body["return_message"]


async def test_a_store_reconnected_with_a_cycled_key_writes_stock_with_the_new_key(shop: CartRoverShop) -> None:
    """Stock writes queue per credential: after the merchant cycles the key and connects the shop again, writes go
    out with the new key, not the one the first store's queue was made with."""
    sku = sorted(shop.state.data["products"])[5]
    assert (await shop.call("product.update", id=sku, quantity=4))["return_code"] == 0
    shop.state.credentials[API_USER] = "cycled-key"
    body = await shop.connect(API_USER, "cycled-key", store_url=shop.url + "#after-cycling")
    assert body["return_code"] == 0, body
    again = await shop.call("product.update", store_key=body["result"]["store_key"], id=sku, quantity=9)
    assert again["return_code"] == 0, again
    assert shop.state.data["products"][sku]["qty_available"] == 9
    assert (await shop.call("product.update", id=sku, quantity=1))["return_code"] == 100  # the old store's old key


async def test_a_method_cartrover_cannot_do_answers_120(shop: CartRoverShop) -> None:
    examples = catalogue_by_name()
    for method in ("customer.list", "product.add", "order.add", "order.refund.add"):
        body = await shop.call(method, **dict(examples[method].example))
        assert body["return_code"] == 120, (method, body)
    methods = set((await shop.ok("cart.methods"))["methods"])
    assert {"order.list", "order.info", "order.update", "product.update"} <= methods
    assert "order.add" not in methods
