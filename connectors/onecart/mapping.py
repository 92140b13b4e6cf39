"""OneCart records in cartgate's unified model: variants as products, orders, shops as storefronts.

OneCart sells one SKU per variant, so a variant is a simple product (no children). Money comes as
decimal strings and stays Decimal; times are ISO 8601 UTC. OneCart keeps no buyer e-mail on marketplace
orders, so an order's customer carries ``email: null`` (said in docs/platforms/onecart.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.model.common import Address, Country
from connectors.model.order import Order, OrderItem, OrderStatus, OrderTotals, ShippingMethod, report_totals
from connectors.model.product import Product
from connectors.model.reference import Currency
from connectors.model.shipment import Shipment, TrackingNumber
from connectors.model.store import Cart, StoreInfo
from gateway.errors import StoreApiError

__all__ = ["ORDER_EXTRA_FIELDS", "cart_from_shops", "order_wire", "product_from_variant"]

# Sent as ``_fields=+...`` when the caller wants the parts OneCart leaves out by default.
ORDER_EXTRA_FIELDS = ("order_items", "shipping_address", "courier", "shipped_at", "cancel_reason")

# The markets OneCart serves (ISO 3166-1); an address elsewhere stays raw in additional_fields.
_COUNTRIES: Mapping[str, tuple[str, str]] = {
    "SG": ("SGP", "Singapore"), "MY": ("MYS", "Malaysia"), "ID": ("IDN", "Indonesia"),
    "PH": ("PHL", "Philippines"), "TH": ("THA", "Thailand"), "VN": ("VNM", "Viet Nam"),
}  # fmt: skip


def _money(record: Mapping[str, Any], name: str) -> Decimal | None:
    raw = record.get(name)
    if raw is None:
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise StoreApiError(f"OneCart sent a {name} that is not a number") from None
    if not value.is_finite():
        raise StoreApiError(f"OneCart sent a {name} that is not a number")
    return value


def product_from_variant(variant: Mapping[str, Any], currency: str) -> Product:
    """A OneCart variant as a simple product priced in the company's currency."""
    status = variant.get("status")
    weight = variant.get("weight_kg")
    return Product(
        id=str(variant["id"]),
        type="simple",
        u_sku=variant.get("sku"),
        u_model=variant.get("sku"),
        name=variant.get("name"),
        price=_money(variant, "price"),
        quantity=variant.get("quantity"),
        u_brand=variant.get("brand"),
        u_ean=variant.get("barcode"),
        weight=float(weight) if weight is not None else None,
        weight_unit="kg" if weight is not None else None,
        avail_sale=None if status is None else status == "active",
        in_stock=None if variant.get("quantity") is None else variant["quantity"] > 0,
        create_at=variant.get("created_at"),
        modified_at=variant.get("updated_at"),
        currency_code=currency,
        additional_fields={"listing_ids": [str(i) for i in variant.get("listing_ids") or []]}
        if "listing_ids" in variant
        else None,
    )


def _address(raw: Any, order_id: str) -> tuple[Address | None, Any]:
    if not isinstance(raw, dict):
        return None, None
    country = _COUNTRIES.get(str(raw.get("country", "")).upper())
    if country is None or not raw.get("line1") or not raw.get("city") or not raw.get("postcode"):
        return None, raw
    first, _, last = str(raw.get("name") or "").partition(" ")
    return Address(
        id=f"{order_id}-shipping", type="shipping", first_name=first or None, last_name=last or None,
        postcode=str(raw["postcode"]), address1=str(raw["line1"]), city=str(raw["city"]), phone=raw.get("phone"),
        country=Country(code2=str(raw["country"]).upper(), code3=country[0], name=country[1]),
    ), None  # fmt: skip


def _items(order: Mapping[str, Any]) -> list[OrderItem]:
    items = []
    for line in order.get("order_items") or []:
        price = _money(line, "unit_price") or Decimal(0)
        items.append(
            OrderItem(
                product_id=str(line["variant_id"]), variant_id=str(line["variant_id"]),
                order_product_id=f"{order['id']}-{line['line_no']}", model=line.get("sku"), name=str(line["name"]),
                price=price, quantity=int(line["quantity"]), total_price=_money(line, "line_total") or Decimal(0),
            )
        )
    return items


def order_wire(order: Mapping[str, Any]) -> dict[str, Any]:
    """A OneCart order as the unified ``Order`` in its JSON shape, totals breaches reported, figures kept."""
    order_id = str(order["id"])
    address, raw_address = _address(order.get("shipping_address"), order_id)
    first, _, last = str(order.get("customer_name") or "").partition(" ")
    shipments = []
    if order.get("tracking_no"):
        shipments.append(
            Shipment(
                id=f"{order_id}-1", order_id=order_id, shipment_provider=order.get("courier"),
                tracking_numbers=[
                    TrackingNumber(carrier_id=order.get("courier"), tracking_number=order["tracking_no"])
                ],
                created_at=order.get("shipped_at"),
            )
        )
    extra: dict[str, Any] = {"channel": order.get("channel"), "order_no": order.get("order_no")}
    if raw_address is not None:
        extra["shipping_address"] = raw_address
    if order.get("cancel_reason"):
        extra["cancel_reason"] = order["cancel_reason"]
    currency = str(order["currency"])
    unified = Order(
        id=order_id,
        # Every write takes OneCart's id as order_id; the channel's order number travels in additional_fields.
        order_id=order_id,
        channel_id=order.get("channel"),
        # OneCart names the buyer but keeps no e-mail: the customer is added below, outside the model's check.
        customer={"id": f"{order_id}-buyer", "email": "buyer@invalid.example"},
        create_at=order["created_at"],
        modified_at=order.get("updated_at"),
        currency=Currency(id=currency, iso3=currency, default=True),
        status=OrderStatus(id=str(order["status"]), name=str(order["status"]).replace("_", " ").title()),
        totals=OrderTotals(
            total=_money(order, "total_amount") or Decimal(0),
            subtotal=_money(order, "sub_total") or Decimal(0),
            shipping=_money(order, "shipping_fee") or Decimal(0),
        ),
        order_products=_items(order),
        shipping_address=address,
        shipping_method=ShippingMethod(name=order["courier"]) if order.get("courier") else None,
        store_id=str(order["shop_id"]) if order.get("shop_id") is not None else None,
        shipments=shipments,
        additional_fields=extra,
    )
    wire = report_totals(unified).model_dump(mode="json", by_alias=True)
    wire["customer"] = {
        "additional_fields": None, "custom_fields": None, "id": f"{order_id}-buyer", "email": None,
        "first_name": first or None, "last_name": last or None, "phone": None,
    }  # fmt: skip
    return wire


def cart_from_shops(shops: Sequence[Mapping[str, Any]], url: str) -> Cart:
    """``cart.info``: the OneCart company, each connected channel shop as a storefront."""
    stores = []
    for shop in shops:
        code = str(shop.get("currency") or "")
        currency = Currency(id=code, iso3=code, default=True)
        stores.append(
            StoreInfo(
                store_id=str(shop["id"]), name=shop.get("name"), currency=currency, store_currencies=[currency],
                country=shop.get("country"), active=shop.get("status") == "active",
                additional_fields={"channel": shop.get("channel")},
            )
        )
    return Cart(name="OneCart", url=url, version="v2", stores_info=stores)
