"""Verified API keys cached for a few seconds, so the hot path makes no database round trip.

A revoked key stops working within ``ttl`` seconds in every process (in this process at once:
revocation through the gateway clears the cache). The cache is keyed by a hash of the key, never
by the key itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

from gateway.storage.repo import Principal

__all__ = ["KeyCache", "KeyVerdict"]

KeyVerdict = tuple[Principal | None, bool]  # (principal, revoked)


class KeyCache:
    def __init__(self, ttl: float, max_entries: int = 50_000) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[bytes, tuple[float, KeyVerdict]] = {}

    async def verify(self, raw_key: str, now: float, lookup: Callable[[str], Awaitable[KeyVerdict]]) -> KeyVerdict:
        digest = hashlib.blake2b(raw_key.encode(), digest_size=20).digest()
        hit = self._entries.get(digest)
        if hit is not None and hit[0] > now:
            return hit[1]
        verdict = await lookup(raw_key)
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[digest] = (now + self.ttl, verdict)
        return verdict

    def clear(self) -> None:
        self._entries.clear()
