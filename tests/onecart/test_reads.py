"""Reads through cartgate's HTTP API against the OneCart emulator: variants as products, orders, shops."""

from __future__ import annotations

from decimal import Decimal

from tests.onecart.shop import OneCartShop


async def test_products_walk_every_variant_once_with_money_as_decimals(shop: OneCartShop) -> None:
    products = await shop.walk("product.list", "product", count=250, params="force_all")
    variants = shop.state.data["variants"]
    assert [p["id"] for p in products] == [str(i) for i in sorted(variants)]
    first = products[0]
    assert first["u_sku"] == variants[1]["sku"] and Decimal(str(first["price"])) == Decimal(variants[1]["price"])
    assert first["quantity"] == variants[1]["quantity"] and first["currency_code"] == "SGD"
    assert first["modified_at"]["value"].endswith("+00:00")


async def test_product_count_and_filters_agree_with_the_list(shop: OneCartShop) -> None:
    assert (await shop.ok("product.count"))["products_count"] == 400
    by_sku = await shop.ok("product.list", sku="SKU-00042")
    assert by_sku["products_count"] == 1 and by_sku["product"][0]["id"] == "42"
    some = await shop.ok("product.list", product_ids="5,7,9", count=2)
    assert some["products_count"] == 3 and [p["id"] for p in some["product"]] == ["5", "7"]
    assert (await shop.ok("product.count", since_id="390"))["products_count"] == 10


async def test_product_info_finds_a_variant_and_answers_112_for_an_unknown_id(shop: OneCartShop) -> None:
    product = await shop.ok("product.info", id="123", params="force_all")
    assert product["u_sku"] == "SKU-00123" and product["u_ean"] == shop.state.data["variants"][123]["barcode"]
    missing = await shop.call("product.info", id="4000")
    assert missing["return_code"] == 112


async def test_a_filter_onecart_cannot_apply_is_refused_not_ignored(shop: OneCartShop) -> None:
    body = await shop.call("product.list", category_id="3")
    assert body["return_code"] == 109 and "category_id" in body["return_message"]


async def test_orders_walk_once_with_items_and_totals(shop: OneCartShop) -> None:
    orders = await shop.walk("order.list", "order", count=250, params="force_all")
    assert [o["id"] for o in orders] == [str(i) for i in range(1, 601)]
    raw = shop.state.data["orders"][7]
    seven = orders[6]
    assert Decimal(str(seven["totals"]["total"])) == Decimal(raw["total_amount"])
    assert len(seven["order_products"]) == len(raw["order_items"])
    assert seven["currency"]["iso3"] == raw["currency"] and seven["additional_fields"]["order_no"] == raw["order_no"]
    assert seven["customer"]["email"] is None  # OneCart keeps no buyer e-mail
    assert all("totals_findings" not in (o["additional_fields"] or {}) for o in orders)


async def test_order_count_filters_by_status_and_shop(shop: OneCartShop) -> None:
    rows = shop.state.data["orders"].values()
    cancelled = sum(1 for o in rows if o["status"] == "cancelled")
    assert (await shop.ok("order.count", order_status="cancelled"))["orders_count"] == cancelled
    in_shop = sum(1 for o in rows if o["shop_id"] == 2)
    assert (await shop.ok("order.count", store_id="2"))["orders_count"] == in_shop


async def test_modified_window_is_from_exclusive_to_inclusive(shop: OneCartShop) -> None:
    rows = sorted(shop.state.data["orders"].values(), key=lambda o: o["id"])
    low, high = rows[100]["updated_at"], rows[200]["updated_at"]
    expected = sorted(o["id"] for o in rows if low < o["updated_at"] <= high)
    listed = await shop.walk("order.list", "order", count=100, modified_from=low, modified_to=high)
    assert [int(o["id"]) for o in listed] == expected
    counted = await shop.ok("order.count", modified_from=low, modified_to=high)
    assert counted["orders_count"] == len(expected)


async def test_order_info_reports_a_totals_breach_and_keeps_onecarts_figures(shop: OneCartShop) -> None:
    shop.state.data["orders"][12]["total_amount"] = "1.00"
    order = await shop.ok("order.info", order_id="12", params="force_all")
    assert Decimal(str(order["totals"]["total"])) == Decimal("1.00")
    findings = order["additional_fields"]["totals_findings"]
    assert [f["field"] for f in findings] == ["totals.total"]


async def test_an_unknown_order_answers_112_with_onecarts_request_id(shop: OneCartShop) -> None:
    body = await shop.call("order.info", order_id="99999")
    assert body["return_code"] == 112 and "NOT_FOUND" in body["return_message"]
    assert "request id " in body["return_message"]


async def test_a_method_onecart_cannot_do_answers_120(shop: OneCartShop) -> None:
    body = await shop.call("customer.list")
    assert body["return_code"] == 120


async def test_a_record_onecart_sends_malformed_answers_107_naming_the_field_not_its_value(shop: OneCartShop) -> None:
    shop.state.data["orders"][12]["created_at"] = "yesterday-ish 555-0199"
    body = await shop.call("order.info", order_id="12", params="force_all")
    assert body["return_code"] == 107, body
    assert "create_at" in body["return_message"] and "555-0199" not in body["return_message"]
