"""CartRover's unified methods: merchant orders and inventory, read and written through the Merchant API.

Where each endpoint comes from (the seed lists none; see tests/emulators/cartrover.py and
docs/platforms/emulators.md):
- ``GET /v1/merchant/orders/{ref}``, ``GET /v1/merchant/inventory`` (limit, page; default 20) and
  ``GET /v1/merchant/inventory/{sku}``: CartRover's public PHP client (cartrover-php lib/CartRover/Merchant.php,
  Orders.php).
- ``GET /v1/merchant/orders/list/{status}`` (from_date, to_date, limit, page): ASSUMED (no copy of the Merchant
  API reference was readable; a public .NET client, shahrpt/CartRover.Batch.App CartRoverClient.cs, calls
  ``/v1/merchant/orders/list/any?from_date=&to_date=``, which confirms the endpoint and its dates).
- ``POST /v1/merchant/orders/status/{ref}`` ``{new_status, tracking_no}`` and ``POST /v1/merchant/inventory``
  ``[{sku, qty_available}]``: ASSUMED, as the emulator serves them.
Lists are ``limit`` + ``page`` with no total, so a list's total is probed in O(log n) requests
(``CartRoverApi.total``) and carried in the cursor; filters CartRover cannot apply (ids, modified times,
e-mail) are applied here over a whole walk, one request per 100 records.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from connectors.cartrover.client import MAX_LIMIT, MAX_PAGES, CartRoverApi, api_for, segment
from connectors.cartrover.mapping import ORDER_STATUSES, order_wire, product_from_inventory
from connectors.model import results as r
from connectors.model.base import iso_utc
from connectors.model.reference import OrderStatusRef
from connectors.refusals import refuse_other_parameters, single_tracking_number, stock_quantity
from connectors.spec import ConnectorContext, Handler
from gateway.errors import InvalidParameter, MissingParameter, NotFound, StoreApiError
from gateway.http import GroupCommit, walk_pages
from gateway.methods.table import Page

__all__ = ["HANDLERS", "on_connect", "validate"]

Record = dict[str, Any]
Keep = Callable[[Record], bool]
_INVENTORY = "/merchant/inventory"


# ---------------------------------------------------------------- connecting


async def on_connect(ctx: ConnectorContext, connection: Mapping[str, Any]) -> Mapping[str, Any]:
    """Checks the API user and key with one inventory read (``limit=1``).

    Raises StoreApiError (100) for refused credentials, StoreUnreachable (106) when CartRover cannot be reached.
    """
    await api_for(ctx).get(_INVENTORY, {"limit": "1", "page": "1"})
    # CartRover states no store currency; orders carry currency_code where the channel sent one.
    return {"currency": "USD"}


async def validate(ctx: ConnectorContext) -> Mapping[str, Any]:
    """``cart.validate``: the credentials still work (one inventory read). Raises the client's coded errors."""
    await api_for(ctx).get(_INVENTORY, {"limit": "1", "page": "1"})
    return {"status": "active"}


# ---------------------------------------------------------------- listing machinery


