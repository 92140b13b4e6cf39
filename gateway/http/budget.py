"""Per-store request budgets: what a platform lets one credential send, kept in step with its headers.

Sans-I/O: a budget never sleeps and never reads a clock; the client passes ``now`` (Unix seconds) and
sleeps for whatever :meth:`Budget.reserve` answers. Two shapes cover the documented platforms:

- :class:`FixedWindowBudget`: N requests per window, re-synchronised from ``X-RateLimit-Limit``,
  ``-Remaining`` and ``-Reset`` (Unix time) on every answer (OneCart API v2: 300 / 60 s per key).
- :class:`LeakyBucketBudget`: a bucket of N calls draining one every ``drain_seconds``, re-synchronised
  from a "calls remaining" header (CartRover: 100 calls, one back every 0.6 s,
  ``X-CartRover-Api-Minute-Hits-Remaining``).

Until the first answer arrives a budget lets one request through alone: another process may already
have spent part of the allowance, and only the platform's headers can say. aiolimiter's leaky bucket
would do the local arithmetic, but it cannot be corrected from headers, so the few lines live here.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["Budget", "FixedWindowBudget", "LeakyBucketBudget", "parse_retry_after"]

# Shortest wait a budget answers: a wait below a clock's resolution (Unix time as a float is ~0.2 us
# coarse) would never move the clock and the caller would spin.
MIN_WAIT = 0.01


class Budget(Protocol):
    def reserve(self, now: float) -> float:
        """Take one request's allowance and answer 0, or answer how many seconds to wait first."""

    def release(self) -> None:
        """The reserved request ended without an answer (transport failure)."""

    def observe(self, now: float, status: int, headers: Mapping[str, str]) -> None:
        """Take the platform's word from an answer's status and headers."""

    def refused(self, now: float, retry_after: float | None) -> None:
        """The platform refused a request for rate limiting; nothing more goes out until it allows."""


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds (RFC 9110: delay-seconds or an HTTP-date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)


def _header_float(headers: Mapping[str, str], name: str) -> float | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@dataclass
class FixedWindowBudget:
    """N requests per window; the platform's headers are the truth, our count covers requests in flight."""

    limit: int
    window_seconds: float
    limit_header: str = "X-RateLimit-Limit"
    remaining_header: str = "X-RateLimit-Remaining"
    reset_header: str = "X-RateLimit-Reset"
    # Added to the platform's reset time before assuming a fresh window (clocks differ between hosts).
    margin_seconds: float = 1.0
    remaining: int = 0
    reset_at: float | None = None
    synced: bool = False
    in_flight: int = 0
    blocked_until: float = 0.0

    def __post_init__(self) -> None:
        self.remaining = self.limit

    def reserve(self, now: float) -> float:
        if now < self.blocked_until:
            return max(MIN_WAIT, self.blocked_until - now)
        if not self.synced:
            # First contact: one request alone, until the headers say where the window stands.
            return 0.0 if self._take() else 0.05  # woken early by the first answer
        if self.reset_at is not None and now >= self.reset_at + self.margin_seconds:
            self.remaining = self.limit - self.in_flight
            self.reset_at = None
        if self.remaining > 0:
            self._take()
            return 0.0
        if self.reset_at is None:
            return 0.05  # the answers that will tell us the new window's reset time are in flight
        return max(MIN_WAIT, self.reset_at + self.margin_seconds - now)

    def _take(self) -> bool:
        if not self.synced and self.in_flight > 0:
            return False
        self.remaining -= 1
        self.in_flight += 1
        return True

    def release(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)

    def observe(self, now: float, status: int, headers: Mapping[str, str]) -> None:
        self.release()
        limit = _header_float(headers, self.limit_header)
        remaining = _header_float(headers, self.remaining_header)
        reset = _header_float(headers, self.reset_header)
        if limit is not None and limit >= 1:
            self.limit = int(limit)
        if remaining is None or reset is None:
            return
        if not self.synced or self.reset_at is None or reset > self.reset_at:
            # A new window (or the first answer): the platform's count, less what we sent since.
            self.remaining = int(remaining) - self.in_flight
            self.reset_at = reset
        else:
            self.remaining = min(self.remaining, int(remaining) - self.in_flight)
        self.synced = True

    def refused(self, now: float, retry_after: float | None) -> None:
        self.remaining = 0
        wait = retry_after if retry_after is not None else self.window_seconds
        self.blocked_until = max(self.blocked_until, now + wait)
        if self.reset_at is None or self.reset_at < now + wait - self.margin_seconds:
            self.reset_at = now + wait - self.margin_seconds


@dataclass
class LeakyBucketBudget:
    """A bucket of ``capacity`` calls; each request adds one, one drains every ``drain_seconds``."""

    capacity: int
    drain_seconds: float
    remaining_header: str = ""
    # Kept free so float rounding on either side never turns an allowed call into a refusal.
    margin_calls: float = 0.05
    level: float = 0.0
    last: float | None = None
    synced: bool = False
    in_flight: int = 0
    blocked_until: float = 0.0

    def _drain(self, now: float) -> None:
        if self.last is not None and now > self.last:
            self.level = max(0.0, self.level - (now - self.last) / self.drain_seconds)
        if self.last is None or now > self.last:
            self.last = now

    def reserve(self, now: float) -> float:
        if now < self.blocked_until:
            return max(MIN_WAIT, self.blocked_until - now)
        self._drain(now)
        if self.remaining_header and not self.synced and self.in_flight > 0:
            return 0.05
        room = self.capacity - self.margin_calls
        if self.level + 1 <= room:
            self.level += 1
            self.in_flight += 1
            return 0.0
        return max(MIN_WAIT, (self.level + 1 - room) * self.drain_seconds)

    def release(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)

    def observe(self, now: float, status: int, headers: Mapping[str, str]) -> None:
        self.release()
        remaining = _header_float(headers, self.remaining_header) if self.remaining_header else None
        if remaining is None:
            return
        self._drain(now)
        # The platform's level after this request, plus what we sent that it has not counted yet.
        self.level = max(self.level if self.synced else 0.0, self.capacity - remaining + self.in_flight)
        self.synced = True

    def refused(self, now: float, retry_after: float | None) -> None:
        self._drain(now)
        self.level = float(self.capacity)
        wait = retry_after if retry_after is not None else self.drain_seconds
        self.blocked_until = max(self.blocked_until, now + wait)


@dataclass
class Unlimited:
    """For platforms that document no budget."""

    in_flight: int = field(default=0)

    def reserve(self, now: float) -> float:
        return 0.0

    def release(self) -> None:
        return None

    def observe(self, now: float, status: int, headers: Mapping[str, str]) -> None:
        return None

    def refused(self, now: float, retry_after: float | None) -> None:
        return None
