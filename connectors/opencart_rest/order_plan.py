"""``order.add`` parameters turned into OpenCart's checkout forms, checked before anything is sent.

Pure: no I/O. Everything OpenCart's API would refuse for the shape of the input (its own length rules of
api/customer and api/*_address, ids it needs as numbers) is refused here with InvalidParameter (109) naming
the unified parameter; what only the shop can judge (stock, prices, methods on offer) is checked by the flow
in orders.py against the shop's answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from connectors.opencart_rest.reference import country_id, order_status_id
from gateway.errors import InvalidParameter, MissingParameter

__all__ = ["Address", "OrderPlan", "plan_order"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")  # filter_var(FILTER_VALIDATE_EMAIL), near enough
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Address:
    firstname: str
    lastname: str
    company: str
    address_1: str
    address_2: str
    city: str
    postcode: str
    country_id: int
    zone_id: int

    def fields(self, prefix: str = "") -> dict[str, str]:
        """The address form fields (``payment_firstname`` ... with a prefix, as 4.1 names them)."""
        values = {"firstname": self.firstname, "lastname": self.lastname, "company": self.company,
                  "address_1": self.address_1, "address_2": self.address_2, "city": self.city,
                  "postcode": self.postcode, "country_id": str(self.country_id),
                  "zone_id": str(self.zone_id)}  # fmt: skip
        return {prefix + name: value for name, value in values.items()}


@dataclass(frozen=True, slots=True)
class OrderPlan:
    customer: dict[str, str]
    products: list[tuple[int, int]]  # (product_id, quantity)
    payment_address: Address
    shipping_address: Address
    shipping_method: str | None  # a code or title the caller asked for
    payment_method: str | None
    order_status_id: int
    comment: str
    subtotal: Decimal  # subtotal_price, or what the caller's lines add up to
    subtotal_field: str  # the parameter a different shop sub-total is about
    shipping_price: Decimal | None
    tax_price: Decimal | None
    tax_field: str  # tax_price, or order_item when the lines' order_item_tax gave the tax
    total_price: Decimal | None


def _length(value: str, low: int, high: int, name: str, what: str) -> str:
    text = value.strip()
    if not low <= len(text) <= high:
        raise InvalidParameter(f"Parameter '{name}': OpenCart takes {what} of {low} to {high} characters", field=name)
    return text


def _address(params: Any, prefix: str) -> Address:
    def get(name: str) -> str:
        value = getattr(params, prefix + name, None)
        return "" if value is None else str(value)

    country_text, zone_text = get("country"), get("state").strip()
    country = country_id(country_text)
    if country is None:
        raise InvalidParameter(f"Parameter '{prefix}country': not an ISO 3166 code OpenCart knows; give the shop's "
                               "numeric country_id instead", field=prefix + "country")  # fmt: skip
    if not (zone_text.isascii() and zone_text.isdigit()):
        raise InvalidParameter(f"Parameter '{prefix}state': OpenCart's API takes the shop's numeric zone_id "
                               "(System → Localisation → Zones), e.g. 3635", field=prefix + "state")  # fmt: skip
    postcode = get("postcode").strip()
    if postcode:
        _length(postcode, 2, 10, prefix + "postcode", "a postcode")
    return Address(
        firstname=_length(get("first_name"), 1, 32, prefix + "first_name", "a first name"),
        lastname=_length(get("last_name"), 1, 32, prefix + "last_name", "a last name"),
        company=get("company").strip(),
        address_1=_length(get("address_1"), 3, 128, prefix + "address_1", "an address line"),
        address_2=get("address_2").strip(),
        city=_length(get("city"), 2, 128, prefix + "city", "a city"),
        postcode=postcode,
        country_id=country,
        zone_id=int(zone_text),
    )


def _shipping_address(params: Any, billing: Address) -> Address:
    names = ("first_name", "last_name", "address_1", "address_2", "city", "postcode", "state", "country")
    if all(getattr(params, "shipp_" + name, None) in (None, "") for name in names):
        return billing  # no shipping address given: ship to the billing address
    for name in ("first_name", "last_name", "address_1", "city", "state", "country"):
        if getattr(params, "shipp_" + name, None) in (None, ""):
            raise MissingParameter(
                f"Parameter 'shipp_{name}' is required with a shipping address", field="shipp_" + name
            )
    return _address(params, "shipp_")


def _refuse_unsupported(params: Any, store_id: int, currency: str) -> None:
    if params.order_id is not None:
        raise InvalidParameter("Parameter 'order_id': OpenCart numbers new orders itself", field="order_id")
    if params.store_id is not None and str(params.store_id) != str(store_id):
        raise InvalidParameter(f"Parameter 'store_id': this connection places orders in OpenCart store {store_id} "
                               "(opencart_store_id at account.cart.add)", field="store_id")  # fmt: skip
    if params.currency is not None and params.currency != currency:
        raise InvalidParameter(f"Parameter 'currency': this connection places orders in {currency} "
                               "(opencart_currency at account.cart.add)", field="currency")  # fmt: skip
    if params.date is not None:
        raise InvalidParameter("Parameter 'date': OpenCart's API dates an order when it is confirmed", field="date")
    if params.discount:
        raise InvalidParameter("Parameter 'discount': OpenCart's API applies no discount without a coupon, which "
                               "cartgate does not send", field="discount")  # fmt: skip
    if params.total_paid is not None:
        raise InvalidParameter("Parameter 'total_paid': OpenCart's API records no paid amount", field="total_paid")
    for index, item in enumerate(params.order_item):
        if item.order_item_variant_id is not None:
            raise InvalidParameter("OpenCart's API adds products without options here; leave order_item_variant_id "
                                   "out", field=f"order_item.{index}.order_item_variant_id")  # fmt: skip
        if item.order_item_weight is not None:
            raise InvalidParameter("OpenCart takes weights from its catalogue; leave order_item_weight out",
                                   field=f"order_item.{index}.order_item_weight")  # fmt: skip


def _line_taxes(params: Any) -> Decimal | None:
    """The order's tax from ``order_item_tax`` when every line gives one (the model checks they agree with
    ``tax_price`` when both are sent)."""
    taxes = [item.order_item_tax for item in params.order_item]
    if not taxes or any(tax is None for tax in taxes):
        return None
    return sum((tax for tax in taxes if tax is not None), _ZERO)


def plan_order(params: Any, *, store_id: int, currency: str, customer_group_id: int) -> OrderPlan:
    """The checkout an ``order.add`` asks for. Raises InvalidParameter (109) or MissingParameter (114)
    naming the first parameter OpenCart's API cannot take."""
    _refuse_unsupported(params, store_id, currency)
    status = order_status_id(params.order_status)
    products: dict[int, int] = {}
    for index, item in enumerate(params.order_item):
        if not (str(item.order_item_id).isascii() and str(item.order_item_id).isdigit()):
            raise InvalidParameter("OpenCart product ids are numbers", field=f"order_item.{index}.order_item_id")
        product_id = int(str(item.order_item_id))
        products[product_id] = products.get(product_id, 0) + item.order_item_quantity
    billing = _address(params, "bill_")
    first = params.customer_first_name if params.customer_first_name else billing.firstname
    last = params.customer_last_name if params.customer_last_name else billing.lastname
    email = params.customer_email.strip()
    if not _EMAIL.match(email) or len(email) > 96:
        raise InvalidParameter("Parameter 'customer_email' is not an e-mail address OpenCart accepts",
                               field="customer_email")  # fmt: skip
    phone = (params.customer_phone or params.bill_phone or "").strip()
    if phone:
        _length(phone, 3, 32, "customer_phone", "a telephone number")
    customer = {
        "customer_id": "0",  # a guest: OpenCart's API cannot look a customer up by e-mail
        "customer_group_id": str(customer_group_id),
        "firstname": _length(first, 1, 32, "customer_first_name", "a first name"),
        "lastname": _length(last, 1, 32, "customer_last_name", "a last name"),
        "email": email,
        "telephone": phone,
    }
    lines = sum((item.order_item_price * item.order_item_quantity for item in params.order_item), _ZERO)
    return OrderPlan(
        customer=customer,
        products=list(products.items()),
        payment_address=billing,
        shipping_address=_shipping_address(params, billing),
        shipping_method=(params.order_shipping_method or "").strip() or None,
        payment_method=(params.order_payment_method or "").strip() or None,
        order_status_id=status,
        comment=params.comment or "",
        subtotal=params.subtotal_price if params.subtotal_price is not None else lines,
        subtotal_field="subtotal_price" if params.subtotal_price is not None else "order_item",
        shipping_price=params.shipping_price,
        tax_price=params.tax_price if params.tax_price is not None else _line_taxes(params),
        tax_field="tax_price" if params.tax_price is not None else "order_item",
        total_price=params.total_price,
    )
