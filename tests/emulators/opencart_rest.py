"""OpenCart REST API emulator: the seed's session flow (../shared/seeds/opencart-rest-api.txt) in the three
dialects real shops speak, each with its own auth, routes and error answers as that version's code gives them.

- "3.0" (tag 3.0.3.8): ``route=api/login`` (upload/catalog/controller/api/login.php) returns ``api_token`` (a
  session id); every call carries ``api_token`` in the query; sessions die one hour after their last use
  (startup/session.php: ``TIMESTAMPADD(HOUR, 1, date_modified) < NOW()``) and need the caller's IP in the
  allow-list on every call. Without a live session each controller answers HTTP 200
  ``{"error": "Warning: You do not have permission to access the API!"}``. Bad credentials answer ``[]``
  (login.php only fills ``$json`` when the key matched), a refused IP ``{"error": {"ip": ..., "key": ...}}``.
- "4.0" (tag 4.0.2.3): ``route=api/account/login`` (api/account/login.php) with ``{"error": "Warning: Incorrect API
  Key!"}`` or the IP message; calls under ``api/sale/...`` with ``.method`` suffixes. A missing or expired token
  makes startup/api.php return ``Action('error/permission')``, a controller that does not exist in the 4.0.2.3
  catalog, so the framework falls back to ``error/not_found``: an HTML page with status 404.
- "4.1" (tag 4.1.0.4): no login. Only ``route=api/order`` and ``route=api/subscription`` exist; each request is
  signed (startup/api.php): HMAC-SHA1 keyed with the API key over route, call, username, HTTP host, script
  directory, store_id, language, currency, md5 of the form body and a Unix time within 450 s; anything else is
  403 ``{"error": "You do not have permission to access this page."}``. Nothing persists between calls: every
  call posts the customer, products, addresses and methods again (api/order.php loads each controller).
The seed's own statement that a failed login answers 400 disagrees with the code of all three tags (200), and
the code is what shops run; docs/platforms/opencart-rest-dialects.md says so.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

from tests.emulators import opencart_checkout as checkout
from tests.emulators.common import Clock, system_clock
from tests.emulators.opencart_data import Record, php_clean, php_form, seed, sign, signature_base

Dialect = Literal["3.0", "4.0", "4.1"]
DEFAULT_KEY = "k" * 8 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"  # 64 characters, like OpenCart's
PERMISSION_3 = "Warning: You do not have permission to access the API!"
PERMISSION_41 = "You do not have permission to access this page."
NOT_FOUND_HTML = (
    "<html><head><title>The page you requested cannot be found!</title></head><body>"
    "<h1>The page you requested cannot be found!</h1><p>The page you requested cannot be found.</p></body></html>"
)


@dataclass
class ApiSession:
    api_user: str
    last_used: float
    data: Record = field(default_factory=dict)


@dataclass
class OpenCartState:
    dialect: Dialect = "4.0"
    api_users: dict[str, str] = field(default_factory=lambda: {"Default": DEFAULT_KEY})
    allowed_ips: set[str] = field(default_factory=lambda: {"127.0.0.1"})
    clock: Clock = system_clock
    session_ttl: float = 3600.0
    script_path: str = "/index.php"  # a shop in a sub-folder would be "/shop/index.php"
    data: dict[str, dict[int, Record]] = field(default_factory=seed)
    sessions: dict[str, ApiSession] = field(default_factory=dict)
    logins: int = 0
    calls: list[str] = field(default_factory=list)  # "route" or "route&call=..." of every request, in order


STATE = web.AppKey("opencart_state", OpenCartState)


def _json(body: Any, status: int = 200) -> web.Response:
    return web.json_response(body, status=status)


def _not_found() -> web.Response:
    return web.Response(text=NOT_FOUND_HTML, status=404, content_type="text/html")


def _live_session(state: OpenCartState, token: str, ip: str) -> ApiSession | None:
    now = state.clock()
    for stale in [key for key, session in state.sessions.items() if session.last_used + state.session_ttl < now]:
        del state.sessions[stale]
    session = state.sessions.get(token)
    if session is None or ip not in state.allowed_ips:
        return None
    session.last_used = now  # "keep the session alive"
    return session


def _login(state: OpenCartState, post: Record, ip: str, version: Dialect) -> web.Response:
    username = str(post.get("username", ""))
    if version == "3.0" and not username and "key" in post:
        username = "Default"  # 3.0.3.8 login.php: a key alone logs in as "Default"
    expected = state.api_users.get(username)
    valid = expected is not None and hmac.compare_digest(expected.encode(), str(post.get("key", "")).encode())
    ip_error = f"Warning: Your IP {ip} is not allowed to access this API!"
    if version == "3.0":
        if not valid:
            return _json([])
        if ip not in state.allowed_ips:
            return _json({"error": {"ip": ip_error, "key": "Warning: Incorrect API Key!"}})
    else:
        if not valid:
            return _json({"error": "Warning: Incorrect API Key!"})
        if ip not in state.allowed_ips:
            return _json({"error": ip_error})
    token = secrets.token_hex(13)
    state.sessions[token] = ApiSession(username, state.clock())
    state.logins += 1
    return _json({"success": "Success: API session successfully started!", "api_token": token})


def _address_fields(post: Record, prefix: str) -> Record:
    return {name[len(prefix) :]: value for name, value in post.items() if name.startswith(prefix)}


def _cart_view(session: Record, data: Record, with_shipping_flag: bool) -> Record:
    view: Record = {
        "products": checkout.cart_products(session, data),
        "vouchers": [],
        "totals": checkout.totals(session, data),
    }
    if with_shipping_flag:
        view["shipping_required"] = checkout.has_shipping(session, data)
    return view


def _cart_view_3(session: Record, data: Record) -> Record:
    """3.0.3.8 api/cart.php products(): each total is ``['title' => ..., 'text' => $this->currency->format(
    $total['value'], ...)]``, no value and no code (the seed's CartTotal with ``value`` is 4.0's)."""
    view = _cart_view(session, data, False)
    view["totals"] = [{"title": row["title"], "text": row["text"]} for row in view["totals"]]
    return view


def _products_from(post: Record) -> list[Record]:
    products = post.get("product")
    if isinstance(products, dict):
        return [row for row in products.values() if isinstance(row, dict)]
    if "product_id" in post:
        return [{"product_id": post["product_id"], "quantity": post.get("quantity", "1")}]
    return []


def _add_products(session: Record, post: Record, data: Record, messages: checkout.Messages) -> Record:
    result: Record = {}
    for row in _products_from(post):
        outcome = checkout.add_product(session, row.get("product_id"), row.get("quantity", "1"), data, messages)
        result = outcome if "error" in outcome else result or outcome
    return result or {"error": {"warning": messages.product_missing}}


ROUTES_3 = frozenset({
    "api/customer", "api/cart/add", "api/cart/products", "api/payment/address", "api/shipping/address",
    "api/shipping/methods", "api/shipping/method", "api/payment/methods", "api/payment/method", "api/order/add",
    "api/order/history",
})  # fmt: skip


def _v3(state: OpenCartState, route: str, query: Record, post: Record, session: Record) -> web.Response:
    data, msg = state.data, checkout.MESSAGES_3
    handlers: dict[str, Any] = {
        "api/customer": lambda: checkout.set_customer(session, post, data),
        "api/cart/add": lambda: _add_products(session, post, data, msg),
        "api/cart/products": lambda: _cart_view_3(session, data),
        "api/payment/address": lambda: checkout.set_address(session, "payment", post, ""),
        "api/shipping/address": lambda: checkout.set_address(session, "shipping", post, ""),
        "api/shipping/methods": lambda: checkout.shipping_methods(session, data),
        "api/shipping/method": lambda: checkout.choose_shipping(
            session, checkout.SHIPPING_METHODS.get(str(post.get("shipping_method", ""))), data
        ),
        "api/payment/methods": lambda: checkout.payment_methods(session, data),
        "api/payment/method": lambda: checkout.choose_payment(
            session, checkout.PAYMENT_METHODS.get(str(post.get("payment_method", "")))
        ),
        "api/order/add": lambda: checkout.confirm(session, post, data, msg),
        "api/order/history": lambda: checkout.add_history(query.get("order_id"), post, data, msg),
    }
    handler = handlers.get(route)
    return _not_found() if handler is None else _json(handler())


def _v40(state: OpenCartState, route: str, post: Record, session: Record) -> web.Response:
    data, msg = state.data, checkout.MESSAGES_4
    handlers: dict[str, Any] = {
        "api/sale/customer": lambda: checkout.set_customer(session, post, data),
        "api/sale/cart.add": lambda: _add_products(session, post, data, msg),
        "api/sale/cart": lambda: _cart_view(session, data, True),
        "api/sale/payment_address": lambda: checkout.set_address(session, "payment", post, ""),
        "api/sale/shipping_address": lambda: checkout.set_address(session, "shipping", post, ""),
        "api/sale/shipping_method": lambda: checkout.shipping_methods(session, data),
        "api/sale/shipping_method.save": lambda: checkout.choose_shipping(
            session, checkout.SHIPPING_METHODS.get(str(post.get("shipping_method", ""))), data
        ),
        "api/sale/payment_method": lambda: checkout.payment_methods(session, data),
        "api/sale/payment_method.save": lambda: checkout.choose_payment(
            session, checkout.PAYMENT_METHODS.get(str(post.get("payment_method", "")))
        ),
        "api/sale/order.confirm": lambda: checkout.confirm(session, post, data, msg),
        "api/sale/order.addHistory": lambda: checkout.add_history(post.get("order_id"), post, data, msg),
    }
    handler = handlers.get(route)
    return _not_found() if handler is None else _json(handler())


def _verify_41(state: OpenCartState, request: web.Request, query: Record, post: Record) -> bool:
    required = ("route", "call", "username", "store_id", "language", "currency", "time", "signature")
    if any(name not in query for name in required):
        return False
    key = state.api_users.get(str(query["username"]))
    if key is None or request.remote not in state.allowed_ips:
        return False
    try:
        stamp, store_id = int(query["time"]), int(query["store_id"])
    except ValueError:
        return False
    now = int(state.clock())
    if not now - 450 <= stamp <= now + 450:
        return False
    directory = state.script_path.rsplit("/", 1)[0]
    base = signature_base(
        route=str(query["route"]),
        call=str(query["call"]),
        username=str(query["username"]),
        host=request.headers.get("Host", ""),
        path=directory.rstrip("/") + "/",
        store_id=store_id,
        language=str(query["language"]),
        currency=str(query["currency"]),
        post=post,
        time=stamp,
    )
    return hmac.compare_digest(sign(key, base).encode(), str(query["signature"]).encode())


def _v41(state: OpenCartState, call: str, post: Record) -> Record:
    """api/order.php (4.1.0.4): each call loads customer, cart, addresses and methods from this request's POST."""
    data, msg, session = state.data, checkout.MESSAGES_4, {}
    steps: Record = {}
    if "firstname" in post or "customer_id" in post:
        steps["customer"] = checkout.set_customer(session, post, data)
    if call != "product_add" and _products_from(post):
        steps["cart"] = _add_products(session, post, data, msg)
        if "error" in steps["cart"] and call not in ("customer", "payment_address", "history_add"):
            return steps["cart"]
    for kind in ("payment", "shipping"):
        if f"{kind}_firstname" in post:
            steps[kind] = checkout.set_address(session, kind, _address_fields(post, f"{kind}_"), f"{kind}_")
    method = post.get("shipping_method")
    if isinstance(method, dict) and all(method.get(name) for name in ("name", "code", "cost", "tax_class_id")):
        chosen = {
            "name": method["name"],
            "code": method["code"],
            "cost": float(method["cost"]),
            "tax_class_id": int(method["tax_class_id"]),
        }
        steps["shipping_method"] = checkout.choose_shipping(session, chosen, data)
    elif call == "shipping_method":
        steps["shipping_method"] = {"error": "Warning: Shipping method required!"}
    payment = post.get("payment_method")
    if isinstance(payment, dict) and payment.get("name") and payment.get("code"):
        steps["payment_method"] = checkout.choose_payment(session, {"name": payment["name"], "code": payment["code"]})
    elif call == "payment_method":
        steps["payment_method"] = {"error": "Warning: Payment method required!"}
    cart_view = {**_cart_view(session, data, True)}
    cart_view.pop("vouchers")
    answers: dict[str, Any] = {
        "customer": lambda: steps.get("customer", checkout.set_customer(session, post, data)),
        "cart": lambda: cart_view,
        "product_add": lambda: {**_add_products(session, post, data, msg), **_cart_view(session, data, True)},
        "payment_address": lambda: steps.get("payment", checkout.set_address(session, "payment", {}, "payment_")),
        "shipping_address": lambda: steps.get("shipping", checkout.set_address(session, "shipping", {}, "shipping_")),
        "shipping_methods": lambda: checkout.shipping_methods(session, data),
        "shipping_method": lambda: {**steps["shipping_method"], **cart_view},
        "payment_methods": lambda: checkout.payment_methods(session, data),
        "payment_method": lambda: {**steps["payment_method"], **cart_view},
        "confirm": lambda: {**checkout.confirm(session, post, data, msg), **_cart_view(session, data, True)},
        "history_add": lambda: checkout.add_history(post.get("order_id"), post, data, msg),
    }
    answer = answers.get(call)
    return {"error": "API call not found"} if answer is None else dict(answer())


