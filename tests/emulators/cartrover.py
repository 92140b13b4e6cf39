"""CartRover API emulator, from ../shared/seeds/cartrover-api.txt plus CartRover's public clients.

Seed statements and where they live here:
- Basic auth ``api_user:api_key`` -> ``_authorize`` (also the URL auth ``?api_user=&api_key=`` that CartRover's
  own PHP client, github.com/CartRover/cartrover-php lib/CartRover/APIObject.php, sends).
- errors ``{success_code: false, error_code: Invalid|Failure|RateLimit, message}`` -> ``CartRoverError``.
- leaky bucket of 100 calls refilled one per 0.6 s, ``X-CartRover-Api-Minute-Hits-Remaining`` on every
  rate-limited endpoint, the New Order endpoint not rate limited -> ``LeakyBucket``.
- ``X-CartRover-Process-ID`` on responses ("include ... the X-CartRover-Process-ID response header value").
- timestamps in and out as ISO 8601, output always UTC; a GET ``+`` must be sent encoded -> ``_timestamp``.
- order charge fields -> cartrover_data.order_totals.
Endpoints: the seed lists none. From CartRover's public clients (cartrover-php lib/CartRover/{Orders,Merchant}.php,
sifourteen/cartrover-ruby-client cartrover.rb): ``POST /v1/cart/orders/cartrover``, ``POST /v1/cart/orders/cancel/
cartrover``, ``GET /v1/cart/orders/{ref}``, ``GET /v1/{cart,merchant}/orders/status/{ref}``, ``GET /v1/merchant/
orders/{ref}``, ``GET /v1/merchant/inventory`` (limit, page), ``GET /v1/merchant/inventory/{sku}``; the success body
``{success_code: true, response: ...}`` is what APIObject.php reads. NOT found in any copy we could read, and so our
own assumption until checked against developers.cartrover.com: ``GET /v1/merchant/orders/list/{status}``
(from_date, to_date, limit, page), ``POST /v1/merchant/orders/status/{ref}`` and ``POST /v1/merchant/inventory``.
HTTP status codes are not in the seed either: 401 bad credentials, 400 Invalid, 404 unknown, 409 Failure, 429
RateLimit are our choice.
"""

from __future__ import annotations

import base64
import hmac
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from aiohttp import web

from tests.emulators.cartrover_data import CENT, ORDER_STATUSES, Record, iso, line_extended_amount, order_totals, seed
from tests.emulators.common import Clock, system_clock

REMAINING_HEADER = "X-CartRover-Api-Minute-Hits-Remaining"
PROCESS_HEADER = "X-CartRover-Process-ID"


@dataclass
class LeakyBucket:
    """Bucket of ``size`` calls; each call pours one in, one drains every ``drain_seconds``."""

    size: int = 100
    drain_seconds: float = 0.6
    level: float = 0.0
    last: float | None = None

    def _drain(self, now: float) -> None:
        if self.last is not None:
            self.level = max(0.0, self.level - (now - self.last) / self.drain_seconds)
        self.last = now

    def take(self, now: float) -> bool:
        self._drain(now)
        if self.level + 1 > self.size + 1e-9:
            return False
        self.level += 1
        return True

    def remaining(self, now: float) -> int:
        self._drain(now)
        return int(self.size - self.level + 1e-9)


@dataclass
class CartRoverState:
    credentials: dict[str, str] = field(default_factory=lambda: {"merchant-user": "merchant-key"})
    clock: Clock = system_clock
    bucket_size: int = 100
    drain_seconds: float = 0.6
    data: dict[str, dict[str, Record]] = field(default_factory=seed)
    buckets: dict[str, LeakyBucket] = field(default_factory=dict)
    refusals: int = 0
    forced_refusals: int = 0
    process_ids: list[str] = field(default_factory=list)

    def push_to_refuse(self, count: int) -> None:
        """Answer the next ``count`` rate-limited calls with RateLimit whatever the bucket holds."""
        self.forced_refusals = count

    def bucket(self, api_user: str) -> LeakyBucket:
        return self.buckets.setdefault(api_user, LeakyBucket(self.bucket_size, self.drain_seconds))


STATE = web.AppKey("cartrover_state", CartRoverState)
USER = web.RequestKey("cartrover_user", str)


