"""The CartRover connector as a conformance target: the emulator behind a real gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from connectors.cartrover import CARTROVER
from tests.cartrover.shop import cartrover_shop
from tests.conformance.target import Target

__all__ = ["cartrover_target"]


@asynccontextmanager
async def cartrover_target(tmp_path: Path) -> AsyncIterator[Target]:
    async with cartrover_shop(tmp_path) as shop:
        yield Target(CARTROVER, shop.gateway, shop.api_key, shop.store_key)
