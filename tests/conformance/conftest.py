"""The connector under test, behind a real gateway: every check goes through HTTP, as a client would.

``CONNECTORS_UNDER_TEST`` lists the cart_ids the suite runs against; a new connector adds its id
(and, if its platform needs one, a way to reach a test shop). A check of a method the connector
does not declare asserts the coded "not supported" answer (120) instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from connectors.registry import get_connector
from connectors.spec import ConnectorSpec
from gateway.secrets import KeyRing
from gateway.settings import Settings
from tests.gateway.conftest import Gateway, start_gateway

CONNECTORS_UNDER_TEST = ("Demo",)


class CallError(AssertionError):
    """The gateway answered a non-zero return_code where the check expected success."""


@dataclass
class Connected:
    """One store of the connector under test, and calls against it."""

    gateway: Gateway
    spec: ConnectorSpec
    api_key: str
    store_key: str

    def supports(self, method: str) -> bool:
        """Declared by the connector, or answered by the gateway itself (cart.info)."""
        row = self.gateway.services.table.get(method)
        return method in self.spec.supported_methods or (row is not None and row.handler is not None)

    async def raw(self, method: str, **params: Any) -> dict[str, Any]:
        """The whole envelope, whatever the return code."""
        headers = {"x-api-key": self.api_key, "x-store-key": self.store_key}
        # a JSON body carries lists and objects (order_products[], attributes[]) as a client sends them
        response = await self.gateway.client.post(f"/v1.1/{method}.json", json=params, headers=headers)
        assert response.status == 200
        body: dict[str, Any] = await response.json()
        return body

    async def ok(self, method: str, **params: Any) -> dict[str, Any]:
        """The envelope of a call that must succeed. Raises CallError naming the return code."""
        body = await self.raw(method, **params)
        if body["return_code"] != 0:
            raise CallError(f"{method} answered {body['return_code']}: {body['return_message']}")
        return body


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/gateway.db",
        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
        rate_limit_requests=100_000,  # a pagination walk makes hundreds of calls
        key_cache_seconds=0,
    )


@pytest.fixture(params=CONNECTORS_UNDER_TEST)
async def connected(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[Connected]:
    cart_id: str = request.param
    spec = get_connector(cart_id)
    assert spec is not None, f"{cart_id} is not in connectors.registry"
    gateway = await start_gateway(settings)
    try:
        api_key = await gateway.account()
        store_key = await gateway.store(api_key, cart_id=cart_id)
        yield Connected(gateway, spec, api_key, store_key)
    finally:
        await gateway.client.close()
        await asyncio.sleep(0)
