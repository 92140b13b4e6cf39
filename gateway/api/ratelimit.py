"""Per-API-key rate limits with the headers OneCart documents (X-RateLimit-*, Retry-After).

A fixed window per key, because its three headers (limit, remaining, reset time) have one exact
meaning there; aiolimiter's leaky bucket has no "reset" to report. ``RateLimiter`` is a protocol
so a shared backend (Redis: INCR + EXPIRE on ``key:window``) can replace the in-process one when
several gateway processes serve the same keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

__all__ = ["InMemoryRateLimiter", "RateDecision", "RateLimiter"]


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_at: float  # unix time the window ends

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(math.ceil(self.reset_at)),
        }

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.reset_at - now))


class RateLimiter(Protocol):
    async def hit(self, key: str, now: float) -> RateDecision: ...


class InMemoryRateLimiter:
    """``limit`` requests per ``window`` seconds per key, windows aligned to the epoch."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._counts: dict[str, tuple[float, int]] = {}

    async def hit(self, key: str, now: float) -> RateDecision:
        start = now - (now % self.window)
        window_start, used = self._counts.get(key, (start, 0))
        if window_start != start:
            used = 0
            if len(self._counts) > 10_000:  # keys of past windows are dead weight
                self._counts = {k: v for k, v in self._counts.items() if v[0] == start}
        allowed = used < self.limit
        if allowed:
            used += 1
        self._counts[key] = (start, used)
        return RateDecision(allowed, self.limit, self.limit - used, start + self.window)
