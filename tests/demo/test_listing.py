"""The SQL keyset path gives exactly what the row path (connectors.demo.query) gives, page by page."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from connectors.demo import index, listing
from connectors.demo.db import DemoDb, Kind
from connectors.demo.listing import _sql_filters, list_records
from connectors.demo.query import Query, Window, select
from connectors.demo.seed import generate_shop
from gateway.storage.db import create_engine, make_sessionmaker, upgrade
from gateway.storage.models import Account, Store

T1 = datetime(2025, 3, 1, tzinfo=UTC)
T2 = datetime(2025, 9, 1, tzinfo=UTC)
QUERIES: list[tuple[Kind, Query]] = [
    ("order", Query(sort_by="order_id")),
    ("order", Query(modified=Window(T1, None), sort_by="order_id")),
    ("order", Query(modified=Window(T1, T2), sort_by="modified_at", direction="desc")),
    (
        "order",
        Query(
            created=Window(None, T2),
            equals={"order_status": frozenset({"complete", "processing"})},
            sort_by="create_at",
        ),
    ),
    ("product", Query(modified=Window(T1, None), sort_by="modified_at")),
    ("product", Query(sort_by="id", direction="desc")),
    ("product", Query(since_id="17", equals={"id": frozenset({"3", "18", "25", "40", "x"})}, sort_by="id")),
    ("order", Query(since_id="9", exclude_ids=frozenset({"10", "12"}), modified=Window(T1, None), sort_by="order_id")),
    ("order", Query(modified=Window(T2, T2 + timedelta(days=4)), sort_by="order_id")),  # sparse: time index
    ("return", Query(equals={"status": frozenset({"1"})}, sort_by="id")),
]
ROWS = {"order": index.order_row, "product": index.product_row, "return": index.return_row}


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(f"sqlite+aiosqlite:///{tmp_path}/listing.db")
    await upgrade(eng)
    async with make_sessionmaker(eng)() as session, session.begin():
        account = Account(name="cg_demo_listing")
        session.add(account)
        await session.flush()
        session.add(Store(id=3, account_id=account.id, store_key_hash="y" * 64, cart_id="Demo"))
    db = DemoDb(eng)
    await db.seed(3, generate_shop(products=60, orders=150))
    yield eng
    await eng.dispose()


@pytest.mark.parametrize("plan", ["id-index", "time-index"])
@pytest.mark.parametrize(("kind", "query"), QUERIES)
async def test_sql_pages_equal_row_pages(
    engine: AsyncEngine, kind: Kind, query: Query, plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _sql_filters(kind, query) is not None  # these all take the SQL path
    # every window counts as dense (walk the id index) or none does (read the time index, sort)
    monkeypatch.setattr(listing, "_DENSE", 10**12 if plan == "id-index" else 0)
    db = DemoDb(engine)
    rows = [ROWS[kind](record) for record in await db.records(3, kind)]
    expected: list[str] = []
    state: dict[str, Any] | None = None
    while True:
        page, state = select(rows, query, limit=9, after=state)
        expected += [row.id for row in page]
        if state is None:
            break
    got: list[str] = []
    totals = set()
    state = None
    while True:
        items, total, state = await list_records(db, 3, kind, query, ROWS[kind], start=0, limit=9, state=state)
        got += [str(item["id"]) for item in items]
        totals.add(total)
        if state is None:
            break
    assert expected and got == expected
    assert totals == {len(expected)}


async def test_cursor_pages_are_index_range_scans(engine: AsyncEngine) -> None:
    """A cursor page seeks in an index (no full scan, no OFFSET), so its cost does not grow with the position."""
    path = str(engine.url.database)
    con = sqlite3.connect(path)
    try:
        plan = con.execute(
            "EXPLAIN QUERY PLAN SELECT id_num, id, doc FROM demo_records WHERE store_id = ? AND kind = ? "
            "AND modified_us > ? AND (id_num, id) > (?, ?) ORDER BY id_num, id LIMIT ? OFFSET ?",
            (3, "order", 0, 100, "100", 11, 0),
        ).fetchall()
    finally:
        con.close()
    details = " ".join(str(row[-1]) for row in plan)
    assert "SEARCH demo_records USING INDEX ix_demo_records_order" in details, details
    assert "(id_num,id)>(?,?)" in details, details  # the keyset bound is part of the index seek
    assert "TEMP B-TREE" not in details, details
