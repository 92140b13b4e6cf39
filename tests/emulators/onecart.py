"""OneCart API v2 emulator, written from ../shared/seeds/onecart-api-v2.txt alone.

What the document states, and where this app implements it:
- ``Authorization: YOUR_API_KEY``; full keys read and write, read-only keys ``GET`` only (403 FORBIDDEN),
  a missing or invalid key 401 UNAUTHORIZED -> ``_authorize``.
- 300 requests / 60 s per key, ``X-RateLimit-Limit/Remaining/Reset`` on every response, 429 RATE_LIMITED
  with ``Retry-After`` -> ``_rate_limit`` (a fixed window opened by the key's first request: our reading of
  "Requests left in the current window" and "Unix time when the window resets").
- ``{data, meta, links, errors, warnings}`` envelope, ``links`` on list endpoints only -> ``_ok``.
- ``page`` (default 1) / ``per_page`` (default 25, max 100), meta and ``self/first/prev/next/last`` -> ``_page``.
- ``_fields``: defaults, bare list (+ ``id``), ``+``/``-`` adjustments, unknown names ignored, mixing -> 400.
- failures: a single ``error`` object whose ``request_id`` matches ``X-Request-Id`` -> ``OneCartError``.
- parameters as query string, form fields or a JSON body -> ``_params``.
The endpoints are the ones the connector needs from the doc's list; their payload shapes are our choice
where the doc leaves them open (said at each handler). Tests hold the emulator to each statement.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from tests.emulators.common import Clock, system_clock
from tests.emulators.onecart_data import DEFAULT_FIELDS, EXTRA_FIELDS, Record, iso, seed

PREFIX = "/api/v2"
FULL, READ_ONLY = "full", "read_only"


@dataclass
class RateWindow:
    started: float
    used: int = 0


@dataclass
class OneCartState:
    """The emulated company: keys, data, rate-limit windows, and knobs a test turns."""

    keys: dict[str, str] = field(default_factory=lambda: {"oc-full-key": FULL, "oc-read-key": READ_ONLY})
    limit: int = 300
    window_seconds: float = 60.0
    clock: Clock = system_clock
    data: dict[str, dict[int, Record]] = field(default_factory=seed)
    windows: dict[str, RateWindow] = field(default_factory=dict)
    refusals: int = 0  # every 429 sent, forced or earned
    requests: int = 0  # every request that reached a handler with a valid key
    forced_refusals: int = 0
    forced_retry_after: int = 1

    def push_to_refuse(self, count: int, retry_after: int = 1) -> None:
        """Answer the next ``count`` authorised requests with 429 whatever the budget says."""
        self.forced_refusals = count
        self.forced_retry_after = retry_after


STATE = web.AppKey("onecart_state", OneCartState)
PARAMS = web.RequestKey("onecart_params", dict)


class OneCartError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers or {}


def _validation(field_name: str, message: str, status: int = 400) -> OneCartError:
    return OneCartError(status, "VALIDATION_ERROR", "Validation failed", [{"field": field_name, "message": message}])


def _not_found() -> OneCartError:
    return OneCartError(404, "NOT_FOUND", "Resource does not exist or isn't yours")


# ---------------------------------------------------------------- middleware: auth, rate limit, errors


@web.middleware
async def _envelope_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    request_id = uuid.uuid4().hex
    rate_headers: dict[str, str] = {}
    try:
        key_level = _authorize(request)
        rate_headers = _rate_limit(request.app[STATE], request.headers["Authorization"])
        if key_level == READ_ONLY and request.method != "GET":
            raise OneCartError(403, "FORBIDDEN", "This API key is read-only")
        request[PARAMS] = await _params(request)
        response = await handler(request)
    except OneCartError as exc:
        rate_headers.update(exc.headers)
        body: dict[str, Any] = {"code": exc.code, "message": exc.message, "request_id": request_id}
        if exc.details:
            body["details"] = exc.details
        response = web.json_response({"error": body}, status=exc.status)
    except web.HTTPException as exc:  # unknown route or method: same error shape
        code = "NOT_FOUND" if exc.status == 404 else "VALIDATION_ERROR"
        response = web.json_response(
            {"error": {"code": code, "message": exc.reason, "request_id": request_id}}, status=exc.status
        )
    response.headers["X-Request-Id"] = request_id
    response.headers.update(rate_headers)
    return response


def _authorize(request: web.Request) -> str:
    key = request.headers.get("Authorization", "")
    level = request.app[STATE].keys.get(key)
    if level is None:
        raise OneCartError(401, "UNAUTHORIZED", "Missing or invalid API key")
    return level


def _rate_limit(state: OneCartState, key: str) -> dict[str, str]:
    now = state.clock()
    window = state.windows.get(key)
    if window is None or now >= window.started + state.window_seconds:
        window = state.windows[key] = RateWindow(started=now)
    reset = window.started + state.window_seconds
    headers = {"X-RateLimit-Limit": str(state.limit), "X-RateLimit-Reset": str(math.ceil(reset))}
    if state.forced_refusals > 0 or window.used >= state.limit:
        if state.forced_refusals > 0:
            state.forced_refusals -= 1
            retry_after = state.forced_retry_after
        else:
            retry_after = max(1, math.ceil(reset - now))
        state.refusals += 1
        headers["X-RateLimit-Remaining"] = str(max(0, state.limit - window.used))
        headers["Retry-After"] = str(retry_after)
        raise OneCartError(429, "RATE_LIMITED", "Too many requests", headers=headers)
    window.used += 1
    state.requests += 1
    headers["X-RateLimit-Remaining"] = str(state.limit - window.used)
    return headers


async def _params(request: web.Request) -> dict[str, Any]:
    """Query string, then form fields or a JSON object body on top (the doc allows all three)."""
    params: dict[str, Any] = dict(request.query)
    if request.body_exists:
        if request.content_type == "application/json":
            try:
                body = json.loads(await request.read() or b"{}")
            except ValueError as exc:
                raise _validation("body", "is not valid JSON") from exc
            if not isinstance(body, dict):
                raise _validation("body", "must be a JSON object")
            params.update(body)
        else:
            params.update(await request.post())
    return params


# ---------------------------------------------------------------- envelope, pagination, _fields


def _ok(
    data: Any, meta: dict[str, Any] | None = None, links: dict[str, Any] | None = None, status: int = 200
) -> web.Response:
    body: dict[str, Any] = {"data": data, "meta": meta or {}}
    if links is not None:
        body["links"] = links
    body["errors"] = []
    body["warnings"] = []
    return web.json_response(body, status=status)


def _int_param(params: dict[str, Any], name: str, default: int, low: int, high: int | None = None) -> int:
    raw = params.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _validation(name, "must be an integer") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise _validation(name, f"must be {bound}")
    return value


def select_fields(resource: str, spec: str | None) -> tuple[str, ...]:
    """The fields to answer with for a ``_fields`` value (see the doc's "Choosing fields")."""
    defaults = DEFAULT_FIELDS[resource]
    known = set(defaults) | set(EXTRA_FIELDS[resource])
    if spec is None or spec.strip() == "":
        return defaults
    # A literal "+" in a query string decodes to a space, so " name" is read as "+name".
    tokens = [("+" + token[1:].strip()) if token.startswith(" ") else token.strip() for token in spec.split(",")]
    tokens = [token for token in tokens if token]
    adjustments = [token for token in tokens if token[0] in "+-"]
    if adjustments and len(adjustments) != len(tokens):
        raise _validation("_fields", "cannot mix a field list with +/- adjustments")
    if not adjustments:
        chosen = ["id"] + [name for name in tokens if name in known and name != "id"]
        return tuple(dict.fromkeys(chosen))
    result = list(defaults)
    for token in adjustments:
        name = token[1:]
        if name not in known:
            continue
        if token[0] == "+" and name not in result:
            result.append(name)
        elif token[0] == "-" and name in result and name != "id":
            result.remove(name)
    return tuple(result)


def _shape(record: Record, fields: Iterable[str]) -> Record:
    return {name: record.get(name) for name in fields}


def _page(request: web.Request, resource: str, rows: list[Record]) -> web.Response:
    params = request[PARAMS]
    page = _int_param(params, "page", 1, 1)
    per_page = _int_param(params, "per_page", 25, 1, 100)
    fields = select_fields(resource, params.get("_fields"))
    total = len(rows)
    total_pages = math.ceil(total / per_page)
    start = (page - 1) * per_page
    data = [_shape(row, fields) for row in rows[start : start + per_page]]

    def link(number: int) -> str:
        return str(request.url.update_query(page=str(number), per_page=str(per_page)))

    meta = {
        "current_page": page,
        "per_page": per_page,
        "total_items": total,
        "total_pages": total_pages,
        "has_next_page": page < total_pages,
        "has_previous_page": page > 1,
    }
    links = {
        "self": link(page),
        "first": link(1),
        "prev": link(min(page - 1, max(total_pages, 1))) if page > 1 else None,
        "next": link(page + 1) if page < total_pages else None,
        "last": link(max(total_pages, 1)),
    }
    return _ok(data, meta, links)


def _record(state: OneCartState, table: str, raw_id: str) -> Record:
    try:
        record = state.data[table].get(int(raw_id))
    except ValueError:
        record = None
    if record is None:
        raise _not_found()
    return record


# ---------------------------------------------------------------- handlers


def _sorted(rows: Iterable[Record]) -> list[Record]:
    return sorted(rows, key=lambda row: row["id"])


def _filter_since(params: dict[str, Any], rows: list[Record]) -> list[Record]:
    # Filters are our choice (the doc lists none): exact ``status``/``shop_id``/``sku``, and ISO 8601
    # ``updated_since`` / ``created_since`` compared as strings (every timestamp here is ...Z UTC).
    for name in ("status", "sku"):
        if name in params:
            rows = [row for row in rows if row.get(name) == params[name]]
    if "shop_id" in params:
        shop_id = _int_param(params, "shop_id", 0, 1)
        rows = [row for row in rows if row.get("shop_id") == shop_id]
    for name, column in (("updated_since", "updated_at"), ("created_since", "created_at")):
        if name in params:
            rows = [row for row in rows if row[column] >= str(params[name])]
    return rows


async def zapier(request: web.Request) -> web.Response:
    """``GET /zapier`` "Test the connection": data shape is our choice."""
    state = request.app[STATE]
    return _ok({"ok": True, "access": state.keys[request.headers["Authorization"]]})


async def shops(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return _page(request, "shop", _filter_since(request[PARAMS], _sorted(state.data["shops"].values())))


async def variants_list(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return _page(request, "variant", _filter_since(request[PARAMS], _sorted(state.data["variants"].values())))


async def variants_count(request: web.Request) -> web.Response:
    state = request.app[STATE]
    rows = _filter_since(request[PARAMS], list(state.data["variants"].values()))
    return _ok({"count": len(rows)})


def _quantity(raw: Any, field_name: str = "quantity") -> int:
    """An integer >= 0, sent as a JSON integer or as digits in a query/form field."""
    if isinstance(raw, bool) or not (
        isinstance(raw, int) or (isinstance(raw, str) and raw.strip().lstrip("-").isdigit())
    ):
        raise _validation(field_name, "must be an integer", 422)
    value = int(raw)
    if value < 0:
        raise _validation(field_name, "must be zero or more", 422)
    return value


def _touch(state: OneCartState, record: Record) -> None:
    record["updated_at"] = iso(datetime.fromtimestamp(state.clock(), UTC))


async def variants_create(request: web.Request) -> web.Response:
    """``POST /variants`` "Create products": a JSON ``variants`` list, or one product's fields (our choice)."""
    state = request.app[STATE]
    params = request[PARAMS]
    items = params.get("variants", [params])
    if not isinstance(items, list) or not items or len(items) > 100:
        raise _validation("variants", "must be a list of 1 to 100 products", 422)
    taken = {row["sku"] for row in state.data["variants"].values()}
    created: list[Record] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise _validation(f"variants[{index}]", "must be an object", 422)
        sku = str(item.get("sku", "")).strip()
        if not sku:
            raise _validation(f"variants[{index}].sku", "is required", 422)
        if sku in taken:
            raise _validation(f"variants[{index}].sku", "is already taken", 422)
        name = str(item.get("name", "")).strip()
        if not name:
            raise _validation(f"variants[{index}].name", "is required", 422)
        try:
            price = f"{float(item.get('price', 0)):.2f}"
        except (TypeError, ValueError):
            raise _validation(f"variants[{index}].price", "must be a number", 422) from None
        taken.add(sku)
        created.append(
            {
                "sku": sku,
                "name": name,
                "brand": item.get("brand"),
                "price": price,
                "quantity": _quantity(item.get("quantity", 0), f"variants[{index}].quantity"),
                "status": "active",
                "barcode": item.get("barcode"),
                "weight_kg": item.get("weight_kg"),
                "listing_ids": [],
            }
        )
    table = state.data["variants"]
    for record in created:  # all validated first: a create is all or nothing
        record["id"] = max(table, default=0) + 1
        _touch(state, record)
        record["created_at"] = record["updated_at"]
        table[record["id"]] = record
    fields = select_fields("variant", params.get("_fields"))
    return _ok([_shape(record, fields) for record in created], status=201)


async def variant_update(request: web.Request) -> web.Response:
    """``PUT /variants/{id}`` "Update stock": ``quantity`` (required, integer >= 0)."""
    state = request.app[STATE]
    record = _record(state, "variants", request.match_info["id"])
    params = request[PARAMS]
    if "quantity" not in params:
        raise _validation("quantity", "is required", 422)
    record["quantity"] = _quantity(params["quantity"])
    _touch(state, record)
    return _ok(_shape(record, select_fields("variant", params.get("_fields"))))


async def variants_bulk_update(request: web.Request) -> web.Response:
    """``PUT /variants/bulk_update`` "Update stock in bulk": ``variants: [{id, quantity}]``, at most 100
    (shape and limit are our choice); all are checked before any changes."""
    state = request.app[STATE]
    items = request[PARAMS].get("variants")
    if not isinstance(items, list) or not items or len(items) > 100:
        raise _validation("variants", "must be a list of 1 to 100 {id, quantity} objects", 422)
    changes: list[tuple[Record, int]] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or "id" not in item:
            raise _validation(f"variants[{index}].id", "is required", 422)
        record = state.data["variants"].get(_quantity(item["id"], f"variants[{index}].id"))
        if record is None:
            raise _validation(f"variants[{index}].id", "does not exist", 422)
        changes.append((record, _quantity(item.get("quantity"), f"variants[{index}].quantity")))
    for record, quantity in changes:
        record["quantity"] = quantity
        _touch(state, record)
    fields = select_fields("variant", request[PARAMS].get("_fields"))
    return _ok([_shape(record, fields) for record, _ in changes])


async def listings_list(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return _page(request, "listing", _filter_since(request[PARAMS], _sorted(state.data["listings"].values())))


async def listings_count(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return _ok({"count": len(_filter_since(request[PARAMS], list(state.data["listings"].values())))})


async def listing_get(request: web.Request) -> web.Response:
    record = _record(request.app[STATE], "listings", request.match_info["id"])
    return _ok(_shape(record, select_fields("listing", request[PARAMS].get("_fields"))))


async def listing_update(request: web.Request) -> web.Response:
    """``PUT /listings/{id}``: ``title``, ``price`` or ``status`` (live/inactive); our choice of fields."""
    state = request.app[STATE]
    record = _record(state, "listings", request.match_info["id"])
    params = request[PARAMS]
    if "title" in params:
        if not str(params["title"]).strip():
            raise _validation("title", "must not be empty", 422)
        record["title"] = str(params["title"]).strip()
    if "price" in params:
        try:
            record["price"] = f"{float(params['price']):.2f}"
        except (TypeError, ValueError):
            raise _validation("price", "must be a number", 422) from None
    if "status" in params:
        if params["status"] not in ("live", "inactive"):
            raise _validation("status", "must be live or inactive", 422)
        record["status"] = params["status"]
    _touch(state, record)
    return _ok(_shape(record, select_fields("listing", params.get("_fields"))))


async def listing_skus(request: web.Request) -> web.Response:
    state = request.app[STATE]
    listing = _record(state, "listings", request.match_info["id"])
    return _page(request, "variant", [state.data["variants"][listing["variant_id"]]])


async def orders_list(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return _page(request, "order", _filter_since(request[PARAMS], _sorted(state.data["orders"].values())))


async def orders_cancelled(request: web.Request) -> web.Response:
    state = request.app[STATE]
    rows = [row for row in _sorted(state.data["orders"].values()) if row["status"] == "cancelled"]
    return _page(request, "order", _filter_since(request[PARAMS], rows))


async def order_get(request: web.Request) -> web.Response:
    record = _record(request.app[STATE], "orders", request.match_info["id"])
    return _ok(_shape(record, select_fields("order", request[PARAMS].get("_fields"))))


def _cancel(state: OneCartState, record: Record, reason: str) -> None:
    if record["status"] in ("shipped", "delivered"):
        raise _validation("status", f"order is already {record['status']}", 422)
    if record["status"] != "cancelled":
        record["status"] = "cancelled"
        record["cancel_reason"] = reason
        _touch(state, record)
        record["cancelled_at"] = record["updated_at"]


async def order_ship(request: web.Request) -> web.Response:
    """``PUT /orders/{id}`` "Mark an order shipped": ``tracking_no`` required, ``courier`` optional."""
    state = request.app[STATE]
    record = _record(state, "orders", request.match_info["id"])
    params = request[PARAMS]
    tracking = str(params.get("tracking_no", "")).strip()
    if not tracking:
        raise _validation("tracking_no", "is required", 422)
    if record["status"] == "cancelled":
        raise _validation("status", "order is cancelled", 422)
    record.update(status="shipped", tracking_no=tracking, courier=params.get("courier") or record["courier"])
    _touch(state, record)
    record["shipped_at"] = record["updated_at"]
    return _ok(_shape(record, select_fields("order", params.get("_fields"))))


async def order_cancel(request: web.Request) -> web.Response:
    """``PUT /orders/{id}/cancel``: optional ``reason``; shipped orders cannot be cancelled (422)."""
    state = request.app[STATE]
    record = _record(state, "orders", request.match_info["id"])
    _cancel(state, record, str(request[PARAMS].get("reason") or "seller_cancelled"))
    return _ok(_shape(record, select_fields("order", request[PARAMS].get("_fields"))))


async def orders_bulk_cancel(request: web.Request) -> web.Response:
    """``PUT /orders/bulk_cancel``: ``ids`` as a JSON list or a comma-separated string, at most 100;
    answers which were cancelled and which failed with why (shape our choice)."""
    state = request.app[STATE]
    raw = request[PARAMS].get("ids")
    ids = raw.split(",") if isinstance(raw, str) else raw
    if not isinstance(ids, list) or not ids or len(ids) > 100:
        raise _validation("ids", "must be a list of 1 to 100 order ids", 422)
    cancelled: list[int] = []
    failed: list[dict[str, Any]] = []
    for raw_id in ids:
        try:
            record = _record(state, "orders", str(raw_id).strip())
            _cancel(state, record, str(request[PARAMS].get("reason") or "seller_cancelled"))
            cancelled.append(record["id"])
        except OneCartError as exc:
            reason = exc.details[0]["message"] if exc.details else exc.message
            failed.append({"id": str(raw_id), "code": exc.code, "message": reason})
    return _ok({"cancelled": cancelled, "failed": failed})


def create_app(state: OneCartState | None = None) -> web.Application:
    """The emulator app; pass a state to inject the clock, keys, limits or data."""
    app = web.Application(middlewares=[_envelope_middleware])
    app[STATE] = state or OneCartState()
    routes = [
        web.get(f"{PREFIX}/zapier", zapier),
        web.get(f"{PREFIX}/shops", shops),
        web.get(f"{PREFIX}/variants", variants_list),
        web.post(f"{PREFIX}/variants", variants_create),
        web.get(f"{PREFIX}/variants/count", variants_count),
        web.put(f"{PREFIX}/variants/bulk_update", variants_bulk_update),
        web.put(f"{PREFIX}/variants/{{id}}", variant_update),
        web.get(f"{PREFIX}/listings", listings_list),
        web.get(f"{PREFIX}/listings/count", listings_count),
        web.get(f"{PREFIX}/listings/{{id}}", listing_get),
        web.put(f"{PREFIX}/listings/{{id}}", listing_update),
        web.get(f"{PREFIX}/listings/{{id}}/skus", listing_skus),
        web.get(f"{PREFIX}/orders", orders_list),
        web.get(f"{PREFIX}/orders/cancelled", orders_cancelled),
        web.put(f"{PREFIX}/orders/bulk_cancel", orders_bulk_cancel),
        web.get(f"{PREFIX}/orders/{{id}}", order_get),
        web.put(f"{PREFIX}/orders/{{id}}", order_ship),
        web.put(f"{PREFIX}/orders/{{id}}/cancel", order_cancel),
    ]
    app.add_routes(routes)
    return app
