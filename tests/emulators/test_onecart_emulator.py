"""The OneCart emulator held to ../shared/seeds/onecart-api-v2.txt, one test per statement quoted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDict

from tests.emulators.common import ManualClock, serve
from tests.emulators.onecart import OneCartState, create_app, select_fields
from tests.emulators.onecart_data import seed

FULL = {"Authorization": "oc-full-key"}
READ = {"Authorization": "oc-read-key"}


@dataclass
class OneCart:
    base: str
    state: OneCartState
    clock: ManualClock
    http: aiohttp.ClientSession

    async def call(
        self, method: str, path: str, headers: dict[str, str] | None = None, **kw: Any
    ) -> tuple[int, CIMultiDict[str], Any]:
        async with self.http.request(
            method, self.base + "/api/v2" + path, headers=FULL if headers is None else headers, **kw
        ) as resp:
            return resp.status, resp.headers.copy(), await resp.json()


@pytest.fixture
async def onecart() -> AsyncIterator[OneCart]:
    clock = ManualClock()
    state = OneCartState(clock=clock, data=seed(orders=342))
    async with serve(create_app(state)) as base, aiohttp.ClientSession() as http:
        yield OneCart(base, state, clock, http)


async def test_missing_or_invalid_key_is_401_unauthorized(onecart: OneCart) -> None:
    """ "A missing or invalid key returns `401 UNAUTHORIZED`."""
    for headers in ({}, {"Authorization": "not-a-key"}):
        status, _, body = await onecart.call("GET", "/orders", headers=headers)
        assert status == 401
        assert body["error"]["code"] == "UNAUTHORIZED"


async def test_read_only_key_may_get_but_any_write_is_403_forbidden(onecart: OneCart) -> None:
    """ "Read-only — `GET` requests only. Any write returns `403 FORBIDDEN`."""
    status, _, _ = await onecart.call("GET", "/variants", headers=READ)
    assert status == 200
    before = onecart.state.data["variants"][1]["quantity"]
    status, _, body = await onecart.call("PUT", "/variants/1", headers=READ, json={"quantity": before + 5})
    assert status == 403
    assert body["error"]["code"] == "FORBIDDEN"
    assert onecart.state.data["variants"][1]["quantity"] == before
    status, _, _ = await onecart.call("PUT", "/variants/1", json={"quantity": before + 5})
    assert status == 200
    assert onecart.state.data["variants"][1]["quantity"] == before + 5


async def test_every_response_carries_the_rate_limit_headers(onecart: OneCart) -> None:
    """ "Every response to a rate-limited endpoint carries: X-RateLimit-Limit, X-RateLimit-Remaining,
    X-RateLimit-Reset (Unix time when the window resets)"."""
    _, first, _ = await onecart.call("GET", "/shops")
    _, second, _ = await onecart.call("GET", "/orders/999999")  # an error answer counts and carries them too
    assert first["X-RateLimit-Limit"] == "300"
    assert int(first["X-RateLimit-Remaining"]) == 299
    assert int(second["X-RateLimit-Remaining"]) == 298
    assert int(first["X-RateLimit-Reset"]) == int(onecart.clock.now + 60)


async def test_301st_request_in_60_seconds_is_429_with_retry_after(onecart: OneCart) -> None:
    """ "Requests are limited to **300 per 60 seconds, per API key**." and "Over the limit returns
    `429 RATE_LIMITED` with a `Retry-After` header (seconds to wait)"."""
    for _ in range(300):
        status, _, _ = await onecart.call("GET", "/zapier")
        assert status == 200
    onecart.clock.advance(20)
    status, headers, body = await onecart.call("GET", "/zapier")
    assert status == 429
    assert body["error"]["code"] == "RATE_LIMITED"
    assert headers["Retry-After"] == "40"
    assert headers["X-RateLimit-Remaining"] == "0"
    # per key: the read-only key has its own budget
    status, _, _ = await onecart.call("GET", "/zapier", headers=READ)
    assert status == 200
    onecart.clock.advance(40)
    status, headers, _ = await onecart.call("GET", "/zapier")
    assert status == 200
    assert headers["X-RateLimit-Remaining"] == "299"
    assert onecart.state.refusals == 1


async def test_a_test_can_push_the_emulator_to_refuse(onecart: OneCart) -> None:
    """ "Back off and retry after that interval." (the emulator can be told to refuse, and counts it)"""
    onecart.state.push_to_refuse(2, retry_after=3)
    for _ in range(2):
        status, headers, _ = await onecart.call("GET", "/shops")
        assert (status, headers["Retry-After"]) == (429, "3")
    status, _, _ = await onecart.call("GET", "/shops")
    assert status == 200
    assert onecart.state.refusals == 2


