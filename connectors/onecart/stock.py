"""OneCart stock writes: one ``PUT /variants/{id}`` when a single quantity changes, one
``PUT /variants/bulk_update`` (at most 100, OneCart's page size) for every change that arrived while the
previous write was in flight (``gateway.http.GroupCommit``: no timer, a lone change never waits; a bulk
refused for one bad id is replayed one by one so every caller gets its own answer).
"""

from __future__ import annotations

from functools import partial

from connectors.onecart.client import MAX_PER_PAGE, OneCartApi
from gateway.http import GroupCommit

__all__ = ["set_stock", "stock_queue"]


async def _put_one(api: OneCartApi, variant_id: str, quantity: int) -> None:
    await api.put(f"/variants/{variant_id}", {"quantity": quantity, "_fields": "id"})


async def _put_many(api: OneCartApi, changes: list[tuple[str, int]]) -> None:
    payload = [{"id": int(variant_id), "quantity": quantity} for variant_id, quantity in changes]
    await api.put("/variants/bulk_update", {"variants": payload, "_fields": "id"})


def stock_queue(api: OneCartApi) -> GroupCommit[str, int]:
    """The store's stock queue; it lives with the platform client, per API base and key digest."""
    return api.client.shared(
        ("onecart-stock", api.base, api.budget_key),
        lambda: GroupCommit(partial(_put_one, api), partial(_put_many, api), max_batch=MAX_PER_PAGE),
    )


async def set_stock(api: OneCartApi, variant_id: str, quantity: int) -> None:
    """Set one variant's stock. Raises NotFound (112), InvalidParameter (109) or the client's errors."""
    await stock_queue(api).submit(variant_id, quantity)
