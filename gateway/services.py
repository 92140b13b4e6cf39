"""The long-lived objects the gateway opens at start-up, held under one typed AppKey."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from connectors.spec import ConnectorSpec
from gateway.api.keycache import KeyCache
from gateway.api.ratelimit import RateLimiter
from gateway.methods.table import MethodTable
from gateway.secrets import KeyRing
from gateway.settings import Settings
from gateway.storage.models import Store

__all__ = ["Services", "StoreCache"]


class StoreCache:
    """Stores looked up by (account, store key) for a few seconds; cleared on any store change."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[tuple[int, bytes], tuple[float, Store | None]] = {}

    @staticmethod
    def _key(account_id: int, store_key: str) -> tuple[int, bytes]:
        return account_id, hashlib.blake2b(store_key.encode(), digest_size=20).digest()

    def get(self, account_id: int, store_key: str, now: float) -> tuple[bool, Store | None]:
        hit = self._entries.get(self._key(account_id, store_key))
        if hit is not None and hit[0] > now:
            return True, hit[1]
        return False, None

    def put(self, account_id: int, store_key: str, store: Store | None, now: float) -> None:
        if len(self._entries) > 50_000:
            self._entries.clear()
        self._entries[self._key(account_id, store_key)] = (now + self.ttl, store)

    def clear(self) -> None:
        self._entries.clear()


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
