"""The conformance suite every connector runs: lists, counts, pages, filters, selection, writes, formats.

Each check goes through the gateway's HTTP API. A check of a method the connector does not
declare asserts the coded answer 120 ("not supported by this platform") instead, so a connector
cannot pass by answering a fake result.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from connectors.catalogue import CATALOGUE
from connectors.model import Order, check_totals
from tests.conformance.conftest import Connected


@dataclass(frozen=True)
class Family:
    """A list method, its count twin and where their answers keep items, totals and times."""

    list_method: str
    count_method: str
    items: str
    list_total: str
    count_total: str
    modified: str
    created: str


FAMILIES = (
    Family("product.list", "product.count", "product", "products_count", "products_count", "modified_at",
           "create_at"),
    Family("category.list", "category.count", "category", "categories_count", "categories_count", "modified_at",
           "created_at"),
    Family("customer.list", "customer.count", "customer", "customers_count", "customers_count", "modified_time",
           "created_time"),
    Family("order.list", "order.count", "order", "orders_count", "orders_count", "modified_at", "create_at"),
    Family("return.list", "return.count", "returns", "total_count", "returns_count", "modified_at", "created_at"),
)  # fmt: skip
FAMILY_IDS = [family.list_method for family in FAMILIES]

# the connected store is shared by the module, so its tests share the module's event loop
pytestmark = pytest.mark.asyncio(loop_scope="module")


def _supports_all(connected: Connected, *methods: str) -> bool:
    return all(connected.supports(method) for method in methods)


async def _refused_as_unsupported(connected: Connected, *methods: str) -> None:
    rows = {row.name: row for row in CATALOGUE}
    for method in methods:
        if not connected.supports(method):
            body = await connected.raw(method, **rows[method].example)
            assert body["return_code"] == 120, f"{method}: expected 120, got {body['return_code']}"


def _time(value: Any) -> datetime:
    text = value["value"] if isinstance(value, dict) else value
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, f"time without a zone: {text}"
    return moment


async def _walk(connected: Connected, family: Family, page_size: int, **filters: Any) -> list[dict[str, Any]]:
    """Every item of a list, following pagination.next; fails after 2,000 pages."""
    seen: list[dict[str, Any]] = []
    body = await connected.ok(family.list_method, count=page_size, params="force_all", **filters)
    for _ in range(2000):
        seen.extend(body["result"][family.items])
        cursor = (body.get("pagination") or {}).get("next")
        if not cursor:
            return seen
        body = await connected.ok(family.list_method, count=page_size, params="force_all", page_cursor=cursor,
                                  **filters)  # fmt: skip
    raise AssertionError(f"{family.list_method}: pagination did not end after 2000 pages")


async def test_every_catalogue_method_is_known_to_the_suite() -> None:
    listed = {row.name for row in CATALOGUE if row.kind == "list"}
    assert {family.list_method for family in FAMILIES} <= listed


async def test_unsupported_methods_answer_the_coded_error(connected: Connected) -> None:
    unsupported = [row.name for row in CATALOGUE if not connected.supports(row.name)]
    await _refused_as_unsupported(connected, *unsupported)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILY_IDS)
async def test_list_and_count_agree(connected: Connected, family: Family) -> None:
    if not _supports_all(connected, family.list_method, family.count_method):
        await _refused_as_unsupported(connected, family.list_method, family.count_method)
        return
    listed = await connected.ok(family.list_method, count=1)
    counted = await connected.ok(family.count_method)
    assert listed["result"][family.list_total] == counted["result"][family.count_total]


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILY_IDS)
async def test_pagination_reaches_every_record_exactly_once(connected: Connected, family: Family) -> None:
    if not connected.supports(family.list_method):
        await _refused_as_unsupported(connected, family.list_method)
        return
    total = (await connected.ok(family.list_method, count=1))["result"][family.list_total]
    items = await _walk(connected, family, page_size=97)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == total


async def test_pagination_survives_records_added_during_the_walk(connected: Connected) -> None:
    family = FAMILIES[0]
    if not _supports_all(connected, "product.list", "product.add"):
        await _refused_as_unsupported(connected, "product.list", "product.add")
        return
    before = {item["id"] for item in await _walk(connected, family, page_size=250)}
    body = await connected.ok("product.list", count=50, params="id")
    seen = [item["id"] for item in body["result"]["product"]]
    added = 0
    while cursor := (body.get("pagination") or {}).get("next"):
        await connected.ok("product.add", name=f"Added {added}", model=f"ADD-{added}", description="", price="1.00")
        added += 1
        body = await connected.ok("product.list", count=50, params="id", page_cursor=cursor)
        seen.extend(item["id"] for item in body["result"]["product"])
    assert len(seen) == len(set(seen)), "a record was served twice"
    assert before <= set(seen), "a record present at the start was skipped"


@pytest.mark.parametrize("which", ["modified", "created"])
@pytest.mark.parametrize("family", FAMILIES, ids=FAMILY_IDS)
async def test_time_filters_are_half_open_and_inclusive_at_the_right_end(
    connected: Connected, family: Family, which: str
) -> None:
    if not _supports_all(connected, family.list_method, family.count_method):
        await _refused_as_unsupported(connected, family.list_method, family.count_method)
        return
    first = (await connected.ok(family.list_method, count=5, params="force_all"))["result"][family.items]
    if not first:
        pytest.fail(f"{family.list_method}: the test shop has no records to filter")
    moment = _time(first[-1][getattr(family, which)]).isoformat()
    total = (await connected.ok(family.count_method))["result"][family.count_total]
    up_to = (await connected.ok(family.count_method, **{f"{which}_to": moment}))["result"][family.count_total]
    after = (await connected.ok(family.count_method, **{f"{which}_from": moment}))["result"][family.count_total]
    assert up_to + after == total, "(-inf, t] and (t, +inf) must split the records exactly"
    assert up_to >= 1, f"{which}_to must include a record whose time is exactly t"


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILY_IDS)
async def test_field_selection_keeps_only_the_named_fields(connected: Connected, family: Family) -> None:
    if not connected.supports(family.list_method):
        await _refused_as_unsupported(connected, family.list_method)
        return
    items = (await connected.ok(family.list_method, count=5, params="id"))["result"][family.items]
    assert items and all(set(item) == {"id"} for item in items)


async def test_a_written_product_reads_back_as_written(connected: Connected) -> None:
    if not _supports_all(connected, "product.add", "product.info"):
        await _refused_as_unsupported(connected, "product.add", "product.info")
        return
    made = await connected.ok("product.add", name="Conformance mug", model="CONF-1", description="Mug.",
                              price="12.34", quantity=7)  # fmt: skip
    product_id = made["result"]["product_id"]
    read = (await connected.ok("product.info", id=product_id, params="force_all"))["result"]
    assert (read["name"], Decimal(str(read["price"])), read["quantity"]) == ("Conformance mug", Decimal("12.34"), 7)


async def test_bad_write_is_refused_with_a_coded_error_and_writes_nothing(connected: Connected) -> None:
    if not _supports_all(connected, "product.add", "product.count"):
        await _refused_as_unsupported(connected, "product.add", "product.count")
        return
    before = (await connected.ok("product.count"))["result"]["products_count"]
    body = await connected.raw("product.add", name="Bad", model="BAD-1", description="", price="1.00", quantity=-1)
    assert body["return_code"] == 109 and "quantity" in body["return_message"]
    assert (await connected.ok("product.count"))["result"]["products_count"] == before


async def test_money_is_a_number_and_times_are_iso_8601_utc(connected: Connected) -> None:
    if not connected.supports("order.list"):
        await _refused_as_unsupported(connected, "order.list")
        return
    orders = (await connected.ok("order.list", count=20, params="force_all"))["result"]["order"]
    assert orders
    for order in orders:
        for name in ("total", "subtotal", "shipping"):
            value = order["totals"][name]
            assert isinstance(value, int | float) and not isinstance(value, bool), f"totals.{name} is {value!r}"
        created = _time(order["create_at"])
        assert created.utcoffset() == timedelta(0)
        assert set(order["create_at"]) >= {"value", "format"}


async def test_order_totals_obey_the_rules_or_the_breach_is_reported(connected: Connected) -> None:
    if not connected.supports("order.list"):
        await _refused_as_unsupported(connected, "order.list")
        return
    orders = (await connected.ok("order.list", count=100, params="force_all"))["result"]["order"]
    for wire in orders:
        order = Order.model_validate(wire)
        findings = {finding.field for finding in check_totals(order)}
        reported = {entry["field"] for entry in (wire.get("additional_fields") or {}).get("totals_findings", [])}
        assert findings == reported, f"order {order.order_id}: breaches {findings} reported as {reported}"


async def _an_order_line(connected: Connected) -> tuple[str, dict[str, Any]]:
    orders = (await connected.ok("order.list", count=50, params="force_all"))["result"]["order"]
    for order in orders:
        for line in order["order_products"]:
            if line.get("order_product_id"):
                return order["order_id"], line
    raise AssertionError("the test shop has no order lines to return")


async def _first_id(connected: Connected, method: str, field: str) -> str:
    entries = (await connected.ok(method))["result"][field]
    assert entries, f"{method} is empty"
    return str(entries[0]["id"])


RETURN_METHODS = ("order.list", "order.return.add", "return.count", "return.reason.list", "return.status.list",
                  "return.action.list")  # fmt: skip


@pytest.mark.parametrize("breach", ["too_many_units", "unknown_reason"])
async def test_a_bad_return_is_refused_naming_the_field_and_writes_nothing(connected: Connected, breach: str) -> None:
    if not _supports_all(connected, *RETURN_METHODS):
        await _refused_as_unsupported(connected, *RETURN_METHODS)
        return
    order_id, line = await _an_order_line(connected)
    reason = await _first_id(connected, "return.reason.list", "return_reasons")
    status = await _first_id(connected, "return.status.list", "return_statuses")
    action = await _first_id(connected, "return.action.list", "return_actions")
    quantity = int(line["quantity"]) + 1 if breach == "too_many_units" else 1
    line_reason = "no-such-reason" if breach == "unknown_reason" else reason
    before = (await connected.ok("return.count"))["result"]["returns_count"]
    body = await connected.raw(
        "order.return.add", order_id=order_id, return_status_id=status, return_action_id=action,
        return_reason_id=reason,
        order_products=[{"order_product_id": line["order_product_id"], "order_product_quantity": quantity,
                         "order_product_reason_id": line_reason, "order_product_action_id": action}],
    )  # fmt: skip
    assert body["return_code"] == 109, body["return_message"]
    named = "order_product_quantity" if breach == "too_many_units" else "order_product_reason_id"
    assert named in body["return_message"]
    assert (await connected.ok("return.count"))["result"]["returns_count"] == before


async def test_a_written_customer_and_category_read_back(connected: Connected) -> None:
    methods = ("customer.add", "customer.info", "category.add", "category.info")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    made = await connected.ok("customer.add", email="conformance.buyer@example.com", first_name="Conny")
    customer = (await connected.ok("customer.info", id=made["result"]["customer_id"], params="force_all"))["result"]
    assert (customer["email"], customer["first_name"]) == ("conformance.buyer@example.com", "Conny")
    made = await connected.ok("category.add", name="Conformance shelf")
    category = (await connected.ok("category.info", id=made["result"]["category_id"], params="force_all"))["result"]
    assert category["name"] == "Conformance shelf"


async def test_field_exclusion_drops_the_named_fields(connected: Connected) -> None:
    if not connected.supports("product.list"):
        await _refused_as_unsupported(connected, "product.list")
        return
    items = (await connected.ok("product.list", count=5, params="force_all", exclude="description,images"))
    products = items["result"]["product"]
    assert products and all("description" not in item and "images" not in item and "id" in item for item in products)


async def test_a_written_order_reads_back_and_obeys_the_totals_rules(connected: Connected) -> None:
    methods = ("order.add", "order.info")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    example = {row.name: row for row in CATALOGUE}["order.add"].example
    made = (await connected.ok("order.add", **example))["result"]
    wire = (await connected.ok("order.info", order_id=made["order_id"], params="force_all"))["result"]
    order = Order.model_validate(wire)
    assert check_totals(order) == []
    assert order.totals.total == Decimal(example["total_price"])
    assert [(item.product_id, item.quantity) for item in order.order_products] == [("1", 2)]
    assert order.customer.email == example["customer_email"]


async def test_a_status_change_extends_the_status_history(connected: Connected) -> None:
    methods = ("order.list", "order.update", "order.info", "order.status.list")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    statuses = [entry["id"] for entry in (await connected.ok("order.status.list"))["result"]["cart_order_statuses"]]
    order = (await connected.ok("order.list", count=1, params="force_all"))["result"]["order"][0]
    target = next(status for status in statuses if status != order["status"]["id"])
    await connected.ok("order.update", order_id=order["order_id"], order_status=target)
    after = (await connected.ok("order.info", order_id=order["order_id"], params="force_all"))["result"]
    assert after["status"]["id"] == target
    assert len(after["status"]["history"]) == len(order["status"]["history"]) + 1
    assert after["status"]["history"][-1]["id"] == target
    assert _time(after["modified_at"]) >= _time(order["modified_at"])


async def test_a_shipment_and_a_refund_show_on_their_order(connected: Connected) -> None:
    methods = ("order.add", "order.info", "order.shipment.add", "order.shipment.list", "order.refund.add")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    example = {row.name: row for row in CATALOGUE}["order.add"].example
    order_id = (await connected.ok("order.add", **example))["result"]["order_id"]
    order = (await connected.ok("order.info", order_id=order_id, params="force_all"))["result"]
    line = order["order_products"][0]
    tracking = [{"carrier_id": "ups", "tracking_number": "1Z999AA10123456784"}]
    shipped = await connected.ok("order.shipment.add", order_id=order_id, tracking_numbers=tracking,
                                 items=[{"order_product_id": line["order_product_id"], "quantity": 1}])  # fmt: skip
    listed = (await connected.ok("order.shipment.list", order_id=order_id))["result"]["shipment"]
    assert [s["id"] for s in listed] == [shipped["result"]["shipment_id"]]
    assert listed[0]["items"][0]["quantity"] == 1
    too_many = await connected.raw("order.shipment.add", order_id=order_id,
                                   items=[{"order_product_id": line["order_product_id"], "quantity": 99}])  # fmt: skip
    assert too_many["return_code"] == 109
    await connected.ok("order.refund.add", order_id=order_id,
                       items=[{"order_product_id": line["order_product_id"], "quantity": 1}])  # fmt: skip
    refunds = (await connected.ok("order.info", order_id=order_id, params="force_all"))["result"]["refunds"]
    assert len(refunds) == 1 and refunds[0]["items"][0]["qty"] == 1


async def test_concurrent_adds_get_distinct_ids(connected: Connected) -> None:
    if not _supports_all(connected, "product.add", "product.count"):
        await _refused_as_unsupported(connected, "product.add", "product.count")
        return
    before = (await connected.ok("product.count"))["result"]["products_count"]
    made = await asyncio.gather(*(
        connected.ok("product.add", name=f"Parallel {n}", model=f"PAR-{n}", description="", price="2.00")
        for n in range(8)
    ))  # fmt: skip
    ids = {body["result"]["product_id"] for body in made}
    assert len(ids) == 8
    assert (await connected.ok("product.count"))["result"]["products_count"] == before + 8


async def test_concurrent_returns_never_exceed_what_the_line_holds(connected: Connected) -> None:
    methods = (*RETURN_METHODS, "order.add", "order.info", "return.list")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    example = {row.name: row for row in CATALOGUE}["order.add"].example
    order_id = (await connected.ok("order.add", **example))["result"]["order_id"]
    line = (await connected.ok("order.info", order_id=order_id, params="force_all"))["result"]["order_products"][0]
    reason = await _first_id(connected, "return.reason.list", "return_reasons")
    status = await _first_id(connected, "return.status.list", "return_statuses")
    action = await _first_id(connected, "return.action.list", "return_actions")
    one_unit = {
        "order_id": order_id, "return_status_id": status, "return_action_id": action, "return_reason_id": reason,
        "order_products": [{"order_product_id": line["order_product_id"], "order_product_quantity": 1,
                            "order_product_reason_id": reason, "order_product_action_id": action}],
    }  # fmt: skip
    attempts = int(line["quantity"]) + 3
    answers = await asyncio.gather(*(connected.raw("order.return.add", **one_unit) for _ in range(attempts)))
    accepted = [body for body in answers if body["return_code"] == 0]
    assert len(accepted) == int(line["quantity"]), [body["return_code"] for body in answers]
    assert all(body["return_code"] == 109 for body in answers if body["return_code"] != 0)
    returns = (await connected.ok("return.list", order_id=order_id, count=50, params="force_all"))["result"]
    units = sum(item["quantity"] for entry in returns["returns"] for item in entry["order_products"])
    assert units == int(line["quantity"])


async def test_a_replayed_idempotency_key_writes_once(connected: Connected) -> None:
    if not _supports_all(connected, "product.add", "product.count"):
        await _refused_as_unsupported(connected, "product.add", "product.count")
        return
    before = (await connected.ok("product.count"))["result"]["products_count"]
    request = {"name": "Once", "model": "ONCE-1", "description": "", "price": "3.00", "idempotency_key": "conf-once-1"}
    first = await connected.ok("product.add", **request)
    second = await connected.ok("product.add", **request)
    assert first["result"] == second["result"]
    assert (await connected.ok("product.count"))["result"]["products_count"] == before + 1


async def test_a_deleted_record_is_gone_and_a_second_delete_is_not_found(connected: Connected) -> None:
    methods = ("product.add", "product.delete", "product.info")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    product_id = (await connected.ok("product.add", name="Doomed", model="DOOM-1", description="",
                                     price="1.00"))["result"]["product_id"]  # fmt: skip
    await connected.ok("product.delete", id=product_id)
    assert (await connected.raw("product.info", id=product_id))["return_code"] == 112
    assert (await connected.raw("product.delete", id=product_id))["return_code"] == 112


async def test_deleting_a_return_frees_its_units(connected: Connected) -> None:
    methods = (*RETURN_METHODS, "order.add", "order.info", "order.return.delete")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    example = {row.name: row for row in CATALOGUE}["order.add"].example
    order_id = (await connected.ok("order.add", **example))["result"]["order_id"]
    line = (await connected.ok("order.info", order_id=order_id, params="force_all"))["result"]["order_products"][0]
    reason = await _first_id(connected, "return.reason.list", "return_reasons")
    status = await _first_id(connected, "return.status.list", "return_statuses")
    action = await _first_id(connected, "return.action.list", "return_actions")
    everything = {
        "order_id": order_id, "return_status_id": status, "return_action_id": action, "return_reason_id": reason,
        "order_products": [{"order_product_id": line["order_product_id"], "order_product_quantity": line["quantity"],
                            "order_product_reason_id": reason, "order_product_action_id": action}],
    }  # fmt: skip
    return_id = (await connected.ok("order.return.add", **everything))["result"]["return_id"]
    assert (await connected.raw("order.return.add", **everything))["return_code"] == 109
    await connected.ok("order.return.delete", return_id=return_id, order_id=order_id)
    await connected.ok("order.return.add", **everything)


SORTED_WALKS = [
    ("product.list", "product", "price", "desc", lambda item: Decimal(str(item["price"]))),
    ("product.list", "product", "name", "asc", lambda item: item["name"].casefold()),
    ("customer.list", "customer", "email", "asc", lambda item: item["email"].casefold()),
    ("order.list", "order", "modified_at", "asc", lambda item: _time(item["modified_at"])),
]


@pytest.mark.parametrize(("method", "items", "sort_by", "direction", "key"), SORTED_WALKS,
                         ids=[f"{m}:{s}:{d}" for m, _, s, d, _ in SORTED_WALKS])  # fmt: skip
async def test_sorted_walks_are_ordered_and_exactly_once(
    connected: Connected, method: str, items: str, sort_by: str, direction: str, key: Any
) -> None:
    if not connected.supports(method):
        await _refused_as_unsupported(connected, method)
        return
    seen: list[dict[str, Any]] = []
    body = await connected.ok(method, count=61, params="force_all", sort_by=sort_by, sort_direction=direction)
    total = body["result"][next(f.list_total for f in FAMILIES if f.list_method == method)]
    while True:
        seen.extend(body["result"][items])
        cursor = (body.get("pagination") or {}).get("next")
        if not cursor:
            break
        body = await connected.ok(method, count=61, params="force_all", sort_by=sort_by, sort_direction=direction,
                                  page_cursor=cursor)  # fmt: skip
    ids = [item["id"] for item in seen]
    assert len(ids) == len(set(ids)) == total
    values = [key(item) for item in seen]
    assert values == sorted(values, reverse=direction == "desc")


async def test_a_change_feed_walk_sees_each_later_change_once(connected: Connected) -> None:
    if not _supports_all(connected, "order.list", "order.count"):
        await _refused_as_unsupported(connected, "order.list", "order.count")
        return
    middle = (await connected.ok("order.list", count=1, start=300, params="force_all", sort_by="modified_at"))
    checkpoint = _time(middle["result"]["order"][0]["modified_at"]).isoformat()
    expected = (await connected.ok("order.count", modified_from=checkpoint))["result"]["orders_count"]
    seen: list[str] = []
    body = await connected.ok("order.list", count=40, params="id,modified_at", sort_by="modified_at",
                              modified_from=checkpoint)  # fmt: skip
    while True:
        seen.extend(item["id"] for item in body["result"]["order"])
        assert all(_time(item["modified_at"]).isoformat() > checkpoint for item in body["result"]["order"])
        cursor = (body.get("pagination") or {}).get("next")
        if not cursor:
            break
        body = await connected.ok("order.list", count=40, params="id,modified_at", sort_by="modified_at",
                                  modified_from=checkpoint, page_cursor=cursor)  # fmt: skip
    assert len(seen) == len(set(seen)) == expected


async def test_a_cursor_is_refused_with_other_filters(connected: Connected) -> None:
    if not connected.supports("order.list"):
        await _refused_as_unsupported(connected, "order.list")
        return
    body = await connected.ok("order.list", count=5, order_status="completed")
    cursor = body["pagination"]["next"]
    assert cursor, "the test shop has more than 5 completed orders"
    other = await connected.raw("order.list", count=5, order_status="pending", page_cursor=cursor)
    assert other["return_code"] == 119


def _order_example(**changes: Any) -> dict[str, Any]:
    return {**{row.name: row for row in CATALOGUE}["order.add"].example, **changes}


BAD_WRITES = [
    # (case, method, params, count method, count field, return code, field named in the message)
    ("negative_quantity", "product.add",
     {"name": "Bad", "model": "BAD-Q", "description": "", "price": "1.00", "quantity": -1},
     "product.count", "products_count", 109, "quantity"),
    ("price_finer_than_the_currency", "product.add",
     {"name": "Bad", "model": "BAD-P", "description": "", "price": "1.999"},
     "product.count", "products_count", 109, "price"),
    ("unknown_currency", "order.add", _order_example(currency="XXY"), "order.count", "orders_count", 109, "currency"),
    ("total_breaks_the_rule", "order.add", _order_example(total_price="84.81"), "order.count", "orders_count", 109,
     "total_price"),
    ("subtotal_breaks_the_rule", "order.add", _order_example(subtotal_price="79.00", total_price="84.00"),
     "order.count", "orders_count", 109, "subtotal_price"),
    ("yen_with_decimals", "order.add",
     _order_example(currency="JPY", subtotal_price=None, total_price=None, shipping_price=None, tax_price=None),
     "order.count", "orders_count", 109, "order_item_price"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "method", "params", "count_method", "count_field", "code", "field"), BAD_WRITES,
                         ids=[case[0] for case in BAD_WRITES])  # fmt: skip
async def test_bad_input_is_refused_naming_the_field_and_writes_nothing(
    connected: Connected, case: str, method: str, params: dict[str, Any], count_method: str, count_field: str,
    code: int, field: str,
) -> None:  # fmt: skip
    if not _supports_all(connected, method, count_method):
        await _refused_as_unsupported(connected, method, count_method)
        return
    sent = {key: value for key, value in params.items() if value is not None}
    before = (await connected.ok(count_method))["result"][count_field]
    body = await connected.raw(method, **sent)
    assert body["return_code"] == code, f"{case}: {body['return_code']} {body['return_message']}"
    assert field in body["return_message"], f"{case}: the message does not name {field}: {body['return_message']}"
    assert (await connected.ok(count_method))["result"][count_field] == before


async def test_a_second_customer_with_the_same_email_is_a_duplicate(connected: Connected) -> None:
    if not _supports_all(connected, "customer.add", "customer.count"):
        await _refused_as_unsupported(connected, "customer.add", "customer.count")
        return
    await connected.ok("customer.add", email="twice@example.com")
    before = (await connected.ok("customer.count"))["result"]["customers_count"]
    again = await connected.raw("customer.add", email="TWICE@example.com")
    assert again["return_code"] == 116, again["return_message"]
    assert (await connected.ok("customer.count"))["result"]["customers_count"] == before


async def test_a_new_variant_shows_on_its_product(connected: Connected) -> None:
    methods = ("product.add", "product.variant.add", "product.variant.count", "product.variant.list", "product.info")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    product_id = (await connected.ok("product.add", name="Variant host", model="VH-1", description="",
                                     price="10.00"))["result"]["product_id"]  # fmt: skip
    made = await connected.ok("product.variant.add", product_id=product_id, model="VH-1-L", price="11.00", quantity=4,
                              attributes=[{"attribute_name": "Size", "attribute_value": "L"}])  # fmt: skip
    variant_id = made["result"]["product_variant_id"]
    counted = (await connected.ok("product.variant.count", product_id=product_id))["result"]["variants_count"]
    listed = (await connected.ok("product.variant.list", product_id=product_id))["result"]
    product = (await connected.ok("product.info", id=product_id, params="force_all"))["result"]
    assert counted == 1 and [v["id"] for v in listed["variant"]] == [variant_id]
    assert [child["id"] for child in product.get("children", [])] == [variant_id]
    assert product["quantity"] == sum(row["quantity"] for row in product["inventory"])


async def test_stock_is_kept_per_warehouse_and_sums_to_the_quantity(connected: Connected) -> None:
    methods = ("product.list", "product.update", "product.info")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    products = (await connected.ok("product.list", count=50, params="force_all"))["result"]["product"]
    stocked = [p for p in products if len(p.get("inventory", [])) >= 2 and not p.get("children")]
    if not stocked:
        pytest.fail("the test shop needs a simple product stocked in two warehouses")
    product = stocked[0]
    first, second = (row["warehouse_id"] for row in product["inventory"][:2])
    await connected.ok("product.update", id=product["id"], quantity=3, warehouse_id=first)
    await connected.ok("product.update", id=product["id"], quantity=8, warehouse_id=second)
    after = (await connected.ok("product.info", id=product["id"], params="force_all"))["result"]
    stock = {row["warehouse_id"]: row["quantity"] for row in after["inventory"]}
    assert (stock[first], stock[second]) == (3, 8)
    assert after["quantity"] == sum(stock.values())


async def test_a_category_cannot_move_under_its_own_descendant(connected: Connected) -> None:
    methods = ("category.add", "category.update", "category.info")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    top = (await connected.ok("category.add", name="Loop top"))["result"]["category_id"]
    below = (await connected.ok("category.add", name="Loop below", parent_id=top))["result"]["category_id"]
    refused = await connected.raw("category.update", id=top, parent_id=below)
    assert refused["return_code"] == 109 and "parent_id" in refused["return_message"]
    assert (await connected.ok("category.info", id=top, params="force_all"))["result"]["parent_id"] in (None, "", "0")


CHANGE_FEEDS = [
    ("product.list", "product", "modified_at", "product.update", lambda item: {"id": item["id"], "name": "Renamed"}),
    ("order.list", "order", "modified_at", "order.update",
     lambda item: {"order_id": item["order_id"], "comment": "Feed check"}),
    ("customer.list", "customer", "modified_time", "customer.update",
     lambda item: {"id": item["id"], "phone": "+1 555 0199"}),
    ("category.list", "category", "modified_at", "category.update",
     lambda item: {"id": item["id"], "description": "Feed check"}),
]  # fmt: skip


@pytest.mark.parametrize(("method", "items", "modified", "update", "change"), CHANGE_FEEDS,
                         ids=[feed[3] for feed in CHANGE_FEEDS])  # fmt: skip
async def test_an_update_moves_the_record_into_the_change_feed(
    connected: Connected, method: str, items: str, modified: str, update: str, change: Any
) -> None:
    if not _supports_all(connected, method, update):
        await _refused_as_unsupported(connected, method, update)
        return
    # The target's own previous time is the checkpoint: a checkpoint at the newest time of the whole
    # shop could share its second with the update, and (from, to] windows over whole-second times
    # then hide the change (see docs/conformance.md, "Same-second changes").
    records = (await connected.ok(method, count=5, params="force_all"))["result"][items]
    target = records[-1]
    checkpoint = _time(target[modified]).isoformat()
    await connected.ok(update, **change(target))
    feed = (await connected.ok(method, count=250, params="force_all", modified_from=checkpoint))["result"]
    assert target["id"] in [record["id"] for record in feed[items]], f"{update} did not move the modified time on"


async def test_a_customers_order_count_matches_their_orders(connected: Connected) -> None:
    methods = ("customer.list", "order.count")
    if not _supports_all(connected, *methods):
        await _refused_as_unsupported(connected, *methods)
        return
    customers = (await connected.ok("customer.list", count=10, params="force_all"))["result"]["customer"]
    for customer in customers:
        if customer.get("orders_count") is None:
            continue  # the platform does not say; nothing to compare
        counted = (await connected.ok("order.count", customer_id=customer["id"]))["result"]["orders_count"]
        assert customer["orders_count"] == counted, f"customer {customer['id']}"
