"""The three OpenCart API dialects as data, and how to read their answers: pure functions, no I/O.

docs/platforms/opencart-rest-dialects.md is the source (read from opencart/opencart at tags 3.0.3.8, 4.0.2.3
and 4.1.0.4). Each checkout step has one route per dialect; 3.x and 4.0 carry a session ``api_token`` from a
login, 4.1 signs every call of ``route=api/order&call=...``. Answers are sorted here into what the connector
acts on: a JSON body, a refused session (renew the token once), a refused login (bad key or IP), or a sign
that the shop runs another dialect (detect again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "CALLS_41",
    "DIALECTS",
    "LOGIN_ROUTES",
    "ROUTES",
    "Answer",
    "Dialect",
    "Step",
    "error_text",
    "refused_ip",
    "session_refused",
]

Dialect = Literal["3.x", "4.0", "4.1"]
DIALECTS: tuple[Dialect, ...] = ("3.x", "4.0", "4.1")
Step = Literal[
    "customer", "cart_add", "cart", "payment_address", "shipping_address", "shipping_methods",
    "shipping_method", "payment_methods", "payment_method", "confirm", "history",
]  # fmt: skip

LOGIN_ROUTES: dict[Dialect, str] = {"3.x": "api/login", "4.0": "api/account/login"}

ROUTES: dict[Dialect, dict[Step, str]] = {
    # 3.0.3.8 upload/catalog/controller/api/*.php; history takes order_id in the query
    "3.x": {
        "customer": "api/customer", "cart_add": "api/cart/add", "cart": "api/cart/products",
        "payment_address": "api/payment/address", "shipping_address": "api/shipping/address",
        "shipping_methods": "api/shipping/methods", "shipping_method": "api/shipping/method",
        "payment_methods": "api/payment/methods", "payment_method": "api/payment/method",
        "confirm": "api/order/add", "history": "api/order/history",
    },
    # 4.0.2.3 upload/catalog/controller/api/sale/*.php (methods after a dot)
    "4.0": {
        "customer": "api/sale/customer", "cart_add": "api/sale/cart.add", "cart": "api/sale/cart",
        "payment_address": "api/sale/payment_address", "shipping_address": "api/sale/shipping_address",
        "shipping_methods": "api/sale/shipping_method", "shipping_method": "api/sale/shipping_method.save",
        "payment_methods": "api/sale/payment_method", "payment_method": "api/sale/payment_method.save",
        "confirm": "api/sale/order.confirm", "history": "api/sale/order.addHistory",
    },
}  # fmt: skip

# 4.1.0.4 upload/catalog/controller/api/order.php: one route, the step in ``call``
CALLS_41: dict[Step, str] = {
    "customer": "customer", "cart_add": "product_add", "cart": "cart", "payment_address": "payment_address",
    "shipping_address": "shipping_address", "shipping_methods": "shipping_methods",
    "shipping_method": "shipping_method", "payment_methods": "payment_methods", "payment_method": "payment_method",
    "confirm": "confirm", "history": "history_add",
}  # fmt: skip

# en-gb texts of 3.0.3.8 (api/*.php "error_permission"): a session that died or never was
_PERMISSION_3 = re.compile(r"permission to access the API", re.IGNORECASE)
_IP = re.compile(r"(?<![\w.:])((?:\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7})(?![\w.:])")


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP answer of the shop: its status and its JSON body, or ``html`` when the body is not JSON."""

    status: int
    body: Any = None
    html: bool = False
    # the shop's clock minus ours, from its Date header (seconds); None without one
    clock_skew: float | None = None

    @property
    def forbidden(self) -> bool:
        """403: what 4.1 answers to an unsigned call, a bad signature, key, IP or clock."""
        return self.status == 403

    @property
    def not_found(self) -> bool:
        """An HTML 404 page: no such route in this dialect, or 4.0's answer to a dead token."""
        return self.status == 404 or (self.html and self.status >= 400)


def error_text(body: Any) -> str | None:
    """The ``error`` of an answer as one line (nested field errors joined), or None when it has none."""
    if not isinstance(body, dict) or "error" not in body or body["error"] in (None, "", {}, []):
        return None
    error = body["error"]
    if isinstance(error, dict):
        return "; ".join(f"{key}: {value}" for key, value in error.items() if value)
    return str(error)


def session_refused(dialect: Dialect, answer: Answer) -> bool:
    """The shop did not accept the session token: 3.x answers its permission error (200), 4.0 an HTML 404.

    A 3.x shop upgraded to 4.0 also answers HTML 404 to the old routes; the renewed login then tells.
    """
    if answer.not_found:
        return True
    if dialect == "3.x":
        # string in most 3.0.3.8 controllers, {"warning": ...} in api/cart.php and a few others
        error = answer.body.get("error") if isinstance(answer.body, dict) else None
        texts = error.values() if isinstance(error, dict) else [error]
        return any(isinstance(text, str) and _PERMISSION_3.search(text) for text in texts)
    return False


def refused_ip(body: Any) -> str | None:
    """The caller's IP address when a login answer is the allow-list refusal, else None.

    3.x answers ``{"error": {"ip": "...Your IP 1.2.3.4 is not allowed...", "key": ...}}``; 4.0 the same text as
    a string. The address is the one the shop saw, whatever the shop's language.
    """
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        error = error.get("ip")
    if not isinstance(error, str):
        return None
    match = _IP.search(error)
    return match.group(1) if match else None
