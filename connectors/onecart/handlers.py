"""OneCart's unified methods: products from variants, orders, cart.info from shops, stock and order writes.

OneCart lists by page number only (no id or time keyset), sorted by id; a list page's cursor state is the
offset of the next item. Filters OneCart applies itself (``sku``, ``status``, ``shop_id``) go to OneCart;
the others (ids, time windows with cartgate's (from, to] bounds) are applied here over the whole walk, so
those calls cost one request per 100 records.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Callable, Mapping
from contextlib import aclosing
from datetime import datetime
from typing import Any

from connectors.model import results as r
from connectors.onecart.client import MAX_PER_PAGE, OneCartApi, api_for
from connectors.onecart.mapping import ORDER_EXTRA_FIELDS, cart_from_shops, order_wire, product_from_variant
from connectors.onecart.stock import set_stock
from connectors.refusals import refuse_other_parameters, single_tracking_number, stock_quantity
from connectors.spec import ConnectorContext, Handler
from gateway.errors import InvalidParameter, MissingParameter, NotFound, StoreApiError
from gateway.methods.table import Page

__all__ = ["HANDLERS", "on_connect", "validate"]

Record = dict[str, Any]
_VARIANT_EXTRA = ("created_at", "barcode", "weight_kg", "listing_ids")
_ORDER_STATUSES = ("pending", "ready_to_ship", "shipped", "delivered", "cancelled")


# ---------------------------------------------------------------- connecting


async def on_connect(ctx: ConnectorContext, connection: Mapping[str, Any]) -> Mapping[str, Any]:
    """Checks the key with ``GET /zapier`` and keeps the key's access level and the company currency.

    Raises StoreApiError (100) for a refused key, StoreUnreachable (106) when OneCart cannot be reached.
    """
    api = api_for(ctx)
    access = (await api.get("/zapier"))["data"]
    shops = (await api.get("/shops", {"per_page": "1", "_fields": "currency"}))["data"]
    currency = shops[0].get("currency") if shops and isinstance(shops[0], dict) else None
    level = access.get("access") if isinstance(access, dict) else None
    return {"currency": currency or "USD", "access": level or "unknown"}


async def validate(ctx: ConnectorContext) -> Mapping[str, Any]:
    """``cart.validate``: the key still works (one ``GET /zapier``). Raises the client's coded errors."""
    access = (await api_for(ctx).get("/zapier"))["data"]
    return {"status": "active", "access": access.get("access") if isinstance(access, dict) else None}


# ---------------------------------------------------------------- listing machinery


def _asked(params: Any) -> set[str] | None:
    """Top-level fields the caller selected (params / response_fields), or None for "the defaults"."""
    texts = [t for t in (getattr(params, "params", None), getattr(params, "response_fields", None)) if t]
    if not texts or any("force_all" in t for t in texts):
        return None
    return set(re.findall(r"[a-z_]+", " ".join(texts)))


