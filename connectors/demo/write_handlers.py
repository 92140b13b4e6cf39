"""The Demo platform's write methods: load, apply the model engineer's pure write rules, save.

Every rule (currency decimals, stock never negative, totals, returns within what the order holds,
reference ids) lives in ``connectors.demo.writes*`` and raises a coded error naming the field
BEFORE anything is saved; a handler saves only what came back, in one transaction. Writes of one
store are serialised in this process (a lock per store) so two concurrent updates of the same
document never lose one another. Times are whole seconds, as the wire shows them, so a client can
name any record's time exactly in a ``modified_from``/``modified_to`` window.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from connectors.demo import writes, writes_people, writes_variants
from connectors.demo.access import shop_of
from connectors.demo.db import DemoDb, Kind
from connectors.model import BaseCustomer, Category, Customer, Order, Product, Return, Shipment, TrackingNumber
from connectors.model import results as r
from connectors.model.reference import (
    DEFAULT_ORDER_STATUSES,
    DEFAULT_RETURN_ACTIONS,
    DEFAULT_RETURN_REASONS,
    DEFAULT_RETURN_STATUSES,
)
from connectors.spec import ConnectorContext, Handler
from gateway.errors import NotFound

__all__ = ["WRITE_HANDLERS"]

T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


async def _locked(ctx: ConnectorContext, work: Callable[[DemoDb, int], Awaitable[T]]) -> T:
    db, store_id = await shop_of(ctx)
    async with db.write_locks.setdefault(store_id, asyncio.Lock()):
        return await work(db, store_id)


async def _get(db: DemoDb, store_id: int, kind: Kind, record_id: str | None, field: str) -> Any:
    found = await db.get(store_id, kind, record_id) if record_id else None
    if found is None:
        raise NotFound(f"{kind.capitalize()} {record_id} not found", field=field)
    return found


# -- products and variants --------------------------------------------------------------------
async def product_add(ctx: ConnectorContext, params: Any) -> r.ProductAddResult:
    async def work(db: DemoDb, store_id: int) -> r.ProductAddResult:
        cart = await db.cart(store_id)
        store = cart.stores_info[0]
        product_id = await db.next_id(store_id, "product")
        product = writes.new_product(params, product_id=product_id, now=_now(), currency=store.currency.iso3,
                                     warehouse_id=store.default_warehouse_id or "1")  # fmt: skip
        await db.put(store_id, "product", [product])
        return r.ProductAddResult(product_id=product_id)

    return await _locked(ctx, work)


async def product_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    async def work(db: DemoDb, store_id: int) -> r.UpdatedItemsResult:
        product: Product = await _get(db, store_id, "product", params.id, "id")
        await db.put(store_id, "product", [writes.updated_product(product, params, now=_now())])
        return r.UpdatedItemsResult(updated_items=1)

    return await _locked(ctx, work)


async def product_delete(ctx: ConnectorContext, params: Any) -> r.ProductDeleteResult:
    async def work(db: DemoDb, store_id: int) -> r.ProductDeleteResult:
        await _get(db, store_id, "product", params.id, "id")
        await db.put(store_id, "product", [], delete=[params.id])
        return r.ProductDeleteResult(delete_items=1)

    return await _locked(ctx, work)


async def variant_add(ctx: ConnectorContext, params: Any) -> r.ProductVariantAddResult:
    async def work(db: DemoDb, store_id: int) -> r.ProductVariantAddResult:
        product: Product = await _get(db, store_id, "product", params.product_id, "product_id")
        number = await db.next_id(store_id, "_")
        variant_id = f"{product.id}-v{number}"
        changed = writes_variants.product_with_new_variant(product, params, variant_id=variant_id, now=_now())
        await db.put(store_id, "product", [changed])
        return r.ProductVariantAddResult(product_variant_id=variant_id)

    return await _locked(ctx, work)


def _parent_of(params: Any) -> str:
    return str(params.product_id or str(params.id).partition("-")[0])


async def variant_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    async def work(db: DemoDb, store_id: int) -> r.UpdatedItemsResult:
        product: Product = await _get(db, store_id, "product", _parent_of(params), "id")
        changed = writes_variants.product_with_updated_variant(product, params, now=_now())
        await db.put(store_id, "product", [changed])
        return r.UpdatedItemsResult(updated_items=1)

    return await _locked(ctx, work)


async def variant_delete(ctx: ConnectorContext, params: Any) -> r.DeletedFlagResult:
    async def work(db: DemoDb, store_id: int) -> r.DeletedFlagResult:
        product: Product = await _get(db, store_id, "product", _parent_of(params), "product_id")
        children = [child for child in product.children if child.id != params.id]
        if len(children) == len(product.children):
            raise NotFound(f"Variant {params.id} not found", field="id")
        await db.put(store_id, "product", [product.model_copy(update={"children": children, "modified_at": _now()})])
        return r.DeletedFlagResult(deleted=True)

    return await _locked(ctx, work)


# -- categories -------------------------------------------------------------------------------
async def category_add(ctx: ConnectorContext, params: Any) -> r.CategoryAddResult:
    async def work(db: DemoDb, store_id: int) -> r.CategoryAddResult:
        categories: list[Category] = await db.records(store_id, "category")  # type: ignore[assignment]
        category_id = await db.next_id(store_id, "category")
        category = writes_people.new_category(params, category_id=category_id, now=_now(), categories=categories)
        await db.put(store_id, "category", [category])
        return r.CategoryAddResult(category_id=category_id)

    return await _locked(ctx, work)


async def category_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    async def work(db: DemoDb, store_id: int) -> r.UpdatedItemsResult:
        category: Category = await _get(db, store_id, "category", params.id, "id")
        categories: list[Category] = await db.records(store_id, "category")  # type: ignore[assignment]
        changed = writes_people.updated_category(category, params, now=_now(), categories=categories)
        await db.put(store_id, "category", [changed])
        return r.UpdatedItemsResult(updated_items=1)

    return await _locked(ctx, work)


async def category_delete(ctx: ConnectorContext, params: Any) -> r.CategoryDeleteResult:
    """Deletes the category and its sub-categories; products keep their other categories."""

    async def work(db: DemoDb, store_id: int) -> r.CategoryDeleteResult:
        await _get(db, store_id, "category", params.id, "id")
        categories: list[Category] = await db.records(store_id, "category")  # type: ignore[assignment]
        doomed = {params.id}
        while True:
            more = {c.id for c in categories if c.parent_id in doomed} - doomed
            if not more:
                break
            doomed |= more
        products: list[Product] = await db.records(store_id, "product")  # type: ignore[assignment]
        now = _now()
        touched = [p.model_copy(update={"categories_ids": [c for c in p.categories_ids if c not in doomed],
                                        "modified_at": now})
                   for p in products if doomed.intersection(p.categories_ids)]  # fmt: skip
        await db.put(store_id, "product", touched)
        await db.put(store_id, "category", [], delete=sorted(doomed))
        return r.CategoryDeleteResult(delete_items=True)

    return await _locked(ctx, work)


async def _assign(ctx: ConnectorContext, params: Any, *, add: bool) -> r.EmptyResult:
    async def work(db: DemoDb, store_id: int) -> r.EmptyResult:
        await _get(db, store_id, "category", params.category_id, "category_id")
        product: Product = await _get(db, store_id, "product", params.product_id, "product_id")
        ids = [c for c in product.categories_ids if c != params.category_id]
        if add:
            ids.append(params.category_id)
        await db.put(store_id, "product", [product.model_copy(update={"categories_ids": ids, "modified_at": _now()})])
        return r.EmptyResult()

    return await _locked(ctx, work)


async def category_assign(ctx: ConnectorContext, params: Any) -> r.EmptyResult:
    return await _assign(ctx, params, add=True)


async def category_unassign(ctx: ConnectorContext, params: Any) -> r.EmptyResult:
    return await _assign(ctx, params, add=False)


# -- customers --------------------------------------------------------------------------------
async def customer_add(ctx: ConnectorContext, params: Any) -> r.CustomerAddResult:
    async def work(db: DemoDb, store_id: int) -> r.CustomerAddResult:
        customers: list[Customer] = await db.records(store_id, "customer")  # type: ignore[assignment]
        customer_id = await db.next_id(store_id, "customer")
        customer = writes_people.new_customer(params, customer_id=customer_id, now=_now(), customers=customers)
        await db.put(store_id, "customer", [customer])
        return r.CustomerAddResult(customer_id=customer_id)

    return await _locked(ctx, work)


async def customer_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    async def work(db: DemoDb, store_id: int) -> r.UpdatedItemsResult:
        customer: Customer = await _get(db, store_id, "customer", params.id, "id")
        customers: list[Customer] = await db.records(store_id, "customer")  # type: ignore[assignment]
        changed = writes_people.updated_customer(customer, params, now=_now(), customers=customers)
        await db.put(store_id, "customer", [changed])
        return r.UpdatedItemsResult(updated_items=1)

    return await _locked(ctx, work)


async def customer_delete(ctx: ConnectorContext, params: Any) -> r.CustomerDeleteResult:
    async def work(db: DemoDb, store_id: int) -> r.CustomerDeleteResult:
        await _get(db, store_id, "customer", params.id, "id")
        await db.put(store_id, "customer", [], delete=[params.id])
        return r.CustomerDeleteResult(delete_items=1)

    return await _locked(ctx, work)


# -- orders -----------------------------------------------------------------------------------
async def order_add(ctx: ConnectorContext, params: Any) -> r.OrderAddResult:
    async def work(db: DemoDb, store_id: int) -> r.OrderAddResult:
        cart = await db.cart(store_id)
        customers: list[Customer] = await db.records(store_id, "customer")  # type: ignore[assignment]
        wanted = params.customer_email.casefold()
        known = next((c for c in customers if (c.email or "").casefold() == wanted), None)
        order_id = await db.next_id(store_id, "order")
        buyer = BaseCustomer(id=known.id if known else f"guest-{order_id}", email=params.customer_email,
                             first_name=params.customer_first_name or (known.first_name if known else None),
                             last_name=params.customer_last_name or (known.last_name if known else None))  # fmt: skip
        order = writes.new_order(params, order_id=order_id, now=_now(), store_currency=cart.stores_info[0].currency,
                                 customer=buyer, statuses=DEFAULT_ORDER_STATUSES)  # fmt: skip
        await db.put(store_id, "order", [order])
        return r.OrderAddResult(order_id=order_id, id=order_id, customer_id=buyer.id)

    return await _locked(ctx, work)


async def _change_order(ctx: ConnectorContext, order_id: str, change: Callable[[Order], Order]) -> None:
    async def work(db: DemoDb, store_id: int) -> None:
        order: Order = await _get(db, store_id, "order", order_id, "order_id")
        await db.put(store_id, "order", [change(order)])

    await _locked(ctx, work)


async def order_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    def change(order: Order) -> Order:
        now = _now()
        if params.order_status is not None:
            order = writes.order_with_status(order, params.order_status, statuses=DEFAULT_ORDER_STATUSES, now=now,
                                             comment=params.comment)  # fmt: skip
        extra = {"comment": params.comment} if params.comment is not None and hasattr(order, "comment") else {}
        return order.model_copy(update={"modified_at": now, **extra})

    await _change_order(ctx, params.order_id, change)
    return r.UpdatedItemsResult(updated_items=1)


async def shipment_add(ctx: ConnectorContext, params: Any) -> r.OrderShipmentAddResult:
    async def work(db: DemoDb, store_id: int) -> r.OrderShipmentAddResult:
        order: Order = await _get(db, store_id, "order", params.order_id, "order_id")
        shipment_id = await db.next_id(store_id, "shipment")
        now = _now()
        shipment = writes.new_shipment(order, params, shipment_id=shipment_id, now=now)
        await db.put(store_id, "order", [order.model_copy(update={"shipments": [*order.shipments, shipment],
                                                                  "modified_at": now})])  # fmt: skip
        return r.OrderShipmentAddResult(shipment_id=shipment_id)

    return await _locked(ctx, work)


def _shipment(order: Order, shipment_id: str) -> Shipment:
    for shipment in order.shipments:
        if shipment.id == shipment_id:
            return shipment
    raise NotFound(f"Shipment {shipment_id} not found", field="shipment_id")


async def shipment_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    def change(order: Order) -> Order:
        now = _now()
        old = _shipment(order, params.shipment_id)
        update: dict[str, Any] = {"modified_time": now}
        if params.tracking_numbers is not None:
            given = [TrackingNumber(carrier_id=t.carrier_id, tracking_number=t.tracking_number)
                     for t in params.tracking_numbers]  # fmt: skip
            update["tracking_numbers"] = given if params.replace else [*old.tracking_numbers, *given]
        for name in ("shipment_provider", "is_shipped", "delivered_at"):
            if getattr(params, name) is not None:
                update[name] = getattr(params, name)
        new = Shipment.model_validate({**old.model_dump(), **update})
        shipments = [new if s.id == old.id else s for s in order.shipments]
        return order.model_copy(update={"shipments": shipments, "modified_at": now})

    await _change_order(ctx, params.order_id, change)
    return r.UpdatedItemsResult(updated_items=1)


async def shipment_delete(ctx: ConnectorContext, params: Any) -> r.DeletedItemsResult:
    def change(order: Order) -> Order:
        _shipment(order, params.shipment_id)
        kept = [s for s in order.shipments if s.id != params.shipment_id]
        return order.model_copy(update={"shipments": kept, "modified_at": _now()})

    await _change_order(ctx, params.order_id, change)
    return r.DeletedItemsResult(deleted_items=1)


async def refund_add(ctx: ConnectorContext, params: Any) -> r.OrderRefundAddResult:
    async def work(db: DemoDb, store_id: int) -> r.OrderRefundAddResult:
        order: Order = await _get(db, store_id, "order", params.order_id, "order_id")
        refund_id = await db.next_id(store_id, "refund")
        now = _now()
        refund = writes.new_refund(order, params, refund_id=refund_id, now=now)
        await db.put(store_id, "order", [order.model_copy(update={"refunds": [*order.refunds, refund],
                                                                  "modified_at": now})])  # fmt: skip
        return r.OrderRefundAddResult(refund_id=refund_id)

    return await _locked(ctx, work)


async def _returns_of(db: DemoDb, store_id: int, order_id: str) -> list[Return]:
    return [x for x in await db.records(store_id, "return") if getattr(x, "order_id", None) == order_id]  # type: ignore[misc]


async def return_add(ctx: ConnectorContext, params: Any) -> r.OrderReturnAddResult:
    async def work(db: DemoDb, store_id: int) -> r.OrderReturnAddResult:
        order: Order = await _get(db, store_id, "order", params.order_id, "order_id")
        existing = await _returns_of(db, store_id, order.id)
        return_id = await db.next_id(store_id, "return")
        returned = writes.new_return(order, params, return_id=return_id, now=_now(), existing=existing,
                                     statuses=DEFAULT_RETURN_STATUSES, reasons=DEFAULT_RETURN_REASONS,
                                     actions=DEFAULT_RETURN_ACTIONS)  # fmt: skip
        await db.put(store_id, "return", [returned])
        return r.OrderReturnAddResult(return_id=return_id)

    return await _locked(ctx, work)


async def return_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    async def work(db: DemoDb, store_id: int) -> r.UpdatedItemsResult:
        returned: Return = await _get(db, store_id, "return", params.return_id, "return_id")
        order: Order = await _get(db, store_id, "order", returned.order_id, "order_id")
        others = [x for x in await _returns_of(db, store_id, order.id) if x.id != returned.id]
        changed = writes_variants.updated_return(returned, order, params, now=_now(), existing=others,
                                                 statuses=DEFAULT_RETURN_STATUSES, reasons=DEFAULT_RETURN_REASONS,
                                                 actions=DEFAULT_RETURN_ACTIONS)  # fmt: skip
        await db.put(store_id, "return", [changed])
        return r.UpdatedItemsResult(updated_items=1)

    return await _locked(ctx, work)


async def return_delete(ctx: ConnectorContext, params: Any) -> r.DeletedFlagResult:
    async def work(db: DemoDb, store_id: int) -> r.DeletedFlagResult:
        returned: Return = await _get(db, store_id, "return", params.return_id, "return_id")
        if params.order_id is not None and returned.order_id != params.order_id:
            raise NotFound(f"Return {params.return_id} not found", field="return_id")
        await db.put(store_id, "return", [], delete=[returned.id])
        return r.DeletedFlagResult(deleted=True)

    return await _locked(ctx, work)


WRITE_HANDLERS: dict[str, Handler] = {
    "product.add": product_add, "product.update": product_update, "product.delete": product_delete,
    "product.variant.add": variant_add, "product.variant.update": variant_update,
    "product.variant.delete": variant_delete, "category.add": category_add, "category.update": category_update,
    "category.delete": category_delete, "category.assign": category_assign, "category.unassign": category_unassign,
    "customer.add": customer_add, "customer.update": customer_update, "customer.delete": customer_delete,
    "order.add": order_add, "order.update": order_update, "order.shipment.add": shipment_add,
    "order.shipment.update": shipment_update, "order.shipment.delete": shipment_delete,
    "order.refund.add": refund_add, "order.return.add": return_add, "order.return.update": return_update,
    "order.return.delete": return_delete,
}  # fmt: skip
