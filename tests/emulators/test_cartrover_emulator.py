"""The CartRover emulator held to ../shared/seeds/cartrover-api.txt, one test per statement quoted."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDict

from tests.emulators.cartrover import CartRoverState, create_app
from tests.emulators.cartrover_data import seed
from tests.emulators.common import ManualClock, serve

AUTH = {"Authorization": "Basic " + base64.b64encode(b"merchant-user:merchant-key").decode()}
HITS = "X-CartRover-Api-Minute-Hits-Remaining"


@dataclass
class CartRover:
    base: str
    state: CartRoverState
    clock: ManualClock
    http: aiohttp.ClientSession

    async def call(
        self, method: str, path: str, headers: dict[str, str] | None = None, **kw: Any
    ) -> tuple[int, CIMultiDict[str], Any]:
        url = self.base + path
        async with self.http.request(method, url, headers=AUTH if headers is None else headers, **kw) as resp:
            return resp.status, resp.headers.copy(), await resp.json()


@pytest.fixture
async def cartrover() -> AsyncIterator[CartRover]:
    clock = ManualClock()
    state = CartRoverState(clock=clock, data=seed())
    async with serve(create_app(state)) as base, aiohttp.ClientSession() as http:
        yield CartRover(base, state, clock, http)


def _line(sku: str, price: str, quantity: int, discount: str = "0", **extra: Any) -> dict[str, Any]:
    return {"item": sku, "price": price, "quantity": quantity, "discount": discount, **extra}


async def test_basic_auth_with_api_user_and_key(cartrover: CartRover) -> None:
    """ "Concatenate the API user and key and place a colon in between: `api_user:api_key` ... Base 64
    encode this string ... `Authorization: Basic BASE64ENCODEDSTRING`"."""
    status, _, body = await cartrover.call("GET", "/v1/merchant/inventory")
    assert status == 200 and body["success_code"] is True and len(body["response"]) == 20
    wrong = {"Authorization": "Basic " + base64.b64encode(b"merchant-user:wrong").decode()}
    for headers in ({}, wrong, {"Authorization": "Basic !!!"}):
        status, _, body = await cartrover.call("GET", "/v1/merchant/inventory", headers=headers)
        assert status == 401
        assert body == {"success_code": False, "error_code": "Invalid", "message": "Invalid API credentials"}


async def test_errors_have_success_code_error_code_message(cartrover: CartRover) -> None:
    """ "All endpoints will return errors in the following format." success_code "Always FALSE for an
    error", error_code "Invalid - Invalid/Missing data submitted", message "Specific Error Message"."""
    status, _, body = await cartrover.call("GET", "/v1/merchant/orders/list/new", params={"limit": "x"})
    assert status == 400
    assert set(body) == {"success_code", "error_code", "message"}
    assert body["success_code"] is False and body["error_code"] == "Invalid" and "limit" in body["message"]


async def test_duplicate_order_is_a_failure(cartrover: CartRover) -> None:
    """ "Failure - Hard error like: Duplicate order"."""
    ref = next(iter(cartrover.state.data["orders"]))
    order = {"cust_ref": ref, "items": [_line("CR-00001", "10.00", 1)]}
    status, _, body = await cartrover.call("POST", "/v1/cart/orders/cartrover", json=[order])
    assert status == 409 and body["error_code"] == "Failure" and "Duplicate" in body["message"]


