"""Orders (totals under CartRover's rules), categories, customers, returns and reference lists through HTTP,
against both OpenCart schemas, compared with what MariaDB holds."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]


async def _walk(store: Connected, method: str, items: str, **params: object) -> tuple[list[dict], int]:
    body = await store.raw(method, count=250, **params)
    assert body["return_code"] == 0, body
    found = list(body["result"][items])
    total = body["result"][next(k for k in body["result"] if k.endswith("count"))]
    cursor = body["pagination"]["next"]
    while cursor:
        body = await store.raw(method, count=250, page_cursor=cursor, **params)  # a cursor is bound to its filters
        assert body["return_code"] == 0, body
        found += body["result"][items]
        cursor = body["pagination"]["next"]
    return found, total


@pytest.mark.parametrize("version", VERSIONS)
async def test_every_order_obeys_the_totals_rules_or_says_why(stores: dict[Version, Connected],
                                                              version: Version) -> None:  # fmt: skip
    store = stores[version]
    db = store.shop.database
    orders, total = await _walk(store, "order.list", "order")
    ids = [r[0] for r in rows("SELECT order_id FROM oc_order WHERE order_status_id > 0 ORDER BY order_id", db)]
    assert len(ids) >= 1900 and [o["id"] for o in orders] == ids and total == len(ids)
    for order in orders:
        totals = {k: Decimal(str(order["totals"][k])) for k in ("subtotal", "tax", "shipping", "discount", "total")}
        assert totals["subtotal"] + totals["tax"] + totals["shipping"] - totals["discount"] == totals["total"]
        findings = {f["rule"] for f in (order.get("additional_fields") or {}).get("totals_findings", [])}
        assert not findings, (order["id"], findings)
    sample = orders[17]
    stored_total = scalar(f"SELECT total FROM oc_order WHERE order_id = {sample['id']}", db)
    assert Decimal(str(sample["totals"]["total"])) == Decimal(stored_total).quantize(Decimal("0.01"))
    history = rows(f"SELECT order_status_id FROM oc_order_history WHERE order_id = {sample['id']} "
                   "ORDER BY order_history_id", db)  # fmt: skip
    assert [h["id"] for h in sample["status"]["history"]] == [h[0] for h in history]
    lines = int(scalar(f"SELECT COUNT(*) FROM oc_order_product WHERE order_id = {sample['id']}", db))
    assert len(sample["order_products"]) == lines


@pytest.mark.parametrize("version", VERSIONS)
async def test_order_filters_and_info(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    db = store.shop.database
    status = scalar("SELECT order_status_id FROM oc_order WHERE order_status_id > 0 GROUP BY order_status_id "
                    "ORDER BY COUNT(*) DESC LIMIT 1", db)  # fmt: skip
    expected = int(scalar(f"SELECT COUNT(*) FROM oc_order WHERE order_status_id = {status}", db))
    assert (await store.ok("order.count", order_status=status))["orders_count"] == expected
    cut = scalar("SELECT date_added FROM oc_order WHERE order_status_id > 0 ORDER BY date_added LIMIT 1 OFFSET 700",
                 db)  # fmt: skip
    after = int(scalar(f"SELECT COUNT(*) FROM oc_order WHERE order_status_id > 0 AND date_added > '{cut}'", db))
    assert (await store.ok("order.count", created_from=cut))["orders_count"] == after
    order_id = scalar("SELECT MAX(order_id) FROM oc_order WHERE order_status_id > 0", db)
    info = await store.ok("order.info", order_id=order_id)
    assert info["id"] == order_id
    assert info["customer"]["email"] == html.unescape(scalar(f"SELECT email FROM oc_order WHERE order_id = {order_id}",
                                                             db))  # fmt: skip
    assert (await store.raw("order.info", order_id="99999999"))["return_code"] == 112
    own_store = scalar(f"SELECT store_id FROM oc_order WHERE order_id = {order_id}", db)
    assert (await store.ok("order.info", order_id=order_id, store_id=own_store))["id"] == order_id
    other = await store.raw("order.info", order_id=order_id, store_id=str(int(own_store) + 5))
    assert other["return_code"] == 112  # store_id names where to look, never ignored
    assert (await store.raw("order.list", financial_status="paid"))["return_code"] == 120
    statuses = await store.ok("order.status.list")
    assert ("5", "Complete") in [(s["id"], s["name"]) for s in statuses["cart_order_statuses"]]


@pytest.mark.parametrize("version", VERSIONS)
async def test_categories_carry_their_tree_path(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    db = store.shop.database
    categories, total = await _walk(store, "category.list", "category")
    assert total == len(categories) == int(scalar("SELECT COUNT(*) FROM oc_category", db))
    by_id = {c["id"]: c for c in categories}
    for category in categories:
        parts = category["path"].split("/")
        assert parts[-1] == category["id"]
        assert (category["parent_id"] or None) == (parts[-2] if len(parts) > 1 else None)
        if category["parent_id"]:
            assert by_id[category["parent_id"]]["path"] + "/" + category["id"] == category["path"]
    deep = next(c for c in categories if c["path"].count("/") == 2)
    assert (await store.ok("category.info", id=deep["id"]))["path"] == deep["path"]
    children = await store.ok("category.count", parent_id=deep["parent_id"])
    assert children["categories_count"] == sum(1 for c in categories if c["parent_id"] == deep["parent_id"])
    dated = await store.raw("category.count", modified_from="2025-01-01T00:00:00+00:00")
    assert dated["return_code"] == (120 if version == "4" else 0)


@pytest.mark.parametrize("version", VERSIONS)
async def test_customers_with_address_books(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    db = store.shop.database
    customers, total = await _walk(store, "customer.list", "customer")
    assert total == len(customers) == int(scalar("SELECT COUNT(*) FROM oc_customer", db))
    assert len({c["id"] for c in customers}) == total
    times = [c["created_time"]["value"] for c in customers]
    assert times == sorted(times)
    one = customers[5]
    addresses = int(scalar(f"SELECT COUNT(*) FROM oc_address WHERE customer_id = {one['id']}", db))
    info = await store.ok("customer.info", id=one["id"])
    assert len(info["address_book"]) == addresses >= 1
    assert sum(1 for a in info["address_book"] if a["default"]) == 1
    assert (await store.raw("customer.list", modified_from="2025-01-01T00:00:00+00:00"))["return_code"] == 120


@pytest.mark.parametrize("version", VERSIONS)
async def test_returns_with_history_and_reference_lists(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    db = store.shop.database
    returns, total = await _walk(store, "return.list", "returns")
    assert total == len(returns) == int(scalar("SELECT COUNT(*) FROM oc_return", db)) > 0
    one = returns[0]
    history = int(scalar(f"SELECT COUNT(*) FROM oc_return_history WHERE return_id = {one['id']}", db))
    info = await store.ok("return.info", id=one["id"])
    assert len(info["additional_fields"]["history"]) == history
    own = scalar(f"SELECT store_id FROM oc_order WHERE order_id = {one['order_id']}", db)
    assert (await store.ok("return.info", id=one["id"], store_id=own))["id"] == one["id"]
    assert (await store.raw("return.info", id=one["id"], store_id=str(int(own) + 9)))["return_code"] == 112
    assert info["order_products"][0]["order_product_id"]
    reasons = await store.ok("return.reason.list")
    assert ("1", "Dead On Arrival") in [(x["id"], x["name"]) for x in reasons["return_reasons"]]
    actions = {a["name"] for a in (await store.ok("return.action.list"))["return_actions"]}
    assert "Credit Issued" in actions and ("Waiting for return" in actions) == (version == "4")
    statuses = await store.ok("return.status.list")
    assert ("2", "Awaiting Products") in [(x["id"], x["name"]) for x in statuses["return_statuses"]]
    by_order = await store.ok("return.count", order_ids=one["order_id"])
    assert by_order["returns_count"] == int(scalar(f"SELECT COUNT(*) FROM oc_return WHERE order_id = "
                                                   f"{one['order_id']}", db))  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
async def test_order_change_feed_walks_a_window_once_in_time_then_id_order(stores: dict[Version, Connected],
                                                                           version: Version) -> None:  # fmt: skip
    store = stores[version]
    db = store.shop.database
    changed = ("o.date_modified" if version == "3" else
               "GREATEST(o.date_modified, COALESCE((SELECT MAX(h.date_added) FROM oc_order_history h "
               "WHERE h.order_id = o.order_id), o.date_modified))")  # fmt: skip
    start = scalar(f"SELECT {changed} FROM oc_order o WHERE o.order_status_id > 0 ORDER BY 1 LIMIT 1 OFFSET 1500", db)
    expected = [r[0] for r in rows(f"SELECT o.order_id FROM oc_order o WHERE o.order_status_id > 0 AND {changed} > "
                                   f"'{start}' ORDER BY {changed}, o.order_id", db)]  # fmt: skip
    feed, total = await _walk(store, "order.list", "order", sort_by="modified_at",
                              modified_from=start.replace(" ", "T") + "+00:00")  # fmt: skip
    assert [o["id"] for o in feed] == expected and total == len(expected) > 250
    keys = [(o["modified_at"]["value"], int(o["id"])) for o in feed]
    assert keys == sorted(keys)
    assert (await store.raw("order.list", sort_by="modified_at", sort_direction="desc"))["return_code"] == 120