async def test_success_envelope_has_data_meta_links_errors_warnings(onecart: OneCart) -> None:
    """ "Every successful response is wrapped in a consistent envelope" and "`links` — pagination links;
    present on list endpoints only." and "`errors` — always empty (`[]`) on a successful response"."""
    _, _, listing = await onecart.call("GET", "/orders")
    assert list(listing) == ["data", "meta", "links", "errors", "warnings"]
    assert listing["errors"] == [] and listing["warnings"] == []
    _, _, single = await onecart.call("GET", "/orders/1")
    assert "links" not in single and single["data"]["id"] == 1 and single["errors"] == []


async def test_pagination_defaults_meta_and_links(onecart: OneCart) -> None:
    """ "List endpoints accept `page` (default `1`) and `per_page` (default `25`, max `100`)" with meta
    {current_page, per_page, total_items: 342, total_pages: 14, has_next_page, has_previous_page}."""
    _, _, body = await onecart.call("GET", "/orders", params={"page": "2"})
    assert body["meta"] == {
        "current_page": 2,
        "per_page": 25,
        "total_items": 342,
        "total_pages": 14,
        "has_next_page": True,
        "has_previous_page": True,
    }
    assert [row["id"] for row in body["data"]] == list(range(26, 51))
    links = body["links"]
    assert set(links) == {"self", "first", "prev", "next", "last"}
    assert "page=1" in links["prev"] and "page=3" in links["next"] and "page=14" in links["last"]
    status, _, body = await onecart.call("GET", "/orders", params={"per_page": "101"})
    assert status == 400 and body["error"]["code"] == "VALIDATION_ERROR"


async def test_following_next_until_null_visits_every_record_once(onecart: OneCart) -> None:
    """ "`links` gives ready-made URLs ... — follow `next` until it is `null`."""
    seen: list[int] = []
    url: str | None = onecart.base + "/api/v2/orders?per_page=100&status=delivered"
    while url:
        async with onecart.http.get(url, headers=FULL) as resp:
            body = await resp.json()
        seen += [row["id"] for row in body["data"]]
        url = body["links"]["next"]
    expected = sorted(i for i, row in onecart.state.data["orders"].items() if row["status"] == "delivered")
    assert seen == expected and len(expected) > 100


async def test_fields_bare_list_gives_exactly_those_plus_id(onecart: OneCart) -> None:
    """ "Pass a bare list — `?_fields=id,order_no,status` — to get exactly those fields (`id` is always
    included)." and "Unknown field names are ignored."."""
    _, _, body = await onecart.call("GET", "/orders/3", params={"_fields": "order_no,status,nonsense"})
    assert list(body["data"]) == ["id", "order_no", "status"]


async def test_fields_plus_minus_adjust_the_defaults(onecart: OneCart) -> None:
    """ "Adjust the defaults with `+`/`-` — `?_fields=+order_items,-tracking_no`."."""
    _, _, default = await onecart.call("GET", "/orders/3")
    assert "tracking_no" in default["data"] and "order_items" not in default["data"]
    _, _, body = await onecart.call("GET", "/orders/3?_fields=%2Border_items,-tracking_no")
    assert "order_items" in body["data"] and "tracking_no" not in body["data"]
    assert set(body["data"]) == (set(default["data"]) | {"order_items"}) - {"tracking_no"}


async def test_mixing_bare_list_with_adjustments_is_400(onecart: OneCart) -> None:
    """ "Mixing a bare list with `+`/`-` adjustments in the same request returns a `400`."."""
    status, _, body = await onecart.call("GET", "/orders", params={"_fields": "order_no,-tracking_no"})
    assert status == 400
    assert body["error"]["code"] == "VALIDATION_ERROR"


def test_literal_plus_decoded_as_space_still_reads_as_an_addition() -> None:
    """The doc's unencoded `?_fields=+order_items` reaches a server as " order_items"."""
    assert "order_items" in select_fields("order", " order_items")


async def test_error_is_a_single_object_whose_request_id_matches_the_header(onecart: OneCart) -> None:
    """ "the body is a single `error` object — not the empty `errors` array" and "`request_id` matches
    the `X-Request-Id` response header"."""
    status, headers, body = await onecart.call("PUT", "/variants/1", json={"quantity": "many"})
    assert status in (400, 422)
    assert list(body) == ["error"]
    assert body["error"]["request_id"] == headers["X-Request-Id"]
    assert body["error"]["details"] == [{"field": "quantity", "message": "must be an integer"}]


async def test_unknown_resource_is_404_not_found(onecart: OneCart) -> None:
    """ "`NOT_FOUND` | 404 | Resource does not exist or isn't yours"."""
    for path in ("/orders/99999", "/listings/abc", "/nothing-here"):
        status, headers, body = await onecart.call("GET", path)
        assert status == 404 and body["error"]["code"] == "NOT_FOUND"
        assert body["error"]["request_id"] == headers["X-Request-Id"]


