"""The OneCart connector as a conformance target: the v2 emulator behind a real gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from connectors.onecart import ONECART
from tests.conformance.target import Target
from tests.onecart.shop import onecart_shop

__all__ = ["onecart_target"]


@asynccontextmanager
async def onecart_target(tmp_path: Path) -> AsyncIterator[Target]:
    async with onecart_shop(tmp_path) as shop:
        yield Target(ONECART, shop.gateway, shop.api_key, shop.store_key)
