"""CartRover records in cartgate's unified model: merchant orders (with the seed's charge rules) and inventory.

Order money follows the seed's "Order Charge Field Definitions" (../shared/seeds/cartrover-api.txt), which
are cartgate's own totals rules (connectors/model/order.py) in CartRover's names:

    line extended_amount = (price - discount) * quantity   -> item total_price, discount_amount = discount
    sub_total   = sum(extended_amount)                      -> totals.subtotal
    sales_tax   = sum(line tax) when lines carry tax        -> totals.tax, item tax_value = line tax
    shipping_handling                                       -> totals.shipping
    order_discount (post-tax, positive)                     -> totals.discount
    grand_total = sub_total + sales_tax + shipping_handling - order_discount -> totals.total
One seed rule has no unified counterpart: order_discount = order-level discount + sum(addl_discount), so it
is never below the lines' addl_discount. A breach of any rule keeps CartRover's figures and is reported
under ``additional_fields.totals_findings`` (``report_totals``), each finding naming the CartRover field.
Field names: the emulator's (from the New Order format of CartRover's public clients); the public .NET client
shahrpt/CartRover.Batch.App (Model/Response.cs) also shows ``updated_date_time``, ``currency_code`` and
``cust_*`` buyer fields, read here when present.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.model.common import Address, Country
from connectors.model.money import to_json_number
from connectors.model.order import Order, OrderItem, OrderStatus, OrderTotal, OrderTotals, TotalsFinding, check_totals
from connectors.model.product import Product
from connectors.model.reference import Currency
from connectors.model.shipment import Shipment, TrackingNumber
from gateway.errors import StoreApiError

__all__ = ["ORDER_STATUSES", "UNIFIED_TO_CARTROVER", "order_wire", "product_from_inventory", "seed_findings"]

# The statuses the list endpoint takes (the emulator's, assumed: the seed lists none; CartRover's reference
# shows new -> at_wms -> shipped), with the names cartgate shows.
ORDER_STATUSES: Mapping[str, str] = {"new": "New", "at_wms": "At warehouse", "shipped": "Shipped",
                                     "canceled": "Canceled"}  # fmt: skip

# Where each unified figure comes from, for findings and for the docs' mapping table.
UNIFIED_TO_CARTROVER: Mapping[str, str] = {
    "totals.subtotal": "sub_total", "totals.tax": "sales_tax", "totals.shipping": "shipping_handling",
    "totals.discount": "order_discount", "totals.total": "grand_total", "total_price": "extended_amount",
    "price": "price", "discount_amount": "discount", "tax_value": "tax",
}  # fmt: skip

_COUNTRIES: Mapping[str, tuple[str, str]] = {
    "US": ("USA", "United States"), "CA": ("CAN", "Canada"), "MX": ("MEX", "Mexico"),
    "GB": ("GBR", "United Kingdom"), "AU": ("AUS", "Australia"),
}  # fmt: skip
_ZERO = Decimal(0)


def money(record: Mapping[str, Any], name: str) -> Decimal:
    """A money field as Decimal (absent: 0). Raises StoreApiError (100) when it is not a finite number."""
    raw = record.get(name)
    if raw is None or raw == "":
        return _ZERO
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise StoreApiError(f"CartRover sent a {name} that is not a number") from None
    if not value.is_finite():
        raise StoreApiError(f"CartRover sent a {name} that is not a number")
    return value


def _first(record: Mapping[str, Any], *names: str) -> Any:
    return next((record[name] for name in names if record.get(name) not in (None, "")), None)


def _address(order: Mapping[str, Any], ref: str) -> tuple[Address | None, dict[str, Any] | None]:
    raw = {k: v for k, v in order.items() if k.startswith("ship_") and k not in ("ship_method", "ship_code")}
    country = _COUNTRIES.get(str(raw.get("ship_country") or "").upper())
    if not raw.get("ship_address_1") or not raw.get("ship_city") or not raw.get("ship_zip") or country is None:
        return None, raw or None
    return Address(
        id=f"{ref}-shipping", type="shipping", first_name=raw.get("ship_first_name"),
        last_name=raw.get("ship_last_name"), postcode=str(raw["ship_zip"]), address1=str(raw["ship_address_1"]),
        address2=raw.get("ship_address_2") or None, city=str(raw["ship_city"]), phone=raw.get("ship_phone"),
        company=raw.get("ship_company") or None, region=raw.get("ship_state"),
        country=Country(code2=str(raw["ship_country"]).upper(), code3=country[0], name=country[1]),
    ), None  # fmt: skip


def _lines(order: Mapping[str, Any], ref: str) -> list[OrderItem]:
    items = order.get("items") or []
    if not isinstance(items, list):
        raise StoreApiError("CartRover sent an order whose items are not a list")
    lines = []
    for number, line in enumerate(items, start=1):
        extra = {
            name: to_json_number(money(line, name))
            for name in ("addl_discount", "shipping_surcharge")
            if line.get(name)
        }
        lines.append(
            OrderItem(
                product_id=str(line.get("item") or ""), order_product_id=f"{ref}-{line.get('line_no') or number}",
                model=line.get("item"), name=str(line.get("description") or line.get("item") or ""),
                price=money(line, "price"), quantity=int(line.get("quantity") or 0),
                discount_amount=money(line, "discount"), total_price=money(line, "extended_amount"),
                tax_value=money(line, "tax") if line.get("tax") is not None else None,
                additional_fields=extra or None,
            )
        )  # fmt: skip
    return lines


def _shipments(order: Mapping[str, Any], ref: str) -> list[Shipment]:
    """``shipments[]`` (carrier, method, tracking_no) as the public .NET client reads them, else the order's own
    ``tracking_no`` (the emulator's): shipment ids ``<cust_ref>-1``, ``-2`` ..."""
    raw = order.get("shipments")
    parcels = [p for p in raw if isinstance(p, dict)] if isinstance(raw, list) and raw else [order]
    shipments = []
    for number, parcel in enumerate(parcels, start=1):
        if not parcel.get("tracking_no"):
            continue
        carrier = parcel.get("carrier")
        tracking = TrackingNumber(carrier_id=carrier, tracking_number=str(parcel["tracking_no"]))
        shipments.append(Shipment(id=f"{ref}-{number}", order_id=ref, shipment_provider=carrier,
                                  name=parcel.get("method"), tracking_numbers=[tracking]))  # fmt: skip
    return shipments


def seed_findings(order: Mapping[str, Any]) -> list[TotalsFinding]:
    """The seed rule cartgate's model cannot see: order_discount covers the lines' addl_discount."""
    raw = order.get("items")
    items = raw if isinstance(raw, list) else []
    addl = sum((money(line, "addl_discount") for line in items), _ZERO)
    stated = money(order, "order_discount")
    if stated < addl:
        return [TotalsFinding("totals.discount", "order_discount_covers_addl_discount", addl, stated)]
    return []


def _cartrover_field(name: str) -> str:
    """The CartRover field behind a unified finding's field (``order_products.2.total_price`` -> items.2...)."""
    if name.startswith("order_products."):
        _, index, leaf = name.split(".", 2)
        return f"items.{index}.{UNIFIED_TO_CARTROVER.get(leaf, leaf)}"
    return UNIFIED_TO_CARTROVER.get(name, name)


def order_wire(order: Mapping[str, Any], default_currency: str) -> dict[str, Any]:
    """A CartRover order as the unified ``Order`` in its JSON shape; totals breaches reported, figures kept.

    Raises StoreApiError (100) when the order lacks its reference or date; a field the unified model refuses
    raises pydantic's ValidationError, which the gateway answers with 107 naming the field, never its value.
    """
    unified = _unified_order(order, default_currency)
    findings = [*check_totals(unified), *seed_findings(order)]
    wire = unified.model_dump(mode="json", by_alias=True)
    if findings:
        wire["additional_fields"]["totals_findings"] = [
            {**finding.as_dict(), "cartrover_field": _cartrover_field(finding.field)} for finding in findings
        ]
    return wire


def _unified_order(order: Mapping[str, Any], default_currency: str) -> Order:
    ref, created = order.get("cust_ref"), _first(order, "order_date", "created_date_time")
    if not ref or not created:
        raise StoreApiError("CartRover sent an order without cust_ref or order_date")
    ref = str(ref)
    status = str(order.get("order_status") or "new")
    address, raw_address = _address(order, ref)
    currency = str(order.get("currency_code") or default_currency).upper()
    totals = OrderTotals(total=money(order, "grand_total"), subtotal=money(order, "sub_total"),
                         shipping=money(order, "shipping_handling"), tax=money(order, "sales_tax"),
                         discount=money(order, "order_discount"))  # fmt: skip
    shipments = _shipments(order, ref)
    extra: dict[str, Any] = {"cust_po_no": order.get("cust_po_no")}
    for name in ("order_source", "pay_type", "po_number"):
        if order.get(name):
            extra[name] = order[name]
    if money(order, "balance"):
        extra["balance"] = to_json_number(money(order, "balance"))
    if raw_address is not None:
        extra["shipping_address"] = raw_address
    return Order(
        id=ref,
        order_id=ref,
        customer={
            "id": str(_first(order, "customer_id") or f"{ref}-buyer"),
            "email": _first(order, "cust_e_mail", "ship_e_mail"),
            "first_name": _first(order, "cust_first_name", "ship_first_name"),
            "last_name": _first(order, "cust_last_name", "ship_last_name"),
            "phone": _first(order, "cust_phone", "ship_phone"),
        },
        create_at=created,
        modified_at=_first(order, "updated_date_time", "updated_at"),
        currency=Currency(id=currency, iso3=currency, default=True),
        status=OrderStatus(id=status, name=ORDER_STATUSES.get(status, status.replace("_", " ").title())),
        totals=totals,
        total=OrderTotal(
            subtotal_ex_tax=totals.subtotal,
            shipping_ex_tax=totals.shipping,
            total_discount=totals.discount or _ZERO,
            total_tax=totals.tax or _ZERO,
            total=totals.total,
        ),
        order_products=_lines(order, ref),
        shipping_address=address,
        shipping_method={"name": str(order["ship_method"])} if order.get("ship_method") else None,
        shipments=shipments,
        additional_fields=extra,
    )


def product_from_inventory(row: Mapping[str, Any], currency: str) -> Product:
    """An inventory record (``sku``, ``description``, ``price``, ``qty_available``) as a simple product whose
    id is the SKU. Raises StoreApiError (100) without a SKU."""
    sku = row.get("sku")
    if not sku:
        raise StoreApiError("CartRover sent an inventory record without a sku")
    quantity = row.get("qty_available")
    quantity = int(quantity) if quantity is not None else None
    return Product(
        id=str(sku), type="simple", u_sku=str(sku), u_model=str(sku), name=row.get("description"),
        price=money(row, "price") if row.get("price") is not None else None, quantity=quantity,
        in_stock=None if quantity is None else quantity > 0, modified_at=_first(row, "updated_at", "updated_date_time"),
        currency_code=currency,
    )  # fmt: skip