class CartRoverError(Exception):
    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error_code, self.message = status, error_code, message


def _invalid(message: str, status: int = 400) -> CartRoverError:
    return CartRoverError(status, "Invalid", message)


def _ok(response: Any) -> web.Response:
    return web.json_response({"success_code": True, "response": response}, dumps=_dumps)


def _dumps(value: Any) -> str:
    return json.dumps(value, default=lambda obj: float(obj) if isinstance(obj, Decimal) else str(obj))


def _authorize(request: web.Request) -> str:
    state = request.app[STATE]
    header = request.headers.get("Authorization", "")
    user, key = request.query.get("api_user", ""), request.query.get("api_key", "")
    if header.startswith("Basic "):
        try:
            user, _, key = base64.b64decode(header[6:], validate=True).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            user, key = "", ""
    expected = state.credentials.get(user)
    if expected is None or not hmac.compare_digest(expected.encode(), key.encode()):
        raise _invalid("Invalid API credentials", 401)
    return user


def _rate_limited(request: web.Request) -> bool:
    # "Currently the New Order API endpoint is NOT rate limited."
    return not (request.method == "POST" and request.path == "/v1/cart/orders/cartrover")


@web.middleware
async def _middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    state = request.app[STATE]
    process_id = uuid.uuid4().hex[:16]
    state.process_ids.append(process_id)
    headers: dict[str, str] = {}
    try:
        user = _authorize(request)
        request[USER] = user
        if _rate_limited(request):
            bucket, now = state.bucket(user), state.clock()
            if state.forced_refusals > 0 or not bucket.take(now):
                state.forced_refusals = max(0, state.forced_refusals - 1)
                state.refusals += 1
                headers[REMAINING_HEADER] = str(bucket.remaining(now))
                raise CartRoverError(429, "RateLimit", "Over API Limit. Please slow down requests.")
            headers[REMAINING_HEADER] = str(bucket.remaining(now))
        response = await handler(request)
    except CartRoverError as exc:
        body = {"success_code": False, "error_code": exc.error_code, "message": exc.message}
        response = web.json_response(body, status=exc.status)
    except web.HTTPException as exc:
        body = {"success_code": False, "error_code": "Invalid", "message": f"Unknown endpoint: {exc.reason}"}
        response = web.json_response(body, status=exc.status)
    response.headers[PROCESS_HEADER] = process_id
    response.headers.update(headers)
    return response


