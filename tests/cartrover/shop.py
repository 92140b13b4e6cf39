"""A CartRover merchant (the emulator) connected to a real gateway the way a merchant does it:
``account.cart.add`` with ``cart_id=CartRover``, ``store_url`` = the emulator, ``cartrover_api_user`` and
``cartrover_api_key``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.secrets import KeyRing
from gateway.settings import Settings
from tests.emulators.cartrover import CartRoverState, create_app
from tests.emulators.common import ManualClock, serve
from tests.gateway.conftest import Gateway, StoreCalls, start_gateway
from tests.http.emulated import clock_sleep

__all__ = ["API_KEY", "API_USER", "CartRoverShop", "cartrover_shop"]

API_USER, API_KEY = "merchant-user", "merchant-key"


@dataclass
class CartRoverShop(StoreCalls):
    gateway: Gateway
    state: CartRoverState
    url: str
    api_key: str
    store_key: str

    async def connect(self, api_user: str, api_key: str, store_url: str | None = None) -> dict[str, Any]:
        """``account.cart.add`` for this emulator; the whole envelope."""
        return await self.cart_add(cart_id="CartRover", store_url=store_url or self.url, cartrover_api_user=api_user,
                                   cartrover_api_key=api_key)  # fmt: skip


@asynccontextmanager
async def cartrover_shop(
    tmp_path: Path,
    state: CartRoverState | None = None,
    *,
    clock: ManualClock | None = None,
) -> AsyncIterator[CartRoverShop]:
    """The emulator on a free port and a gateway with one CartRover store connected.

    With ``clock``, the gateway's REST clients run on that manual clock (CartRover's bucket drains with it) from
    before the store is connected.
    """
    state = state or CartRoverState()
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/cartrover.db",
                        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
                        rate_limit_requests=100_000, key_cache_seconds=0)  # fmt: skip
    async with serve(create_app(state)) as url:
        gateway = await start_gateway(settings)
        try:
            if clock is not None:
                gateway.services.connector_services["rest"].use_clock(clock, clock_sleep(clock))
            api_key = await gateway.account()
            shop = CartRoverShop(gateway, state, url, api_key, "")
            body = await shop.connect(API_USER, API_KEY)
            assert body["return_code"] == 0, body
            shop.store_key = body["result"]["store_key"]
            yield shop
        finally:
            await gateway.client.close()
