"""The Demo platform's writes: what they create, and the bad input they refuse naming the field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from connectors.catalogue import catalogue_by_name
from connectors.demo.seed import USD, DemoShop
from connectors.demo.writes import (
    new_order,
    new_product,
    new_refund,
    new_return,
    new_shipment,
    order_with_status,
    updated_product,
)
from connectors.model import BaseCustomer, Order, check_totals
from connectors.model.params.orders import OrderAddParams, OrderRefundAddParams, OrderShipmentAddParams
from connectors.model.params.products import ProductAddParams, ProductUpdateParams
from connectors.model.params.returns import OrderReturnAddParams
from gateway.errors import InvalidParameter

NOW = datetime(2026, 1, 2, 12, tzinfo=UTC)


def example(method: str, **changes: Any) -> dict[str, Any]:
    return {**catalogue_by_name()[method].example, **changes}


def refused(call: Any) -> str:
    with pytest.raises(InvalidParameter) as caught:
        call()
    assert caught.value.return_code == 109 and caught.value.field is not None
    return caught.value.field


def test_product_add_then_update_moves_stock_in_one_warehouse() -> None:
    product = new_product(ProductAddParams.model_validate(example("product.add", quantity=5)), product_id="900",
                          now=NOW, currency="USD", warehouse_id="1")  # fmt: skip
    assert (product.price, product.quantity, product.create_at, product.u_model) == (Decimal("39.90"), 5, NOW, "LS-01")
    later = datetime(2026, 1, 3, tzinfo=UTC)
    changed = updated_product(product, ProductUpdateParams(id="900", reduce_quantity=2, price=Decimal("41")), now=later)
    assert (changed.quantity, changed.inventory[0].quantity, changed.price, changed.modified_at) == (3, 3, 41, later)
    assert product.quantity == 5  # the original is untouched: nothing is written by a refused call either
    assert refused(lambda: updated_product(changed, ProductUpdateParams(id="900", reduce_quantity=4), now=later)) == (
        "reduce_quantity"
    )
    assert refused(lambda: updated_product(changed, ProductUpdateParams(id="900", quantity=1, warehouse_id="9"),
                                           now=later)) == "warehouse_id"  # fmt: skip


def test_product_prices_are_held_to_the_store_currency() -> None:
    params = ProductAddParams.model_validate(example("product.add"))
    assert refused(lambda: new_product(params, product_id="1", now=NOW, currency="JPY", warehouse_id="1")) == "price"


def test_order_add_creates_an_order_that_obeys_the_totals(shop: DemoShop) -> None:
    customer = BaseCustomer(id="1", email="ada.lovelace@example.com")
    order = new_order(OrderAddParams.model_validate(example("order.add")), order_id="9001", now=NOW,
                      store_currency=USD, customer=customer, statuses=shop.order_statuses)  # fmt: skip
    assert check_totals(order) == [] and order.totals.total == Decimal("84.80")
    assert order.status.history[0].id == "pending" and order.order_products[0].order_product_id == "9001-1"
    moved = order_with_status(order, "processing", statuses=shop.order_statuses, now=NOW)
    assert [entry.id for entry in moved.status.history] == ["pending", "processing"]
    assert refused(lambda: order_with_status(order, "lost", statuses=shop.order_statuses, now=NOW)) == "order_status"
    euro = OrderAddParams.model_validate(example("order.add", currency="EUR"))
    assert refused(lambda: new_order(euro, order_id="9002", now=NOW, store_currency=USD, customer=customer,
                                     statuses=shop.order_statuses)) == "currency"  # fmt: skip
    nowhere = OrderAddParams.model_validate(example("order.add", bill_country="ZZ"))
    assert refused(lambda: new_order(nowhere, order_id="9003", now=NOW, store_currency=USD, customer=customer,
                                     statuses=shop.order_statuses)) == "bill_country"  # fmt: skip


def completed_order(shop: DemoShop) -> Order:
    return next(o for o in shop.orders if o.status.id == "completed" and o.order_products[0].quantity >= 2)


def return_params(order: Order, quantity: int, reason: str = "4") -> OrderReturnAddParams:
    return OrderReturnAddParams.model_validate({
        "order_id": order.order_id, "return_status_id": "1", "return_action_id": "2", "return_reason_id": reason,
        "order_products": [{"order_product_id": order.order_products[0].order_product_id,
                            "order_product_quantity": quantity, "order_product_reason_id": reason,
                            "order_product_action_id": "2"}],
    })  # fmt: skip


def test_order_return_add_counts_units_already_under_return(shop: DemoShop) -> None:
    order = completed_order(shop)
    lists = {"statuses": shop.return_statuses, "reasons": shop.return_reasons, "actions": shop.return_actions}
    first = new_return(order, return_params(order, 1), return_id="r1", now=NOW, existing=[], **lists)
    assert first.order_products[0].quantity == 1 and first.status.id == "1" and first.created_at == NOW
    rest = order.order_products[0].quantity - 1
    new_return(order, return_params(order, rest), return_id="r2", now=NOW, existing=[first], **lists)
    field = refused(lambda: new_return(order, return_params(order, rest + 1), return_id="r2", now=NOW,
                                       existing=[first], **lists))  # fmt: skip
    assert field == "order_products.0.order_product_quantity"
    assert refused(lambda: new_return(order, return_params(order, 1, reason="42"), return_id="r3", now=NOW,
                                      existing=[], **lists)) == "return_reason_id"  # fmt: skip


def test_refunds_stay_within_the_order(shop: DemoShop) -> None:
    order = completed_order(shop)
    line = order.order_products[0]
    params = OrderRefundAddParams(order_id=order.order_id, items=[{"order_product_id": line.order_product_id,
                                                                   "quantity": 1}])  # fmt: skip
    refund = new_refund(order, params, refund_id="f1", now=NOW)
    assert refund.total == line.price - line.discount_amount
    too_many = OrderRefundAddParams(order_id=order.order_id, items=[{"order_product_id": line.order_product_id,
                                                                     "quantity": line.quantity + 1}])  # fmt: skip
    assert refused(lambda: new_refund(order, too_many, refund_id="f2", now=NOW)) == "items.0.quantity"
    too_much = OrderRefundAddParams(order_id=order.order_id, total_price=order.totals.total + 1)
    assert refused(lambda: new_refund(order, too_much, refund_id="f3", now=NOW)) == "total_price"


def test_shipments_ship_what_is_left(shop: DemoShop) -> None:
    pending = next(o for o in shop.orders if o.status.id == "processing")
    everything = new_shipment(pending, OrderShipmentAddParams(order_id=pending.order_id), shipment_id="s1", now=NOW)
    assert sum(i.quantity or 0 for i in everything.items) == sum(i.quantity for i in pending.order_products)
    shipped = pending.model_copy(update={"shipments": [everything]})
    assert refused(lambda: new_shipment(shipped, OrderShipmentAddParams(order_id=pending.order_id),
                                        shipment_id="s2", now=NOW)) == "items"  # fmt: skip
    line = pending.order_products[0]
    extra = OrderShipmentAddParams(order_id=pending.order_id,
                                   items=[{"order_product_id": line.order_product_id, "quantity": 1}])  # fmt: skip
    assert refused(lambda: new_shipment(shipped, extra, shipment_id="s3", now=NOW)) == "items.0.quantity"
