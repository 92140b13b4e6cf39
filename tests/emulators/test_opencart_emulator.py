"""The OpenCart REST emulator held to the seed (../shared/seeds/opencart-rest-api.txt) and to OpenCart's own
controllers at tags 3.0.3.8, 4.0.2.3 and 4.1.0.4 (quoted in each test's docstring)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time as real_time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp
import pytest

from tests.emulators.common import ManualClock, serve
from tests.emulators.opencart_data import http_build_query, php_clean, php_form, sign, signature_base
from tests.emulators.opencart_rest import DEFAULT_KEY, Dialect, OpenCartState, create_app

CUSTOMER = {
    "customer_id": "0",
    "customer_group_id": "1",
    "firstname": "Ada",
    "lastname": "Lovelace",
    "email": "ada@example.com",
    "telephone": "555-0100",
}
ADDRESS = {
    "firstname": "Ada",
    "lastname": "Lovelace",
    "address_1": "12 Analytical Row",
    "city": "Miami",
    "postcode": "33101",
    "country_id": "223",
    "zone_id": "3635",
}


@dataclass
class Shop:
    base: str
    state: OpenCartState
    clock: ManualClock
    http: aiohttp.ClientSession

    async def raw(
        self, route: str, post: dict[str, str] | list[tuple[str, str]] | None = None, **query: str
    ) -> aiohttp.ClientResponse:
        params = {"route": route, **query}
        resp = await self.http.post(self.base + "/index.php", params=params, data=post or {})
        await resp.read()
        return resp

    async def call(self, route: str, post: dict[str, str] | list[tuple[str, str]] | None = None, **query: str) -> Any:
        resp = await self.raw(route, post, **query)
        return json.loads(await resp.text())


@pytest.fixture
def make_shop() -> Callable[[Dialect], Any]:
    def factory(dialect: Dialect) -> Any:
        clock = ManualClock(start=real_time.time())

        class _Ctx:
            async def __aenter__(self) -> Shop:
                self.state = OpenCartState(dialect=dialect, clock=clock)
                self._serve = serve(create_app(self.state))
                base = await self._serve.__aenter__()
                self._http = aiohttp.ClientSession()
                return Shop(base, self.state, clock, self._http)

            async def __aexit__(self, *exc: object) -> None:
                await self._http.close()
                await self._serve.__aexit__(None, None, None)

        return _Ctx()

    return factory


@pytest.fixture
async def shop3(make_shop: Callable[[Dialect], Any]) -> AsyncIterator[Shop]:
    async with make_shop("3.0") as shop:
        yield shop


@pytest.fixture
async def shop40(make_shop: Callable[[Dialect], Any]) -> AsyncIterator[Shop]:
    async with make_shop("4.0") as shop:
        yield shop


@pytest.fixture
async def shop41(make_shop: Callable[[Dialect], Any]) -> AsyncIterator[Shop]:
    async with make_shop("4.1") as shop:
        yield shop


# ------------------------------------------------------------------------------------------- 3.0.3.8


async def test_v3_login_returns_an_api_token_for_username_and_key(shop3: Shop) -> None:
    """Seed: "Submits API username and key credentials to authenticate. Returns a session api_token"; 3.0.3.8
    api/login.php: ``$json['api_token'] = $session->getId();``."""
    body = await shop3.call("api/login", {"username": "Default", "key": DEFAULT_KEY})
    assert body["success"] == "Success: API session successfully started!" and len(body["api_token"]) == 26


async def test_v3_bad_key_answers_an_empty_array_and_refused_ip_names_the_ip(shop3: Shop) -> None:
    """3.0.3.8 api/login.php fills ``$json`` only when ``$api_info`` matched, and for a refused IP sets both
    ``$json['error']['ip']`` (error_ip: "Warning: Your IP %s is not allowed to access this API!") and
    ``$json['error']['key']``."""
    assert await shop3.call("api/login", {"username": "Default", "key": "wrong"}) == []
    shop3.state.allowed_ips = {"10.0.0.7"}
    body = await shop3.call("api/login", {"username": "Default", "key": DEFAULT_KEY})
    assert body["error"]["ip"] == "Warning: Your IP 127.0.0.1 is not allowed to access this API!"
    assert body["error"]["key"] == "Warning: Incorrect API Key!"


async def _checkout_v3(shop: Shop, token: str) -> Any:
    assert "success" in await shop.call("api/customer", CUSTOMER, api_token=token)
    assert "success" in await shop.call("api/cart/add", {"product_id": "30", "quantity": "2"}, api_token=token)
    assert "success" in await shop.call("api/payment/address", ADDRESS, api_token=token)
    assert "success" in await shop.call("api/shipping/address", ADDRESS, api_token=token)
    methods = await shop.call("api/shipping/methods", api_token=token)
    assert methods["shipping_methods"]["flat"]["quote"]["flat"]["code"] == "flat.flat"
    assert "success" in await shop.call("api/shipping/method", {"shipping_method": "flat.flat"}, api_token=token)
    assert "cod" in (await shop.call("api/payment/methods", api_token=token))["payment_methods"]
    assert "success" in await shop.call("api/payment/method", {"payment_method": "cod"}, api_token=token)
    return await shop.call("api/order/add", {"order_status_id": "1"}, api_token=token)


async def test_v3_session_flow_creates_an_order_and_adds_history(shop3: Shop) -> None:
    """Seed: the session cart, customer, addresses, shipping and payment methods, then the order; 3.0.3.8 routes
    api/customer, api/cart/add, api/payment/address, api/shipping/methods ... api/order/add, api/order/history."""
    token = (await shop3.call("api/login", {"username": "Default", "key": DEFAULT_KEY}))["api_token"]
    stock = shop3.state.data["products"][30]["quantity"] = 10
    order = await _checkout_v3(shop3, token)
    assert order["success"] == "Success: You have modified orders!"
    saved = shop3.state.data["orders"][order["order_id"]]
    assert saved["total"] == round(shop3.state.data["products"][30]["price"] * 2 + 5.0, 2)
    assert shop3.state.data["products"][30]["quantity"] == stock - 2
    history = await shop3.call(
        "api/order/history",
        {"order_status_id": "5", "comment": "shipped"},
        api_token=token,
        order_id=str(order["order_id"]),
    )
    assert history == {"success": "Success: You have modified orders!"}
    missing = await shop3.call("api/order/history", {"order_status_id": "5"}, api_token=token, order_id="999999")
    assert missing == {"error": "Warning: Order could not be found!"}


async def test_v3_token_expires_one_hour_after_last_use(shop3: Shop) -> None:
    """3.0.3.8 startup/session.php: ``DELETE FROM api_session WHERE TIMESTAMPADD(HOUR, 1, date_modified) < NOW()``
    and "keep the session alive" on each call; without a session: error_permission."""
    token = (await shop3.call("api/login", {"username": "Default", "key": DEFAULT_KEY}))["api_token"]
    shop3.clock.advance(3000)
    assert "products" in await shop3.call("api/cart/products", api_token=token)
    shop3.clock.advance(3000)  # 6000 s after login, 3000 s after last use: still alive
    assert "products" in await shop3.call("api/cart/products", api_token=token)
    shop3.clock.advance(3601)
    body = await shop3.call("api/cart/products", api_token=token)
    assert body == {"error": "Warning: You do not have permission to access the API!"}


async def test_v3_session_needs_the_ip_on_every_call(shop3: Shop) -> None:
    """Seed: "The calling IP address must be in the store's API IP allowlist."; 3.0.3.8 session.php joins
    api_ip on ``REMOTE_ADDR`` for every call, not only at login."""
    token = (await shop3.call("api/login", {"username": "Default", "key": DEFAULT_KEY}))["api_token"]
    shop3.state.allowed_ips = set()
    assert (await shop3.call("api/cart/products", api_token=token))["error"].startswith("Warning: You do not have")


# ------------------------------------------------------------------------------------------- 4.0.2.3


async def test_v40_login_errors_are_strings(shop40: Shop) -> None:
    """4.0.2.3 api/account/login.php: ``$json['error'] = $this->language->get('error_key')`` or
    ``sprintf(error_ip, REMOTE_ADDR)``."""
    assert await shop40.call("api/account/login", {"username": "Default", "key": "x"}) == {
        "error": "Warning: Incorrect API Key!"
    }
    shop40.state.allowed_ips = {"10.1.1.1"}
    body = await shop40.call("api/account/login", {"username": "Default", "key": DEFAULT_KEY})
    assert body == {"error": "Warning: Your IP 127.0.0.1 is not allowed to access this API!"}
    resp = await shop40.raw("api/login", {"username": "Default", "key": DEFAULT_KEY})
    assert resp.status == 404  # the 3.x login route does not exist in 4.0


async def test_v40_session_flow_and_history(shop40: Shop) -> None:
    """4.0.2.3 routes api/sale/customer, api/sale/cart.add, api/sale/payment_address ... api/sale/order.confirm,
    api/sale/order.addHistory (order_id in the POST)."""
    token = (await shop40.call("api/account/login", {"username": "Default", "key": DEFAULT_KEY}))["api_token"]
    shop40.state.data["products"][31]["quantity"] = 5
    steps: list[tuple[str, dict[str, str]]] = [
        ("api/sale/customer", CUSTOMER),
        ("api/sale/cart.add", {"product_id": "31", "quantity": "1"}),
        ("api/sale/payment_address", ADDRESS),
        ("api/sale/shipping_address", ADDRESS),
        ("api/sale/shipping_method.save", {"shipping_method": "flat.flat"}),
        ("api/sale/payment_method.save", {"payment_method": "bank_transfer"}),
    ]
    for route, post in steps:
        assert "success" in await shop40.call(route, post, api_token=token), route
    cart = await shop40.call("api/sale/cart", api_token=token)
    assert cart["shipping_required"] is True and [t["title"] for t in cart["totals"]] == [
        "Sub-Total",
        "Flat Shipping Rate",
        "Total",
    ]
    order = await shop40.call("api/sale/order.confirm", {}, api_token=token)
    assert order["order_id"] > 300
    history = await shop40.call(
        "api/sale/order.addHistory", {"order_id": str(order["order_id"]), "order_status_id": "2"}, api_token=token
    )
    assert history == {"success": "Success: You have modified orders!"}
    assert shop40.state.data["orders"][order["order_id"]]["order_status_id"] == 2


async def test_v40_expired_token_gets_the_html_not_found_page(shop40: Shop) -> None:
    """4.0.2.3 startup/api.php returns ``Action('error/permission')``, absent from that catalog, so the
    framework runs action_error ``error/not_found``: "The page you requested cannot be found!" with 404."""
    token = (await shop40.call("api/account/login", {"username": "Default", "key": DEFAULT_KEY}))["api_token"]
    shop40.clock.advance(3601)
    resp = await shop40.raw("api/sale/cart", api_token=token)
    assert resp.status == 404 and resp.content_type == "text/html"
    assert "The page you requested cannot be found!" in await resp.text()


async def test_v40_confirm_lists_what_is_missing(shop40: Shop) -> None:
    """Seed ``order?call=confirm``; 4.x api/order confirm(): error_customer "Warning: Customer details required!",
    error_product "Warning: Products required!", error_payment_method "Warning: Payment method required!"."""
    token = (await shop40.call("api/account/login", {"username": "Default", "key": DEFAULT_KEY}))["api_token"]
    body = await shop40.call("api/sale/order.confirm", {}, api_token=token)
    assert body["error"] == {
        "customer": "Warning: Customer details required!",
        "product": "Warning: Products required!",
        "payment_method": "Warning: Payment method required!",
    }


async def test_address_validation_messages(shop40: Shop) -> None:
    """Seed AddressErrorResponse {firstname, lastname, address_1, city, postcode, country, zone}; messages from
    en-gb api/sale/payment_address.php."""
    token = (await shop40.call("api/account/login", {"username": "Default", "key": DEFAULT_KEY}))["api_token"]
    body = await shop40.call(
        "api/sale/payment_address", {"firstname": "", "country_id": "222", "zone_id": "1"}, api_token=token
    )
    assert body["error"]["firstname"] == "First Name must be between 1 and 32 characters!"
    assert body["error"]["zone"] == "Please select a region / state!"
    assert body["error"]["postcode"].startswith("Postcode must be between 2 and 10")


# ------------------------------------------------------------------------------------------- 4.1.0.4


def _signed(
    shop: Shop, call: str, post: list[tuple[str, str]], *, key: str = DEFAULT_KEY, when: int | None = None
) -> dict[str, str]:
    stamp = int(shop.clock()) if when is None else when
    query = {
        "route": "api/order",
        "call": call,
        "username": "Default",
        "store_id": "0",
        "language": "en-gb",
        "currency": "USD",
        "time": str(stamp),
    }
    host = urlsplit(shop.base).netloc
    base = signature_base(
        route="api/order",
        call=call,
        username="Default",
        host=host,
        path="/",
        store_id=0,
        language="en-gb",
        currency="USD",
        post=php_clean(php_form(post)),
        time=stamp,
    )
    return {**query, "signature": sign(key, base)}


ORDER_41: list[tuple[str, str]] = [
    *CUSTOMER.items(),
    ("product[0][product_id]", "33"),
    ("product[0][quantity]", "2"),
    *((f"payment_{name}", value) for name, value in ADDRESS.items()),
    *((f"shipping_{name}", value) for name, value in ADDRESS.items()),
    ("shipping_method[name]", "Flat Shipping Rate"),
    ("shipping_method[code]", "flat.flat"),
    ("shipping_method[cost]", "5.00"),
    ("shipping_method[tax_class_id]", "9"),
    ("payment_method[name]", "Cash On Delivery"),
    ("payment_method[code]", "cod"),
]


async def _post41(shop: Shop, query: dict[str, str], post: list[tuple[str, str]]) -> aiohttp.ClientResponse:
    resp = await shop.http.post(shop.base + "/index.php?" + urlencode(query), data=post)
    await resp.read()
    return resp


async def test_v41_signed_confirm_creates_an_order_with_everything_in_one_post(shop41: Shop) -> None:
    """4.1.0.4 startup/api.php: required route, call, username, store_id, language, currency, time, signature;
    api/order.php confirm() loads customer, cart, addresses and methods from the same request."""
    shop41.state.data["products"][33]["quantity"] = 9
    resp = await _post41(shop41, _signed(shop41, "confirm", ORDER_41), ORDER_41)
    body = await resp.json()
    assert resp.status == 200 and body["success"] == "Success: You have modified orders!"
    assert shop41.state.data["orders"][body["order_id"]]["payment_method"]["code"] == "cod"
    history = [("order_id", str(body["order_id"])), ("order_status_id", "3"), ("comment", "Tom & Jerry <3")]
    resp = await _post41(shop41, _signed(shop41, "history_add", history), history)
    assert await resp.json() == {"success": "Success: You have modified orders!"}
    assert shop41.state.data["orders"][body["order_id"]]["history"][-1]["comment"] == "Tom &amp; Jerry &lt;3"


async def test_v41_refuses_bad_signature_stale_time_tampered_body_and_other_routes(shop41: Shop) -> None:
    """4.1.0.4 startup/api.php: time outside ``time() ± 450``, a signature that does not ``hash_equals``, or a route
    outside ``['api/order', 'api/subscription']`` -> ``startup/api.permission``: 403 and error/permission text_error."""
    refused = {"error": "You do not have permission to access this page."}
    cases = [
        (_signed(shop41, "cart", ORDER_41, key="not-the-key"), ORDER_41),
        (_signed(shop41, "cart", ORDER_41, when=int(shop41.clock()) - 451), ORDER_41),
        (_signed(shop41, "cart", ORDER_41), [*ORDER_41[:-1], ("payment_method[code]", "bank_transfer")]),
        ({k: v for k, v in _signed(shop41, "cart", ORDER_41).items() if k != "currency"}, ORDER_41),
        ({**_signed(shop41, "cart", ORDER_41), "route": "api/account/login"}, ORDER_41),
    ]
    for query, post in cases:
        resp = await _post41(shop41, query, post)
        assert resp.status == 403 and await resp.json() == refused
    ok = await _post41(shop41, _signed(shop41, "cart", ORDER_41, when=int(shop41.clock()) + 449), ORDER_41)
    assert ok.status == 200 and (await ok.json())["products"][0]["product_id"] == 33
    shop41.state.allowed_ips = set()
    resp = await _post41(shop41, _signed(shop41, "cart", ORDER_41), ORDER_41)
    assert resp.status == 403


async def test_v41_unknown_call(shop41: Shop) -> None:
    """4.1.0.4 api/order.php: ``default: $output = ['error' => $this->language->get('error_call')]``
    ("API call not found")."""
    resp = await _post41(shop41, _signed(shop41, "teleport", []), [])
    assert await resp.json() == {"error": "API call not found"}


@pytest.mark.php
def test_signature_body_hash_matches_php_http_build_query() -> None:
    """``md5(http_build_query($this->request->post))`` computed by PHP itself equals the emulator's."""
    if shutil.which("php") is None:
        pytest.fail("php-cli is needed; ./scripts/test installs it")
    post = [
        ("firstname", " Zoë & Co "),
        ("product[0][product_id]", "28"),
        ("product[0][option][5]", "a~b c"),
        ("shipping_method[name]", 'Flat "Rate"'),
        ("email", "x+y@example.com"),
    ]
    php = (
        "parse_str(file_get_contents('php://stdin'), $p); "
        "array_walk_recursive($p, function(&$v) { $v = trim(htmlspecialchars((string)$v, ENT_COMPAT, 'UTF-8')); }); "
        "echo md5(http_build_query($p));"
    )
    expected = subprocess.run(
        ["php", "-r", php], input=urlencode(post), capture_output=True, text=True, check=True
    ).stdout
    ours = signature_base(
        route="r",
        call="c",
        username="u",
        host="h",
        path="/",
        store_id=0,
        language="l",
        currency="c",
        post=php_clean(php_form(post)),
        time=1,
    ).split("\n")[8]
    assert ours == expected
    assert http_build_query({"a": {"0": "x y"}}) == "a%5B0%5D=x+y"
