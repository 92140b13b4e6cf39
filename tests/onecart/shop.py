"""A OneCart company (the v2 emulator) connected to a real gateway the way a store owner does it:
``account.cart.add`` with ``cart_id=OneCart``, ``store_url`` = the emulator and ``onecart_api_key``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.secrets import KeyRing
from gateway.settings import Settings
from tests.emulators.common import serve
from tests.emulators.onecart import OneCartState, create_app
from tests.gateway.conftest import Gateway, StoreCalls, start_gateway

__all__ = ["OneCartShop", "onecart_shop"]

FULL_KEY, READ_KEY = "oc-full-key", "oc-read-key"


@dataclass
class OneCartShop(StoreCalls):
    gateway: Gateway
    state: OneCartState
    url: str
    api_key: str
    store_key: str

    async def connect(self, api_key: str, **extra: Any) -> dict[str, Any]:
        """``account.cart.add`` for this emulator with ``api_key``; the whole envelope."""
        return await self.cart_add(cart_id="OneCart", store_url=self.url, onecart_api_key=api_key, **extra)


@asynccontextmanager
async def onecart_shop(tmp_path: Path, state: OneCartState | None = None) -> AsyncIterator[OneCartShop]:
    """The emulator served on a free port and a gateway with one OneCart store connected (full key)."""
    state = state or OneCartState()
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/onecart.db",
                        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
                        rate_limit_requests=100_000, key_cache_seconds=0)  # fmt: skip
    async with serve(create_app(state)) as url:
        gateway = await start_gateway(settings)
        try:
            api_key = await gateway.account()
            shop = OneCartShop(gateway, state, url, api_key, "")
            body = await shop.connect(FULL_KEY)
            assert body["return_code"] == 0, body
            shop.store_key = body["result"]["store_key"]
            yield shop
        finally:
            await gateway.client.close()
