"""Group commit for platform writes that have a bulk form: one change goes out alone at once, the changes
that arrive while it is in flight go out together as one bulk request when it returns.

No timer decides what goes together, so a lone change never waits. A bulk request the platform refuses as
a whole because of one bad item (``split_on``: an unknown id, an invalid value) is replayed item by item, so
every caller gets its own answer; any other failure is every caller's answer. Used by OneCart
(``PUT /variants/bulk_update``) and CartRover (``POST /v1/merchant/inventory``) stock writes.

A ``GroupCommit`` belongs to one store's scope on one platform (its API base and credentials): keep it with
the platform's ``RestClient`` (:meth:`RestClient.shared`), never in a module-level table.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from gateway.errors import CartgateError, InvalidParameter, NotFound

__all__ = ["GroupCommit"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(eq=False)
class GroupCommit(Generic[K, V]):
    """Queue ``key -> value`` changes (the last value for a key wins) and send them in groups.

    ``send_many`` writes 2..``max_batch`` changes in one request; ``send_one`` writes one. Both raise
    CartgateError subclasses on failure.
    """

    send_one: Callable[[K, V], Awaitable[None]]
    send_many: Callable[[list[tuple[K, V]]], Awaitable[None]]
    max_batch: int
    split_on: tuple[type[CartgateError], ...] = (InvalidParameter, NotFound)
    requests: int = 0  # requests sent so far, for tests and benchmarks
    _pending: dict[K, V] = field(default_factory=dict)
    _waiters: list[tuple[K, asyncio.Future[None]]] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def submit(self, key: K, value: V) -> None:
        """Write ``key = value``; returns when it is written. Raises what the platform answered for this key."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending[key] = value
        self._waiters.append((key, done))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain())
        await done

    async def _drain(self) -> None:
        while self._pending:
            batch, waiters = self._pending, self._waiters
            self._pending, self._waiters = {}, []
            try:
                failures = await self._send(list(batch.items()))
            except BaseException as exc:  # cancelled (shutdown) or a bug: no caller may wait forever
                waiters += self._waiters  # queued behind, never sent
                self._pending, self._waiters = {}, []
                for _, done in waiters:
                    if done.done():
                        continue
                    if isinstance(exc, Exception):
                        done.set_exception(exc)
                    else:
                        done.cancel()
                raise
            for key, done in waiters:
                if not done.done():
                    failure = failures.get(key)
                    if failure is None:
                        done.set_result(None)
                    else:
                        done.set_exception(failure)

    async def _send(self, items: list[tuple[K, V]]) -> dict[K, CartgateError]:
        """Failures by key (empty: all written)."""
        failures: dict[K, CartgateError] = {}
        for start in range(0, len(items), self.max_batch):
            chunk = items[start : start + self.max_batch]
            if len(chunk) > 1:
                self.requests += 1
                try:
                    await self.send_many(chunk)
                    continue
                except self.split_on:
                    pass  # one bad change refused the whole bulk: send each alone for its own answer
                except CartgateError as exc:
                    failures.update(dict.fromkeys((key for key, _ in chunk), exc))
                    continue
            for key, value in chunk:
                self.requests += 1
                try:
                    await self.send_one(key, value)
                except CartgateError as exc:
                    failures[key] = exc
        return failures
