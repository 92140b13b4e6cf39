"""What the conformance suite runs against: a connector behind a running gateway, with one store.

A connector joins the suite by adding a ``TargetFactory`` to ``TARGETS`` (tests/conformance/targets.py):
an async context manager that starts whatever the connector talks to (an emulator, a test shop)
and yields a ``Target``. Every check then speaks HTTP to the gateway, as a client would.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from connectors.spec import ConnectorSpec
from gateway.secrets import KeyRing
from gateway.settings import Settings
from tests.gateway.conftest import Gateway, start_gateway

__all__ = ["Target", "TargetFactory", "gateway_target"]


@dataclass
class Target:
    """One store of the connector under test, reachable through the gateway's HTTP API."""

    spec: ConnectorSpec
    gateway: Gateway
    api_key: str
    store_key: str

    def supports(self, method: str) -> bool:
        return method in self.spec.supported_methods

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """POST ``params`` as JSON; the envelope with amounts parsed as Decimal (to see their decimals)."""
        headers = {"x-api-key": self.api_key, "x-store-key": self.store_key}
        response = await self.gateway.client.post(f"/v1.1/{method}.json", json=params, headers=headers)
        assert response.status == 200, await response.text()
        body: dict[str, Any] = json.loads(await response.text(), parse_float=Decimal)
        return body

    async def ok(self, method: str, **params: Any) -> dict[str, Any]:
        """The result of a call that must succeed."""
        body = await self.call(method, **params)
        assert body["return_code"] == 0, f"{method} {params}: {body.get('return_code')} {body.get('return_message')}"
        result: dict[str, Any] = body["result"]
        return result


TargetFactory = Callable[[Path], AbstractAsyncContextManager[Target]]


def gateway_target(spec: ConnectorSpec, credentials: dict[str, Any] | None = None) -> TargetFactory:
    """A factory for a connector that needs nothing but the gateway (the Demo platform, fakes)."""

    @asynccontextmanager
    async def factory(tmp_path: Path) -> AsyncIterator[Target]:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/conformance.db",
                            secret_key=KeyRing.generate().keys.popitem()[1].hex(),
                            rate_limit_requests=100_000, key_cache_seconds=0)  # fmt: skip
        gateway = await start_gateway(settings, connectors={spec.cart_id: spec})
        try:
            api_key = await gateway.account()
            store_key = await gateway.store(api_key, spec.cart_id, credentials)
            yield Target(spec, gateway, api_key, store_key)
        finally:
            await gateway.client.close()

    return factory
