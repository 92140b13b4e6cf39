"""The Demo platform's writes as pure functions: validated parameters in, new model objects out.

Each function checks the rules a write must pass against the records it touches (store currency
decimals, totals, stock never negative, returns/refunds/shipments within what the order holds,
ids from the reference lists) and raises before anything could be stored, so a handler only
saves what comes back. Nothing here reads a clock: ``now`` is an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from connectors.model import (
    Address,
    BaseCustomer,
    Country,
    Currency,
    Order,
    OrderItem,
    OrderStatus,
    OrderStatusHistoryItem,
    OrderTotals,
    PaymentMethod,
    Product,
    ProductInventory,
    Refund,
    RefundItem,
    Return,
    ReturnOrderProduct,
    Shipment,
    ShipmentItem,
    ShippingMethod,
    TrackingNumber,
    require_valid_totals,
)
from connectors.model.money import check_amount
from connectors.model.params.common import check_prices, split_ids
from connectors.model.params.orders import OrderAddParams, OrderRefundAddParams, OrderShipmentAddParams
from connectors.model.params.products import ProductAddParams, ProductUpdateParams
from connectors.model.params.returns import OrderReturnAddParams
from connectors.model.reference import OrderStatusRef, ReturnActionRef, ReturnReasonRef, ReturnStatusRef
from connectors.model.returns import check_return_request, returned_quantities
from gateway.errors import InvalidParameter

__all__ = [
    "country_of",
    "new_order",
    "new_product",
    "new_refund",
    "new_return",
    "new_shipment",
    "order_with_status",
    "updated_product",
]

_ZERO = Decimal(0)


def _refuse(field: str, why: str) -> InvalidParameter:
    return InvalidParameter(f"Parameter '{field}' {why}", field=field)


def new_product(params: ProductAddParams, *, product_id: str, now: datetime, currency: str,
                warehouse_id: str) -> Product:  # fmt: skip
    """The product ``product.add`` creates. Raises InvalidParameter (109) for prices finer than ``currency``."""
    check_prices(params, currency)
    quantity = params.quantity or 0
    return Product(
        id=product_id, type=params.type, u_model=params.model, u_sku=params.sku or params.model, name=params.name,
        description=params.description, short_description=params.short_description, price=params.price,
        cost_price=params.cost_price, quantity=quantity,
        inventory=[ProductInventory(warehouse_id=params.warehouse_id or warehouse_id, quantity=quantity,
                                    in_stock=quantity > 0)],
        categories_ids=split_ids(params.categories_ids), stores_ids=split_ids(params.stores_ids) or ["1"],
        meta_title=params.meta_title, meta_keywords=params.meta_keywords, meta_description=params.meta_description,
        seo_url=params.seo_url, avail_view=params.available_for_view, avail_sale=params.available_for_sale,
        is_virtual=params.is_virtual, weight=None if params.weight is None else float(params.weight),
        weight_unit=params.weight_unit, in_stock=quantity > 0, manage_stock="yes", is_stock_managed=True,
        backorders=params.backorder_status, tax_class_id=params.tax_class_id, u_upc=params.upc, u_ean=params.ean,
        u_gtin=params.gtin, u_isbn=params.isbn, u_mpn=params.mpn, u_brand=params.brand_name,
        create_at=params.created_at or now, modified_at=now, currency_code=currency,
    )  # fmt: skip


def updated_product(product: Product, params: ProductUpdateParams, *, now: datetime) -> Product:
    """The product after ``product.update``: only given fields change; stock moves in one warehouse.

    ``quantity`` sets the stock of ``warehouse_id`` (the first warehouse if absent);
    ``increase_quantity`` / ``reduce_quantity`` move it. Raises InvalidParameter (109) for prices
    finer than the product's currency, an unknown warehouse, or stock that would go below zero.
    """
    check_prices(params, product.currency_code)
    changes: dict[str, object] = {"modified_at": now}
    for source, target in (("name", "name"), ("description", "description"), ("price", "price"),
                           ("cost_price", "cost_price"), ("model", "u_model"), ("sku", "u_sku"),
                           ("meta_title", "meta_title"), ("meta_description", "meta_description"),
                           ("available_for_view", "avail_view"), ("available_for_sale", "avail_sale")):  # fmt: skip
        value = getattr(params, source)
        if value is not None:
            changes[target] = value
    moves = (params.quantity, params.increase_quantity, params.reduce_quantity)
    if any(move is not None for move in moves) and product.inventory:
        field = "warehouse_id"
        wanted = params.warehouse_id or product.inventory[0].warehouse_id
        if wanted not in {row.warehouse_id for row in product.inventory}:
            raise _refuse(field, "names no warehouse of this product")
        rows = []
        for row in product.inventory:
            level = row.quantity
            if row.warehouse_id == wanted:
                level = params.quantity if params.quantity is not None else level
                level += (params.increase_quantity or 0) - (params.reduce_quantity or 0)
                if level < 0:
                    raise _refuse("reduce_quantity", "would take the stock below zero")
            rows.append(row.model_copy(update={"quantity": level, "in_stock": level > 0}))
        total = sum(row.quantity for row in rows)
        changes.update(inventory=rows, quantity=total, in_stock=total > 0)
    return Product.model_validate({**product.model_dump(), **changes})


# The countries the Demo store ships to: ISO 3166-1 alpha-2 -> (alpha-3, English name).
_COUNTRIES = {
    "US": ("USA", "United States"), "GB": ("GBR", "United Kingdom"), "DE": ("DEU", "Germany"),
    "FR": ("FRA", "France"), "CA": ("CAN", "Canada"), "NL": ("NLD", "Netherlands"), "IE": ("IRL", "Ireland"),
    "ES": ("ESP", "Spain"), "IT": ("ITA", "Italy"), "AT": ("AUT", "Austria"), "BE": ("BEL", "Belgium"),
    "PL": ("POL", "Poland"), "SE": ("SWE", "Sweden"), "AU": ("AUS", "Australia"), "JP": ("JPN", "Japan"),
}  # fmt: skip


def country_of(code: str, field: str) -> Country:
    """The Country for an alpha-2 or alpha-3 code. Raises InvalidParameter (109) for one the store does not serve."""
    upper = code.upper()
    for code2, (code3, name) in _COUNTRIES.items():
        if upper in (code2, code3):
            return Country(code2=code2, code3=code3, name=name)
    raise _refuse(field, "is not a country this store ships to")


def _status(statuses: Iterable[OrderStatusRef], status_id: str, field: str) -> OrderStatusRef:
    for entry in statuses:
        if entry.id == status_id:
            return entry
    raise _refuse(field, "names no order status of this store")


def new_order(params: OrderAddParams, *, order_id: str, now: datetime, store_currency: Currency,
              customer: BaseCustomer, statuses: Sequence[OrderStatusRef]) -> Order:  # fmt: skip
    """The order ``order.add`` creates; its totals obey the rules or it is refused.

    Missing totals are computed by the rules; given ones must match (``OrderAddParams`` checked
    them). Raises InvalidParameter (109) for an unknown status, a currency other than the store's,
    or amounts finer than the currency.
    """
    currency = params.currency or store_currency.iso3
    if currency != store_currency.iso3:
        raise _refuse("currency", f"must be the store currency ({store_currency.iso3})")
    check_prices(params, currency)
    status = _status(statuses, params.order_status, "order_status")
    items = []
    for index, line in enumerate(params.order_item):
        check_amount(line.order_item_price, currency, field=f"order_item.{index}.order_item_price")
        extended = line.order_item_price * line.order_item_quantity
        items.append(OrderItem(
            product_id=line.order_item_id, order_product_id=f"{order_id}-{index + 1}", model=line.order_item_model,
            name=line.order_item_name, price=line.order_item_price, quantity=line.order_item_quantity,
            total_price=extended, tax_value=line.order_item_tax, variant_id=line.order_item_variant_id,
        ))  # fmt: skip
    subtotal = sum((item.total_price for item in items), _ZERO)
    tax = params.tax_price if params.tax_price is not None else sum((i.tax_value or _ZERO for i in items), _ZERO)
    shipping, discount = params.shipping_price or _ZERO, params.discount or _ZERO
    created = params.date or now
    address = Address(
        id=f"{order_id}-billing", type="billing", first_name=params.bill_first_name, last_name=params.bill_last_name,
        postcode=params.bill_postcode, address1=params.bill_address_1, address2=params.bill_address_2,
        city=params.bill_city, country=country_of(params.bill_country, "bill_country"),
        company=params.bill_company, phone=params.bill_phone,
    )  # fmt: skip
    order = Order(
        id=order_id, order_id=params.order_id or order_id, customer=customer, create_at=created,
        currency=store_currency, billing_address=address, shipping_address=address,
        payment_method=PaymentMethod(name=params.order_payment_method) if params.order_payment_method else None,
        shipping_method=ShippingMethod(name=params.order_shipping_method) if params.order_shipping_method else None,
        status=OrderStatus(id=status.id, name=status.name, history=[
            OrderStatusHistoryItem(id=status.id, name=status.name, modified_time=created, notify=False)]),
        totals=OrderTotals(subtotal=subtotal, tax=tax, shipping=shipping, discount=discount,
                           total=subtotal + tax + shipping - discount),
        order_products=items, modified_at=now, comment=params.comment, store_id=params.store_id or "1",
    )  # fmt: skip
    require_valid_totals(order)
    return order


def order_with_status(order: Order, status_id: str, *, statuses: Sequence[OrderStatusRef], now: datetime,
                      comment: str | None = None) -> Order:  # fmt: skip
    """The order moved to ``status_id``, the move appended to its history. Raises InvalidParameter (109)."""
    status = _status(statuses, status_id, "order_status")
    entry = OrderStatusHistoryItem(id=status.id, name=status.name, modified_time=now, notify=False, comment=comment)
    moved = OrderStatus(id=status.id, name=status.name, history=[*order.status.history, entry])
    return order.model_copy(update={"status": moved, "modified_at": now})


def new_return(order: Order, params: OrderReturnAddParams, *, return_id: str, now: datetime,
               existing: Iterable[Return], statuses: Sequence[ReturnStatusRef], reasons: Sequence[ReturnReasonRef],
               actions: Sequence[ReturnActionRef]) -> Return:  # fmt: skip
    """The return ``order.return.add`` opens. Raises InvalidParameter (109) naming the field when it does
    not fit the order (units already under return count) or names an unknown reason/status/action."""
    check_return_request(
        order, params.lines(), status_id=params.return_status_id, reason_id=params.return_reason_id,
        action_id=params.return_action_id, statuses=statuses, reasons=reasons, actions=actions,
        already_returned=returned_quantities(r for r in existing if r.order_id == order.order_id),
    )  # fmt: skip
    by_id = {item.order_product_id: item for item in order.order_products}
    reason_of = {entry.id: entry for entry in reasons}
    action_of = {entry.id: entry for entry in actions}
    status = next(entry for entry in statuses if entry.id == params.return_status_id)
    lines = [
        ReturnOrderProduct(
            product_id=by_id[line.order_product_id].product_id, order_product_id=line.order_product_id,
            sku=by_id[line.order_product_id].model, name=by_id[line.order_product_id].name,
            quantity=line.order_product_quantity, reason=reason_of[line.order_product_reason_id],
            action=action_of[line.order_product_action_id], condition=line.order_product_condition,
            customer_comment=line.order_product_customer_comment,
        )
        for line in params.order_products
    ]  # fmt: skip
    return Return(id=return_id, order_id=order.order_id, customer_id=order.customer.id, store_id=order.store_id,
                  created_at=now, modified_at=now, status=status, order_products=lines, comment=params.comment,
                  staff_note=params.staff_note)  # fmt: skip


def new_refund(order: Order, params: OrderRefundAddParams, *, refund_id: str, now: datetime) -> Refund:
    """The refund ``order.refund.add`` records. Raises InvalidParameter (109) for a line the order lacks,
    more units than ordered minus those refunded, or more money than the order's total minus refunds."""
    currency = order.currency.iso3
    check_prices(params, currency)
    lines = {item.order_product_id: item for item in order.order_products}
    refunded: dict[str, int] = {}
    for earlier in order.refunds:
        for done in earlier.items:
            if done.order_product_id is not None:
                refunded[done.order_product_id] = refunded.get(done.order_product_id, 0) + (done.qty or 0)
    items = []
    for index, line in enumerate(params.items or []):
        item = lines.get(line.order_product_id)
        if item is None:
            raise _refuse(f"items.{index}.order_product_id", "is not a line of this order")
        refunded[line.order_product_id] = refunded.get(line.order_product_id, 0) + line.quantity
        if refunded[line.order_product_id] > item.quantity:
            raise _refuse(f"items.{index}.quantity", "refunds more units than the order line holds")
        amount = line.price if line.price is not None else (item.price - item.discount_amount) * line.quantity
        check_amount(amount, currency, field=f"items.{index}.price")
        items.append(RefundItem(product_id=item.product_id, variant_id=item.variant_id,
                                order_product_id=line.order_product_id, qty=line.quantity, refund=amount))  # fmt: skip
    shipping, fee = params.shipping_price or _ZERO, params.fee_price or _ZERO
    total = params.total_price if params.total_price is not None else sum((i.refund or _ZERO for i in items), _ZERO)
    total += shipping + (fee if params.total_price is None else _ZERO)
    already = sum((earlier.total or _ZERO for earlier in order.refunds), _ZERO)
    if already + total > order.totals.total:
        raise _refuse("total_price" if params.total_price is not None else "items", "refunds more than the order total")
    return Refund(id=refund_id, shipping=shipping, fee=fee, total=total, modified_time=params.date or now,
                  comment=params.message, items=items)  # fmt: skip