def _timestamp(raw: str, name: str) -> datetime:
    """Parse an ISO 8601 timestamp with its zone; a space where ``+`` was means it was sent unencoded."""
    if " " in raw.strip():
        raise _invalid(f"{name}: encode the plus symbol (+) as %2B in GET parameters")
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise _invalid(f"{name}: not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise _invalid(f"{name}: give the timezone (ISO 8601 with an offset)")
    return moment.astimezone(UTC)


def _paging(request: web.Request) -> tuple[int, int]:
    # Defaults per cartrover-php Merchant.php ("Default: array('limit'=>20, 'page'=>1)"); the max is our choice.
    try:
        limit, page = int(request.query.get("limit", "20")), int(request.query.get("page", "1"))
    except ValueError:
        raise _invalid("limit and page must be integers") from None
    if not 1 <= limit <= 100 or page < 1:
        raise _invalid("limit must be 1 to 100 and page at least 1")
    return limit, page


def _order(request: web.Request) -> Record:
    order = request.app[STATE].data["orders"].get(request.match_info["ref"])
    if order is None:
        raise _invalid("Order not found", 404)
    return order


async def orders_list(request: web.Request) -> web.Response:
    """ASSUMED endpoint (see module docstring): orders in one status, by order_date, oldest first."""
    status = request.match_info["status"]
    if status not in (*ORDER_STATUSES, "all"):
        raise _invalid(f"status must be one of {', '.join((*ORDER_STATUSES, 'all'))}")
    limit, page = _paging(request)
    rows = sorted(request.app[STATE].data["orders"].values(), key=lambda row: (row["order_date"], row["cust_ref"]))
    if status != "all":
        rows = [row for row in rows if row["order_status"] == status]
    if "from_date" in request.query:
        start = _timestamp(request.query["from_date"], "from_date")
        rows = [row for row in rows if datetime.fromisoformat(row["order_date"]) >= start]
    if "to_date" in request.query:
        end = _timestamp(request.query["to_date"], "to_date")
        rows = [row for row in rows if datetime.fromisoformat(row["order_date"]) <= end]
    return _ok(rows[(page - 1) * limit : page * limit])


async def order_get(request: web.Request) -> web.Response:
    return _ok(_order(request))


async def order_status_get(request: web.Request) -> web.Response:
    order = _order(request)
    return _ok(
        {"cust_ref": order["cust_ref"], "order_status": order["order_status"], "tracking_no": order["tracking_no"]}
    )


async def order_status_set(request: web.Request) -> web.Response:
    """ASSUMED endpoint: ``{"new_status": ..., "tracking_no": ...}``; a canceled order stays canceled (Failure)."""
    order = _order(request)
    body = await _json(request)
    new_status = body.get("new_status") if isinstance(body, dict) else None
    if new_status not in ORDER_STATUSES:
        raise _invalid(f"new_status must be one of {', '.join(ORDER_STATUSES)}")
    if order["order_status"] == "canceled" and new_status != "canceled":
        raise CartRoverError(409, "Failure", "Order is canceled")
    order["order_status"] = new_status
    if body.get("tracking_no"):
        order["tracking_no"] = str(body["tracking_no"])
    order["updated_at"] = iso(datetime.fromtimestamp(request.app[STATE].clock(), UTC))
    return _ok({"cust_ref": order["cust_ref"], "order_status": order["order_status"]})


async def _json(request: web.Request) -> Any:
    try:
        return json.loads(await request.read() or b"null", parse_float=Decimal)
    except ValueError:
        raise _invalid("Body is not valid JSON") from None


def _money(line: Record, name: str, default: str = "0") -> Decimal:
    try:
        value = Decimal(str(line.get(name, default)))
    except InvalidOperation:
        raise _invalid(f"{name} must be a number") from None
    if value < 0 or not value.is_finite():
        raise _invalid(f"{name} must be a positive number")
    return value


async def orders_create(request: web.Request) -> web.Response:
    """New orders (a list, "even if only one" per cartrover-php Orders.php). Derived money fields are
    computed when missing; when sent they must match the seed's formulas (our stricter choice)."""
    state = request.app[STATE]
    body = await _json(request)
    if not isinstance(body, list) or not body:
        raise _invalid("Submit a list of orders")
    created: list[Record] = []
    for raw in body:
        if not isinstance(raw, dict) or not str(raw.get("cust_ref", "")).strip():
            raise _invalid("cust_ref is required")
        ref = str(raw["cust_ref"]).strip()
        if ref in state.data["orders"] or any(order["cust_ref"] == ref for order in created):
            raise CartRoverError(409, "Failure", f"Duplicate order: {ref}")
        items = raw.get("items")
        if not isinstance(items, list) or not items:
            raise _invalid("items is required")
        lines: list[Record] = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not item.get("item"):
                raise _invalid("each line needs item (the SKU)")
            quantity = item.get("quantity")
            if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
                raise _invalid("quantity must be a whole number of at least 1")
            price, discount = _money(item, "price"), _money(item, "discount")
            extended = line_extended_amount(price, discount, quantity)
            if "extended_amount" in item and _money(item, "extended_amount").quantize(CENT) != extended:
                raise _invalid(f"line {number}: extended_amount must equal (price - discount) * quantity")
            lines.append(
                {
                    "line_no": number,
                    "item": str(item["item"]),
                    "description": str(item.get("description", "")),
                    "quantity": quantity,
                    "price": price,
                    "discount": discount,
                    "addl_discount": _money(item, "addl_discount"),
                    "tax": _money(item, "tax"),
                    "shipping_surcharge": _money(item, "shipping_surcharge"),
                    "extended_amount": extended,
                }
            )
        header_discount = _money(raw, "order_discount") - sum((line["addl_discount"] for line in lines), Decimal(0))
        totals = order_totals(lines, _money(raw, "shipping_handling"), max(header_discount, Decimal(0)))
        if "sales_tax" in raw:
            sales_tax = _money(raw, "sales_tax").quantize(CENT)
            # "If tax is set on Order Line this must match the sum of all order line tax fields."
            if any(line["tax"] for line in lines) and sales_tax != totals["sales_tax"]:
                raise _invalid("sales_tax must match the sum of the order line tax fields")
            totals["sales_tax"] = sales_tax
            totals["grand_total"] = (
                totals["sub_total"] + sales_tax + totals["shipping_handling"] - totals["order_discount"]
            )
        for name in ("sub_total", "grand_total"):
            if name in raw and _money(raw, name).quantize(CENT) != totals[name]:
                raise _invalid(f"{name} does not match the order lines (see Order Charge Field Definitions)")
        now = datetime.fromtimestamp(state.clock(), UTC)
        order_date = _timestamp(str(raw["order_date"]), "order_date") if raw.get("order_date") else now
        order = {key: value for key, value in raw.items() if key.startswith("ship_") or key == "cust_po_no"}
        order.update(
            cust_ref=ref,
            order_date=iso(order_date),
            updated_at=iso(now),
            order_status="new",
            tracking_no=None,
            items=lines,
            **totals,
        )
        created.append(order)
    for order in created:
        state.data["orders"][order["cust_ref"]] = order
    return _ok([{"cust_ref": order["cust_ref"], "order_status": "new"} for order in created])


async def orders_cancel(request: web.Request) -> web.Response:
    """``[{cust_ref}]`` as cartrover-php Orders.php CancelOrder sends; only orders still ``new`` cancel."""
    body = await _json(request)
    if not isinstance(body, list) or not body or not all(isinstance(row, dict) and row.get("cust_ref") for row in body):
        raise _invalid("Submit a list of {cust_ref}")
    orders = request.app[STATE].data["orders"]
    for row in body:
        order = orders.get(str(row["cust_ref"]))
        if order is None:
            raise _invalid(f"Order not found: {row['cust_ref']}", 404)
        if order["order_status"] not in ("new", "canceled"):
            raise CartRoverError(409, "Failure", f"Order {order['cust_ref']} can no longer be canceled")
    for row in body:
        orders[str(row["cust_ref"])]["order_status"] = "canceled"
    return _ok(True)


async def inventory_list(request: web.Request) -> web.Response:
    limit, page = _paging(request)
    rows = [request.app[STATE].data["products"][sku] for sku in sorted(request.app[STATE].data["products"])]
    return _ok(rows[(page - 1) * limit : page * limit])


async def inventory_get(request: web.Request) -> web.Response:
    product = request.app[STATE].data["products"].get(request.match_info["sku"])
    if product is None:
        raise _invalid("Product not found", 404)
    return _ok(product)


async def inventory_update(request: web.Request) -> web.Response:
    """ASSUMED endpoint: ``[{sku, qty_available}]``, all checked before any is changed."""
    body = await _json(request)
    products = request.app[STATE].data["products"]
    if not isinstance(body, list) or not body:
        raise _invalid("Submit a list of {sku, qty_available}")
    for row in body:
        if not isinstance(row, dict) or row.get("sku") not in products:
            raise _invalid(f"Unknown sku: {row.get('sku') if isinstance(row, dict) else row}")
        qty = row.get("qty_available")
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 0:
            raise _invalid("qty_available must be a whole number of 0 or more")
    now = iso(datetime.fromtimestamp(request.app[STATE].clock(), UTC))
    for row in body:
        products[row["sku"]].update(qty_available=row["qty_available"], updated_at=now)
    return _ok([products[row["sku"]] for row in body])


def create_app(state: CartRoverState | None = None) -> web.Application:
    app = web.Application(middlewares=[_middleware])
    app[STATE] = state or CartRoverState()
    app.add_routes(
        [
            web.post("/v1/cart/orders/cartrover", orders_create),
            web.post("/v1/cart/orders/cancel/cartrover", orders_cancel),
            web.get("/v1/cart/orders/status/{ref}", order_status_get),
            web.get("/v1/cart/orders/{ref}", order_get),
            web.get("/v1/merchant/orders/list/{status}", orders_list),
            web.get("/v1/merchant/orders/status/{ref}", order_status_get),
            web.post("/v1/merchant/orders/status/{ref}", order_status_set),
            web.get("/v1/merchant/orders/{ref}", order_get),
            web.get("/v1/merchant/inventory", inventory_list),
            web.post("/v1/merchant/inventory", inventory_update),
            web.get("/v1/merchant/inventory/{sku}", inventory_get),
        ]
    )
    return app
