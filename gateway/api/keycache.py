"""Verified API keys and resolved stores, cached for ``key_cache_seconds`` (default 5 s).

So the hot path makes no database round trip. A revoked key or deleted store stops working
within the TTL in every process (in this process at once: changes made through the gateway clear
the caches). Keys are cached under a hash of the key, never the key itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

from gateway.api.cache import TtlCache
from gateway.storage.repo import Principal, StoreRecord

__all__ = ["KeyCache", "KeyVerdict", "StoreCache"]

KeyVerdict = tuple[Principal | None, bool]  # (principal, revoked)


def _digest(raw: str) -> bytes:
    return hashlib.blake2b(raw.encode(), digest_size=20).digest()


class KeyCache:
    def __init__(self, ttl: float) -> None:
        self._cache: TtlCache[bytes, KeyVerdict] = TtlCache(ttl)

    def cached(self, raw_key: str, now: float) -> KeyVerdict | None:
        """The cached verdict, or None when the database must be asked."""
        return self._cache.peek(_digest(raw_key), now)[1]

    async def verify(self, raw_key: str, now: float, lookup: Callable[[str], Awaitable[KeyVerdict]]) -> KeyVerdict:
        return await self._cache.get_or_load(_digest(raw_key), now, lambda: lookup(raw_key))

    def clear(self) -> None:
        self._cache.clear()


class StoreCache:
    """Stores by (account, store key), with credentials already decrypted."""

    def __init__(self, ttl: float) -> None:
        self._cache: TtlCache[tuple[int, bytes], StoreRecord | None] = TtlCache(ttl)

    def cached(self, account_id: int, store_key: str, now: float) -> tuple[bool, StoreRecord | None]:
        return self._cache.peek((account_id, _digest(store_key)), now)

    async def get(
        self, account_id: int, store_key: str, now: float, load: Callable[[], Awaitable[StoreRecord | None]]
    ) -> StoreRecord | None:
        return await self._cache.get_or_load((account_id, _digest(store_key)), now, load)

    def clear(self) -> None:
        self._cache.clear()
