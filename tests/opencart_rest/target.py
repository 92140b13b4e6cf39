"""The OpenCart REST connector as a conformance target: the emulator in one dialect behind a real gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from connectors.opencart_rest import OPENCART_API
from tests.conformance.target import Target
from tests.emulators.opencart_rest import Dialect
from tests.opencart_rest.shop import opencart_rest_shop

__all__ = ["opencart_rest_target"]


@asynccontextmanager
async def opencart_rest_target(tmp_path: Path, dialect: Dialect) -> AsyncIterator[Target]:
    async with opencart_rest_shop(tmp_path, dialect) as shop:
        yield Target(OPENCART_API, shop.gateway, shop.api_key, shop.store_key)
