"""A small TTL cache with single-flight loading, for the hot path's key and store lookups.

When an entry expires while many requests use it, exactly one of them reloads it; the others
await that load instead of each going to the database (no thundering herd).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["TtlCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    def __init__(self, ttl: float, max_entries: int = 50_000) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[K, tuple[float, V]] = {}
        self._loading: dict[K, asyncio.Future[V]] = {}

    def peek(self, key: K, now: float) -> tuple[bool, V | None]:
        """(True, value) for a fresh entry, without awaiting: the hot path's hit."""
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return True, hit[1]
        return False, None

    async def get_or_load(self, key: K, now: float, load: Callable[[], Awaitable[V]]) -> V:
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await load()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it, nobody else must
            raise
        finally:
            self._loading.pop(key, None)
        future.set_result(value)
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        if self.ttl > 0:
            self._entries[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        self._entries.clear()