def _time(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _window(params: Any, record: Record) -> bool:
    """cartgate's (from, to] windows on created_at / updated_at (ISO 8601 UTC strings)."""
    for prefix, column in (("created", "created_at"), ("modified", "updated_at")):
        low, high = _time(getattr(params, f"{prefix}_from", None)), _time(getattr(params, f"{prefix}_to", None))
        if low is None and high is None:
            continue
        raw = record.get(column)
        if raw is None:
            return False
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        if (low is not None and moment <= low) or (high is not None and moment > high):
            return False
    return True


def _has_window(params: Any) -> bool:
    names = ("created_from", "created_to", "modified_from", "modified_to")
    return any(getattr(params, name, None) is not None for name in names)


def _refuse(params: Any, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(params, name, None) not in (None, False):
            raise InvalidParameter(f"OneCart cannot filter by '{name}'", field=name)


async def _list(
    ctx: ConnectorContext,
    api: OneCartApi,
    path: str,
    query: dict[str, str],
    params: Any,
    keep: Callable[[Record], bool] | None,
) -> tuple[list[Record], int, dict[str, Any] | None]:
    """One page of records (offset from the cursor or ``start``), the total, and the next state."""
    offset = int(ctx.cursor_state["offset"]) if ctx.cursor_state else int(params.start)
    count = int(params.count)
    if keep is None:
        # OneCart filters everything: ask for the page that holds ``offset`` and follow next links.
        per_page = count if count <= MAX_PER_PAGE and offset % count == 0 else MAX_PER_PAGE
        page_no, skip = divmod(offset, per_page)
        items: list[Record] = []
        total = 0
        first = {**query, "page": str(page_no + 1), "per_page": str(per_page)}
        async with aclosing(api.pages(path, first)) as pages:  # closed at once when we stop early
            async for page, reported in pages:
                total = reported
                items.extend(page[skip:])
                skip = 0
                if len(items) >= count:
                    break
        items = items[:count]
    else:
        matched = [row async for row in _walk(api, path, query) if keep(row)]
        total = len(matched)
        items = matched[offset : offset + count]
    next_state = {"offset": offset + count} if offset + count < total else None
    return items, total, next_state


async def _walk(api: OneCartApi, path: str, query: dict[str, str]) -> AsyncGenerator[Record]:
    async for page, _ in api.pages(path, {**query, "page": "1", "per_page": str(MAX_PER_PAGE)}):
        for row in page:
            yield row


async def _count(api: OneCartApi, path: str, query: dict[str, str], keep: Callable[[Record], bool] | None) -> int:
    if keep is None:
        async with aclosing(api.pages(path, {**query, "page": "1", "per_page": "1"})) as pages:
            async for _, total in pages:
                return total
        return 0
    return sum([1 async for row in _walk(api, path, query) if keep(row)])


def _ids(value: Any) -> set[str] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else str(value).split(",")
    return {str(item).strip() for item in items if str(item).strip()}


# ---------------------------------------------------------------- products (variants)


def _variant_query(params: Any) -> tuple[dict[str, str], Callable[[Record], bool] | None]:
    _refuse(params, ("categories_ids", "category_id", "store_id", "lang_id", "avail_view", "brand_name",
                     "find_value", "currency_id"))  # fmt: skip
    if getattr(params, "sort_by", "id") != "id" or getattr(params, "sort_direction", "asc") != "asc":
        raise InvalidParameter("OneCart lists products by id, ascending only", field="sort_by")
    query: dict[str, str] = {}
    if params.sku:
        query["sku"] = params.sku
    if params.avail_sale is not None:
        query["status"] = "active" if params.avail_sale else "inactive"
    ids, since = _ids(params.product_ids), params.since_id
    if ids is None and since is None and not _has_window(params):
        return query, None

    def keep(row: Record) -> bool:
        if ids is not None and str(row["id"]) not in ids:
            return False
        if since is not None and (not since.isdigit() or int(row["id"]) <= int(since)):
            return False
        return _window(params, row)

    return query, keep


def _variant_fields(params: Any) -> str:
    asked = _asked(params)
    wanted = _VARIANT_EXTRA if asked is None else tuple(
        name for name, unified in (("created_at", "create_at"), ("barcode", "u_ean"), ("weight_kg", "weight"),
                                   ("listing_ids", "additional_fields")) if unified in asked
    )  # fmt: skip
    return ",".join(f"+{name}" for name in ("created_at", *wanted))


def _currency(ctx: ConnectorContext) -> str:
    return str(ctx.store.settings.get("currency") or "USD")


async def product_list(ctx: ConnectorContext, params: Any) -> Page:
    api = api_for(ctx)
    query, keep = _variant_query(params)
    query["_fields"] = _variant_fields(params)
    rows, total, state = await _list(ctx, api, "/variants", query, params, keep)
    products = [product_from_variant(row, _currency(ctx)).model_dump(mode="json", by_alias=True) for row in rows]
    wire = {"additional_fields": None, "custom_fields": None, "products_count": total, "product": products}
    return Page(wire, next_state=state)


async def product_count(ctx: ConnectorContext, params: Any) -> r.ProductCountResult:
    api = api_for(ctx)
    query, keep = _variant_query(params)
    path = "/variants" if keep is not None else "/variants/count"
    if keep is None:
        return r.ProductCountResult(products_count=int((await api.get(path, query))["data"]["count"]))
    return r.ProductCountResult(products_count=await _count(api, path, {**query, "_fields": "+created_at"}, keep))


async def _variant(ctx: ConnectorContext, api: OneCartApi, variant_id: str, fields: str) -> Record:
    """OneCart has no ``GET /variants/{id}``: walk the id-sorted list until the id passes."""
    if not variant_id.isdigit():
        raise NotFound(f"OneCart has no product '{variant_id}'", field="id")
    async with aclosing(_walk(api, "/variants", {"_fields": fields})) as rows:
        async for row in rows:
            if int(row["id"]) == int(variant_id):
                return row
            if int(row["id"]) > int(variant_id):
                break
    raise NotFound(f"OneCart has no product '{variant_id}'", field="id")


async def product_info(ctx: ConnectorContext, params: Any) -> Any:
    api = api_for(ctx)
    row = await _variant(ctx, api, str(params.id), _variant_fields(params))
    return product_from_variant(row, _currency(ctx))


async def product_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Stock only: OneCart's variants take ``quantity`` (absolute). Raises InvalidParameter (109) for any
    other field, MissingParameter (114) without quantity, NotFound (112) for an unknown id."""
    quantity = stock_quantity(params, "OneCart")
    variant_id = str(params.id)
    if not (variant_id.isascii() and variant_id.isdigit()):
        raise NotFound(f"OneCart has no product '{variant_id}'", field="id")
    await set_stock(api_for(ctx), variant_id, quantity)
    return r.UpdatedItemsResult(updated_items=1)


# ---------------------------------------------------------------- orders


def _order_query(params: Any) -> tuple[dict[str, str], Callable[[Record], bool] | None]:
    _refuse(params, ("customer_id", "customer_email", "financial_status", "fulfillment_status", "shipping_method",
                     "currency_id", "order_ids"))  # fmt: skip
    sort_by, direction = getattr(params, "sort_by", "order_id"), getattr(params, "sort_direction", "asc")
    if sort_by not in ("order_id", "id") or direction != "asc":
        raise InvalidParameter("OneCart lists orders by id, ascending only", field="sort_by")
    query: dict[str, str] = {}
    if params.order_status:
        if params.order_status not in _ORDER_STATUSES:
            raise InvalidParameter(f"Parameter 'order_status' must be one of {', '.join(_ORDER_STATUSES)}",
                                   field="order_status")  # fmt: skip
        query["status"] = params.order_status
    if params.store_id:
        if not params.store_id.isdigit():
            raise InvalidParameter("Parameter 'store_id' must be a OneCart shop id", field="store_id")
        query["shop_id"] = params.store_id
    ids, since = _ids(params.ids), params.since_id
    skip = _ids(getattr(params, "skip_order_ids", None))
    if ids is None and since is None and skip is None and not _has_window(params):
        return query, None

    def keep(row: Record) -> bool:
        if ids is not None and str(row["id"]) not in ids:
            return False
        if skip is not None and str(row["id"]) in skip:
            return False
        if since is not None and (not since.isdigit() or int(row["id"]) <= int(since)):
            return False
        return _window(params, row)

    return query, keep


def _order_fields(params: Any) -> str:
    asked = _asked(params)
    wanted = set(ORDER_EXTRA_FIELDS) if asked is None else set()
    if asked is not None:
        if "order_products" in asked:
            wanted.add("order_items")
        if "shipping_address" in asked or "additional_fields" in asked:
            wanted.add("shipping_address")
        if asked & {"shipments", "shipping_method"}:
            wanted.update(("courier", "shipped_at"))
    return ",".join(f"+{name}" for name in ORDER_EXTRA_FIELDS if name in wanted) or "+courier"


async def order_list(ctx: ConnectorContext, params: Any) -> Page:
    api = api_for(ctx)
    query, keep = _order_query(params)
    query["_fields"] = _order_fields(params)
    rows, total, state = await _list(ctx, api, "/orders", query, params, keep)
    wire = {"additional_fields": None, "custom_fields": None, "orders_count": total,
            "order": [order_wire(row) for row in rows]}  # fmt: skip
    return Page(wire, next_state=state)


async def order_count(ctx: ConnectorContext, params: Any) -> r.OrderCountResult:
    api = api_for(ctx)
    query, keep = _order_query(params)
    # a bare list: the window filter needs both times and nothing else
    fields = {"_fields": "id,created_at,updated_at"}
    return r.OrderCountResult(orders_count=await _count(api, "/orders", {**query, **fields}, keep))


def _order_id(raw: Any, field: str = "order_id") -> str:
    value = str(raw)
    if not (value.isascii() and value.isdigit()):
        raise NotFound(f"OneCart has no order '{value}'", field=field)
    return value


async def order_info(ctx: ConnectorContext, params: Any) -> dict[str, Any]:
    order_id = _order_id(params.id if params.id is not None else params.order_id)
    body = await api_for(ctx).get(f"/orders/{order_id}", {"_fields": _order_fields(params)})
    order = body["data"]
    if not isinstance(order, dict):
        raise StoreApiError("OneCart answered an order that is not an object")
    return order_wire(order)


async def order_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Cancelling is the one status change OneCart takes (``PUT /orders/{id}/cancel``); shipping goes through
    order.shipment.add. Raises InvalidParameter (109) for anything else, NotFound (112)."""
    if params.order_status != "cancelled":
        raise InvalidParameter("OneCart can only cancel an order here (order_status=cancelled); "
                               "ship it with order.shipment.add", field="order_status")  # fmt: skip
    for name in ("comment", "admin_comment", "financial_status", "fulfillment_status", "date_finished",
                 "date_modified"):  # fmt: skip
        if getattr(params, name, None) is not None:
            raise InvalidParameter(f"OneCart cannot change '{name}'", field=name)
    payload = {"_fields": "id"}
    if params.cancellation_reason:
        payload["reason"] = params.cancellation_reason
    await api_for(ctx).put(f"/orders/{_order_id(params.order_id)}/cancel", payload)
    return r.UpdatedItemsResult(updated_items=1)


async def order_shipment_add(ctx: ConnectorContext, params: Any) -> r.OrderShipmentAddResult:
    """Marks the whole order shipped (``PUT /orders/{id}``) with its first tracking number.

    Raises MissingParameter (114) without a tracking number, InvalidParameter (109) for a partial shipment
    (OneCart ships whole orders), NotFound (112).
    """
    if params.items:
        raise InvalidParameter("OneCart ships whole orders; leave 'items' out", field="items")
    if not params.is_shipped:
        raise InvalidParameter("OneCart only records shipments that left (is_shipped=true)", field="is_shipped")
    refuse_other_parameters(params, ("order_id", "items", "is_shipped", "tracking_numbers", "shipment_provider"),
                            "OneCart")  # fmt: skip
    tracking = single_tracking_number(params, "OneCart")
    if tracking is None:
        raise MissingParameter("OneCart needs a tracking number to mark an order shipped", field="tracking_numbers")
    order_id = _order_id(params.order_id)
    payload: dict[str, Any] = {"tracking_no": tracking.tracking_number, "_fields": "id"}
    courier = params.shipment_provider or getattr(tracking, "carrier_id", None)
    if courier:
        payload["courier"] = courier
    await api_for(ctx).put(f"/orders/{order_id}", payload)
    return r.OrderShipmentAddResult(shipment_id=f"{order_id}-1")


# ---------------------------------------------------------------- the store


async def cart_info(ctx: ConnectorContext, params: Any) -> Any:
    api = api_for(ctx)
    shops = [row async for row in _walk(api, "/shops", {})]
    return cart_from_shops(shops, ctx.store.store_url)


HANDLERS: Mapping[str, Handler] = {
    "product.list": product_list, "product.count": product_count, "product.info": product_info,
    "product.update": product_update, "order.list": order_list, "order.count": order_count,
    "order.info": order_info, "order.update": order_update, "order.shipment.add": order_shipment_add,
    "cart.info": cart_info,
}  # fmt: skip
