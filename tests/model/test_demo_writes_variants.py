"""Variant writes keep the product's stock the sum of its variants'; return updates stay within the order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from connectors.demo.seed import DemoShop
from connectors.demo.writes import new_return
from connectors.demo.writes_variants import product_with_new_variant, product_with_updated_variant, updated_return
from connectors.model import Order, Product
from connectors.model.params.products import ProductVariantAddParams, ProductVariantUpdateParams
from connectors.model.params.returns import OrderReturnAddParams, OrderReturnUpdateParams
from gateway.errors import CartgateError, DuplicateRecord, InvalidParameter, NotFound

NOW = datetime(2026, 1, 2, tzinfo=UTC)


def field_of(error: type[CartgateError], call: Callable[[], object]) -> str | None:
    with pytest.raises(error) as caught:
        call()
    return caught.value.field


def configurable(shop: DemoShop) -> Product:
    return next(p for p in shop.products if p.children and len(p.product_options) == 1)


def test_a_new_variant_adds_its_option_value_and_its_stock(shop: DemoShop) -> None:
    product = configurable(shop)
    params = ProductVariantAddParams.model_validate({
        "product_id": product.id, "model": "NEW-XXL", "price": "99.00", "quantity": 7,
        "attributes": [{"attribute_name": "size", "attribute_value": "XXL"}],
    })  # fmt: skip
    grown = product_with_new_variant(product, params, variant_id=f"{product.id}-99", now=NOW)
    assert len(grown.children) == len(product.children) + 1
    assert grown.quantity == (product.quantity or 0) + 7
    assert any(item.name == "XXL" for item in grown.product_options[0].option_items)
    assert grown.children[-1].combination[0].option_id == product.product_options[0].id
    again = params.model_copy(update={"model": "OTHER"})
    assert field_of(DuplicateRecord, lambda: product_with_new_variant(grown, again, variant_id="x", now=NOW)) == (
        "attributes"
    )
    same_sku = params.model_copy(update={"attributes": []})
    assert field_of(DuplicateRecord, lambda: product_with_new_variant(grown, same_sku, variant_id="y", now=NOW)) == (
        "model"
    )


def test_a_variant_update_moves_stock_and_price(shop: DemoShop) -> None:
    product = configurable(shop)
    child = product.children[0]
    params = ProductVariantUpdateParams(id=child.id, increase_quantity=3, price="12.50")
    changed = product_with_updated_variant(product, params, now=NOW)
    assert changed.children[0].inventory_level == (child.inventory_level or 0) + 3
    assert changed.quantity == (product.quantity or 0) + 3 and str(changed.children[0].default_price) == "12.50"
    too_many = ProductVariantUpdateParams(id=child.id, reduce_quantity=(child.inventory_level or 0) + 1)
    field = field_of(InvalidParameter, lambda: product_with_updated_variant(product, too_many, now=NOW))
    assert field == "reduce_quantity"
    missing = ProductVariantUpdateParams(id="no-such", quantity=1)
    assert field_of(NotFound, lambda: product_with_updated_variant(product, missing, now=NOW)) == "id"


def test_a_return_update_stays_within_the_order(shop: DemoShop) -> None:
    order: Order = next(o for o in shop.orders if o.status.id == "completed" and o.order_products[0].quantity >= 2)
    line = order.order_products[0]
    lists = {"statuses": shop.return_statuses, "reasons": shop.return_reasons, "actions": shop.return_actions}
    opened = new_return(order, OrderReturnAddParams.model_validate({
        "order_id": order.order_id, "return_status_id": "1", "return_action_id": "2", "return_reason_id": "4",
        "order_products": [{"order_product_id": line.order_product_id, "order_product_quantity": 1,
                            "order_product_reason_id": "4", "order_product_action_id": "2"}],
    }), return_id="r1", now=NOW, existing=[], **lists)  # fmt: skip

    def update(quantity: int, status: str = "3", action: str = "1") -> OrderReturnUpdateParams:
        lines = [{"order_product_id": line.order_product_id, "order_product_quantity": quantity,
                  "order_product_action_id": action}]  # fmt: skip
        return OrderReturnUpdateParams.model_validate(
            {"return_id": "r1", "return_status_id": status, "order_products": lines}
        )

    done = updated_return(opened, order, update(line.quantity), now=NOW, existing=[opened], **lists)
    assert (done.status.id, done.order_products[0].quantity, done.order_products[0].reason.id) == (
        "3",
        line.quantity,
        "4",
    )
    assert done.order_products[0].action is not None and done.order_products[0].action.id == "1"
    field = field_of(InvalidParameter, lambda: updated_return(opened, order, update(line.quantity + 1), now=NOW,
                                                              existing=[opened], **lists))  # fmt: skip
    assert field == "order_products.0.order_product_quantity"
    field = field_of(InvalidParameter, lambda: updated_return(opened, order, update(1, status="9"), now=NOW,
                                                              existing=[opened], **lists))  # fmt: skip
    assert field == "return_status_id"
