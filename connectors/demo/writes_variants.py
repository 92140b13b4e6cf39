"""The Demo platform's variant writes and return updates as pure functions.

``product.variant.add`` adds a child to its product (and the option values it stands for);
``product.variant.update`` changes one; the product's stock stays the sum of its variants'.
``order.return.update`` changes a return's status, action or quantities within what the order holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from connectors.model import (
    Combination,
    Order,
    Product,
    ProductInventory,
    ProductOption,
    ProductOptionItem,
    Return,
    Variant,
)
from connectors.model.params.common import check_prices
from connectors.model.params.products import ProductVariantAddParams, ProductVariantUpdateParams
from connectors.model.params.returns import OrderReturnUpdateParams
from connectors.model.reference import ReturnActionRef, ReturnReasonRef, ReturnStatusRef
from connectors.model.returns import ReturnLine, check_return_request, returned_quantities
from gateway.errors import DuplicateRecord, InvalidParameter, NotFound

__all__ = ["product_with_new_variant", "product_with_updated_variant", "updated_return"]


def _restocked(product: Product, children: list[Variant], now: datetime) -> Product:
    """The product with ``children``; its per-warehouse stock becomes the sum of theirs."""
    warehouses = [row.warehouse_id for row in product.inventory] or ["1"]
    rows = []
    for warehouse in warehouses:
        level = sum(row.quantity for child in children for row in child.inventory if row.warehouse_id == warehouse)
        rows.append(ProductInventory(warehouse_id=warehouse, quantity=level, in_stock=level > 0))
    total = sum(row.quantity for row in rows)
    return Product.model_validate({
        **product.model_dump(), "children": [child.model_dump() for child in children], "inventory": rows,
        "quantity": total, "in_stock": total > 0, "type": "configurable", "modified_at": now,
    })  # fmt: skip


def _with_option_values(
    product: Product, params: ProductVariantAddParams
) -> tuple[list[ProductOption], list[Combination]]:
    """The product's options with any new name/value of ``attributes`` added, and the variant's combination."""
    options = [option.model_copy(deep=True) for option in product.product_options]
    combination = []
    for attribute in params.attributes:
        option = next((o for o in options if o.name.casefold() == attribute.attribute_name.casefold()), None)
        if option is None:
            option = ProductOption(id=str(len(options) + 1), product_option_id=f"{product.id}-{len(options) + 1}",
                                   name=attribute.attribute_name, required=True, used_in_combination=True)  # fmt: skip
            options.append(option)
        item = next((i for i in option.option_items if i.name.casefold() == attribute.attribute_value.casefold()), None)
        if item is None:
            position = len(option.option_items) + 1
            item = ProductOptionItem(id=f"{option.id}-{position}", name=attribute.attribute_value,
                                     sort_order=position, price=attribute.attribute_price)  # fmt: skip
            option.option_items.append(item)
        combination.append(Combination(option_id=option.id, option_value_id=item.id))
    return options, combination


def product_with_new_variant(product: Product, params: ProductVariantAddParams, *, variant_id: str,
                             now: datetime) -> Product:  # fmt: skip
    """The product with the variant ``product.variant.add`` creates.

    Raises InvalidParameter (109) for prices finer than the product's currency or an unknown
    warehouse, DuplicateRecord (116) for a SKU or an option combination the product already has.
    """
    check_prices(params, product.currency_code)
    sku = params.sku or params.model
    if any(child.sku == sku for child in product.children):
        raise DuplicateRecord("A variant with this SKU already exists", field="model")
    options, combination = _with_option_values(product, params)
    wanted = {(c.option_id, c.option_value_id) for c in combination}
    if wanted and any({(c.option_id, c.option_value_id) for c in child.combination} == wanted
                      for child in product.children):  # fmt: skip
        raise DuplicateRecord("A variant with these option values already exists", field="attributes")
    warehouses = [row.warehouse_id for row in product.inventory] or ["1"]
    warehouse = params.warehouse_id or warehouses[0]
    if warehouse not in warehouses:
        raise InvalidParameter("Parameter 'warehouse_id' names no warehouse of this product", field="warehouse_id")
    quantity = params.quantity or 0
    inventory = [ProductInventory(warehouse_id=w, quantity=quantity if w == warehouse else 0,
                                  in_stock=quantity > 0 and w == warehouse) for w in warehouses]  # fmt: skip
    variant = Variant(
        id=variant_id, parent_id=product.id, sku=sku, name=params.name or product.name, created_time=now,
        modified_time=now, combination=combination, default_price=params.price if params.price is not None
        else product.price, cost_price=params.cost_price, avail_for_sale=params.available_for_sale,
        in_stock=quantity > 0, manage_stock=True, inventory_level=quantity, inventory=inventory,
        weight=None if params.weight is None else float(params.weight), weight_unit=params.weight_unit,
        upc=params.upc, ean=params.ean, gtin=params.gtin, mpn=params.mpn, isbn=params.isbn,
        currency_code=product.currency_code,
    )  # fmt: skip
    updated = _restocked(product, [*product.children, variant], now)
    return updated.model_copy(update={"product_options": options})


def product_with_updated_variant(product: Product, params: ProductVariantUpdateParams, *, now: datetime) -> Product:
    """The product after ``product.variant.update`` of one of its variants.

    Raises NotFound (112) for a variant the product lacks, InvalidParameter (109) for prices finer
    than the currency or stock going below zero.
    """
    check_prices(params, product.currency_code)
    current = next((child for child in product.children if child.id == params.id), None)
    if current is None:
        raise NotFound("Variant not found", field="id")
    changes: dict[str, object] = {"modified_time": now}
    for source, target in (("name", "name"), ("sku", "sku"), ("model", "sku"), ("price", "default_price"),
                           ("cost_price", "cost_price"), ("available_for_sale", "avail_for_sale")):  # fmt: skip
        value = getattr(params, source)
        if value is not None:
            changes[target] = value
    if any(v is not None for v in (params.quantity, params.increase_quantity, params.reduce_quantity)):
        warehouse = params.warehouse_id or (current.inventory[0].warehouse_id if current.inventory else "1")
        rows = []
        for row in current.inventory:
            level = row.quantity
            if row.warehouse_id == warehouse:
                level = params.quantity if params.quantity is not None else level
                level += (params.increase_quantity or 0) - (params.reduce_quantity or 0)
                if level < 0:
                    raise InvalidParameter("Parameter 'reduce_quantity' would take the stock below zero",
                                           field="reduce_quantity")  # fmt: skip
            rows.append(ProductInventory(warehouse_id=row.warehouse_id, quantity=level, in_stock=level > 0))
        level_total = sum(row.quantity for row in rows)
        changes.update(inventory=rows, inventory_level=level_total, in_stock=level_total > 0)
    changed = Variant.model_validate({**current.model_dump(), **changes})
    return _restocked(product, [changed if child.id == current.id else child for child in product.children], now)


def updated_return(returned: Return, order: Order, params: OrderReturnUpdateParams, *, now: datetime,
                   existing: Iterable[Return], statuses: Sequence[ReturnStatusRef],
                   reasons: Sequence[ReturnReasonRef], actions: Sequence[ReturnActionRef]) -> Return:  # fmt: skip
    """The return after ``order.return.update``: new status and per-line quantity/action.

    Lines keep their reasons; other returns of the order still count against its lines, this
    one's old quantities do not. Raises InvalidParameter (109) naming the field: a line that is
    not in this return, too many units, an unknown status/reason/action id.
    """
    old = {line.order_product_id: line for line in returned.order_products}
    lines = []
    for index, line in enumerate(params.order_products):
        before = old.get(line.order_product_id)
        if before is None:
            field = f"order_products.{index}.order_product_id"
            raise InvalidParameter(f"Parameter '{field}' is not a line of this return", field=field)
        lines.append(ReturnLine(line.order_product_id, line.order_product_quantity, before.reason.id,
                                line.order_product_action_id))  # fmt: skip
    others = (r for r in existing if r.order_id == order.order_id)
    check_return_request(
        order, lines, status_id=params.return_status_id, reason_id=params.return_reason_id,
        action_id=params.return_action_id, statuses=statuses, reasons=reasons, actions=actions,
        already_returned=returned_quantities(others, skip_return_id=returned.id),
    )  # fmt: skip
    status = next((s for s in statuses if s.id == params.return_status_id), returned.status)
    action_of = {entry.id: entry for entry in actions}
    changed = {
        line.order_product_id: old[line.order_product_id].model_copy(
            update={"quantity": line.quantity, "action": action_of[line.action_id or ""]}
        )
        for line in lines
    }
    merged = [changed.get(line.order_product_id, line) for line in returned.order_products]
    return returned.model_copy(update={
        "status": status, "order_products": merged, "modified_at": now,
        "comment": params.comment or returned.comment, "staff_note": params.staff_note or returned.staff_note,
    })  # fmt: skip
