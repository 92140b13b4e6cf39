"""Generate OpenCart customers, orders and returns as the 3.0.3.8 / 4.1.0.4 checkout and admin write them.

Orders follow catalog/model/checkout/order.php: addOrder rows (order, order_product, order_option, order_total with
codes sub_total 1, shipping 3, coupon 4 (negative), tax 5, total 9), then one order_history row per status change, the
order's order_status_id being the last one. Returns follow admin/model/sale/return(s).php with return_history rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Sequence
from decimal import Decimal

from tests.shops.mariadb import insert_sql, new_rows
from tests.shops.opencart_catalog import COLOUR_VALUES, OPTION_NAMES, SIZE_VALUES, Product, money, oc_text
from tests.shops.opencart_schema import Version

# Installer order statuses (same ids in 3.0.3.8 and 4.1.0.4) and the paths real orders take through them.
PENDING, PROCESSING, SHIPPED, COMPLETE, CANCELED, DENIED, FAILED, REFUNDED = 1, 2, 3, 5, 7, 8, 10, 11
STATUS_FLOWS: list[tuple[tuple[int, ...], int]] = [
    ((PENDING,), 8), ((PENDING, PROCESSING), 10), ((PENDING, PROCESSING, SHIPPED), 15),
    ((PENDING, PROCESSING, SHIPPED, COMPLETE), 50), ((PENDING, CANCELED), 7), ((PENDING, DENIED), 2),
    ((FAILED,), 2), ((PENDING, PROCESSING, SHIPPED, COMPLETE, REFUNDED), 6)]
RETURN_PENDING, RETURN_AWAITING, RETURN_COMPLETE = 1, 2, 3
# Return actions differ: 3.x 1 Refunded, 2 Credit Issued, 3 Replacement Sent; 4.x 1 Waiting for return, 2 Credit
# Issued, 3 Replacement Sent, 4 Refunded.
RETURN_ACTIONS = {"3": (1, 2, 3), "4": (4, 2, 3)}
NO_ACTION = {"3": 0, "4": 1}
VAT = Decimal("0.20")
SHIPPING_COST = Decimal("5.00")
# One bcrypt hash (password_hash('cartgate-demo')) for all 4.x customers: hashing 200 bcrypts would cost seconds.
BCRYPT_DEMO = "$2y$10$IYg1UdfUnp5hgPUR.HeFb.YJD65EtJUoBwhcWQHVdDW0akLpGR9.i"
FIRST = ["Anna", "Jörg", "Siobhan", "Chloé", "Liam", "Zoë", "Mateo", "Aisha", "Björn", "Grace", "Kenji", "Olivia",
         "Noah", "Élodie", "Fatima", "Lukas"]
LAST = ["Smith", "Müller", "O'Brien", "García", "Nguyen", "Kowalski", "Schäfer", "Dubois", "Okafor", "Jensen",
        "Tanaka", "Brown", "Rossi", "Ivanova"]
STREETS = ["High Street", "Hauptstraße", "Main St", "Station Road", "Kirchweg", "Elm Avenue", "Mill Lane"]
COUNTRIES = (222, 223, 81)  # United Kingdom, United States, Germany
ORDER_COMMENTS = ["", "", "Please leave at the door.", "Gift – \"no\" invoice, merci! <3"]
STORE_NAME, STORE_URL = "Cartgate Test Shop", "http://127.0.0.1/"


def opencart3_password(password: str, salt: str) -> str:
    """OpenCart 3's customer password hash: sha1(salt . sha1(salt . sha1(password)))."""
    def sha1(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - reproducing OpenCart 3's own scheme
    return sha1(salt + sha1(salt + sha1(password)))


def _address(rng: random.Random, zones: dict[int, list[tuple[int, str]]]) -> dict[str, object]:
    country_id = rng.choice(COUNTRIES)
    zone_id, _zone = rng.choice(zones[country_id])
    return {"company": oc_text(rng.choice(["", "", "Müller & Co. KG", "O'Neil Ltd"])),
            "address_1": f"{rng.randint(1, 250)} {rng.choice(STREETS)}", "address_2": rng.choice(["", "", "Flat 2"]),
            "city": rng.choice(["London", "Berlin", "Springfield", "Köln", "Leeds"]),
            "postcode": f"{rng.randint(10000, 99999)}", "country_id": country_id, "zone_id": zone_id}


def customers_sql(version: Version, rng: random.Random, count: int, zones: dict[int, list[tuple[int, str]]],
                  start: dt.datetime) -> tuple[list[str], list[dict[str, object]]]:
    """``count`` customers with one or two addresses each (3.x: customer.address_id; 4.x: address.default)."""
    customers, addresses = new_rows(), new_rows()
    made: list[dict[str, object]] = []
    address_id = 0
    for customer_id in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{customer_id}@example.com".replace("ö", "o").replace("é", "e").replace("ë", "e")
        telephone = f"+44 20 7946 {customer_id:04d}"
        added = start + dt.timedelta(hours=customer_id * 40 + rng.randint(0, 30))
        own = []
        for n in range(rng.choice([1, 1, 2])):
            address_id += 1
            own.append((address_id, _address(rng, zones)))
            a = own[-1][1]
            row = [address_id, customer_id, first, last, a["company"], a["address_1"], a["address_2"], a["city"],
                   a["postcode"], a["country_id"], a["zone_id"], "[]"]
            addresses.append(tuple([*row, 1 if n == 0 else 0]) if version == "4" else tuple(row))
        newsletter = rng.randint(0, 1)
        if version == "3":
            salt = f"{rng.getrandbits(36):09x}"
            customers.append((customer_id, 1, 0, 1, first, last, email, telephone, "",
                              opencart3_password("cartgate-demo", salt), salt, None, None, newsletter, own[0][0],
                              "[]", "127.0.0.1", 1, 0, "", "", added))
        else:
            customers.append((customer_id, 1, 0, 1, first, last, email, telephone, BCRYPT_DEMO, "[]", newsletter,
                              "127.0.0.1", 1, 0, 0, "", "", added))
        made.append({"customer_id": customer_id, "firstname": first, "lastname": last, "email": email,
                     "telephone": telephone, "addresses": own, "date_added": added})
    if version == "3":
        c_cols = ["customer_id", "customer_group_id", "store_id", "language_id", "firstname", "lastname", "email",
                  "telephone", "fax", "password", "salt", "cart", "wishlist", "newsletter", "address_id",
                  "custom_field", "ip", "status", "safe", "token", "code", "date_added"]
    else:
        c_cols = ["customer_id", "customer_group_id", "store_id", "language_id", "firstname", "lastname", "email",
                  "telephone", "password", "custom_field", "newsletter", "ip", "status", "safe", "commenter", "token",
                  "code", "date_added"]
    a_cols = ["address_id", "customer_id", "firstname", "lastname", "company", "address_1", "address_2", "city",
              "postcode", "country_id", "zone_id", "custom_field", *(["default"] if version == "4" else [])]
    return [insert_sql("oc_customer", c_cols, customers), insert_sql("oc_address", a_cols, addresses)], made


def orders_sql(version: Version, rng: random.Random, count: int, products: Sequence[Product],
               customers: list[dict[str, object]], zones: dict[int, list[tuple[int, str]]],
               countries: dict[int, str], start: dt.datetime, end: dt.datetime) -> tuple[list[str], int]:
    """``count`` orders, their lines, options, totals, history and returns. Returns (SQL, number of returns)."""
    orders: list[dict[str, object]] = []
    lines: list[dict[str, object]] = []
    totals: list[dict[str, object]] = []
    returns: list[dict[str, object]] = []
    options, history, return_history = new_rows(), new_rows(), new_rows()
    zone_names = {zone_id: name for pairs in zones.values() for zone_id, name in pairs}
    span = (end - start - dt.timedelta(days=20)).total_seconds()
    order_dates = sorted(start + dt.timedelta(seconds=int(rng.random() * span)) for _ in range(count))
    order_product_id = order_option_id = invoice_no = return_id = 0
    flows, weights = zip(*STATUS_FLOWS, strict=True)
    for order_id, added in enumerate(order_dates, 1):
        customer = rng.choice(customers) if rng.random() < 0.8 else None
        if customer is None:  # guest checkout: customer_id 0, address typed in at checkout
            first, last = rng.choice(FIRST), rng.choice(LAST)
            who = {"customer_id": 0, "firstname": first, "lastname": last, "email": f"guest{order_id}@example.org",
                   "telephone": f"+1 555 01{order_id % 100:02d}"}
            address_id, address = 0, _address(rng, zones)
        else:
            who = customer
            own = customer["addresses"]
            assert isinstance(own, list)
            address_id, address = rng.choice(own)
        sub_total = Decimal(0)
        first_line = len(lines)
        for product in rng.sample(list(products), rng.choice([1, 1, 2, 2, 3, 4])):
            order_product_id += 1
            quantity = rng.choice([1, 1, 1, 2, 3])
            price = product.price
            chosen = []
            for option_id, (product_option_id, values) in product.options.items():
                value_id = rng.choice(list(values))
                product_option_value_id, delta = values[value_id]
                price += delta
                value_name = (SIZE_VALUES | COLOUR_VALUES)[value_id][0]
                chosen.append((product_option_id, product_option_value_id, OPTION_NAMES[option_id][0], value_name,
                               OPTION_NAMES[option_id][2]))
            line_total = price * quantity
            sub_total += line_total
            unit_tax = money(price * VAT)  # order_product.tax is the tax on ONE unit
            lines.append({"order_product_id": order_product_id, "order_id": order_id, "product_id": product.product_id,
                          **({"master_id": 0} if version == "4" else {}), "name": product.name,
                          "model": product.model, "quantity": quantity, "price": price, "total": line_total,
                          "tax": unit_tax, "reward": 0})
            for product_option_id, product_option_value_id, name, value, kind in chosen:
                order_option_id += 1
                options.append((order_option_id, order_id, order_product_id, product_option_id,
                                product_option_value_id, name, value, kind))
        coupon = -money(sub_total * Decimal("0.10")) if rng.random() < 0.12 else Decimal(0)
        tax = money((sub_total + coupon + SHIPPING_COST) * VAT)
        total = sub_total + SHIPPING_COST + coupon + tax
        ext = {"extension": "opencart"} if version == "4" else {}
        order_totals = [("sub_total", "Sub-Total", sub_total, 1), ("shipping", "Flat Shipping Rate", SHIPPING_COST, 3)]
        if coupon:
            order_totals.append(("coupon", "Coupon (SAVE10)", coupon, 4))
        order_totals += [("tax", "VAT (20%)", tax, 5), ("total", "Total", total, 9)]
        for code, title, amount, sort_order in order_totals:
            totals.append({"order_id": order_id, **ext, "code": code, "title": title, "value": amount,
                           "sort_order": sort_order})
        flow = rng.choices(flows, weights)[0]
        moment = added
        for step, status in enumerate(flow):
            if step:
                moment += dt.timedelta(hours=rng.randint(2, 72), minutes=rng.randint(0, 59))
            history.append((order_id, status, 1 if step else 0, "" if step == 0 else rng.choice(["", "Thank you!"]),
                            moment))
        if COMPLETE in flow or SHIPPED in flow:
            invoice_no += 1
        currency = rng.choices([(2, "USD", Decimal("1.00000000")), (1, "GBP", Decimal("0.61250001")),
                                (3, "EUR", Decimal("0.78460002"))], [6, 3, 2])[0]
        country_name = countries[int(address["country_id"])]  # type: ignore[call-overload]
        zone_name = zone_names[int(address["zone_id"])]  # type: ignore[call-overload]
        place = {"firstname": who["firstname"], "lastname": who["lastname"], "company": address["company"],
                 "address_1": address["address_1"], "address_2": address["address_2"], "city": address["city"],
                 "postcode": address["postcode"], "country": country_name, "country_id": address["country_id"],
                 "zone": zone_name, "zone_id": address["zone_id"], "address_format": "", "custom_field": "[]"}
        order: dict[str, object] = {"order_id": order_id}
        if version == "4":
            order |= {"subscription_id": 0}
        order |= {"invoice_no": invoice_no if (COMPLETE in flow or SHIPPED in flow) else 0,
                  "invoice_prefix": "INV-2026-00"}
        if version == "4":
            order |= {"transaction_id": ""}
        order |= {"store_id": 0, "store_name": STORE_NAME, "store_url": STORE_URL,
                  "customer_id": who["customer_id"], "customer_group_id": 1, "firstname": who["firstname"],
                  "lastname": who["lastname"], "email": who["email"], "telephone": who["telephone"]}
        if version == "3":
            order |= {"fax": ""}
        order |= {"custom_field": "[]"}
        for prefix in ("payment", "shipping"):
            if version == "4":
                order[f"{prefix}_address_id"] = address_id
            order |= {f"{prefix}_{key}": value for key, value in place.items()}
            if version == "3":
                order |= ({"payment_method": "Cash On Delivery", "payment_code": "cod"} if prefix == "payment"
                          else {"shipping_method": "Flat Shipping Rate", "shipping_code": "flat.flat"})
            else:  # 4.x stores the chosen method as JSON (catalog/model/checkout/order.php addOrder)
                order[f"{prefix}_method"] = json.dumps(
                    {"name": "Cash On Delivery", "code": "cod.cod"} if prefix == "payment" else
                    {"code": "flat.flat", "name": "Flat Shipping Rate", "cost": "5.00", "tax_class_id": "9",
                     "text": "$6.00"})
        order |= {"comment": oc_text(rng.choice(ORDER_COMMENTS)),
                  "total": total, "order_status_id": flow[-1], "affiliate_id": 0, "commission": Decimal(0),
                  "marketing_id": 0, "tracking": "", "language_id": 1}
        if version == "4":
            order |= {"language_code": "en-gb"}
        order |= {"currency_id": currency[0], "currency_code": currency[1], "currency_value": currency[2],
                  "ip": f"203.0.113.{order_id % 250}", "forwarded_ip": "", "user_agent": "Mozilla/5.0 (X11; Linux)",
                  "accept_language": "en-GB,en;q=0.9", "date_added": added,
                  # 3.x addOrderHistory bumps date_modified; 4.1 addHistory does not (editOrderStatusId only).
                  "date_modified": moment if version == "3" else added}
        orders.append(order)
        if flow[-1] in (COMPLETE, REFUNDED) and rng.random() < 0.12:
            line = rng.choice(lines[first_line:])
            return_id += 1
            path = rng.choice([(RETURN_PENDING,), (RETURN_PENDING, RETURN_AWAITING),
                               (RETURN_PENDING, RETURN_AWAITING, RETURN_COMPLETE)])
            r_added = moment + dt.timedelta(days=rng.randint(1, 10))
            r_moment = r_added
            for step, status in enumerate(path):
                if step:
                    r_moment += dt.timedelta(days=rng.randint(1, 5))
                return_history.append((return_id, status, 0, "" if not step else "Updated by the shop", r_moment))
            action = rng.choice(RETURN_ACTIONS[version]) if path[-1] == RETURN_COMPLETE else NO_ACTION[version]
            returns.append({"return_id": return_id, "order_id": order_id, "product_id": line["product_id"],
                            "customer_id": who["customer_id"], "firstname": who["firstname"],
                            "lastname": who["lastname"], "email": who["email"], "telephone": who["telephone"],
                            "product": line["name"], "model": line["model"],
                            "quantity": rng.randint(1, int(line["quantity"])),  # type: ignore[call-overload]
                            "opened": rng.randint(0, 1), "return_reason_id": rng.randint(1, 5),
                            "return_action_id": action, "return_status_id": path[-1],
                            "comment": rng.choice(["", "Arrived broken.", "Wrong size – too small."]),
                            "date_ordered": added.date(), "date_added": r_added, "date_modified": r_moment})
    return [_dicts("oc_order", orders), _dicts("oc_order_product", lines),
            insert_sql("oc_order_option", ["order_option_id", "order_id", "order_product_id", "product_option_id",
                                           "product_option_value_id", "name", "value", "type"], options),
            _dicts("oc_order_total", totals),
            insert_sql("oc_order_history", ["order_id", "order_status_id", "notify", "comment", "date_added"],
                       history),
            _dicts("oc_return", returns),
            insert_sql("oc_return_history", ["return_id", "return_status_id", "notify", "comment", "date_added"],
                       return_history)], return_id


def _dicts(table: str, rows: list[dict[str, object]]) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    return insert_sql(table, columns, [tuple(row[c] for c in columns) for row in rows], batch=500)