def new_shipment(order: Order, params: OrderShipmentAddParams, *, shipment_id: str, now: datetime) -> Shipment:
    """The shipment ``order.shipment.add`` creates (every unshipped unit when no items are given).

    Raises InvalidParameter (109) for a line the order lacks or more units than are left to ship.
    """
    shipped: dict[str, int] = {}
    for earlier in order.shipments:
        for sent in earlier.items:
            if sent.order_product_id is not None:
                shipped[sent.order_product_id] = shipped.get(sent.order_product_id, 0) + (sent.quantity or 0)
    lines = {item.order_product_id: item for item in order.order_products if item.order_product_id}
    wanted = [(line.order_product_id, line.quantity) for line in params.items] if params.items else [
        (key, item.quantity - shipped.get(key, 0)) for key, item in lines.items() if item.quantity > shipped.get(key, 0)
    ]  # fmt: skip
    if not wanted:
        raise _refuse("items", "has nothing left to ship on this order")
    items = []
    for index, (line_id, quantity) in enumerate(wanted):
        item = lines.get(line_id)
        if item is None:
            raise _refuse(f"items.{index}.order_product_id", "is not a line of this order")
        shipped[line_id] = shipped.get(line_id, 0) + quantity
        if shipped[line_id] > item.quantity:
            raise _refuse(f"items.{index}.quantity", "ships more units than are left on the order line")
        items.append(ShipmentItem(order_product_id=line_id, product_id=item.product_id, variant_id=item.variant_id,
                                  model=item.model, name=item.name, price=item.price, quantity=quantity))  # fmt: skip
    tracking = [TrackingNumber(carrier_id=t.carrier_id, tracking_number=t.tracking_number)
                for t in params.tracking_numbers or []]  # fmt: skip
    return Shipment(id=shipment_id, order_id=order.order_id, warehouse_id=params.warehouse_id,
                    shipment_provider=params.shipment_provider, tracking_numbers=tracking, created_at=now,
                    modified_time=now, items=items, is_shipped=params.is_shipped)  # fmt: skip