def _refuse(params: Any, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(params, name, None) not in (None, False):
            raise InvalidParameter(f"CartRover cannot filter by '{name}'", field=name)


def _ids(value: Any) -> set[str] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else str(value).split(",")
    return {str(item).strip() for item in items if str(item).strip()}


def _moment(raw: Any) -> datetime | None:
    """A CartRover time (the seed: ISO 8601, always UTC). Raises StoreApiError (100) for one without a zone."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise StoreApiError("CartRover sent a time that is not ISO 8601 with its zone")
    return moment


def _in_window(low: datetime | None, high: datetime | None, raw: Any) -> bool:
    """cartgate's (from, to] window."""
    if low is None and high is None:
        return True
    moment = _moment(raw)
    return moment is not None and (low is None or moment > low) and (high is None or moment <= high)


async def _walk(api: CartRoverApi, path: str, query: dict[str, str]) -> AsyncIterator[Record]:
    async def fetch(page: int) -> list[Record]:
        return await api.page(path, query, page, MAX_LIMIT)

    async for row in walk_pages(fetch, MAX_LIMIT, max_pages=MAX_PAGES):
        yield row


async def _slice(api: CartRoverApi, path: str, query: dict[str, str], offset: int, count: int) -> list[Record]:
    """Records ``offset`` .. ``offset + count`` of a list: one request when the window is a whole page."""
    if count <= MAX_LIMIT and offset % count == 0:
        return await api.page(path, query, offset // count + 1, count)
    rows: list[Record] = []
    page, skip = divmod(offset, MAX_LIMIT)
    while len(rows) < count:
        batch = await api.page(path, query, page + 1, MAX_LIMIT)
        rows.extend(batch[skip:])
        skip, page = 0, page + 1
        if len(batch) < MAX_LIMIT:
            break
    return rows[:count]


async def _list(
    ctx: ConnectorContext, api: CartRoverApi, path: str, query: dict[str, str], params: Any, keep: Keep | None
) -> tuple[list[Record], int, dict[str, Any] | None]:
    """One page of records (offset from the cursor or ``start``), the total, and the next page's state."""
    state = ctx.cursor_state or {}
    offset, count = int(state.get("offset", params.start)), int(params.count)
    if keep is None:
        if "total" in state:
            total = int(state["total"])
            items = await _slice(api, path, query, offset, count)
        else:
            total, first = await api.total(path, query)
            fits = offset + count <= len(first) or len(first) < MAX_LIMIT
            items = first[offset : offset + count] if fits else await _slice(api, path, query, offset, count)
        next_state = {"offset": offset + count, "total": total}
    elif "raw" in state:
        total = int(state["total"])
        items, raw = await _scan(api, path, query, keep, int(state["raw"]), count)
        next_state = {"offset": offset + count, "total": total, "raw": raw}
    else:
        # The first page walks everything (the total needs it); later pages resume the scan where it stopped.
        matched: list[tuple[int, Record]] = []
        index = 0
        async for row in _walk(api, path, query):
            if keep(row):
                matched.append((index, row))
            index += 1
        chosen = matched[offset : offset + count]
        total, items = len(matched), [row for _, row in chosen]
        next_state = {"offset": offset + count, "total": total, "raw": chosen[-1][0] + 1 if chosen else index}
    return items, total, next_state if offset + count < total else None


async def _scan(
    api: CartRoverApi, path: str, query: dict[str, str], keep: Keep, raw: int, count: int
) -> tuple[list[Record], int]:
    """Up to ``count`` records ``keep`` accepts from position ``raw`` of the unfiltered list, and the position
    after the last one taken."""
    items: list[Record] = []
    page, skip = divmod(raw, MAX_LIMIT)
    while True:
        if page >= MAX_PAGES:
            raise StoreApiError(f"CartRover kept returning full pages past page {MAX_PAGES}")
        batch = await api.page(path, query, page + 1, MAX_LIMIT)
        for index, row in enumerate(batch[skip:], start=page * MAX_LIMIT + skip):
            if keep(row):
                items.append(row)
                if len(items) == count:
                    return items, index + 1
        if len(batch) < MAX_LIMIT:
            return items, page * MAX_LIMIT + len(batch)
        page, skip = page + 1, 0


async def _count(api: CartRoverApi, path: str, query: dict[str, str], keep: Keep | None) -> int:
    if keep is None:
        return (await api.total(path, query))[0]
    return sum([1 async for row in _walk(api, path, query) if keep(row)])


def _currency(ctx: ConnectorContext) -> str:
    return str(ctx.store.settings.get("currency") or "USD")


# ---------------------------------------------------------------- orders


def _order_query(params: Any) -> tuple[str, dict[str, str], Keep | None]:
    """The list path, CartRover's own filters (status, order dates) and the filter applied here, if any."""
    _refuse(params, ("since_id", "store_id", "customer_id", "financial_status", "fulfillment_status",
                     "currency_id"))  # fmt: skip
    sort_by, direction = getattr(params, "sort_by", "order_id"), getattr(params, "sort_direction", "asc")
    if sort_by not in ("order_id", "id", "create_at") or direction != "asc":
        raise InvalidParameter("CartRover lists orders by order date, oldest first, only", field="sort_by")
    status = params.order_status or "all"
    if status != "all" and status not in ORDER_STATUSES:
        raise InvalidParameter(f"Parameter 'order_status' must be one of {', '.join(ORDER_STATUSES)}",
                               field="order_status")  # fmt: skip
    query: dict[str, str] = {}
    # CartRover's from_date/to_date are inclusive and its times whole seconds, so (from, to] is
    # [floor(from) + 1 s, floor(to)]; the seed's ISO 8601 with an offset, its '+' sent as %2B.
    if params.created_from is not None:
        query["from_date"] = iso_utc(params.created_from.replace(microsecond=0) + timedelta(seconds=1))
    if params.created_to is not None:
        query["to_date"] = iso_utc(params.created_to.replace(microsecond=0))
    ids, names = _ids(params.ids), _ids(params.order_ids)
    skip = _ids(getattr(params, "skip_order_ids", None))
    email = (params.customer_email or "").lower() or None
    low, high = params.modified_from, params.modified_to
    method = params.shipping_method
    if all(value is None for value in (ids, names, skip, email, method, low, high)):
        return f"/merchant/orders/list/{status}", query, None

    def keep(row: Record) -> bool:
        ref = str(row.get("cust_ref"))
        if (ids is not None and ref not in ids) or (names is not None and ref not in names):
            return False
        if (skip is not None and ref in skip) or (method is not None and row.get("ship_method") != method):
            return False
        if email is not None and email not in {str(row.get(k) or "").lower() for k in ("cust_e_mail", "ship_e_mail")}:
            return False
        return _in_window(low, high, row.get("updated_date_time") or row.get("updated_at"))

    return f"/merchant/orders/list/{status}", query, keep


def _named_refs(params: Any) -> list[str] | None:
    """The order references ``ids`` / ``order_ids`` name, when few enough to read one by one (else None)."""
    ids, names = _ids(params.ids), _ids(params.order_ids)
    refs = ids & names if ids is not None and names is not None else ids if ids is not None else names
    return sorted(refs) if refs is not None and len(refs) <= MAX_LIMIT else None


async def _orders_by_ref(api: CartRoverApi, refs: list[str], params: Any, keep: Keep | None) -> list[Record]:
    """The named orders that pass every filter, in CartRover's list order (order date, then reference): one
    ``GET /v1/merchant/orders/{ref}`` each instead of a walk of the whole list; unknown references are skipped."""

    async def fetch(ref: str) -> Record | None:
        try:
            row = await api.get(f"/merchant/orders/{segment(ref)}", field="ids")
        except NotFound:
            return None
        return row if isinstance(row, dict) else None

    status = params.order_status or "all"
    low, high = params.created_from, params.created_to
    rows = [row for row in await asyncio.gather(*(fetch(ref) for ref in refs)) if row is not None]
    kept = [row for row in rows
            if (status == "all" or row.get("order_status") == status) and (keep is None or keep(row))
            and _in_window(low, high, row.get("order_date") or row.get("created_date_time"))]  # fmt: skip
    return sorted(kept, key=lambda row: (_moment(row.get("order_date") or row.get("created_date_time")) or
                                         datetime.min.replace(tzinfo=UTC), str(row.get("cust_ref"))))  # fmt: skip


async def order_list(ctx: ConnectorContext, params: Any) -> Page:
    api = api_for(ctx)
    path, query, keep = _order_query(params)
    refs = _named_refs(params)
    state: dict[str, Any] | None
    if refs is not None:
        offset = int((ctx.cursor_state or {}).get("offset", params.start))
        count = int(params.count)
        named = await _orders_by_ref(api, refs, params, keep)
        rows, total = named[offset : offset + count], len(named)
        state = {"offset": offset + count} if offset + count < total else None
    else:
        rows, total, state = await _list(ctx, api, path, query, params, keep)
    orders = [order_wire(row, _currency(ctx)) for row in rows]
    return Page({"additional_fields": None, "custom_fields": None, "orders_count": total, "order": orders},
                next_state=state)  # fmt: skip


async def order_count(ctx: ConnectorContext, params: Any) -> r.OrderCountResult:
    path, query, keep = _order_query(params)
    refs = _named_refs(params)
    if refs is not None:
        return r.OrderCountResult(orders_count=len(await _orders_by_ref(api_for(ctx), refs, params, keep)))
    return r.OrderCountResult(orders_count=await _count(api_for(ctx), path, query, keep))


async def _order(ctx: ConnectorContext, ref: str) -> dict[str, Any]:
    """One order in the unified JSON shape (``GET /v1/merchant/orders/{ref}``). Raises NotFound (112)."""
    order = await api_for(ctx).get(f"/merchant/orders/{segment(ref)}", field="order_id")
    if not isinstance(order, dict):
        raise StoreApiError("CartRover answered an order that is not an object")
    return order_wire(order, _currency(ctx))


async def order_info(ctx: ConnectorContext, params: Any) -> dict[str, Any]:
    return await _order(ctx, str(params.order_id if params.order_id is not None else params.id))


async def order_shipment_list(ctx: ConnectorContext, params: Any) -> Page:
    """The order's shipments, read from the order itself (CartRover has no shipment endpoint)."""
    _refuse(params, ("created_from", "created_to", "modified_from", "modified_to", "store_id"))
    shipments = (await _order(ctx, str(params.order_id)))["shipments"]
    state = ctx.cursor_state or {}
    offset, count = int(state.get("offset", params.start)), int(params.count)
    page = shipments[offset : offset + count]
    next_state = {"offset": offset + count} if offset + count < len(shipments) else None
    return Page({"additional_fields": None, "custom_fields": None, "shipment_count": len(shipments),
                 "shipment": page}, next_state=next_state)  # fmt: skip


async def order_shipment_info(ctx: ConnectorContext, params: Any) -> dict[str, Any]:
    """One shipment of the order. Raises NotFound (112) for an unknown order or shipment id."""
    shipments = (await _order(ctx, str(params.order_id)))["shipments"]
    found = next((shipment for shipment in shipments if shipment["id"] == params.id), None)
    if found is None:
        raise NotFound(f"CartRover order '{params.order_id}' has no shipment '{params.id}'", field="id")
    shipment: dict[str, Any] = found
    return shipment


async def order_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """A status change (``POST /v1/merchant/orders/status/{ref}``, assumed). Raises InvalidParameter (109) for
    another field or status, MissingParameter (114) without order_status, NotFound (112)."""
    for name in ("comment", "admin_comment", "financial_status", "fulfillment_status", "date_finished",
                 "date_modified", "cancellation_reason", "store_id"):  # fmt: skip
        if getattr(params, name, None) is not None:
            raise InvalidParameter(f"CartRover can only change an order's status, not '{name}'", field=name)
    if params.order_status is None:
        raise MissingParameter("Parameter 'order_status' is required: CartRover changes statuses only",
                               field="order_status")  # fmt: skip
    if params.order_status not in ORDER_STATUSES:
        raise InvalidParameter(f"Parameter 'order_status' must be one of {', '.join(ORDER_STATUSES)}",
                               field="order_status")  # fmt: skip
    path = f"/merchant/orders/status/{segment(str(params.order_id))}"
    await api_for(ctx).post(path, {"new_status": params.order_status}, field="order_status")
    return r.UpdatedItemsResult(updated_items=1)


async def order_shipment_add(ctx: ConnectorContext, params: Any) -> r.OrderShipmentAddResult:
    """Marks the whole order shipped with its tracking number (the same assumed status endpoint). API2Cart
    requires a ``carrier_id`` with each tracking number; the assumed endpoint takes only ``tracking_no``, so
    CartRover keeps no carrier (said in docs/platforms/cartrover.md).

    Raises MissingParameter (114) without a tracking number, InvalidParameter (109) for a partial or
    not-yet-shipped shipment (CartRover records whole orders), NotFound (112).
    """
    if params.items:
        raise InvalidParameter("CartRover ships whole orders; leave 'items' out", field="items")
    if not params.is_shipped:
        raise InvalidParameter("CartRover only records shipments that left (is_shipped=true)", field="is_shipped")
    refuse_other_parameters(params, ("order_id", "items", "is_shipped", "tracking_numbers"), "CartRover")
    tracking = single_tracking_number(params, "CartRover")
    if tracking is None:
        raise MissingParameter("CartRover needs a tracking number to mark an order shipped", field="tracking_numbers")
    ref = str(params.order_id)
    payload = {"new_status": "shipped", "tracking_no": tracking.tracking_number}
    await api_for(ctx).post(f"/merchant/orders/status/{segment(ref)}", payload, field="order_id")
    return r.OrderShipmentAddResult(shipment_id=f"{ref}-1")


async def order_status_list(ctx: ConnectorContext, params: Any) -> r.OrderStatusListResult:
    """The statuses CartRover's order list and status update take."""
    statuses = [OrderStatusRef(id=key, name=name) for key, name in ORDER_STATUSES.items()]
    return r.OrderStatusListResult(cart_order_statuses=statuses)


# ---------------------------------------------------------------- products (inventory)


def _product_keep(params: Any) -> Keep | None:
    refused = ("since_id", "categories_ids", "category_id", "store_id", "lang_id", "avail_view", "avail_sale",
               "brand_name", "find_value", "currency_id", "created_from", "created_to")  # fmt: skip
    _refuse(params, refused)
    if getattr(params, "sort_by", "id") != "id" or getattr(params, "sort_direction", "asc") != "asc":
        raise InvalidParameter("CartRover lists inventory by SKU, ascending only", field="sort_by")
    ids, low, high = _ids(params.product_ids), params.modified_from, params.modified_to
    if ids is None and low is None and high is None:
        return None
    return lambda row: (ids is None or str(row.get("sku")) in ids) and _in_window(low, high, row.get("updated_at"))


async def _by_sku(api: CartRoverApi, sku: str) -> Record | None:
    try:
        row = await api.get(f"{_INVENTORY}/{segment(sku)}", field="id")
    except NotFound:
        return None
    if not isinstance(row, dict):
        raise StoreApiError("CartRover answered an inventory record that is not an object")
    return row


async def product_list(ctx: ConnectorContext, params: Any) -> Page:
    api, keep = api_for(ctx), _product_keep(params)
    if params.sku:  # the SKU is CartRover's key: one request
        row = await _by_sku(api, params.sku)
        matched = [row] if row is not None and (keep is None or keep(row)) else []
        rows, total, state = matched[params.start : params.start + params.count], len(matched), None
    else:
        rows, total, state = await _list(ctx, api, _INVENTORY, {}, params, keep)
    products = [product_from_inventory(row, _currency(ctx)).model_dump(mode="json", by_alias=True) for row in rows]
    return Page({"additional_fields": None, "custom_fields": None, "products_count": total, "product": products},
                next_state=state)  # fmt: skip


async def product_count(ctx: ConnectorContext, params: Any) -> r.ProductCountResult:
    api, keep = api_for(ctx), _product_keep(params)
    if params.sku:
        row = await _by_sku(api, params.sku)
        return r.ProductCountResult(products_count=int(row is not None and (keep is None or keep(row))))
    return r.ProductCountResult(products_count=await _count(api, _INVENTORY, {}, keep))


async def product_info(ctx: ConnectorContext, params: Any) -> Any:
    row = await _by_sku(api_for(ctx), str(params.id))
    if row is None:
        raise NotFound(f"CartRover has no product with SKU '{params.id}'", field="id")
    return product_from_inventory(row, _currency(ctx))


async def product_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Stock only (``qty_available``, absolute). Raises InvalidParameter (109) for any other field or an
    unknown SKU (CartRover's Invalid), MissingParameter (114) without quantity."""
    quantity = stock_quantity(params, "CartRover")
    await stock_queue(api_for(ctx)).submit(str(params.id), quantity)
    return r.UpdatedItemsResult(updated_items=1)


async def _post_stock(api: CartRoverApi, changes: list[tuple[str, int]]) -> None:
    payload = [{"sku": sku, "qty_available": quantity} for sku, quantity in changes]
    await api.post(_INVENTORY, payload, field="id")


def stock_queue(api: CartRoverApi) -> GroupCommit[str, int]:
    """The API user's stock queue (``gateway.http.GroupCommit``): changes that arrive while a stock write is in
    flight go out as one ``POST /v1/merchant/inventory`` list (100 at most); one unknown SKU refuses the whole
    list (CartRover's Invalid), so such a list is replayed one SKU at a time and each caller gets its answer."""

    async def one(sku: str, quantity: int) -> None:
        await _post_stock(api, [(sku, quantity)])

    return api.client.shared(("cartrover-stock", api.credentials_key),
                             lambda: GroupCommit(one, partial(_post_stock, api), max_batch=MAX_LIMIT))  # fmt: skip


HANDLERS: Mapping[str, Handler] = {
    "product.list": product_list, "product.count": product_count, "product.info": product_info,
    "product.update": product_update, "order.list": order_list, "order.count": order_count,
    "order.info": order_info, "order.update": order_update, "order.shipment.add": order_shipment_add,
    "order.status.list": order_status_list, "order.shipment.list": order_shipment_list,
    "order.shipment.info": order_shipment_info,
}  # fmt: skip
