"""Writes through cartgate's HTTP API against the CartRover emulator: stock, order status, shipping."""

from __future__ import annotations

import asyncio

from tests.cartrover.shop import CartRoverShop


def _first(shop: CartRoverShop, status: str) -> str:
    return min(ref for ref, o in shop.state.data["orders"].items() if o["order_status"] == status)


async def test_product_update_sets_stock_and_the_change_reads_back(shop: CartRoverShop) -> None:
    result = await shop.ok("product.update", id="CR-00017", quantity=3)
    assert result["updated_items"] == 1
    assert shop.state.data["products"]["CR-00017"]["qty_available"] == 3
    assert (await shop.ok("product.info", id="CR-00017"))["quantity"] == 3
    listed = await shop.ok("product.list", sku="CR-00017", params="id,quantity,in_stock")
    assert listed["product"][0]["quantity"] == 3


async def test_simultaneous_stock_changes_go_out_as_one_inventory_list(shop: CartRoverShop) -> None:
    skus = sorted(shop.state.data["products"])[30:60]
    before = len(shop.state.process_ids)
    calls = (shop.call("product.update", id=sku, quantity=500 + n) for n, sku in enumerate(skus))
    answers = await asyncio.gather(*calls)
    assert [a["return_code"] for a in answers] == [0] * len(skus)
    assert [shop.state.data["products"][sku]["qty_available"] for sku in skus] == [500 + n for n in range(len(skus))]
    assert len(shop.state.process_ids) - before < len(skus)  # at least one request carried several SKUs


async def test_one_unknown_sku_in_a_list_fails_alone(shop: CartRoverShop) -> None:
    skus = sorted(shop.state.data["products"])[70:73]
    calls = (shop.call("product.update", id=sku, quantity=8) for sku in [*skus[:2], "NOPE", skus[2]])
    answers = await asyncio.gather(*calls)
    assert [a["return_code"] for a in answers] == [0, 0, 109, 0]
    assert [shop.state.data["products"][sku]["qty_available"] for sku in skus] == [8, 8, 8]


async def test_product_update_refuses_what_cartrover_cannot_change(shop: CartRoverShop) -> None:
    body = await shop.call("product.update", id="CR-00017", price="9.99", quantity=1)
    assert body["return_code"] == 109 and "price" in body["return_message"]
    assert (await shop.call("product.update", id="CR-00017"))["return_code"] == 114
    unknown = await shop.call("product.update", id="NOPE", quantity=1)
    assert unknown["return_code"] == 109 and "Unknown sku" in unknown["return_message"]
    assert "process id " + shop.state.process_ids[-1] in unknown["return_message"]
    assert shop.state.data["products"]["CR-00017"]["qty_available"] != 1


async def test_order_update_changes_the_status_and_a_reread_shows_it(shop: CartRoverShop) -> None:
    ref = _first(shop, "new")
    before = (await shop.ok("order.info", order_id=ref))["modified_at"]["value"]
    await shop.ok("order.update", order_id=ref, order_status="at_wms")
    order = await shop.ok("order.info", order_id=ref, params="force_all")
    assert order["status"]["id"] == "at_wms" and shop.state.data["orders"][ref]["order_status"] == "at_wms"
    assert order["modified_at"]["value"] >= before
    listed = await shop.ok("order.list", ids=ref, order_status="at_wms", params="id")
    assert [o["id"] for o in listed["order"]] == [ref]


async def test_order_update_refusals_name_the_field_and_keep_the_process_id(shop: CartRoverShop) -> None:
    canceled = _first(shop, "canceled")
    body = await shop.call("order.update", order_id=canceled, order_status="new")
    assert body["return_code"] == 109 and "CartRover Failure: Order is canceled" in body["return_message"]
    assert "process id " + shop.state.process_ids[-1] in body["return_message"]
    assert shop.state.data["orders"][canceled]["order_status"] == "canceled"
    ref = _first(shop, "new")
    assert (await shop.call("order.update", order_id=ref, order_status="completed"))["return_code"] == 109
    assert (await shop.call("order.update", order_id=ref, comment="hi"))["return_code"] == 109
    assert (await shop.call("order.update", order_id=ref))["return_code"] == 114
    assert (await shop.call("order.update", order_id="NO-SUCH", order_status="shipped"))["return_code"] == 112


