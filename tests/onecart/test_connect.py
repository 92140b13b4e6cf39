"""Connecting a OneCart store through account.cart.add: the key is checked with one call."""

from __future__ import annotations

import re

from tests.onecart.shop import READ_KEY, OneCartShop

REQUEST_ID = re.compile(r"request id [0-9a-f]{32}")


async def test_connecting_checks_the_key_and_keeps_currency(shop: OneCartShop) -> None:
    listed = await shop.ok("account.cart.list")
    carts = [c for c in listed["carts"] if c["store_key"] == shop.store_key]
    assert [(c["cart_id"], c["url"]) for c in carts] == [("OneCart", shop.url)]
    info = await shop.ok("cart.info")
    assert [s["store_id"] for s in info["stores_info"]] == ["1", "2", "3", "4", "5", "6"]
    assert info["stores_info"][0]["currency"]["iso3"] == "SGD"


async def test_a_bad_key_is_refused_with_a_code_and_onecarts_request_id(shop: OneCartShop) -> None:
    before = shop.state.requests
    shop.url = shop.url + "/api/v2"  # another store_url: the first store already holds the plain one
    body = await shop.connect("wrong-key-123")
    assert body["return_code"] == 100
    assert "refused the API key" in body["return_message"]
    assert REQUEST_ID.search(body["return_message"])
    assert "wrong-key-123" not in body["return_message"]
    assert shop.state.requests == before  # a refused key never reaches a handler


async def test_a_read_only_key_connects_but_cannot_write(shop: OneCartShop) -> None:
    shop.url = shop.url + "/api/v2"  # the API base itself is accepted as store_url too
    body = await shop.connect(READ_KEY)
    assert body["return_code"] == 0, body
    read_only = body["result"]["store_key"]
    listed = await shop.call("product.count", store_key=read_only)
    assert listed["result"]["products_count"] == 400
    refused = await shop.call("product.update", store_key=read_only, id="1", quantity=5)
    assert refused["return_code"] == 5
    assert "FORBIDDEN" in refused["return_message"] and REQUEST_ID.search(refused["return_message"])


async def test_cart_validate_checks_the_key_and_a_revoked_key_answers_100(shop: OneCartShop) -> None:
    assert (await shop.call("cart.validate"))["return_code"] == 0
    del shop.state.keys["oc-full-key"]  # the owner deletes the key in OneCart's settings
    for method in ("cart.validate", "product.count"):
        body = await shop.call(method)
        assert body["return_code"] == 100, body
        assert REQUEST_ID.search(body["return_message"]) and "oc-full-key" not in body["return_message"]
