"""How a Demo handler reaches its shop: the ``DemoDb`` of the gateway's database, seeded once.

A store created without ``cartgate serve --demo`` (e.g. by ``account.cart.add`` with
``cart_id=Demo``) gets the default generated shop on its first call.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from connectors.demo.db import DemoDb
from connectors.demo.seed import generate_shop
from connectors.spec import ConnectorContext
from gateway.errors import ServiceUnavailable

__all__ = ["demo_db", "ensure_seeded", "shop_of"]

_DBS: weakref.WeakKeyDictionary[Any, DemoDb] = weakref.WeakKeyDictionary()


def demo_db(engine: AsyncEngine) -> DemoDb:
    """One ``DemoDb`` (and its caches) per engine."""
    found = _DBS.get(engine.sync_engine)
    if found is None:
        found = _DBS[engine.sync_engine] = DemoDb(engine)
    return found


async def ensure_seeded(db: DemoDb, store_id: int) -> None:
    """Seed the default Demo shop for ``store_id`` unless it has one (once per process and store)."""
    if store_id in db.seeded_ids:
        return
    async with db.seed_lock:
        if store_id not in db.seeded_ids and not await db.seeded(store_id):
            await db.seed(store_id, generate_shop())
        db.seeded_ids.add(store_id)


async def shop_of(ctx: ConnectorContext) -> tuple[DemoDb, int]:
    """The store's ``DemoDb`` and numeric store id, seeded. Raises ServiceUnavailable (1) without a database."""
    sessionmaker = ctx.services.get("sessionmaker")
    engine = getattr(sessionmaker, "kw", {}).get("bind") if sessionmaker is not None else None
    if not isinstance(engine, AsyncEngine):
        raise ServiceUnavailable("The Demo platform needs the gateway's database")
    db = demo_db(engine)
    store_id = int(ctx.store.store_id)
    await ensure_seeded(db, store_id)
    return db, store_id