async def test_bucket_of_100_refills_one_call_every_0_6_seconds(cartrover: CartRover) -> None:
    """ "The bucket size is 100 calls, and they refill at rate of 1 call every 0.6 seconds." and the
    refusal body {"success_code": false, "error_code": "RateLimit", "message": "Over API Limit. Please slow
    down requests."}."""
    for expected in range(99, -1, -1):
        status, headers, _ = await cartrover.call("GET", "/v1/merchant/inventory/CR-00001")
        assert status == 200 and headers[HITS] == str(expected)
    status, headers, body = await cartrover.call("GET", "/v1/merchant/inventory/CR-00001")
    assert status == 429
    assert body == {
        "success_code": False,
        "error_code": "RateLimit",
        "message": "Over API Limit. Please slow down requests.",
    }
    assert headers[HITS] == "0"
    cartrover.clock.advance(0.59)
    status, _, _ = await cartrover.call("GET", "/v1/merchant/inventory/CR-00001")
    assert status == 429
    cartrover.clock.advance(0.02)
    status, headers, _ = await cartrover.call("GET", "/v1/merchant/inventory/CR-00001")
    assert status == 200 and headers[HITS] == "0"
    cartrover.clock.advance(6.0)
    _, headers, _ = await cartrover.call("GET", "/v1/merchant/inventory/CR-00001")
    assert headers[HITS] == "9"
    assert cartrover.state.refusals == 2


async def test_new_order_endpoint_is_not_rate_limited(cartrover: CartRover) -> None:
    """ "Currently the New Order API endpoint is NOT rate limited."."""
    cartrover.state.bucket("merchant-user").level = 100.0
    cartrover.state.bucket("merchant-user").last = cartrover.clock.now
    order = {"cust_ref": "NEW-1", "items": [_line("CR-00002", "4.50", 2)]}
    status, headers, body = await cartrover.call("POST", "/v1/cart/orders/cartrover", json=[order])
    assert status == 200 and body["success_code"] is True and HITS not in headers
    status, _, _ = await cartrover.call("GET", "/v1/cart/orders/NEW-1")
    assert status == 429


async def test_a_test_can_push_the_emulator_to_refuse(cartrover: CartRover) -> None:
    """The emulator can be told to refuse (RateLimit) and counts each refusal."""
    cartrover.state.push_to_refuse(3)
    statuses = [(await cartrover.call("GET", "/v1/merchant/inventory"))[0] for _ in range(4)]
    assert statuses == [429, 429, 429, 200] and cartrover.state.refusals == 3


async def test_every_response_has_a_process_id(cartrover: CartRover) -> None:
    """ "please include your API User and the `X-CartRover-Process-ID` response header value"."""
    _, ok, _ = await cartrover.call("GET", "/v1/merchant/inventory")
    _, failed, _ = await cartrover.call("GET", "/v1/merchant/orders/NOPE")
    assert ok[PROCESS] != failed[PROCESS] and len(ok[PROCESS]) == 16


PROCESS = "X-CartRover-Process-ID"


async def test_timestamps_are_iso8601_utc_and_plus_must_be_encoded(cartrover: CartRover) -> None:
    """ "Timestamp fields returned by the API will be formatted in ISO 8601 and always be in the UTC
    timezone. > 2018-08-27T02:24:58+00:00" and "If you are passing a timestamp as a GET parameter, **YOU
    MUST** encode the plus symbol"."""
    _, _, body = await cartrover.call("GET", "/v1/merchant/orders/list/all", params={"limit": "100"})
    assert all(row["order_date"].endswith("+00:00") and len(row["order_date"]) == 25 for row in body["response"])
    since = body["response"][50]["order_date"]  # +00:00; aiohttp encodes "+" as %2B in params
    status, _, body = await cartrover.call(
        "GET", "/v1/merchant/orders/list/all", params={"from_date": since.replace("+00:00", "+02:00"), "limit": "5"}
    )
    assert status == 200 and body["response"][0]["order_date"] < since  # two hours earlier in UTC
    status, _, body = await cartrover.call("GET", f"/v1/merchant/orders/list/all?from_date={since}")
    assert status == 400 and "%2B" in body["message"]


async def test_seeded_orders_follow_the_charge_field_definitions(cartrover: CartRover) -> None:
    """ "extended_amount: (price - discount) * quantity", "sub_total: Sum of Order Line extended_amount
    fields", "grand_total: sub_total + sales_tax + shipping_handling - order_discount"."""
    for order in cartrover.state.data["orders"].values():
        lines = order["items"]
        assert all(line["extended_amount"] == (line["price"] - line["discount"]) * line["quantity"] for line in lines)
        assert order["sub_total"] == sum(line["extended_amount"] for line in lines)
        assert order["sales_tax"] == sum(line["tax"] for line in lines)
        expected = order["sub_total"] + order["sales_tax"] + order["shipping_handling"] - order["order_discount"]
        assert order["grand_total"] == expected
        assert order["order_discount"] >= sum(line["addl_discount"] for line in lines)


