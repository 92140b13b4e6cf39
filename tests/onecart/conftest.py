"""Fixtures: a gateway with a OneCart store connected to the v2 emulator over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.onecart.shop import OneCartShop, onecart_shop


@pytest.fixture
async def shop(tmp_path: Path) -> AsyncIterator[OneCartShop]:
    async with onecart_shop(tmp_path) as connected:
        yield connected
