"""Orders as API2Cart's ``Order`` schema, and the totals rules every order must obey.

The rules are CartRover's order charge definitions (seeds/cartrover-api.txt), in API2Cart's
field names:

* an item's ``total_price`` = (``price`` − ``discount_amount``) × ``quantity``, where
  ``discount_amount`` is the pre-tax discount on EACH unit (CartRover's line ``discount``);
* ``totals.subtotal`` = the sum of the items' ``total_price``;
* ``totals.total`` = ``subtotal`` + ``tax`` + ``shipping`` − ``discount``;
* when every item states ``tax_value``, their sum = ``totals.tax``;
* ``total`` (API2Cart's ``Order_Total``), when present, repeats ``totals`` field for field;
* every amount fits the order currency's decimals.

A connector reading a platform that breaks a rule keeps the platform's figures and reports the
breach (``check_totals`` / ``report_totals``); it never fixes them silently. Writes are refused
with ``require_valid_totals``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import Field

from connectors.model.base import A2CModel, UtcDateTime
from connectors.model.common import Address
from connectors.model.customer import BaseCustomer
from connectors.model.money import Amount, excess_decimals
from connectors.model.reference import Currency
from connectors.model.refund import Refund
from connectors.model.shipment import Shipment
from gateway.errors import InvalidParameter

__all__ = [
    "Order",
    "OrderItem",
    "OrderItemOption",
    "OrderStatus",
    "OrderStatusHistoryItem",
    "OrderTotal",
    "OrderTotals",
    "PaymentMethod",
    "ShippingMethod",
    "TotalsFinding",
    "check_totals",
    "report_totals",
    "require_valid_totals",
]

_ZERO = Decimal(0)


class OrderItemOption(A2CModel):
    """API2Cart ``Order_Item_Option``: an option chosen on an order line."""

    option_id: str | None = None
    name: str
    value: str
    price: Amount = _ZERO
    weight: float | None = None
    type: str | None = None
    product_option_value_id: str | None = None


class OrderItem(A2CModel):
    """API2Cart ``Order_Item``: one order line."""

    product_id: str | None = None
    order_product_id: str | None = None
    model: str | None = None
    name: str
    price: Amount = Field(ge=0)
    price_inc_tax: Amount | None = Field(default=None, ge=0)
    quantity: int = Field(ge=0)
    discount_amount: Amount = Field(default=_ZERO, ge=0, description="Pre-tax discount on each unit.")
    total_price: Amount = Field(ge=0, description="(price - discount_amount) * quantity.")
    tax_percent: Amount | None = Field(default=None, ge=0)
    tax_value: Amount | None = Field(default=None, ge=0)
    tax_value_after_discount: Amount | None = Field(default=None, ge=0)
    options: list[OrderItemOption] = Field(default_factory=list)
    variant_id: str | None = None
    weight_unit: str | None = None
    weight: float | None = Field(default=None, ge=0)
    barcode: str | None = None
    parent_order_product_id: str | None = None


class OrderTotals(A2CModel):
    """API2Cart ``Order_Totals``; ``discount`` is a positive number taken off the total."""

    total: Amount
    subtotal: Amount
    shipping: Amount = _ZERO
    tax: Amount | None = _ZERO
    discount: Amount | None = _ZERO


class OrderTotal(A2CModel):
    """API2Cart ``Order_Total``: the same figures under their newer names, plus ``total_paid``."""

    subtotal_ex_tax: Amount
    wrapping_ex_tax: Amount | None = None
    shipping_ex_tax: Amount
    total_discount: Amount
    total_tax: Amount
    total: Amount
    total_paid: Amount | None = None


class OrderStatusHistoryItem(A2CModel):
    """API2Cart ``Order_Status_HistoryItem``: a status the order entered, and when."""

    id: str
    name: str
    modified_time: UtcDateTime
    notify: bool | None = None
    comment: str | None = None


class OrderStatus(A2CModel):
    """API2Cart ``Order_Status``: the current status and the way there (oldest first)."""

    id: str
    name: str
    history: list[OrderStatusHistoryItem] = Field(default_factory=list)


class PaymentMethod(A2CModel):
    """API2Cart ``Order_PaymentMethod``."""

    name: str


class ShippingMethod(A2CModel):
    """API2Cart ``Order_ShippingMethod``."""

    name: str


class Order(A2CModel):
    """API2Cart ``Order``; ``shipments`` is a cartgate addition (API2Cart needs order.shipment.list)."""

    id: str
    order_id: str
    basket_id: str | None = None
    channel_id: str | None = None
    customer: BaseCustomer
    create_at: UtcDateTime
    currency: Currency
    shipping_address: Address | None = None
    billing_address: Address | None = None
    payment_method: PaymentMethod | None = None
    shipping_method: ShippingMethod | None = None
    status: OrderStatus
    totals: OrderTotals
    total: OrderTotal | None = None
    order_products: list[OrderItem] = Field(default_factory=list)
    modified_at: UtcDateTime | None = None
    finished_time: UtcDateTime | None = None
    comment: str | None = None
    store_id: str | None = None
    warehouses_ids: list[str] = Field(default_factory=list)
    refunds: list[Refund] = Field(default_factory=list)
    shipments: list[Shipment] = Field(default_factory=list)
    gift_message: str | None = None
    order_details_url: str | None = None


@dataclass(frozen=True, slots=True)
class TotalsFinding:
    """One broken rule: the field whose stated value differs from what the rule gives."""

    field: str
    rule: str
    expected: Decimal | None
    actual: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "rule": self.rule,
            "expected": None if self.expected is None else str(self.expected),
            "actual": None if self.actual is None else str(self.actual),
        }


def _amounts(order: Order) -> dict[str, Decimal | None]:
    money: dict[str, Decimal | None] = {f"totals.{k}": v for k, v in order.totals if isinstance(v, Decimal)}
    for index, item in enumerate(order.order_products):
        prefix = f"order_products.{index}."
        money[prefix + "price"] = item.price
        money[prefix + "discount_amount"] = item.discount_amount
        money[prefix + "total_price"] = item.total_price
        money[prefix + "tax_value"] = item.tax_value
    return money


def check_totals(order: Order) -> list[TotalsFinding]:
    """Every totals rule the order breaks (empty when it obeys them all); raises nothing."""
    findings: list[TotalsFinding] = []
    for index, item in enumerate(order.order_products):
        extended = (item.price - item.discount_amount) * item.quantity
        if item.total_price != extended:
            findings.append(
                TotalsFinding(f"order_products.{index}.total_price", "item_extended", extended, item.total_price)
            )
    totals = order.totals
    subtotal = sum((item.total_price for item in order.order_products), _ZERO)
    if order.order_products and totals.subtotal != subtotal:
        findings.append(TotalsFinding("totals.subtotal", "subtotal_sum", subtotal, totals.subtotal))
    tax, discount = totals.tax or _ZERO, totals.discount or _ZERO
    grand = totals.subtotal + tax + totals.shipping - discount
    if totals.total != grand:
        findings.append(TotalsFinding("totals.total", "grand_total", grand, totals.total))
    line_taxes = [item.tax_value for item in order.order_products]
    if line_taxes and all(value is not None for value in line_taxes):
        line_tax = sum((value for value in line_taxes if value is not None), _ZERO)
        if line_tax != tax:
            findings.append(TotalsFinding("totals.tax", "line_tax_sum", line_tax, tax))
    if order.total is not None:
        pairs = (
            ("subtotal_ex_tax", order.total.subtotal_ex_tax, totals.subtotal),
            ("shipping_ex_tax", order.total.shipping_ex_tax, totals.shipping),
            ("total_tax", order.total.total_tax, tax),
            ("total_discount", order.total.total_discount, discount),
            ("total", order.total.total, totals.total),
        )
        for name, stated, expected in pairs:
            if stated != expected:
                findings.append(TotalsFinding(f"total.{name}", "total_mirrors_totals", expected, stated))
    for name in excess_decimals(_amounts(order), order.currency.iso3):
        findings.append(TotalsFinding(name, "currency_decimals", None, None))
    return findings


def report_totals(order: Order) -> Order:
    """The order with its findings under ``additional_fields["totals_findings"]`` (if any); figures untouched."""
    findings = check_totals(order)
    if not findings:
        return order
    extra = dict(order.additional_fields or {})
    extra["totals_findings"] = [finding.as_dict() for finding in findings]
    return order.model_copy(update={"additional_fields": extra})


def require_valid_totals(order: Order) -> None:
    """For writes: raises InvalidParameter (109) naming the first field that breaks a rule."""
    findings = check_totals(order)
    if findings:
        first = findings[0]
        raise InvalidParameter(
            f"Parameter '{first.field}' breaks the order totals rule '{first.rule}'", field=first.field
        )