async def test_new_order_totals_are_derived_and_checked(cartrover: CartRover) -> None:
    """ "sub_total: Sum of Order Line extended_amount fields" and "grand_total: sub_total + sales_tax +
    shipping_handling - order_discount" for a submitted order; a wrong grand_total is refused."""
    order = {
        "cust_ref": "NEW-2",
        "shipping_handling": "5.00",
        "order_discount": "3.00",
        "sales_tax": "1.20",
        "items": [_line("CR-00003", "10.00", 3, "1.00"), _line("CR-00004", "2.50", 2, addl_discount="1.00")],
    }
    status, _, _ = await cartrover.call("POST", "/v1/cart/orders/cartrover", json=[order])
    assert status == 200
    _, _, body = await cartrover.call("GET", "/v1/merchant/orders/NEW-2")
    stored = body["response"]
    assert stored["sub_total"] == 32.0  # (10-1)*3 + 2.5*2
    assert stored["grand_total"] == 35.2  # 32 + 1.20 + 5 - 3
    bad = dict(order, cust_ref="NEW-3", grand_total="40.00")
    status, _, body = await cartrover.call("POST", "/v1/cart/orders/cartrover", json=[bad])
    assert status == 400 and "grand_total" in body["message"]
    assert "NEW-3" not in cartrover.state.data["orders"]


async def test_orders_list_by_status_pages_through_every_order_once(cartrover: CartRover) -> None:
    """Merchant order list by status with limit/page (assumed endpoint, see the emulator's docstring)."""
    seen: list[str] = []
    page = 1
    while True:
        _, _, body = await cartrover.call(
            "GET", "/v1/merchant/orders/list/shipped", params={"limit": "50", "page": str(page)}
        )
        seen += [row["cust_ref"] for row in body["response"]]
        if len(body["response"]) < 50:
            break
        page += 1
    expected = sorted(ref for ref, row in cartrover.state.data["orders"].items() if row["order_status"] == "shipped")
    assert sorted(seen) == expected and len(seen) == len(set(seen)) > 100


async def test_status_update_cancel_and_inventory(cartrover: CartRover) -> None:
    """Status update, cancel (cartrover-php Orders.php CancelOrder) and inventory (Merchant.php)."""
    orders = cartrover.state.data["orders"]
    new_ref = next(ref for ref, row in orders.items() if row["order_status"] == "new")
    shipped_ref = next(ref for ref, row in orders.items() if row["order_status"] == "shipped")
    status, _, _ = await cartrover.call("POST", "/v1/cart/orders/cancel/cartrover", json=[{"cust_ref": shipped_ref}])
    assert status == 409 and orders[shipped_ref]["order_status"] == "shipped"
    status, _, _ = await cartrover.call("POST", "/v1/cart/orders/cancel/cartrover", json=[{"cust_ref": new_ref}])
    assert status == 200 and orders[new_ref]["order_status"] == "canceled"
    status, _, body = await cartrover.call(
        "POST", "/v1/merchant/orders/status/" + new_ref, json={"new_status": "shipped"}
    )
    assert status == 409 and body["error_code"] == "Failure"
    status, _, body = await cartrover.call(
        "POST", "/v1/merchant/inventory", json=[{"sku": "CR-00005", "qty_available": 7}]
    )
    assert status == 200 and body["response"][0]["qty_available"] == 7
    _, _, body = await cartrover.call("GET", "/v1/merchant/inventory/CR-00005")
    assert body["response"]["qty_available"] == 7


def test_seed_is_deterministic_and_scales_to_5000_orders() -> None:
    assert seed(orders=30) == seed(orders=30)
    assert len(seed(orders=5000)["orders"]) == 5000
    assert isinstance(next(iter(seed(orders=1)["orders"].values()))["grand_total"], Decimal)
