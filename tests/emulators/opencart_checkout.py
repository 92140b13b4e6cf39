"""The checkout flow every OpenCart API dialect drives: customer, cart, addresses, methods, confirm, history.

One engine, three front ends (see opencart_rest.py). Each step reads the POSTed fields and writes the
session, answering ``{"success": ...}`` or ``{"error": ...}`` the way the controllers do. Messages are the
en-gb language files of each tag (upload/catalog/language/en-gb/api/...); the few that differ between
3.0.3.8 and 4.x are passed in ``Messages``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tests.emulators.opencart_data import (
    COUNTRIES,
    CUSTOMER_GROUPS,
    PAYMENT_METHODS,
    SHIPPING_METHODS,
    Record,
    money_text,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Messages:
    customer_required: str  # 3.0.3.8 api/order: "...needs to be set!", 4.x: "...required!"
    product_missing: str
    text_order: str = "Success: You have modified orders!"
    order_not_found: str = "Warning: Order could not be found!"


MESSAGES_3 = Messages(
    "Warning: Customer details needs to be set!", "Product can not be bought from the store you have choosen!"
)
MESSAGES_4 = Messages("Warning: Customer details required!", "Warning: Product could not be found!")


def _length(value: Any, low: int, high: int) -> bool:
    return low <= len(str(value or "")) <= high


def set_customer(session: Record, post: Record, data: Record) -> Record:
    """api/customer: customer_id (0 = guest), customer_group_id, firstname, lastname, email, telephone."""
    errors: Record = {}
    customer_id = int(post.get("customer_id") or 0)
    if customer_id and customer_id not in data["customers"]:
        errors["warning"] = "Warning: Customer could not be found!"
    if int(post.get("customer_group_id") or 0) not in CUSTOMER_GROUPS:
        errors["customer_group"] = "Customer Group does not appear to be valid!"
    if not _length(post.get("firstname"), 1, 32):
        errors["firstname"] = "First Name must be between 1 and 32 characters!"
    if not _length(post.get("lastname"), 1, 32):
        errors["lastname"] = "Last Name must be between 1 and 32 characters!"
    if not _EMAIL.match(str(post.get("email", ""))):
        errors["email"] = "E-Mail Address does not appear to be valid!"
    if post.get("telephone") and not _length(post.get("telephone"), 3, 32):
        errors["telephone"] = "Telephone must be between 3 and 32 characters!"
    if errors:
        return {"error": errors}
    session["customer"] = {
        "customer_id": customer_id,
        "customer_group_id": int(post["customer_group_id"]),
        "firstname": post["firstname"],
        "lastname": post["lastname"],
        "email": post["email"],
        "telephone": post.get("telephone", ""),
    }
    return {"success": "You have successfully modified customers"}


def add_product(session: Record, product_id: Any, quantity: Any, data: Record, messages: Messages) -> Record:
    try:
        pid, qty = int(product_id or 0), int(quantity or 1)
    except ValueError:
        return {"error": {"warning": messages.product_missing}}
    if pid not in data["products"] or qty < 1:
        return {"error": {"warning": messages.product_missing}}
    cart = session.setdefault("cart", {})
    cart[pid] = cart.get(pid, 0) + qty
    return {"success": "Success: You have modified your shopping cart!"}


def cart_products(session: Record, data: Record) -> list[Record]:
    rows = []
    for number, (pid, qty) in enumerate(session.get("cart", {}).items(), start=1):
        product = data["products"][pid]
        rows.append(
            {
                "cart_id": str(number),
                "product_id": pid,
                "name": product["name"],
                "model": product["model"],
                "option": [],
                "subscription": "",
                "quantity": qty,
                "stock": product["quantity"] >= qty,
                "price": money_text(product["price"]),
                "total": money_text(product["price"] * qty),
            }
        )
    return rows


def has_shipping(session: Record, data: Record) -> bool:
    return any(data["products"][pid]["shipping"] for pid in session.get("cart", {}))


def totals(session: Record, data: Record) -> list[Record]:
    sub_total = sum(data["products"][pid]["price"] * qty for pid, qty in session.get("cart", {}).items())
    rows = [{"code": "sub_total", "title": "Sub-Total", "value": round(sub_total, 2)}]
    method = session.get("shipping_method")
    if method and has_shipping(session, data):
        rows.append({"code": "shipping", "title": method["name"], "value": float(method["cost"])})
    rows.append({"code": "total", "title": "Total", "value": round(sum(row["value"] for row in rows), 2)})
    return [dict(row, text=money_text(row["value"])) for row in rows]


def set_address(session: Record, kind: str, fields: Record, error_prefix: str) -> Record:
    """api/payment_address or api/shipping_address; ``fields`` holds unprefixed names, ``error_prefix``
    is "" (3.x, 4.0) or "payment_"/"shipping_" (4.1 names its error keys after the posted fields)."""
    errors: Record = {}
    checks = (
        ("firstname", 1, 32, "First Name must be between 1 and 32 characters!"),
        ("lastname", 1, 32, "Last Name must be between 1 and 32 characters!"),
        ("address_1", 3, 128, "Address 1 must be between 3 and 128 characters!"),
        ("city", 2, 128, "City must be between 3 and 128 characters!"),
    )
    for name, low, high, message in checks:
        if not _length(fields.get(name), low, high):
            errors[error_prefix + name] = message
    country = COUNTRIES.get(int(fields.get("country_id") or 0))
    if country is None:
        errors[error_prefix + "country"] = "Please select a country!"
    elif int(fields.get("zone_id") or 0) not in country["zones"]:
        errors[error_prefix + "zone"] = "Please select a region / state!"
    if country and country["postcode_required"] and not _length(fields.get("postcode"), 2, 10):
        errors[error_prefix + "postcode"] = "Postcode must be between 2 and 10 characters for this country!"
    if errors:
        return {"error": errors}
    assert country is not None
    zone_name, zone_code = country["zones"][int(fields["zone_id"])]
    session[f"{kind}_address"] = {
        "address_id": int(fields.get("address_id") or 0),
        "firstname": fields["firstname"],
        "lastname": fields["lastname"],
        "company": fields.get("company", ""),
        "address_1": fields["address_1"],
        "address_2": fields.get("address_2", ""),
        "postcode": fields.get("postcode", ""),
        "city": fields["city"],
        "zone_id": int(fields["zone_id"]),
        "zone": zone_name,
        "zone_code": zone_code,
        "country_id": country["country_id"],
        "country": country["name"],
        "iso_code_2": country["iso_code_2"],
        "iso_code_3": country["iso_code_3"],
        "address_format": "",
        "custom_field": {},
    }
    return {"success": f"Success: {kind.title()} address has been set!"}


def shipping_methods(session: Record, data: Record) -> Record:
    if "customer" not in session:
        return {"error": "Warning: Customer details required!"}
    if not has_shipping(session, data):
        return {"error": "Warning: There are no products that require shipping"}
    if "shipping_address" not in session:
        return {"error": "Warning: Shipping address required!"}
    quotes: Record = {}
    for sort_order, method in enumerate(SHIPPING_METHODS.values(), start=1):
        group, _, code = method["code"].partition(".")
        quotes[group] = {
            "title": method["name"],
            "sort_order": sort_order,
            "error": False,
            "quote": {code: dict(method, text=money_text(method["cost"]))},
        }
    return {"shipping_methods": quotes}


def choose_shipping(session: Record, method: Record | None, data: Record) -> Record:
    if method is None:
        return {"error": "Warning: Shipping method required!"}
    if "customer" not in session:
        return {"error": "Warning: Customer details required!"}
    if "shipping_address" not in session:
        return {"error": "Warning: Shipping address required!"}
    session["shipping_method"] = method
    return {"success": "Success: Shipping method has been set!"}


def payment_methods(session: Record, data: Record) -> Record:
    if "customer" not in session:
        return {"error": "Warning: Customer details required!"}
    if not session.get("cart"):
        return {"error": "Warning: Products required!"}
    if has_shipping(session, data) and "shipping_method" not in session:
        return {"error": "Warning: Shipping method required!"}
    return {"payment_methods": {code: dict(method) for code, method in PAYMENT_METHODS.items()}}


def choose_payment(session: Record, method: Record | None) -> Record:
    if method is None:
        return {"error": "Warning: Payment method required!"}
    if "customer" not in session:
        return {"error": "Warning: Customer details required!"}
    session["payment_method"] = method
    return {"success": "Success: Payment method has been set!"}


def confirm(session: Record, post: Record, data: Record, messages: Messages) -> Record:
    """Order confirm/add: the checks of 4.1.0.4 api/order.php confirm() in its order, then the order."""
    errors: Record = {}
    if "customer" not in session:
        errors["customer"] = messages.customer_required
    cart = session.get("cart", {})
    if not cart:
        errors["product"] = "Warning: Products required!"
    elif any(data["products"][pid]["quantity"] < qty for pid, qty in cart.items()):
        errors["product"] = (
            "Warning: Products marked with *** are not available in the desired quantity or not in stock!"
        )
    if has_shipping(session, data):
        if "shipping_address" not in session:
            errors["shipping_address"] = "Warning: Shipping address required!"
        if "shipping_method" not in session:
            errors["shipping_method"] = "Warning: Shipping method required!"
    if "payment_method" not in session:
        errors["payment_method"] = "Warning: Payment method required!"
    if errors:
        return {"error": errors}
    orders = data["orders"]
    order_id = int(post.get("order_id") or 0) or max(orders, default=0) + 1
    order_total = totals(session, data)[-1]["value"]
    status = int(post.get("order_status_id") or 1)
    orders[order_id] = {
        "order_id": order_id,
        "customer_id": session["customer"]["customer_id"],
        "order_status_id": status,
        "total": order_total,
        "customer": dict(session["customer"]),
        "products": dict(cart),
        "shipping_address": session.get("shipping_address"),
        "payment_address": session.get("payment_address"),
        "shipping_method": session.get("shipping_method"),
        "payment_method": session["payment_method"],
        "comment": str(post.get("comment", "")),
        "history": [{"order_status_id": status, "comment": ""}],
    }
    for pid, qty in cart.items():
        data["products"][pid]["quantity"] -= qty
    return {"success": messages.text_order, "order_id": order_id, "points": 0}


def add_history(order_id: Any, post: Record, data: Record, messages: Messages) -> Record:
    try:
        order = data["orders"].get(int(order_id or 0))
    except ValueError:
        order = None
    if order is None:
        return {"error": messages.order_not_found}
    status = int(post.get("order_status_id") or 0)
    order["order_status_id"] = status
    order["history"].append(
        {
            "order_status_id": status,
            "comment": str(post.get("comment", "")),
            "notify": str(post.get("notify", "0")) in ("1", "true"),
        }
    )
    return {"success": messages.text_order}
