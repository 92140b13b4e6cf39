"""product.variant.update on OpenCart: an option value's stock, price and stock tracking, in ONE bridge ``batch``.

A unified variant is one ``product_option_value`` row (id ``<product_id>-<product_option_value_id>``, as the
reads answer it). OpenCart keeps its price as a delta to the product's (``price`` plus ``price_prefix``
``+``/``-``), so an absolute variant price is written as the difference to the product's price at the time.
The product's ``date_modified`` moves too, as the admin's ``editProduct`` (which saves option values) does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from connectors.model import results as r
from connectors.model.params.common import check_prices
from connectors.opencart_bridge.product_fields import MAX_STOCK
from connectors.opencart_bridge.shop import is_id, open_shop
from connectors.opencart_bridge.write_checks import one_row, refuse_unsupported
from connectors.spec import ConnectorContext
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotFound

__all__ = ["variant_update"]

_FIELDS: Final = frozenset({"id", "product_id", "quantity", "increase_quantity", "reduce_quantity", "price",
                            "manage_stock", "store_id"})  # fmt: skip
_FOUND: Final = ("SELECT pov.quantity, p.price FROM {table_prefix}product_option_value pov "
                 "JOIN {table_prefix}product p ON p.product_id = pov.product_id "
                 "WHERE pov.product_option_value_id = ? AND pov.product_id = ?")


def _ids(variant_id: str, product_id: str | None) -> tuple[int, int]:
    """(product_id, product_option_value_id) of ``<product>-<value>``; raises NotFound (112) for anything else."""
    head, _, tail = variant_id.partition("-")
    if not (is_id(head) and is_id(tail)) or (product_id is not None and product_id != head):
        raise NotFound("Variant not found", field="id")
    return int(head), int(tail)


async def variant_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Stock (``quantity``, or ``increase_quantity`` / ``reduce_quantity``), absolute ``price`` and ``manage_stock``
    (``subtract``) of one option value.

    Raises NotFound (112) for an unknown variant (or one of another product), InvalidParameter (109) for stock
    below zero, a price finer than the currency or nothing to change; NotSupported (120) for other fields.
    """
    refuse_unsupported(params, _FIELDS)
    product_id, value_id = _ids(params.id, params.product_id)
    shop = await open_shop(ctx)
    check_prices(params, shop.currency, ["price"])
    found = await one_row(shop, _FOUND, [value_id, product_id])
    in_store = "SELECT 1 AS x FROM {table_prefix}product_to_store WHERE product_id = ? AND store_id = ?"
    if found is None or (params.store_id is not None and (not is_id(params.store_id) or await one_row(
            shop, in_store, [product_id, int(params.store_id)]) is None)):  # fmt: skip
        raise NotFound("Variant not found", field="id")
    sets: dict[str, Any] = {}
    if {"quantity", "increase_quantity", "reduce_quantity"} & params.model_fields_set:
        delta = int(params.increase_quantity or 0) - int(params.reduce_quantity or 0)
        base = int(params.quantity) if params.quantity is not None else int(found["quantity"])
        if base + delta < 0:
            raise InvalidParameter("Stock would go below zero", field="reduce_quantity")
        if base + delta > MAX_STOCK:
            raise InvalidParameter("Stock would pass what OpenCart keeps", field="increase_quantity")
        # relative to the stored stock at write time, so a concurrent order's subtraction is not lost
        sets["quantity = ?" if params.quantity is not None else "quantity = quantity + ?"] = (
            base + delta if params.quantity is not None else delta)
    if params.price is not None:
        difference = Decimal(params.price) - Decimal(str(found["price"]))
        sets["price = ?"] = str(abs(difference))
        sets["price_prefix = ?"] = "-" if difference < 0 else "+"
    if params.manage_stock is not None:
        sets["subtract = ?"] = int(params.manage_stock)
    if not sets:
        raise InvalidParameter("Nothing to change: give quantity, price or manage_stock", field="id")
    await shop.bridge.batch([
        Statement(f"UPDATE {{table_prefix}}product_option_value SET {', '.join(sets)} "  # noqa: S608 - fixed SETs
                  "WHERE product_option_value_id = ? AND product_id = ?", [*sets.values(), value_id, product_id]),
        Statement("UPDATE {table_prefix}product SET date_modified = NOW() WHERE product_id = ?", [product_id]),
    ])  # fmt: skip
    return r.UpdatedItemsResult(updated_items=1)
