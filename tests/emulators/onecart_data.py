"""Deterministic seed data for the OneCart v2 emulator: shops, variants, listings and orders.

The OneCart document (../shared/seeds/onecart-api-v2.txt) names the resources and some fields
(``id``, ``order_no``, ``status``, ``order_items``, ``tracking_no``, ``quantity``) but not their full
shapes; the remaining fields are this emulator's choice, kept plain and realistic. Money is a decimal
string ("12.50") so no float rounding crosses the wire (our choice; the doc does not say).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

Record = dict[str, Any]

CHANNELS = ("shopee", "lazada", "shopify", "tiktok")
ORDER_STATUSES = ("pending", "ready_to_ship", "shipped", "delivered", "cancelled")
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
_PRODUCTS = (
    "Cotton T-Shirt",
    "Linen Shirt",
    "Denim Jacket",
    "Running Shoes",
    "Yoga Mat",
    "Water Bottle",
    "Coffee Mug",
    "Desk Lamp",
    "Phone Case",
    "USB-C Cable",
    "Backpack",
    "Sunglasses",
    "Rice Cooker",
    "Face Serum",
    "Lip Balm",
    "Tote Bag",
    "Wireless Earbuds",
    "Notebook",
    "Scented Candle",
    "Hair Clip",
)
_SIZES = ("XS", "S", "M", "L", "XL")
_BRANDS = ("Kaya", "Nori", "Lumen", "Tala", "Sora", "Mira")
_FIRST = ("Aisha", "Ben", "Chloe", "Dinh", "Eka", "Farid", "Grace", "Hana", "Iqbal", "Jun", "Kim", "Lina")
_LAST = ("Tan", "Lim", "Nguyen", "Santos", "Wijaya", "Ong", "Reyes", "Chua", "Lee", "Abdullah")
_CITIES = (("Singapore", "SG"), ("Kuala Lumpur", "MY"), ("Jakarta", "ID"), ("Manila", "PH"), ("Bangkok", "TH"))

# Fields each resource answers with when ``_fields`` is omitted; the extra fields exist but are only
# sent when asked for (the doc's own example adds ``order_items`` and removes ``tracking_no``).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "shop": ("id", "name", "channel", "currency", "country", "status"),
    "variant": ("id", "sku", "name", "brand", "price", "quantity", "status", "updated_at"),
    "listing": ("id", "shop_id", "variant_id", "channel", "title", "price", "status", "updated_at"),
    "order": (
        "id",
        "order_no",
        "shop_id",
        "channel",
        "status",
        "currency",
        "sub_total",
        "shipping_fee",
        "total_amount",
        "customer_name",
        "tracking_no",
        "created_at",
        "updated_at",
    ),
}
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {
    "shop": ("created_at",),
    "variant": ("barcode", "weight_kg", "created_at", "listing_ids"),
    "listing": ("url", "created_at"),
    "order": ("order_items", "shipping_address", "courier", "shipped_at", "cancelled_at", "cancel_reason"),
}


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z suffix (our choice of format)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def money(value: float) -> str:
    return f"{value:.2f}"


def seed(*, shops: int = 6, variants: int = 400, orders: int = 600, rng_seed: int = 7) -> dict[str, dict[int, Record]]:
    """Build the store's data; the same arguments always give the same records."""
    rng = random.Random(rng_seed)
    shop_rows: dict[int, Record] = {}
    for shop_id in range(1, shops + 1):
        channel = CHANNELS[(shop_id - 1) % len(CHANNELS)]
        city, country = _CITIES[(shop_id - 1) % len(_CITIES)]
        shop_rows[shop_id] = {
            "id": shop_id,
            "name": f"{_BRANDS[shop_id % len(_BRANDS)]} {city} ({channel.title()})",
            "channel": channel,
            "currency": {"SG": "SGD", "MY": "MYR", "ID": "IDR", "PH": "PHP", "TH": "THB"}[country],
            "country": country,
            "status": "active",
            "created_at": iso(_EPOCH - timedelta(days=400 - shop_id)),
        }
    variant_rows: dict[int, Record] = {}
    for variant_id in range(1, variants + 1):
        product = _PRODUCTS[(variant_id - 1) // len(_SIZES) % len(_PRODUCTS)]
        size = _SIZES[(variant_id - 1) % len(_SIZES)]
        created = _EPOCH - timedelta(days=300) + timedelta(hours=variant_id * 7)
        variant_rows[variant_id] = {
            "id": variant_id,
            "sku": f"SKU-{variant_id:05d}",
            "name": f"{product} {size}",
            "brand": _BRANDS[variant_id % len(_BRANDS)],
            "price": money(rng.uniform(3, 120)),
            "quantity": rng.randint(0, 250),
            "status": "active",
            "barcode": f"899{variant_id:010d}",
            "weight_kg": f"{rng.uniform(0.05, 3):.3f}",
            "created_at": iso(created),
            "updated_at": iso(created),
            "listing_ids": [],
        }
    listing_rows: dict[int, Record] = {}
    listing_id = 0
    for variant in variant_rows.values():
        for shop_id in rng.sample(sorted(shop_rows), k=1 + variant["id"] % 2):
            listing_id += 1
            shop = shop_rows[shop_id]
            listing_rows[listing_id] = {
                "id": listing_id,
                "shop_id": shop_id,
                "variant_id": variant["id"],
                "channel": shop["channel"],
                "title": variant["name"],
                "price": variant["price"],
                "status": "live",
                "url": f"https://{shop['channel']}.example/item/{listing_id}",
                "created_at": variant["created_at"],
                "updated_at": variant["updated_at"],
            }
            variant["listing_ids"].append(listing_id)
    order_rows: dict[int, Record] = {}
    for order_id in range(1, orders + 1):
        order_rows[order_id] = _order(rng, order_id, shop_rows, variant_rows)
    return {"shops": shop_rows, "variants": variant_rows, "listings": listing_rows, "orders": order_rows}


def _order(rng: random.Random, order_id: int, shops: dict[int, Record], variants: dict[int, Record]) -> Record:
    shop = shops[1 + order_id % len(shops)]
    created = _EPOCH + timedelta(minutes=order_id * 37 + rng.randint(0, 30))
    items = []
    for line_no, variant_id in enumerate(rng.sample(sorted(variants), k=rng.randint(1, 4)), start=1):
        variant = variants[variant_id]
        qty = rng.randint(1, 3)
        items.append(
            {
                "line_no": line_no,
                "variant_id": variant_id,
                "sku": variant["sku"],
                "name": variant["name"],
                "quantity": qty,
                "unit_price": variant["price"],
                "line_total": money(float(variant["price"]) * qty),
            }
        )
    sub_total = sum(float(item["line_total"]) for item in items)
    shipping = rng.choice((0.0, 2.5, 4.9, 7.0))
    status = ORDER_STATUSES[rng.choices(range(5), weights=(3, 3, 4, 6, 1))[0]]
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    city, country = _CITIES[order_id % len(_CITIES)]
    updated = created + timedelta(hours=rng.randint(0, 72))
    shipped = status in ("shipped", "delivered")
    return {
        "id": order_id,
        "order_no": f"{shop['channel'][:2].upper()}{260000000 + order_id * 13}",
        "shop_id": shop["id"],
        "channel": shop["channel"],
        "status": status,
        "currency": shop["currency"],
        "sub_total": money(sub_total),
        "shipping_fee": money(shipping),
        "total_amount": money(sub_total + shipping),
        "customer_name": f"{first} {last}",
        "tracking_no": f"TRK{order_id:09d}" if shipped else None,
        "courier": "J&T Express" if shipped else None,
        "created_at": iso(created),
        "updated_at": iso(updated),
        "shipped_at": iso(updated) if shipped else None,
        "cancelled_at": iso(updated) if status == "cancelled" else None,
        "cancel_reason": "buyer_request" if status == "cancelled" else None,
        "order_items": items,
        "shipping_address": {
            "name": f"{first} {last}",
            "line1": f"{rng.randint(1, 300)} Jalan {rng.choice(_LAST)}",
            "city": city,
            "postcode": f"{rng.randint(10000, 99999)}",
            "country": country,
            "phone": f"+6{rng.randint(10_000_000, 99_999_999)}",
        },
    }
