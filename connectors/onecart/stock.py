"""Stock writes with group commit: one ``PUT /variants/{id}`` when a single quantity changes, one
``PUT /variants/bulk_update`` for every change that arrived while the previous write was in flight.

No timer decides what goes together: the first change is sent at once, and whatever queues behind it is
sent as one bulk request when it returns (at most 100 per request, OneCart's page size). When a bulk
request is refused as a whole (one bad id), each change is retried alone so every caller gets its own
answer.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from typing import Any

from connectors.onecart.client import MAX_PER_PAGE, OneCartApi
from gateway.errors import CartgateError, InvalidParameter, NotFound
from gateway.http import RestClient

__all__ = ["set_stock"]


@dataclass
class _Queue:
    pending: dict[str, int] = field(default_factory=dict)
    waiters: list[tuple[str, asyncio.Future[None]]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None


# Queues live with the platform client (one per gateway), by API base and key digest; weak keys so a
# closed gateway leaves nothing behind.
_QUEUES: weakref.WeakKeyDictionary[RestClient, dict[tuple[str, str], _Queue]] = weakref.WeakKeyDictionary()


def _queue(api: OneCartApi) -> _Queue:
    queues = _QUEUES.setdefault(api.client, {})
    return queues.setdefault((api.base, api.budget_key), _Queue())


async def set_stock(api: OneCartApi, variant_id: str, quantity: int) -> None:
    """Set one variant's stock. Raises NotFound (112), InvalidParameter (109) or the client's errors."""
    queue = _queue(api)
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    queue.pending[variant_id] = quantity
    queue.waiters.append((variant_id, done))
    if queue.task is None or queue.task.done():
        queue.task = asyncio.create_task(_drain(api, queue))
    await done


async def _drain(api: OneCartApi, queue: _Queue) -> None:
    while queue.pending:
        batch, waiters = queue.pending, queue.waiters
        queue.pending, queue.waiters = {}, []
        outcome = await _send(api, batch)
        for variant_id, done in waiters:
            if done.done():
                continue
            failure = outcome.get(variant_id)
            if failure is None:
                done.set_result(None)
            else:
                done.set_exception(failure)


async def _send(api: OneCartApi, batch: dict[str, int]) -> dict[str, CartgateError]:
    """Failures by variant id (none: all written)."""
    failures: dict[str, CartgateError] = {}
    items = list(batch.items())
    for start in range(0, len(items), MAX_PER_PAGE):
        chunk = items[start : start + MAX_PER_PAGE]
        if len(chunk) > 1:
            try:
                payload: list[dict[str, Any]] = [{"id": int(v), "quantity": q} for v, q in chunk]
                await api.put("/variants/bulk_update", {"variants": payload, "_fields": "id"})
                continue
            except (InvalidParameter, NotFound):
                pass  # one bad change refuses the whole bulk: send each alone for its own answer
            except CartgateError as exc:
                failures.update(dict.fromkeys((v for v, _ in chunk), exc))
                continue
        for variant_id, quantity in chunk:
            try:
                await api.put(f"/variants/{variant_id}", {"quantity": quantity, "_fields": "id"})
            except CartgateError as exc:
                failures[variant_id] = exc
    return failures
