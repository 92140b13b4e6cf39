"""The Demo platform's read methods: lists, counts, infos, finds and reference lists.

Parameters become a ``connectors.demo.query.Query`` through ``connectors.demo.index`` (the model
engineer's one definition of what each filter means); ``connectors.demo.listing`` runs it. Every
info method raises NotFound (112) for an unknown id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.demo import index
from connectors.demo.access import shop_of
from connectors.demo.db import Kind
from connectors.demo.listing import count_records, list_records
from connectors.demo.query import Query, Row, count, select
from connectors.model import Category, Customer, Order, Product, Return, Shipment, Variant
from connectors.model import results as r
from connectors.model.reference import (
    DEFAULT_ORDER_STATUSES,
    DEFAULT_RETURN_ACTIONS,
    DEFAULT_RETURN_REASONS,
    DEFAULT_RETURN_STATUSES,
)
from connectors.model.variant_view import ProductFindItem, ProductVariant, variant_as_product
from connectors.spec import ConnectorContext, Handler
from gateway.errors import NotFound
from gateway.methods.table import Page

__all__ = ["READ_HANDLERS"]

_ROWS: dict[Kind, Callable[[Any], Row]] = {
    "product": index.product_row, "category": index.category_row, "customer": index.customer_row,
    "order": index.order_row, "return": index.return_row,
}  # fmt: skip


async def _page(ctx: ConnectorContext, params: Any, kind: Kind, query: Query) -> tuple[list[Any], int, Any]:
    db, store_id = await shop_of(ctx)
    state = dict(ctx.cursor_state) if ctx.cursor_state is not None else None
    return await list_records(db, store_id, kind, query, _ROWS[kind], start=params.start, limit=params.count,
                              state=state)  # fmt: skip


def _listed(count_field: str, items_field: str, total: int, items: list[Any]) -> dict[str, Any]:
    """A list result in its wire shape (the list models' field order); items may be models or wire dicts."""
    wire = [item if isinstance(item, dict) else item.model_dump(mode="json", by_alias=True) for item in items]
    return {"additional_fields": None, "custom_fields": None, count_field: total, items_field: wire}


async def _count(ctx: ConnectorContext, kind: Kind, query: Query) -> int:
    db, store_id = await shop_of(ctx)
    return await count_records(db, store_id, kind, query, _ROWS[kind])


async def _one(ctx: ConnectorContext, kind: Kind, record_id: str | None, label: str) -> Any:
    db, store_id = await shop_of(ctx)
    found = await db.get(store_id, kind, record_id) if record_id else None
    if found is None:
        raise NotFound(f"{label} not found", field="id")
    return found


async def _all(ctx: ConnectorContext, kind: Kind) -> list[Any]:
    db, store_id = await shop_of(ctx)
    return await db.records(store_id, kind)


# -- products ---------------------------------------------------------------------------------
async def product_list(ctx: ConnectorContext, params: Any) -> Page:
    items, total, state = await _page(ctx, params, "product", index.product_query(params))
    return Page(_listed("products_count", "product", total, items), next_state=state)


async def product_count(ctx: ConnectorContext, params: Any) -> r.ProductCountResult:
    return r.ProductCountResult(products_count=await _count(ctx, "product", index.product_query(params)))


async def product_info(ctx: ConnectorContext, params: Any) -> Product:
    return await _one(ctx, "product", params.id, "Product")  # type: ignore[no-any-return]


async def product_find(ctx: ConnectorContext, params: Any) -> r.ProductFindResult:
    query = index.product_query(params)
    whole = getattr(params, "find_params", "whole_words") == "whole_words"
    child_query = Query(find=((params.find_where,), params.find_value, whole))
    found: list[ProductFindItem] = []
    for product in await _all(ctx, "product"):
        if params.find_what in ("product", "each") and count([index.product_row(product)], query):
            found.append(ProductFindItem.of(product))
        if params.find_what in ("child", "each"):
            for child in product.children:
                if count([index.variant_row(child)], child_query):
                    found.append(ProductFindItem.of(variant_as_product(child, product)))
    return r.ProductFindResult(product=found)


# -- variants ---------------------------------------------------------------------------------
async def _variant_rows(ctx: ConnectorContext) -> tuple[list[Row], dict[str, Product]]:
    products = await _all(ctx, "product")
    return [index.variant_row(child) for p in products for child in p.children], {p.id: p for p in products}


async def _variant_page(ctx: ConnectorContext, params: Any) -> tuple[list[Variant], int, Any, dict[str, Product]]:
    rows, parents = await _variant_rows(ctx)
    query = index.variant_query(params)
    state = dict(ctx.cursor_state) if ctx.cursor_state is not None else None
    page, next_state = select(rows, query, limit=params.count, start=params.start, after=state)
    total = int(state["total"]) if state is not None and "total" in state else count(rows, query)
    if next_state is not None:
        next_state["total"] = total
    return [row.doc for row in page], total, next_state, parents


async def variant_list(ctx: ConnectorContext, params: Any) -> Page:
    items, total, state, parents = await _variant_page(ctx, params)
    views = [variant_as_product(v, parents[v.parent_id]) for v in items]
    return Page(r.VariantListResult(variants_count=total, variant=views), next_state=state)


async def child_item_list(ctx: ConnectorContext, params: Any) -> Page:
    items, total, state, _ = await _variant_page(ctx, params)
    return Page(r.ChildItemListResult(total_count=total, children=items), next_state=state)


async def variant_count(ctx: ConnectorContext, params: Any) -> r.VariantCountResult:
    await _one(ctx, "product", params.product_id, "Product")
    rows, _ = await _variant_rows(ctx)
    return r.VariantCountResult(variants_count=count(rows, index.variant_query(params)))


async def _variant(ctx: ConnectorContext, product_id: str | None, variant_id: str) -> tuple[Variant, Product]:
    parent: Product = await _one(ctx, "product", product_id or variant_id.partition("-")[0], "Variant")
    for child in parent.children:
        if child.id == variant_id:
            return child, parent
    raise NotFound("Variant not found", field="id")


async def variant_info(ctx: ConnectorContext, params: Any) -> ProductVariant:
    child, parent = await _variant(ctx, None, params.id)
    return variant_as_product(child, parent)


async def child_item_info(ctx: ConnectorContext, params: Any) -> Variant:
    return (await _variant(ctx, params.product_id, params.id))[0]


# -- categories, customers --------------------------------------------------------------------
async def category_list(ctx: ConnectorContext, params: Any) -> Page:
    items, total, state = await _page(ctx, params, "category", index.category_query(params))
    return Page(_listed("categories_count", "category", total, items), next_state=state)


async def category_count(ctx: ConnectorContext, params: Any) -> r.CategoryCountResult:
    return r.CategoryCountResult(categories_count=await _count(ctx, "category", index.category_query(params)))


async def category_info(ctx: ConnectorContext, params: Any) -> Category:
    return await _one(ctx, "category", params.id, "Category")  # type: ignore[no-any-return]


async def customer_list(ctx: ConnectorContext, params: Any) -> Page:
    items, total, state = await _page(ctx, params, "customer", index.customer_query(params))
    return Page(_listed("customers_count", "customer", total, items), next_state=state)


async def customer_count(ctx: ConnectorContext, params: Any) -> r.CustomerCountResult:
    return r.CustomerCountResult(customers_count=await _count(ctx, "customer", index.customer_query(params)))


async def customer_info(ctx: ConnectorContext, params: Any) -> Customer:
    return await _one(ctx, "customer", params.id, "Customer")  # type: ignore[no-any-return]


async def customer_find(ctx: ConnectorContext, params: Any) -> r.CustomerFindResult:
    rows = [index.customer_row(c) for c in await _all(ctx, "customer")]
    page, _ = select(rows, index.customer_query(params), limit=1)
    if not page:
        raise NotFound("No customer matches", field="find_value")
    found: Customer = page[0].doc
    return r.CustomerFindResult(id=found.id, email=found.email, first_name=found.first_name,
                                last_name=found.last_name)  # fmt: skip


# -- orders, shipments, returns ---------------------------------------------------------------
async def order_list(ctx: ConnectorContext, params: Any) -> Page:
    items, total, state = await _page(ctx, params, "order", index.order_query(params))
    return Page(_listed("orders_count", "order", total, items), next_state=state)


async def order_count(ctx: ConnectorContext, params: Any) -> r.OrderCountResult:
    return r.OrderCountResult(orders_count=await _count(ctx, "order", index.order_query(params)))


async def order_info(ctx: ConnectorContext, params: Any) -> Order:
    return await _one(ctx, "order", params.order_id or params.id, "Order")  # type: ignore[no-any-return]


def _shipment_row(shipment: Shipment) -> Row:
    created = shipment.created_at or index.EPOCH
    return Row(id=shipment.id, created_at=created, modified_at=shipment.modified_time or created,
               keys={}, sort={"id": None}, text={}, doc=shipment)  # fmt: skip


async def shipment_list(ctx: ConnectorContext, params: Any) -> Page:
    order: Order = await _one(ctx, "order", params.order_id, "Order")
    rows = [_shipment_row(s) for s in order.shipments]
    query = index.variant_query(params)  # the time windows only: shipments have no other filter
    query = Query(created=query.created, modified=query.modified)
    state = dict(ctx.cursor_state) if ctx.cursor_state is not None else None
    page, next_state = select(rows, query, limit=params.count, start=params.start, after=state)
    result = r.OrderShipmentListResult(shipment_count=count(rows, query), shipment=[row.doc for row in page])
    return Page(result, next_state=next_state)


async def shipment_info(ctx: ConnectorContext, params: Any) -> Shipment:
    order: Order = await _one(ctx, "order", params.order_id, "Order")
    for shipment in order.shipments:
        if shipment.id == params.id:
            return shipment
    raise NotFound("Shipment not found", field="id")


async def return_list(ctx: ConnectorContext, params: Any) -> Page:
    items, total, state = await _page(ctx, params, "return", index.return_query(params))
    return Page(_listed("total_count", "returns", total, items), next_state=state)


async def return_count(ctx: ConnectorContext, params: Any) -> r.ReturnCountResult:
    return r.ReturnCountResult(returns_count=await _count(ctx, "return", index.return_query(params)))


async def return_info(ctx: ConnectorContext, params: Any) -> Return:
    found: Return = await _one(ctx, "return", params.id, "Return")
    if params.order_id is not None and found.order_id != params.order_id:
        raise NotFound("Return not found", field="id")
    return found


# -- reference lists and the shop -------------------------------------------------------------
async def order_status_list(ctx: ConnectorContext, params: Any) -> r.OrderStatusListResult:
    return r.OrderStatusListResult(cart_order_statuses=list(DEFAULT_ORDER_STATUSES))


async def return_reason_list(ctx: ConnectorContext, params: Any) -> r.ReturnReasonListResult:
    return r.ReturnReasonListResult(return_reasons=list(DEFAULT_RETURN_REASONS))


async def return_status_list(ctx: ConnectorContext, params: Any) -> r.ReturnStatusListResult:
    return r.ReturnStatusListResult(return_statuses=list(DEFAULT_RETURN_STATUSES))


async def return_action_list(ctx: ConnectorContext, params: Any) -> r.ReturnActionListResult:
    return r.ReturnActionListResult(return_actions=list(DEFAULT_RETURN_ACTIONS))


async def cart_info(ctx: ConnectorContext, params: Any) -> Any:
    db, store_id = await shop_of(ctx)
    return await db.cart(store_id)


READ_HANDLERS: dict[str, Handler] = {
    "product.list": product_list, "product.count": product_count, "product.info": product_info,
    "product.find": product_find, "product.variant.list": variant_list, "product.variant.count": variant_count,
    "product.variant.info": variant_info, "product.child_item.list": child_item_list,
    "product.child_item.info": child_item_info, "category.list": category_list, "category.count": category_count,
    "category.info": category_info, "customer.list": customer_list, "customer.count": customer_count,
    "customer.info": customer_info, "customer.find": customer_find, "order.list": order_list,
    "order.count": order_count, "order.info": order_info, "order.status.list": order_status_list,
    "order.shipment.list": shipment_list, "order.shipment.info": shipment_info, "return.list": return_list,
    "return.count": return_count, "return.info": return_info, "return.reason.list": return_reason_list,
    "return.status.list": return_status_list, "return.action.list": return_action_list, "cart.info": cart_info,
}  # fmt: skip
