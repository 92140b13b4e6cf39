"""The long-lived objects the gateway opens at start-up, held under one typed AppKey."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from connectors.spec import ConnectorSpec
from gateway.api.keycache import KeyCache, StoreCache
from gateway.api.ratelimit import RateLimiter
from gateway.http.clients import PlatformClients
from gateway.methods.table import MethodTable
from gateway.secrets import KeyRing
from gateway.settings import Settings

__all__ = ["Services"]


@dataclass(slots=True)
class Services:
    settings: Settings
    ring: KeyRing
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    table: MethodTable
    connectors: Mapping[str, ConnectorSpec]
    limiter: RateLimiter
    key_cache: KeyCache
    store_cache: StoreCache
    http: aiohttp.ClientSession | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    connector_services: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # What a connector handler may use (ConnectorContext.services), built once.
        # ``rest``: one RestClient per platform over ``http``, so budgets, tokens and queues live as long as the app.
        rest = PlatformClients(self.http) if self.http is not None else None
        self.connector_services.update(http=self.http, rest=rest, sessionmaker=self.sessionmaker, ring=self.ring)