async def test_shipment_add_marks_the_order_shipped_with_tracking(shop: CartRoverShop) -> None:
    ref = _first(shop, "at_wms")
    tracking = [{"carrier_id": "ups", "tracking_number": "1Z999AA10123456784"}]
    result = await shop.ok("order.shipment.add", order_id=ref, tracking_numbers=tracking)
    assert result["shipment_id"] == f"{ref}-1"
    order = await shop.ok("order.info", order_id=ref, params="force_all")
    assert order["status"]["id"] == "shipped"
    assert order["shipments"][0]["tracking_numbers"][0]["tracking_number"] == "1Z999AA10123456784"


async def test_shipment_add_refuses_what_cartrover_cannot_record(shop: CartRoverShop) -> None:
    ref = _first(shop, "at_wms")
    tracking = [{"carrier_id": "ups", "tracking_number": "1Z1"}]
    assert (await shop.call("order.shipment.add", order_id=ref))["return_code"] == 114
    partial = await shop.call("order.shipment.add", order_id=ref, tracking_numbers=tracking,
                              items=[{"order_product_id": f"{ref}-1", "quantity": 1}])  # fmt: skip
    assert partial["return_code"] == 109 and "items" in partial["return_message"]
    two = [*tracking, {"carrier_id": "fedex", "tracking_number": "7777"}]
    refused = await shop.call("order.shipment.add", order_id=ref, tracking_numbers=two)
    assert refused["return_code"] == 109 and "one tracking number" in refused["return_message"]
    for name, value in (("tracking_link", "https://track.example/1Z1"), ("send_notifications", True)):
        body = await shop.call("order.shipment.add", order_id=ref, tracking_numbers=tracking, **{name: value})
        assert body["return_code"] == 109 and name in body["return_message"], (name, body)
    assert shop.state.data["orders"][ref]["order_status"] == "at_wms"


async def test_order_status_list_names_the_statuses_the_list_and_update_take(shop: CartRoverShop) -> None:
    statuses = (await shop.ok("order.status.list"))["cart_order_statuses"]
    assert [s["id"] for s in statuses] == ["new", "at_wms", "shipped", "canceled"]


async def test_shipments_are_listed_from_the_order(shop: CartRoverShop) -> None:
    ref = _first(shop, "at_wms")
    assert (await shop.ok("order.shipment.list", order_id=ref))["shipment_count"] == 0
    tracking = [{"carrier_id": "ups", "tracking_number": "1Z2"}]
    await shop.ok("order.shipment.add", order_id=ref, tracking_numbers=tracking)
    listed = await shop.ok("order.shipment.list", order_id=ref)
    assert listed["shipment_count"] == 1 and listed["shipment"][0]["id"] == f"{ref}-1"
    one = await shop.ok("order.shipment.info", order_id=ref, id=f"{ref}-1")
    assert one["tracking_numbers"][0]["tracking_number"] == "1Z2"
    assert (await shop.call("order.shipment.info", order_id=ref, id=f"{ref}-2"))["return_code"] == 112


async def test_an_order_with_several_parcels_lists_each(shop: CartRoverShop) -> None:
    # shipments[] with carrier / method / tracking_no, as the public .NET client (shahrpt/CartRover.Batch.App,
    # Model/Shipment.cs) reads CartRover's orders; the emulator itself keeps one tracking_no per order
    ref = _first(shop, "shipped")
    shop.state.data["orders"][ref]["shipments"] = [
        {"carrier": "UPS", "method": "Ground", "tracking_no": "1ZA"},
        {"carrier": "USPS", "method": "Priority", "tracking_no": "94001"},
    ]
    listed = await shop.ok("order.shipment.list", order_id=ref)
    assert [(s["id"], s["shipment_provider"], s["name"]) for s in listed["shipment"]] == [
        (f"{ref}-1", "UPS", "Ground"),
        (f"{ref}-2", "USPS", "Priority"),
    ]
