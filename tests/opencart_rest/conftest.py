"""Fixtures: a gateway with an OpenCart store connected to the REST emulator, once per dialect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.opencart_rest.shop import DIALECTS, OpenCartRestShop, opencart_rest_shop


@pytest.fixture(params=DIALECTS, ids=[f"opencart-{d}" for d in DIALECTS])
async def shop(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[OpenCartRestShop]:
    async with opencart_rest_shop(tmp_path, request.param) as connected:
        yield connected
