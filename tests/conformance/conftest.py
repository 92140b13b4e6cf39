"""The connector under test, behind a real gateway: every check goes through HTTP, as a client would.

``CONNECTORS_UNDER_TEST`` lists the cart_ids the suite runs against; a new connector adds its id
(and, if its platform needs one, a way to reach a test shop). A check of a method the connector
does not declare asserts the coded "not supported" answer (120) instead.
"""

from __future__ import annotations

import asyncio
import secrets
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

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


def _psql(sql: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], capture_output=True, check=False)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The gateway's database on each backend (PostgreSQL: a throw-away cg_model_* database)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('conformance')}/gateway.db"
        return
    name = f"cg_model_conf_{secrets.token_hex(4)}"
    created = _psql(f"CREATE DATABASE {name}")
    assert created.returncode == 0, "PostgreSQL is not running on 127.0.0.1:5432; ./scripts/test starts it"
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
        rate_limit_requests=100_000,  # a pagination walk makes hundreds of calls
        key_cache_seconds=0,
    )


# One gateway and store per connector and backend for the whole module (seeding a shop per test
# tripled the run time); the checks are written so that writes by one do not upset another.
@pytest_asyncio.fixture(scope="module", loop_scope="module", params=CONNECTORS_UNDER_TEST)
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
