"""Deterministic seed data for the CartRover emulator: products (inventory) and merchant orders.

Order money follows the seed's "Order Charge Field Definitions" exactly (../shared/seeds/cartrover-api.txt):
``extended_amount = (price - discount) * quantity``, ``sub_total = sum(extended_amount)``,
``order_discount = order-level post-tax discount + sum(addl_discount)``,
``sales_tax = sum(line tax)`` when lines carry tax, and
``grand_total = sub_total + sales_tax + shipping_handling - order_discount``.
Field names of an order follow CartRover's "New Order" format as its public clients send it
(cust_ref, ship_* address fields, items with item/quantity/price); the rest is our choice.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

Record = dict[str, Any]
CENT = Decimal("0.01")
# Status names are our choice: the seed does not list them (CartRover's reference shows new -> at_wms -> shipped).
ORDER_STATUSES = ("new", "at_wms", "shipped", "canceled")
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
_ITEMS = ("Ceramic Vase", "Oak Shelf", "Wool Throw", "Table Runner", "Glass Carafe", "Linen Napkins", "Bath Towel")
_FIRST = ("Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan", "Morgan", "Riley")
_LAST = ("Smith", "Garcia", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Moore", "Clark", "Lewis")
_STATES = (("Austin", "TX", "78701"), ("Denver", "CO", "80202"), ("Portland", "OR", "97205"), ("Boston", "MA", "02108"))


def iso(moment: datetime) -> str:
    """The seed's output format: ISO 8601, always UTC, e.g. ``2018-08-27T02:24:58+00:00``."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def line_extended_amount(price: Decimal, discount: Decimal, quantity: int) -> Decimal:
    return ((price - discount) * quantity).quantize(CENT)


def order_totals(lines: list[Record], shipping_handling: Decimal, header_discount: Decimal) -> Record:
    """The header money fields of an order from its lines, per the seed's definitions."""
    sub_total = sum((Decimal(line["extended_amount"]) for line in lines), Decimal(0))
    sales_tax = sum((Decimal(line["tax"]) for line in lines), Decimal(0))
    order_discount = header_discount + sum((Decimal(line["addl_discount"]) for line in lines), Decimal(0))
    grand_total = sub_total + sales_tax + shipping_handling - order_discount
    return {
        "sub_total": sub_total.quantize(CENT),
        "sales_tax": sales_tax.quantize(CENT),
        "shipping_handling": shipping_handling.quantize(CENT),
        "order_discount": order_discount.quantize(CENT),
        "grand_total": grand_total.quantize(CENT),
        "balance": Decimal("0.00"),
    }


def seed(*, products: int = 300, orders: int = 400, rng_seed: int = 11) -> dict[str, dict[str, Record]]:
    """Products keyed by SKU and orders keyed by ``cust_ref``; the same arguments give the same data."""
    rng = random.Random(rng_seed)
    product_rows: dict[str, Record] = {}
    for number in range(1, products + 1):
        sku = f"CR-{number:05d}"
        product_rows[sku] = {
            "sku": sku,
            "description": f"{_ITEMS[number % len(_ITEMS)]} #{number}",
            "price": Decimal(rng.randint(300, 15000)) / 100,
            "qty_available": rng.randint(0, 500),
            "updated_at": iso(_EPOCH - timedelta(hours=number)),
        }
    order_rows: dict[str, Record] = {}
    skus = sorted(product_rows)
    for number in range(1, orders + 1):
        created = _EPOCH + timedelta(minutes=number * 41 + rng.randint(0, 40))
        lines: list[Record] = []
        for line_no, sku in enumerate(rng.sample(skus, k=rng.randint(1, 4)), start=1):
            price = product_rows[sku]["price"]
            quantity = rng.randint(1, 3)
            discount = (price * Decimal(rng.choice((0, 0, 5, 10))) / 100).quantize(CENT)
            lines.append(
                {
                    "line_no": line_no,
                    "item": sku,
                    "description": product_rows[sku]["description"],
                    "quantity": quantity,
                    "price": price,
                    "discount": discount,
                    "addl_discount": Decimal(rng.choice(("0.00", "0.00", "1.00"))),
                    "tax": ((price - discount) * quantity * Decimal("0.0825")).quantize(CENT),
                    "shipping_surcharge": Decimal("0.00"),
                    "extended_amount": line_extended_amount(price, discount, quantity),
                }
            )
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        city, state, zip_code = _STATES[number % len(_STATES)]
        status = ORDER_STATUSES[rng.choices(range(4), weights=(3, 3, 8, 1))[0]]
        updated = created + timedelta(hours=rng.randint(0, 48))
        order: Record = {
            "cust_ref": f"WEB-{100000 + number}",
            "cust_po_no": f"PO{number:06d}",
            "order_date": iso(created),
            "updated_at": iso(updated),
            "order_status": status,
            "ship_first_name": first,
            "ship_last_name": last,
            "ship_address_1": f"{rng.randint(10, 999)} Main St",
            "ship_city": city,
            "ship_state": state,
            "ship_zip": zip_code,
            "ship_country": "US",
            "ship_e_mail": f"{first.lower()}.{last.lower()}{number}@example.com",
            "ship_method": rng.choice(("Ground", "2Day", "Overnight")),
            "tracking_no": f"1Z{number:016d}" if status == "shipped" else None,
            "items": lines,
        }
        order.update(
            order_totals(lines, Decimal(rng.choice(("0.00", "5.99", "9.99"))), Decimal(rng.choice(("0", "2"))))
        )
        order_rows[order["cust_ref"]] = order
    return {"products": product_rows, "orders": order_rows}
