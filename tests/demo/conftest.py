"""Demo platform fixtures: a running gateway (SQLite, or PostgreSQL where asked) with a Demo store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gateway.secrets import KeyRing
from gateway.settings import Settings
from tests.gateway.conftest import Gateway, database_url, start_gateway

__all__ = ["DemoClient", "database_url"]


@dataclass
class DemoClient:
    """A gateway and the keys of one seeded Demo store."""

    gateway: Gateway
    api_key: str
    store_key: str

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """POST ``params`` as JSON to ``/v1.1/<method>.json``; the parsed envelope."""
        headers = {"x-api-key": self.api_key, "x-store-key": self.store_key}
        response = await self.gateway.client.post(f"/v1.1/{method}.json", json=params, headers=headers)
        assert response.status == 200
        body: dict[str, Any] = await response.json()
        return body


def demo_settings(url: str) -> Settings:
    return Settings(database_url=url, secret_key=KeyRing.generate().keys.popitem()[1].hex(),
                    rate_limit_requests=100_000, key_cache_seconds=0)  # fmt: skip


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[DemoClient]:
    gateway = await start_gateway(demo_settings(f"sqlite+aiosqlite:///{tmp_path}/demo.db"))
    api_key = await gateway.account()
    store_key = await gateway.store(api_key, "Demo")
    yield DemoClient(gateway, api_key, store_key)
    await gateway.client.close()
    await asyncio.sleep(0)
