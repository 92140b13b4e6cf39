"""An OpenCart shop (the REST emulator, in one dialect) connected to a real gateway the way a store owner
does it: ``account.cart.add`` with ``cart_id=OpencartApi``, ``store_url`` = the shop, API user and key."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gateway.secrets import KeyRing
from gateway.settings import Settings
from gateway.storage.models import Store
from tests.emulators.common import serve
from tests.emulators.opencart_rest import DEFAULT_KEY, Dialect, OpenCartState, create_app
from tests.gateway.conftest import Gateway, StoreCalls, start_gateway

__all__ = ["DIALECTS", "OpenCartRestShop", "opencart_rest_shop", "order_params"]

DIALECTS: tuple[Dialect, ...] = ("3.0", "4.0", "4.1")
DETECTED = {"3.0": "3.x", "4.0": "4.0", "4.1": "4.1"}  # emulator dialect -> what the connector calls it


@dataclass
class OpenCartRestShop(StoreCalls):
    gateway: Gateway
    state: OpenCartState
    url: str
    api_key: str
    store_key: str = ""

    async def connect(self, key: str = DEFAULT_KEY, username: str = "Default", url: str | None = None,
                      **extra: Any) -> dict[str, Any]:  # fmt: skip
        """``account.cart.add`` for this shop; the whole envelope."""
        params = {"cart_id": "OpencartApi", "store_url": url or self.url, "opencart_api_username": username,
                  "opencart_api_key": key, **extra}  # fmt: skip
        return await self.cart_add(**params)

    async def stores(self) -> list[Store]:
        """Every store row the gateway saved (settings included)."""
        async with self.gateway.services.sessionmaker() as session:
            return list((await session.scalars(select(Store).order_by(Store.id))).all())


@asynccontextmanager
async def opencart_rest_shop(tmp_path: Path, dialect: Dialect = "4.0", state: OpenCartState | None = None,
                             *, connect: bool = True) -> AsyncIterator[OpenCartRestShop]:  # fmt: skip
    """The emulator served on a free port and a gateway; with ``connect``, one store connected to it."""
    state = state or OpenCartState(dialect=dialect)
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/opencart_rest.db",
                        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
                        rate_limit_requests=100_000, key_cache_seconds=0)  # fmt: skip
    async with serve(create_app(state)) as url:
        gateway = await start_gateway(settings)
        try:
            shop = OpenCartRestShop(gateway, state, url, await gateway.account())
            if connect:
                body = await shop.connect()
                assert body["return_code"] == 0, body
                shop.store_key = body["result"]["store_key"]
            yield shop
        finally:
            await gateway.client.close()


def order_params(state: OpenCartState, lines: dict[int, int], **overrides: Any) -> dict[str, Any]:
    """An ``order.add`` for ``lines`` (product id -> quantity) at the shop's own prices, shipped flat rate to
    Florida, with its totals computed from the emulator's catalogue."""
    items = []
    for product_id, quantity in lines.items():
        product = state.data["products"][product_id]
        items.append({"order_item_id": str(product_id), "order_item_name": product["name"],
                      "order_item_price": str(Decimal(str(product["price"])).quantize(Decimal("0.01"))),
                      "order_item_quantity": quantity})  # fmt: skip
    subtotal = sum(Decimal(i["order_item_price"]) * i["order_item_quantity"] for i in items)
    params: dict[str, Any] = {
        "order_status": "pending", "customer_email": "ada@example.com", "customer_first_name": "Ada",
        "customer_last_name": "Lovelace", "currency": "USD", "bill_first_name": "Ada", "bill_last_name": "Lovelace",
        "bill_address_1": "12 Ocean Drive", "bill_city": "Miami", "bill_postcode": "33139", "bill_state": "3635",
        "bill_country": "US", "order_shipping_method": "flat.flat", "order_payment_method": "cod",
        "order_item": items, "subtotal_price": str(subtotal), "shipping_price": "5.00", "tax_price": "0",
        "total_price": str(subtotal + 5), "comment": "Leave at the door",
    }  # fmt: skip
    params.update(overrides)
    return params
