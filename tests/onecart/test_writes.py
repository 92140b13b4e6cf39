"""Writes through cartgate's HTTP API against the OneCart emulator: stock, mark shipped, cancel."""

from __future__ import annotations

import asyncio

from tests.onecart.shop import OneCartShop


def _first(shop: OneCartShop, status: str) -> int:
    return min(o["id"] for o in shop.state.data["orders"].values() if o["status"] == status)


async def test_product_update_sets_stock_and_the_change_reads_back(shop: OneCartShop) -> None:
    result = await shop.ok("product.update", id="17", quantity=3)
    assert result["updated_items"] == 1
    assert shop.state.data["variants"][17]["quantity"] == 3
    assert (await shop.ok("product.info", id="17"))["quantity"] == 3


async def test_simultaneous_stock_changes_go_out_in_bulk(shop: OneCartShop) -> None:
    before = shop.state.requests
    targets = {str(i): 1000 + i for i in range(30, 60)}
    answers = await asyncio.gather(*(shop.call("product.update", id=v, quantity=q) for v, q in targets.items()))
    assert [a["return_code"] for a in answers] == [0] * len(targets)
    assert {str(i): shop.state.data["variants"][i]["quantity"] for i in range(30, 60)} == targets
    assert shop.state.requests - before < len(targets)  # at least one bulk_update carried several


async def test_one_bad_id_in_a_bulk_fails_alone(shop: OneCartShop) -> None:
    ids = ["70", "71", "99999", "72"]
    answers = await asyncio.gather(*(shop.call("product.update", id=v, quantity=8) for v in ids))
    assert [a["return_code"] for a in answers] == [0, 0, 112, 0]
    assert [shop.state.data["variants"][i]["quantity"] for i in (70, 71, 72)] == [8, 8, 8]


async def test_product_update_refuses_fields_onecart_cannot_change(shop: OneCartShop) -> None:
    body = await shop.call("product.update", id="17", price="9.99", quantity=1)
    assert body["return_code"] == 109 and "price" in body["return_message"]
    assert (await shop.call("product.update", id="17", name="New"))["return_code"] == 109
    assert (await shop.call("product.update", id="17"))["return_code"] == 114
    assert (await shop.call("product.update", id="²", quantity=1))["return_code"] == 112  # isdigit, yet no int


async def test_shipment_add_marks_the_order_shipped_with_tracking(shop: OneCartShop) -> None:
    order_id = str(_first(shop, "ready_to_ship"))
    tracking = [{"carrier_id": "ninjavan", "tracking_number": "NV123456789"}]
    result = await shop.ok("order.shipment.add", order_id=order_id, tracking_numbers=tracking)
    assert result["shipment_id"] == f"{order_id}-1"
    order = await shop.ok("order.info", order_id=order_id, params="force_all")
    assert order["status"]["id"] == "shipped"
    assert order["shipments"][0]["tracking_numbers"] == [
        {"additional_fields": None, "custom_fields": None, "carrier_id": "ninjavan", "tracking_number": "NV123456789"}
    ]


async def test_shipment_add_without_tracking_answers_114(shop: OneCartShop) -> None:
    body = await shop.call("order.shipment.add", order_id=str(_first(shop, "pending")))
    assert body["return_code"] == 114


async def test_shipment_add_refuses_what_onecart_would_drop(shop: OneCartShop) -> None:
    order_id = str(_first(shop, "ready_to_ship"))
    one = {"carrier_id": "ninjavan", "tracking_number": "NV1"}
    two = [one, {"carrier_id": "jnt", "tracking_number": "JT2"}]
    assert (await shop.call("order.shipment.add", order_id=order_id, tracking_numbers=two))["return_code"] == 109
    linked = await shop.call("order.shipment.add", order_id=order_id, tracking_numbers=[one],
                             tracking_link="https://track.example/NV1")  # fmt: skip
    assert linked["return_code"] == 109 and "tracking_link" in linked["return_message"]
    assert shop.state.data["orders"][int(order_id)]["status"] == "ready_to_ship"


async def test_order_update_cancels_and_a_shipped_order_is_refused_with_onecarts_reason(shop: OneCartShop) -> None:
    pending = _first(shop, "pending")
    await shop.ok("order.update", order_id=str(pending), order_status="cancelled", cancellation_reason="out_of_stock")
    assert shop.state.data["orders"][pending]["status"] == "cancelled"
    assert shop.state.data["orders"][pending]["cancel_reason"] == "out_of_stock"
    shipped = await shop.call("order.update", order_id=str(_first(shop, "shipped")), order_status="cancelled")
    assert shipped["return_code"] == 109
    assert "VALIDATION_ERROR" in shipped["return_message"] and "already shipped" in shipped["return_message"]
    assert "request id " in shipped["return_message"]
    other = await shop.call("order.update", order_id=str(pending), order_status="pending")
    assert other["return_code"] == 109


async def test_shipment_add_refuses_what_onecart_cannot_record(shop: OneCartShop) -> None:
    order_id = str(_first(shop, "ready_to_ship"))
    tracking = [{"carrier_id": "jnt", "tracking_number": "JT1"}]
    partial = await shop.call("order.shipment.add", order_id=order_id, tracking_numbers=tracking,
                              items=[{"order_product_id": f"{order_id}-1", "quantity": 1}])  # fmt: skip
    assert partial["return_code"] == 109 and "items" in partial["return_message"]
    pending = await shop.call("order.shipment.add", order_id=order_id, tracking_numbers=tracking, is_shipped=False)
    assert pending["return_code"] == 109 and "is_shipped" in pending["return_message"]
    assert shop.state.data["orders"][int(order_id)]["status"] == "ready_to_ship"
