"""Builders of model test inputs: a valid order payload whose totals follow the rules."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def order_payload(
    items: list[tuple[str, int, str]] | None = None,
    *,
    shipping: str = "5.00",
    discount: str = "0",
    tax_rate: str = "0",
    currency: str = "USD",
    **overrides: Any,
) -> dict[str, Any]:
    """A valid order's input: items as (price, quantity, per-unit discount), totals by the rules."""
    lines = items if items is not None else [("19.90", 2, "0"), ("5.25", 1, "0.25")]
    products = []
    subtotal = tax = Decimal(0)
    for index, (price, quantity, unit_discount) in enumerate(lines, start=1):
        extended = (Decimal(price) - Decimal(unit_discount)) * quantity
        line_tax = (extended * Decimal(tax_rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        subtotal += extended
        tax += line_tax
        products.append({
            "order_product_id": f"L{index}", "product_id": str(index), "name": f"Item {index}", "price": price,
            "quantity": quantity, "discount_amount": unit_discount, "total_price": str(extended),
            "tax_value": str(line_tax),
        })  # fmt: skip
    total = subtotal + tax + Decimal(shipping) - Decimal(discount)
    payload: dict[str, Any] = {
        "id": "1", "order_id": "1",
        "customer": {"id": "7", "email": "ada@example.com"},
        "create_at": "2025-03-01T10:00:00+00:00",
        "currency": {"id": currency, "iso3": currency},
        "status": {"id": "pending", "name": "Pending"},
        "totals": {"subtotal": str(subtotal), "tax": str(tax), "shipping": shipping, "discount": discount,
                   "total": str(total)},
        "order_products": products,
    }  # fmt: skip
    payload.update(overrides)
    return payload
