"""Fixtures for the gateway: a migrated database (SQLite, and PostgreSQL for storage tests) and a
running app with a test client."""

from __future__ import annotations

import asyncio
import secrets
import subprocess
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from connectors.spec import ConnectorSpec
from gateway.app import build_app
from gateway.keys import SERVICES
from gateway.methods.catalogue import build_method_table
from gateway.methods.table import MethodSpec
from gateway.secrets import KeyRing
from gateway.services import Services
from gateway.settings import Settings
from gateway.storage.db import create_engine, upgrade
from gateway.storage.repo import add_store, create_account, set_store_credentials

PG_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def _postgres_available() -> bool:
    probe = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend (PostgreSQL: a throw-away cg_core_* database)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/cartgate.db"
        return
    if not _postgres_available():
        pytest.fail("PostgreSQL is not running on 127.0.0.1:5432; ./scripts/test starts it")
    name = f"cg_core_{secrets.token_hex(4)}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
            check=False,
        )


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(database_url)
    await upgrade(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/gateway.db",
        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
        rate_limit_requests=1000,
        key_cache_seconds=0,
    )


@dataclass
class Gateway:
    """A running gateway app, its test client and helpers to make accounts and stores."""

    client: TestClient[Any, Any]
    services: Services

    async def account(self, *, read_only: bool = False, name: str = "acme") -> str:
        async with self.services.sessionmaker() as session, session.begin():
            _, raw = await create_account(session, name, read_only=read_only)
        return raw

    async def store(self, api_key: str, cart_id: str = "Demo", credentials: Mapping[str, Any] | None = None) -> str:
        from gateway.storage.repo import Principal, verify_api_key

        async with self.services.sessionmaker() as session, session.begin():
            principal, _ = await verify_api_key(session, api_key)
            assert isinstance(principal, Principal)
            store, key = await add_store(
                session,
                self.services.ring,
                account_id=principal.account_id,
                cart_id=cart_id,
                store_url=f"https://{secrets.token_hex(3)}.example.com",
                credentials=dict(credentials or {}),
            )
            set_store_credentials(self.services.ring, store, {**(credentials or {}), "_store_key": key})
        return key

    async def call(
        self, method: str, api_key: str | None = None, store_key: str | None = None, **params: Any
    ) -> dict[str, Any]:
        headers = {}
        if api_key:
            headers["x-api-key"] = api_key
        if store_key:
            headers["x-store-key"] = store_key
        response = await self.client.get(f"/v1.1/{method}.json", params=params, headers=headers)
        assert response.status == 200
        body: dict[str, Any] = await response.json()
        return body


class StoreCalls:
    """``call`` / ``ok`` / ``cart_add`` for a test helper that holds a gateway, an account's API key and a store key
    (the platform test shops: OneCart, CartRover, OpenCart REST)."""

    gateway: Gateway
    api_key: str
    store_key: str

    async def call(self, method: str, store_key: str | None = None, **params: Any) -> dict[str, Any]:
        """POST ``params`` as JSON to the gateway; the whole envelope."""
        headers = {"x-api-key": self.api_key, "x-store-key": store_key or self.store_key}
        response = await self.gateway.client.post(f"/v1.1/{method}.json", json=params, headers=headers)
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
        return body

    async def ok(self, method: str, **params: Any) -> dict[str, Any]:
        """The result of a call that must succeed."""
        body = await self.call(method, **params)
        assert body["return_code"] == 0, f"{method}: {body['return_code']} {body['return_message']}"
        result: dict[str, Any] = body["result"]
        return result

    async def walk(self, method: str, items: str, **params: Any) -> list[dict[str, Any]]:
        """Every item a list hands out, following ``pagination.next`` to the end (filters sent on every page)."""
        seen: list[dict[str, Any]] = []
        body = await self.call(method, **params)
        while True:
            assert body["return_code"] == 0, body
            seen.extend(body["result"][items])
            cursor = body["pagination"]["next"]
            if not cursor:
                return seen
            body = await self.call(method, page_cursor=cursor, **params)

    async def cart_add(self, **params: Any) -> dict[str, Any]:
        """``account.cart.add`` with ``params`` under this account; the whole envelope."""
        response = await self.gateway.client.post("/v1.1/account.cart.add.json", json=params,
                                                  headers={"x-api-key": self.api_key})  # fmt: skip
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
        return body


async def start_gateway(
    settings: Settings,
    extra_methods: tuple[MethodSpec, ...] = (),
    connectors: Mapping[str, ConnectorSpec] | None = None,
) -> Gateway:
    from connectors.registry import CONNECTORS

    app = build_app(
        settings,
        table=build_method_table(extra_methods),
        connectors={**CONNECTORS, **(connectors or {})},
    )
    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()
    return Gateway(client=client, services=app[SERVICES])


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Gateway]:
    gw = await start_gateway(settings)
    yield gw
    await gw.client.close()
    await asyncio.sleep(0)
