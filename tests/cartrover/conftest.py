"""Fixtures: a gateway with a CartRover store connected to the emulator over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.cartrover.shop import CartRoverShop, cartrover_shop


@pytest.fixture
async def shop(tmp_path: Path) -> AsyncIterator[CartRoverShop]:
    async with cartrover_shop(tmp_path) as connected:
        yield connected
