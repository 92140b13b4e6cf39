"""Seed data and PHP-compatible helpers for the OpenCart REST API emulator.

The catalogue (products, countries/zones, customers, past orders) is our choice of realistic data;
the seed document (../shared/seeds/opencart-rest-api.txt) only gives example ids (product 28,
country 223, zone 3635, tax class 9), which exist here. No tax is charged (our simplification): totals
are Sub-Total + shipping = Total, each as OpenCart's ``{title, text, value}``.

``php_form`` and ``http_build_query`` mirror what PHP does with a form body, because OpenCart 4.1's
signature hashes ``md5(http_build_query($this->request->post))`` (upload/catalog/controller/startup/api.php,
tag 4.1.0.4).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote_plus

Record = dict[str, Any]

COUNTRIES: dict[int, Record] = {
    223: {
        "country_id": 223,
        "name": "United States",
        "iso_code_2": "US",
        "iso_code_3": "USA",
        "postcode_required": False,
        "zones": {3624: ("California", "CA"), 3635: ("Florida", "FL"), 3655: ("New York", "NY")},
    },
    222: {
        "country_id": 222,
        "name": "United Kingdom",
        "iso_code_2": "GB",
        "iso_code_3": "GBR",
        "postcode_required": True,
        "zones": {3563: ("Greater London", "LND"), 3608: ("West Midlands", "WMD")},
    },
}
CUSTOMER_GROUPS = {1: "Default", 2: "Wholesale"}
SHIPPING_METHODS = {
    "flat.flat": {"code": "flat.flat", "name": "Flat Shipping Rate", "cost": 5.0, "tax_class_id": 9},
    "pickup.pickup": {"code": "pickup.pickup", "name": "Pickup From Store", "cost": 0.0, "tax_class_id": 0},
}
PAYMENT_METHODS = {
    "cod": {"code": "cod", "name": "Cash On Delivery", "sort_order": 1},
    "bank_transfer": {"code": "bank_transfer", "name": "Bank Transfer", "sort_order": 2},
}
_NAMES = ("Canvas Sneaker", "Steel Watch", "Leather Wallet", "Silk Scarf", "Desk Organizer", "Travel Mug", "Hoodie")


def money_text(value: float) -> str:
    return f"${value:,.2f}"


def seed(
    *, products: int = 250, customers: int = 120, orders: int = 300, rng_seed: int = 5
) -> dict[str, dict[int, Record]]:
    """Products (ids from 28, like OpenCart's demo data), customers and past orders; deterministic."""
    rng = random.Random(rng_seed)
    product_rows: dict[int, Record] = {}
    for product_id in range(28, 28 + products):
        product_rows[product_id] = {
            "product_id": product_id,
            "name": f"{_NAMES[product_id % len(_NAMES)]} {product_id}",
            "model": f"Product {product_id}",
            "price": round(rng.uniform(5, 400), 2),
            "quantity": rng.randint(0, 80),
            "minimum": 1,
            "shipping": product_id % 17 != 0,  # some are downloads
            "status": 1,
        }
    customer_rows: dict[int, Record] = {}
    for customer_id in range(1, customers + 1):
        customer_rows[customer_id] = {
            "customer_id": customer_id,
            "customer_group_id": 1 + customer_id % 2,
            "firstname": f"Customer{customer_id}",
            "lastname": "Example",
            "email": f"customer{customer_id}@example.com",
            "telephone": f"555-01{customer_id:02d}",
        }
    order_rows: dict[int, Record] = {}
    for order_id in range(1, orders + 1):
        order_rows[order_id] = {
            "order_id": order_id,
            "customer_id": 1 + order_id % customers,
            "order_status_id": rng.choice((1, 2, 5)),
            "total": round(rng.uniform(10, 900), 2),
            "history": [],
        }
    return {"products": product_rows, "customers": customer_rows, "orders": order_rows}


# ---------------------------------------------------------------- PHP form semantics

_KEY = re.compile(r"^([^\[]+)((?:\[[^\]]*\])*)$")


def php_form(pairs: Iterable[tuple[str, str]]) -> Record:
    """Build what PHP puts in ``$_POST`` from ``a[b][]=c`` style fields (arrays keep insertion order)."""
    result: Record = {}
    for raw_key, value in pairs:
        match = _KEY.match(raw_key)
        if not match:
            result[raw_key] = value
            continue
        name, brackets = match.group(1), re.findall(r"\[([^\]]*)\]", match.group(2))
        target: Record = result
        keys = [name, *brackets]
        for depth, key in enumerate(keys):
            last = depth == len(keys) - 1
            if key == "":  # "[]": append with the next integer key, as PHP does
                key = str(sum(1 for existing in target if existing.isdigit()))
            if last:
                target[key] = value
            else:
                child = target.get(key)
                if not isinstance(child, dict):
                    child = target[key] = {}
                target = child
    return result


def php_clean(data: Any) -> Any:
    """OpenCart's Request::clean (upload/system/library/request.php, 4.1.0.4): keys and values go through
    ``trim(htmlspecialchars($v, ENT_COMPAT, 'UTF-8'))`` before any controller (or the signature) sees them."""
    if isinstance(data, dict):
        return {php_clean(key): php_clean(value) for key, value in data.items()}
    text = str(data).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return text.strip(" \t\n\r\0\x0b")


def _php_urlencode(text: str) -> str:
    # PHP urlencode (RFC 1738): space as "+", and "~" encoded, unlike Python's quote_plus.
    return quote_plus(text, safe="").replace("~", "%7E")


def http_build_query(data: Record, prefix: str = "") -> str:
    """PHP's ``http_build_query($array)`` with its defaults (``&`` separator, RFC 1738 encoding)."""
    parts: list[str] = []
    for key, value in data.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, dict):
            nested = http_build_query(value, name)
            if nested:
                parts.append(nested)
        else:
            parts.append(f"{_php_urlencode(name)}={_php_urlencode(str(value))}")
    return "&".join(parts)


def signature_base(
    *,
    route: str,
    call: str,
    username: str,
    host: str,
    path: str,
    store_id: int,
    language: str,
    currency: str,
    post: Record,
    time: int,
) -> str:
    """The string OpenCart 4.1.0.4 signs (upload/catalog/controller/startup/api.php), one field per line."""
    body_hash = hashlib.md5(http_build_query(post).encode(), usedforsecurity=False).hexdigest()
    return "".join(
        f"{part}\n" for part in (route, call, username, host, path, store_id, language, currency, body_hash, time)
    )


def sign(key: str, base: str) -> str:
    """``base64_encode(hash_hmac('sha1', $string, $api_info['key'], true))``."""
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
