"""The Demo tables: migration on SQLite and PostgreSQL, seeding, keyset pages, counters, upserts."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from connectors.demo.db import DemoDb, id_num, to_us
from connectors.demo.seed import generate_shop
from connectors.model import Product
from gateway.storage.db import create_engine, make_sessionmaker, upgrade
from gateway.storage.models import Account, Store


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(database_url)
    await upgrade(eng)
    async with make_sessionmaker(eng)() as session, session.begin():
        account = Account(name="cg_demo_test")
        session.add(account)
        await session.flush()
        session.add(Store(id=7, account_id=account.id, store_key_hash="x" * 64, cart_id="Demo"))
    yield eng
    await eng.dispose()


async def test_seed_then_read_back(engine: AsyncEngine) -> None:
    db = DemoDb(engine)
    shop = generate_shop(products=30, orders=40)
    await db.seed(7, shop)
    assert await db.seeded(7)
    products = await db.records(7, "product")
    assert [p.id for p in products] == [p.id for p in shop.products]
    assert products[3] == shop.products[3]
    assert (await db.cart(7)).name == shop.cart.name
    assert await db.count(7, "order", where="", args=()) == 40


async def test_keyset_pages_walk_every_row_once(engine: AsyncEngine) -> None:
    db = DemoDb(engine)
    await db.seed(7, generate_shop(products=25, orders=10))
    seen: list[str] = []
    after = None
    while True:
        rows = await db.page(7, "product", where="", args=(), order=["modified_us", "id_num", "id"],
                             descending=False, after=after, limit=4)  # fmt: skip
        if not rows:
            break
        seen += [row[2] for row in rows]
        after = rows[-1][:3]
    assert sorted(seen, key=int) == [str(n) for n in range(1, 26)]
    assert len(seen) == len(set(seen))


async def test_counters_never_reuse_and_upsert_replaces(engine: AsyncEngine) -> None:
    db = DemoDb(engine)
    shop = generate_shop(products=5, orders=5)
    await db.seed(7, shop)
    first, second = await db.next_id(7, "product"), await db.next_id(7, "product")
    assert (first, second) == ("6", "7")
    changed = shop.products[0].model_copy(update={"name": "Renamed"})
    await db.put(7, "product", [changed], delete=["2"])
    assert isinstance(found := await db.get(7, "product", "1"), Product) and found.name == "Renamed"
    assert await db.get(7, "product", "2") is None
    assert [p.id for p in await db.records(7, "product")] == ["1", "3", "4", "5"]  # cache dropped on write


def test_keys() -> None:
    assert id_num("10") > id_num("9") and id_num("abc") > id_num("99999")
    assert to_us(generate_shop(products=1, orders=1).orders[0].create_at) % 1 == 0
