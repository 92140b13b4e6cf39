"""Reads through cartgate's HTTP API against the CartRover emulator: merchant orders and inventory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from connectors.cartrover import client, handlers
from tests.cartrover.shop import CartRoverShop


def _by_date(shop: CartRoverShop) -> list[dict[str, Any]]:
    return sorted(shop.state.data["orders"].values(), key=lambda o: (o["order_date"], o["cust_ref"]))


async def test_orders_walk_once_over_uneven_pages_in_order_date_order(shop: CartRoverShop) -> None:
    before = len(shop.state.process_ids)
    orders = await shop.walk("order.list", "order", count=37, params="id")
    assert [o["id"] for o in orders] == [o["cust_ref"] for o in _by_date(shop)]
    # 400 orders: the total takes 6 probes of 100 (pages 1, 2, 4 full; 8, 6, 5 empty), then each of the
    # other 10 pages of 37 costs one or two requests of 100 (two where it straddles CartRover's pages).
    assert len(shop.state.process_ids) - before <= 6 + 2 * 10


async def test_pages_larger_than_cartrovers_limit_read_several_of_its_pages(shop: CartRoverShop) -> None:
    orders = await shop.walk("order.list", "order", count=250, start=30, params="id")
    assert [o["id"] for o in orders] == [o["cust_ref"] for o in _by_date(shop)][30:]


async def test_an_order_the_model_cannot_read_answers_107_naming_the_field(shop: CartRoverShop) -> None:
    raw = _by_date(shop)[0]
    raw["order_date"] = raw["order_date"].replace("+00:00", "")  # no zone: not the seed's ISO 8601 UTC
    body = await shop.call("order.info", order_id=raw["cust_ref"])
    assert body["return_code"] == 107 and "Order.create_at" in body["return_message"]
    assert raw["order_date"] not in body["return_message"]


async def test_aligned_pages_cost_one_request_each(shop: CartRoverShop) -> None:
    before = len(shop.state.process_ids)
    orders = await shop.walk("order.list", "order", count=50, params="id")
    assert len(orders) == 400
    assert len(shop.state.process_ids) - before == 6 + 7  # probes (page 1 reused) + pages 2..8 of 50


async def test_order_status_filter_and_count_agree_with_the_emulator(shop: CartRoverShop) -> None:
    rows = shop.state.data["orders"].values()
    for status in ("new", "at_wms", "shipped", "canceled"):
        expected = [o["cust_ref"] for o in _by_date(shop) if o["order_status"] == status]
        assert (await shop.ok("order.count", order_status=status))["orders_count"] == len(expected)
        listed = await shop.walk("order.list", "order", count=100, order_status=status, params="id,status")
        assert [o["id"] for o in listed] == expected
        assert {o["status"]["id"] for o in listed} == {status}
    assert (await shop.ok("order.count"))["orders_count"] == len(rows)
    refused = await shop.call("order.list", order_status="pending")
    assert refused["return_code"] == 109 and "new, at_wms, shipped, canceled" in refused["return_message"]


async def test_created_window_is_from_exclusive_to_inclusive_on_cartrovers_own_dates(shop: CartRoverShop) -> None:
    rows = _by_date(shop)
    moment = rows[150]["order_date"]  # "2026-...+00:00": reaches CartRover as from_date/to_date with %2B
    upto = await shop.ok("order.count", created_to=moment)
    after = await shop.ok("order.count", created_from=moment)
    assert upto["orders_count"] == sum(1 for o in rows if o["order_date"] <= moment)
    assert after["orders_count"] == sum(1 for o in rows if o["order_date"] > moment)
    low, high = rows[10]["order_date"], rows[20]["order_date"]
    listed = await shop.walk("order.list", "order", count=4, created_from=low, created_to=high, params="id")
    assert [o["id"] for o in listed] == [o["cust_ref"] for o in rows if low < o["order_date"] <= high]


async def test_modified_window_ids_and_email_filters_are_applied_over_the_walk(shop: CartRoverShop) -> None:
    rows = _by_date(shop)
    low, high = rows[100]["updated_at"], rows[300]["updated_at"]
    expected = [o["cust_ref"] for o in rows if low < o["updated_at"] <= high]
    before = len(shop.state.process_ids)
    listed = await shop.walk("order.list", "order", count=30, modified_from=low, modified_to=high, params="id")
    assert [o["id"] for o in listed] == expected
    # the first page walks all 5 pages of 100 for the total; the rest resume the scan where it stopped
    assert len(shop.state.process_ids) - before <= 5 + 2 * (len(expected) // 30 + 1)
    counted = await shop.ok("order.count", modified_from=low, modified_to=high)
    assert counted["orders_count"] == len(expected)
    refs = f"{rows[3]['cust_ref']},{rows[7]['cust_ref']}"
    assert [o["id"] for o in (await shop.ok("order.list", ids=refs))["order"]] == refs.split(",")
    email = rows[5]["ship_e_mail"].upper()
    by_email = await shop.ok("order.list", customer_email=email, params="id")
    assert [o["id"] for o in by_email["order"]] == [o["cust_ref"] for o in rows if o["ship_e_mail"] == email.lower()]


async def test_order_info_maps_lines_buyer_address_and_tracking(shop: CartRoverShop) -> None:
    raw = next(o for o in _by_date(shop) if o["order_status"] == "shipped")
    order = await shop.ok("order.info", order_id=raw["cust_ref"], params="force_all")
    assert order["order_id"] == raw["cust_ref"] and order["status"]["id"] == "shipped"
    assert order["create_at"]["value"] == raw["order_date"] and order["modified_at"]["value"] == raw["updated_at"]
    assert order["customer"]["email"] == raw["ship_e_mail"] and order["customer"]["last_name"] == raw["ship_last_name"]
    assert order["shipping_address"]["postcode"] == raw["ship_zip"]
    assert order["shipping_address"]["country"]["code3"] == "USA"
    assert order["currency"]["iso3"] == "USD" and order["shipping_method"]["name"] == raw["ship_method"]
    assert order["shipments"][0]["tracking_numbers"][0]["tracking_number"] == raw["tracking_no"]
    lines = order["order_products"]
    assert [(i["model"], i["quantity"]) for i in lines] == [(i["item"], i["quantity"]) for i in raw["items"]]
    assert order["additional_fields"]["cust_po_no"] == raw["cust_po_no"]


async def test_an_unknown_order_answers_112_with_the_process_id(shop: CartRoverShop) -> None:
    body = await shop.call("order.info", order_id="NO SUCH/REF")
    assert body["return_code"] == 112
    assert "process id " + shop.state.process_ids[-1] in body["return_message"]


async def test_filters_cartrover_cannot_apply_are_refused_not_ignored(shop: CartRoverShop) -> None:
    for method, name, value in (("order.list", "since_id", "5"), ("order.count", "customer_id", "3"),
                                ("product.list", "category_id", "3"), ("product.count", "created_from",
                                                                        "2026-01-01T00:00:00+00:00")):  # fmt: skip
        body = await shop.call(method, **{name: value})
        assert body["return_code"] == 109 and name in body["return_message"], (method, body)
    assert (await shop.call("order.list", sort_by="modified_at"))["return_code"] == 109


async def test_inventory_walks_once_as_products_keyed_by_sku(shop: CartRoverShop) -> None:
    products = await shop.walk("product.list", "product", count=64, params="force_all")
    inventory = shop.state.data["products"]
    assert [p["id"] for p in products] == sorted(inventory)
    first = products[0]
    raw = inventory[first["id"]]
    assert (first["u_sku"], first["name"], first["quantity"]) == (raw["sku"], raw["description"], raw["qty_available"])
    assert str(first["price"]) == str(raw["price"]) and first["currency_code"] == "USD"
    assert (await shop.ok("product.count"))["products_count"] == len(inventory)


async def test_product_info_and_the_sku_filter_take_one_request(shop: CartRoverShop) -> None:
    before = len(shop.state.process_ids)
    product = await shop.ok("product.info", id="CR-00042")
    assert (
        product["u_sku"] == "CR-00042"
        and product["quantity"] == shop.state.data["products"]["CR-00042"]["qty_available"]
    )
    listed = await shop.ok("product.list", sku="CR-00042")
    assert listed["products_count"] == 1 and listed["product"][0]["id"] == "CR-00042"
    assert len(shop.state.process_ids) - before == 2
    assert (await shop.ok("product.count", sku="NOPE"))["products_count"] == 0
    assert (await shop.call("product.info", id="NOPE"))["return_code"] == 112


async def test_product_modified_window(shop: CartRoverShop) -> None:
    inventory = shop.state.data["products"].values()
    moment = (datetime(2026, 1, 1, tzinfo=UTC) - timedelta(hours=100)).isoformat()
    after = await shop.ok("product.count", modified_from=moment)
    assert after["products_count"] == sum(1 for p in inventory if p["updated_at"] > moment) == 99


async def test_a_list_that_never_ends_answers_100_instead_of_walking_forever(
    shop: CartRoverShop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 400 orders are 4 full pages of 100; a bound of 2 pages makes them look endless
    monkeypatch.setattr(client, "MAX_PAGES", 2)
    monkeypatch.setattr(handlers, "MAX_PAGES", 2)
    for method, params in (("order.count", {}), ("order.list", {"modified_from": "2020-01-01T00:00:00+00:00"})):
        body = await shop.call(method, **params)
        assert body["return_code"] == 100 and "full pages" in body["return_message"], (method, body)


async def test_named_orders_are_read_one_by_one_not_by_walking_the_list(shop: CartRoverShop) -> None:
    rows = _by_date(shop)
    named = [rows[250]["cust_ref"], rows[12]["cust_ref"], "NO-SUCH-REF", rows[399]["cust_ref"]]
    before = len(shop.state.process_ids)
    listed = await shop.walk("order.list", "order", count=2, order_ids=",".join(named), params="id")
    assert [o["id"] for o in listed] == [rows[12]["cust_ref"], rows[250]["cust_ref"], rows[399]["cust_ref"]]
    assert len(shop.state.process_ids) - before == 2 * len(named)  # two pages, one GET per named order each
    status = rows[12]["order_status"]
    counted = await shop.ok("order.count", ids=",".join(named), order_status=status)
    assert counted["orders_count"] == sum(1 for ref in named[:2] + named[3:]
                                          if shop.state.data["orders"][ref]["order_status"] == status)  # fmt: skip