async def test_parameters_as_query_form_or_json(onecart: OneCart) -> None:
    """ "Request parameters can be sent as query strings, form fields, or a JSON body."."""
    for quantity, kwargs in (
        (11, {"params": {"quantity": "11"}}),
        (12, {"data": {"quantity": "12"}}),
        (13, {"json": {"quantity": 13}}),
    ):
        status, _, body = await onecart.call("PUT", "/variants/5", **kwargs)
        assert status == 200 and body["data"]["quantity"] == quantity


async def test_orders_ship_cancel_and_bulk_cancel(onecart: OneCart) -> None:
    """ "PUT /api/v2/orders/{id} — Mark an order shipped", "PUT /api/v2/orders/{id}/cancel — Cancel an
    order", "PUT /api/v2/orders/bulk_cancel — Cancel orders in bulk", "GET /api/v2/orders/cancelled"."""
    orders = onecart.state.data["orders"]
    pending = [i for i, row in orders.items() if row["status"] == "pending"]
    shipped = next(i for i, row in orders.items() if row["status"] == "shipped")
    status, _, body = await onecart.call("PUT", f"/orders/{pending[0]}", json={"tracking_no": "JT123"})
    assert status == 200 and body["data"]["status"] == "shipped" and body["data"]["tracking_no"] == "JT123"
    status, _, body = await onecart.call("PUT", f"/orders/{pending[1]}/cancel", json={"reason": "out_of_stock"})
    assert status == 200 and body["data"]["status"] == "cancelled"
    status, _, body = await onecart.call("PUT", f"/orders/{shipped}/cancel")
    assert status == 422 and body["error"]["code"] == "VALIDATION_ERROR"
    status, _, body = await onecart.call("PUT", "/orders/bulk_cancel", json={"ids": [pending[2], pending[3], shipped]})
    assert body["data"]["cancelled"] == [pending[2], pending[3]]
    assert [failure["id"] for failure in body["data"]["failed"]] == [str(shipped)]
    _, _, body = await onecart.call("GET", "/orders/cancelled", params={"per_page": "100"})
    ids = {row["id"] for row in body["data"]}
    assert {pending[1], pending[2], pending[3]} <= ids
    assert all(row["status"] == "cancelled" for row in body["data"])


async def test_variants_create_count_and_bulk_update(onecart: OneCart) -> None:
    """ "POST /api/v2/variants — Create products", "GET /api/v2/variants/count — Count products",
    "PUT /api/v2/variants/bulk_update — Update stock in bulk"."""
    _, _, before = await onecart.call("GET", "/variants/count")
    status, _, body = await onecart.call(
        "POST", "/variants", json={"variants": [{"sku": "NEW-1", "name": "Tea Tin", "price": "9.90", "quantity": 4}]}
    )
    assert status == 201 and body["data"][0]["sku"] == "NEW-1"
    _, _, after = await onecart.call("GET", "/variants/count")
    assert after["data"]["count"] == before["data"]["count"] + 1
    status, _, body = await onecart.call("POST", "/variants", json={"sku": "NEW-1", "name": "Again"})
    assert status == 422 and body["error"]["details"][0]["message"] == "is already taken"
    status, _, body = await onecart.call(
        "PUT", "/variants/bulk_update", json={"variants": [{"id": 1, "quantity": 0}, {"id": 2, "quantity": 77}]}
    )
    assert status == 200 and [row["quantity"] for row in body["data"]] == [0, 77]
    kept = onecart.state.data["variants"][3]["quantity"]
    status, _, _ = await onecart.call(
        "PUT",
        "/variants/bulk_update",
        json={"variants": [{"id": 3, "quantity": kept + 1}, {"id": 999999, "quantity": 1}]},
    )
    assert status == 422  # all or nothing: variant 3 is untouched
    assert onecart.state.data["variants"][3]["quantity"] == kept


async def test_listings_and_shops(onecart: OneCart) -> None:
    """ "GET /api/v2/listings", "GET /api/v2/listings/count", "PUT /api/v2/listings/{id}", "GET /api/v2/shops"."""
    _, _, count = await onecart.call("GET", "/listings/count")
    _, _, page = await onecart.call("GET", "/listings")
    assert page["meta"]["total_items"] == count["data"]["count"] >= 400
    status, _, body = await onecart.call("PUT", "/listings/1", json={"price": "5.5", "status": "inactive"})
    assert status == 200 and body["data"]["price"] == "5.50" and body["data"]["status"] == "inactive"
    _, _, shops = await onecart.call("GET", "/shops")
    assert shops["meta"]["total_items"] == 6


def test_seed_is_deterministic_and_scales_to_5000_orders() -> None:
    """Realistic, reproducible data: the same seed gives the same records; 5,000 orders for the benchmark."""
    assert seed(orders=50) == seed(orders=50)
    big = seed(orders=5000)
    assert len(big["orders"]) == 5000 and len(big["variants"]) == 400