async def _index(request: web.Request) -> web.Response:
    state = request.app[STATE]
    query: Record = php_clean(dict(request.query))
    post: Record = php_clean(php_form((await request.post()).items())) if request.method == "POST" else {}
    route = str(query.get("route", "")).lower() if state.dialect == "4.1" else str(query.get("route", ""))
    ip = request.remote or ""
    state.calls.append(route + (f"&call={query['call']}" if "call" in query else ""))
    if not route.startswith("api/"):
        return _not_found()
    if state.dialect == "4.1":
        if route not in ("api/order", "api/subscription") or not _verify_41(state, request, query, post):
            return _json({"error": PERMISSION_41}, status=403)
        if route == "api/subscription":
            return _json({"error": "API call not found"})  # subscriptions: not emulated (see the docs)
        return _json(_v41(state, str(query["call"]), post))
    login_route = "api/login" if state.dialect == "3.0" else "api/account/login"
    if route == login_route:
        return _login(state, post, ip, state.dialect)
    if state.dialect == "3.0" and route not in ROUTES_3:
        # 3.0.3.8 checks the session inside each api controller; a route with no controller is the router's
        # action_error (error/not_found) before any check, so "unknown call" is an HTML 404 as the doc says
        return _not_found()
    session = _live_session(state, str(query.get("api_token", "")), ip)
    if session is None:
        return _json({"error": PERMISSION_3}) if state.dialect == "3.0" else _not_found()
    if state.dialect == "3.0":
        return _v3(state, route, query, post, session.data)
    return _v40(state, route, post, session.data)


def create_app(state: OpenCartState | None = None) -> web.Application:
    app = web.Application()
    app[STATE] = state or OpenCartState()
    app.router.add_route("*", app[STATE].script_path, _index)
    return app
