"""One OpenCart shop as the handlers see it: its bridge client, version, default language and currency.

The version decides the SQL (``Layout``): 4.1 keeps product codes in ``product_code`` and specials in
``product_discount``; 4.0+ changed customers' default addresses and order method columns. What the
bridge's ``info`` and the shop's settings say is cached per store for a minute (one ``info`` plus one
query), so a page costs its own queries only.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import aiohttp

from connectors.spec import ConnectorContext
from gateway.bridge.client import BridgeClient
from gateway.bridge.connect import default_bridge_url
from gateway.bridge.keys import STORE_KEY_FIELD, store_secrets
from gateway.errors import BridgeProtocolError, BridgeWrongCart, MissingParameter, StoreUnreachable

__all__ = ["Layout", "Shop", "encode_text", "money", "open_shop", "text", "when"]

_CACHE_SECONDS: Final = 60.0
_CENT: Final = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Layout:
    """Which schema generation the shop's tables follow."""

    version: str
    major: int  # 3 or 4
    codes_table: bool  # 4.1+: SKU/UPC/EAN/... are rows of product_code; specials in product_discount

    @classmethod
    def of(cls, version: str) -> Layout:
        """Raises BridgeWrongCart for a version this connector does not read (below 3.0, above 4.x)."""
        try:
            parts = [int(part) for part in version.split(".")[:2]]
        except ValueError:
            raise BridgeWrongCart("The bridge reported an unreadable OpenCart version", field="cart_version") from None
        if len(parts) < 2 or parts[0] not in (3, 4):
            raise BridgeWrongCart(f"OpenCart {version} is not supported (3.0.x and 4.x are)", field="cart_version")
        return cls(version, parts[0], parts[0] == 4 and parts[1] >= 1)


@dataclass(frozen=True, slots=True)
class Shop:
    """A connected shop for one call."""

    bridge: BridgeClient
    layout: Layout
    language_id: int
    currency: str
    customer_group_id: int
    store_url: str


_META: dict[str, tuple[float, Layout, int, str, int]] = {}

_META_SQL = """
SELECT
  (SELECT l.language_id FROM {table_prefix}language l WHERE l.code = (SELECT s.value FROM {table_prefix}setting s
     WHERE s.store_id = 0 AND s.`key` IN ('config_language', 'config_language_catalog') ORDER BY s.`key` DESC LIMIT 1)
   LIMIT 1) AS language_id,
  (SELECT s.value FROM {table_prefix}setting s WHERE s.store_id = 0 AND s.`key` = 'config_currency' LIMIT 1)
    AS currency,
  (SELECT s.value FROM {table_prefix}setting s WHERE s.store_id = 0 AND s.`key` = 'config_customer_group_id' LIMIT 1)
    AS customer_group_id
"""


def _http(ctx: ConnectorContext) -> aiohttp.ClientSession:
    http = ctx.services.get("http")
    if not isinstance(http, aiohttp.ClientSession):
        raise StoreUnreachable("The gateway has no HTTP client session", field="bridge_url")
    return http


def bridge_of(ctx: ConnectorContext) -> BridgeClient:
    """The store's bridge client. Raises MissingParameter when the store has no store key."""
    store_key = ctx.store.credentials.get(STORE_KEY_FIELD)
    if not isinstance(store_key, str):
        raise MissingParameter("Bridge carts need the store_key answered by cart.bridge", field="store_key")
    url = str(ctx.store.settings.get("bridge_url") or default_bridge_url(ctx.store.store_url))
    return BridgeClient(_http(ctx), url, store_secrets(store_key, ctx.store.credentials))


async def open_shop(ctx: ConnectorContext) -> Shop:
    """The shop behind ``ctx``. Raises the bridge's coded errors (StoreUnreachable, BridgeAuthFailed ...)."""
    bridge = bridge_of(ctx)
    key = f"{ctx.store.store_id}|{bridge._url}"  # a store moved to another URL is another shop
    cached = _META.get(key)
    if cached is None or time.monotonic() - cached[0] > _CACHE_SECONDS:
        version = ctx.store.settings.get("cart_version")
        if not isinstance(version, str) or not version:
            cart = (await bridge.info()).get("cart") or {}
            version = str(cart.get("version") or "")
        layout = Layout.of(version)
        rows, _ = await bridge.query_dicts(_META_SQL, limit=1)
        if not rows:
            raise BridgeProtocolError("The shop's settings could not be read", field="setting")
        row = rows[0]
        cached = (time.monotonic(), layout, int(row["language_id"] or 1), str(row["currency"] or "USD"),
                  int(row["customer_group_id"] or 1))  # fmt: skip
        _META[key] = cached
    _, layout, language_id, currency, group_id = cached
    return Shop(bridge, layout, language_id, currency, group_id, ctx.store.store_url.rstrip("/"))


def money(value: Any) -> Decimal:
    """OpenCart keeps 4 decimals; an amount that is whole cents is given with 2 (12.5000 -> 12.50)."""
    try:
        amount = Decimal(str(value if value is not None else 0))
    except InvalidOperation:
        raise BridgeProtocolError("The shop answered a non-numeric amount", field="result") from None
    cents = amount.quantize(_CENT)
    return cents if cents == amount else amount.normalize()


def when(value: Any) -> datetime | None:
    """A DATETIME from the shop (kept in the shop's local time, taken as UTC), or None for zero dates."""
    if value is None:
        return None
    text_value = str(value)
    if not text_value or text_value.startswith("0000-00-00"):
        return None
    try:
        return datetime.fromisoformat(text_value).replace(tzinfo=UTC)
    except ValueError:
        return None


def is_id(value: Any) -> bool:
    """True for an OpenCart id as a caller may send it: ASCII digits only (``str.isdigit`` also takes '²',
    which ``int`` refuses)."""
    raw = str(value)
    return raw.isascii() and raw.isdigit()


def text(value: Any) -> str:
    """Text as OpenCart's admin meant it: the stored value is HTML-entity encoded."""
    return html.unescape(str(value)) if value is not None else ""


def encode_text(value: str) -> str:
    """Text as OpenCart's Request class would have stored it (``&`` first, then ``< > "``)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
