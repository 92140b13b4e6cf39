"""The shop's cart totals read and compared with the caller's amounts before an order is confirmed.

A totals row is ``{title, text}`` in 3.0.3.8 (api/cart.php ``products()``: ``'text' => $this->currency->format(
$total['value'], ...)``) and ``{title, text, value}`` in the seed's CartTotal, with ``code`` where the shop adds
it. The amount is ``value`` when present, else read back from ``text`` (``$1,234.56``, ``1.234,56€``). Rows
come in the shop's sort order: sub-total first, total last.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.model.money import CURRENCY_MINOR_UNITS
from connectors.opencart_rest.order_plan import OrderPlan
from gateway.errors import InvalidParameter, StoreApiError

__all__ = ["check_totals", "money_from_text"]

_CENT = Decimal("0.01")
_NOT_NUMBER = re.compile(r"[^0-9.,\-]")


def money_from_text(text: str, decimals: int = 2) -> Decimal | None:
    """The amount of an OpenCart-formatted price, whatever its symbol and separators; None if unreadable.

    With both ``.`` and ``,`` the later one is the decimal point; with one of them, it is the decimal point
    only when it appears once with exactly ``decimals`` digits after it (else it groups thousands).
    """
    raw = _NOT_NUMBER.sub("", text).replace("-", "").strip(".,")
    if not raw:
        return None
    dot, comma = raw.rfind("."), raw.rfind(",")
    point: str | None = None
    if dot >= 0 and comma >= 0:
        point = "." if dot > comma else ","
    elif dot >= 0 or comma >= 0:
        mark = "." if dot >= 0 else ","
        point = mark if raw.count(mark) == 1 and len(raw) - raw.rfind(mark) - 1 == decimals else None
    if point is None:
        number = raw.replace(".", "").replace(",", "")
    else:
        whole, _, fraction = raw.rpartition(point)
        number = whole.replace(".", "").replace(",", "") + "." + fraction
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    return -amount if "-" in text else amount


def _amount(row: dict[str, Any], decimals: int) -> Decimal | None:
    value = row.get("value")
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            return Decimal(str(value)).quantize(_CENT)
        except InvalidOperation:
            pass
    text = row.get("text")
    amount = money_from_text(text, decimals) if isinstance(text, str) else None
    return None if amount is None else amount.quantize(_CENT)


def check_totals(plan: OrderPlan, totals: Any, currency: str) -> None:
    """Compares the cart's totals with the caller's. Raises InvalidParameter (109) naming the amount that
    differs, StoreApiError (100) when the shop's sub-total or total cannot be read (nothing is confirmed)."""
    decimals = CURRENCY_MINOR_UNITS.get(currency, 2)
    rows = [row for row in totals if isinstance(row, dict)] if isinstance(totals, list) else []
    amounts = [_amount(row, decimals) for row in rows]
    if not rows or amounts[0] is None or amounts[-1] is None:
        raise StoreApiError("OpenCart's cart totals could not be read, so the order was not confirmed")
    by_code: dict[str, Decimal] = {}
    for row, amount in zip(rows, amounts, strict=True):
        if amount is not None and row.get("code"):
            by_code[str(row["code"])] = by_code.get(str(row["code"]), Decimal(0)) + amount
    shop_total = by_code.get("total", amounts[-1])
    asked_total, total_field = plan.total_price, "total_price"
    if asked_total is None and plan.shipping_price is not None:
        # no grand total given: the caller's parts still add up to one
        asked_total = plan.subtotal + plan.shipping_price + (plan.tax_price or Decimal(0))
        total_field = "shipping_price"
    lines = {"subtotal": "order_item prices add up to", "tax": "order_item taxes add up to"}
    checks = (
        (plan.subtotal_field, "subtotal", by_code.get("sub_total", amounts[0]), plan.subtotal,
         "its catalogue prices these items at"),
        ("shipping_price", "shipping", by_code.get("shipping"), plan.shipping_price, "its shipping method costs"),
        (plan.tax_field, "tax", by_code.get("tax", Decimal(0) if by_code else None), plan.tax_price,
         "it charges tax of"),
        (total_field, "total", shop_total, asked_total, "the order would total"),
    )  # fmt: skip
    for field, part, shop, asked, what in checks:
        if asked is None or shop is None or shop == asked.quantize(_CENT):
            continue
        said = f"Parameter '{field}' is"
        if field == "order_item":
            said = lines[part]
        elif part == "total" and field != "total_price":
            said = "subtotal + shipping_price + tax add up to"
        raise InvalidParameter(f"{said} {asked}, but the shop says {what} {shop}: OpenCart's API takes amounts "
                               "from the shop, not from the caller", field=field)  # fmt: skip
