"""The Demo platform's records in the gateway's own database (tables of migration 0002).

One row per record: the indexed keyset columns (``id_num``, ``created_us``, ``modified_us``,
``status``) and the unified model's JSON document. Hot reads (keyset pages, single records) go
straight to the driver connection under SQLAlchemy's pool: on SQLite one ``execute_fetchall`` is
one thread hop, where SQLAlchemy's async result layer costs one hop per cursor step (measured
640-1,500 µs per small SELECT against ~90 µs for raw ``sqlite3``); on PostgreSQL asyncpg is
natively async. Writes bump the shop's ``generation`` so per-process caches of whole kinds (used
for the rarer filters the SQL path does not translate) know when to reload.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from connectors.demo.seed import DemoShop
from connectors.model import Cart, Category, Customer, Order, Product, Return

__all__ = ["KINDS", "MODELS", "DemoDb", "Kind", "id_num", "seed_batches", "seed_in_session", "to_us"]

Kind = Literal["product", "category", "customer", "order", "return"]
KINDS: tuple[Kind, ...] = ("product", "category", "customer", "order", "return")
MODELS: dict[Kind, type[BaseModel]] = {
    "product": Product, "category": Category, "customer": Customer, "order": Order, "return": Return,
}  # fmt: skip
_TEXT_ID = 1 << 62  # id_num of a non-numeric id: after every numeric one
_CACHE_SIZE = 16


def id_num(record_id: str) -> int:
    """Natural order key of an id (numeric ids by value, others after them)."""
    return int(record_id) if record_id.isdigit() and len(record_id) < 18 else _TEXT_ID


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch of an aware time (exact, unlike float timestamps)."""
    delta = moment.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _times(kind: Kind, record: Any) -> tuple[datetime | None, datetime | None, str | None]:
    if kind == "order":
        return record.create_at, record.modified_at, record.status.id
    if kind == "product":
        return record.create_at, record.modified_at, None
    if kind == "customer":
        return record.created_time, record.modified_time, None
    if kind == "return":
        return record.created_at, record.modified_at, record.status.id
    return record.created_at, record.modified_at, None


def record_values(store_id: int, kind: Kind, record: BaseModel) -> tuple[Any, ...]:
    """The ``demo_records`` row of a record, in column order."""
    created, modified, status = _times(kind, record)
    created_us = to_us(created) if created else 0
    record_id = str(getattr(record, "id"))  # noqa: B009 - every Demo record has an id
    return (store_id, kind, record_id, id_num(record_id), created_us,
            to_us(modified) if modified else created_us, status, record.model_dump_json())  # fmt: skip


_UPSERT = (
    "INSERT INTO demo_records (store_id, kind, id, id_num, created_us, modified_us, status, doc) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, kind, id) DO UPDATE SET id_num = excluded.id_num, "
    "created_us = excluded.created_us, modified_us = excluded.modified_us, status = excluded.status, "
    "doc = excluded.doc"
)


Statements = list[tuple[str, Sequence[Sequence[Any]]]]


def seed_batches(store_id: int, shop: DemoShop, *, batch: int = 5_000) -> Iterator[Statements]:
    """The inserts that store a generated shop, in batches of at most ``batch`` records."""
    counters = dict.fromkeys(KINDS, 0) | {"shipment": shop.counters.get("shipments", 0),
                                          "refund": shop.counters.get("refunds", 0), "_": 0}  # fmt: skip
    sources: dict[Kind, Sequence[Any]] = {"product": shop.products, "category": shop.categories,
                                          "customer": shop.customers, "order": shop.orders,
                                          "return": shop.returns}  # fmt: skip
    for kind, records in sources.items():
        counters[kind] = max((int(r.id) for r in records if r.id.isdigit()), default=0)
    yield [
        ("INSERT INTO demo_shops (store_id, cart, generation, seeded_us) VALUES (?, ?, ?, ?)",
         [(store_id, shop.cart.model_dump_json(), 1, to_us(datetime.now(UTC)))]),
        ("INSERT INTO demo_counters (store_id, kind, last_id) VALUES (?, ?, ?)",
         [(store_id, kind, value) for kind, value in counters.items()]),
    ]  # fmt: skip
    for kind, records in sources.items():
        for start in range(0, len(records), batch):
            yield [(_UPSERT, [record_values(store_id, kind, r) for r in records[start : start + batch]])]


async def seed_in_session(session: AsyncSession, store_id: int, shop: DemoShop) -> None:
    """Seed inside an open SQLAlchemy session's transaction (``cartgate serve --demo`` creates the store in one)."""
    for statements in seed_batches(store_id, shop):
        for sql, rows in statements:
            parts = sql.split("?")
            named = "".join(part + (f":p{i}" if i < len(parts) - 1 else "") for i, part in enumerate(parts))
            await session.execute(text(named), [{f"p{i}": v for i, v in enumerate(row)} for row in rows])


def _dollar(sql: str) -> str:
    """``?`` placeholders as asyncpg's ``$1, $2 ...``."""
    parts = sql.split("?")
    return "".join(part + (f"${index}" if index < len(parts) else "") for index, part in enumerate(parts, 1))


class DemoDb:
    """The Demo tables of one gateway database. Raises the driver's errors on database failure."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.seeded_ids: set[int] = set()
        self.seed_lock = asyncio.Lock()
        self.write_locks: dict[int, asyncio.Lock] = {}  # one per store: read-modify-write never interleaves
        self._cache: OrderedDict[tuple[int, Kind], tuple[int, list[BaseModel]]] = OrderedDict()

    async def fetch(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """All rows of one statement, in one round trip (one thread hop on SQLite)."""
        async with self.engine.connect() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            if self.sqlite:
                return [tuple(row) for row in await raw.execute_fetchall(sql, tuple(args))]  # type: ignore[union-attr]
            return [tuple(row) for row in await raw.fetch(_dollar(sql), *args)]  # type: ignore[union-attr]

    async def write(self, statements: Iterable[tuple[str, Sequence[Sequence[Any]]]]) -> list[tuple[Any, ...]]:
        """Run ``(sql, rows)`` pairs in one transaction (executemany); the last statement's rows come back."""
        last: list[tuple[Any, ...]] = []
        async with self.engine.connect() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            if self.sqlite:
                try:
                    for sql, rows in statements:
                        if len(rows) == 1:
                            last = [tuple(r) for r in await raw.execute_fetchall(sql, tuple(rows[0]))]  # type: ignore[union-attr]
                        else:
                            await raw.executemany(sql, rows)  # type: ignore[union-attr]
                    await raw.commit()  # type: ignore[union-attr]
                except BaseException:
                    await raw.rollback()  # type: ignore[union-attr]
                    raise
                return last
            async with raw.transaction():  # type: ignore[union-attr]
                for sql, rows in statements:
                    if len(rows) == 1:
                        last = [tuple(r) for r in await raw.fetch(_dollar(sql), *rows[0])]  # type: ignore[union-attr]
                    else:
                        await raw.executemany(_dollar(sql), rows)  # type: ignore[union-attr]
            return last

    # -- shop ----------------------------------------------------------------------------------
    async def seeded(self, store_id: int) -> bool:
        return bool(await self.fetch("SELECT 1 FROM demo_shops WHERE store_id = ?", (store_id,)))

    async def seed(self, store_id: int, shop: DemoShop) -> None:
        """Write a generated shop for a store that has none (bulk inserts, one transaction per batch)."""
        for statements in seed_batches(store_id, shop):
            await self.write(statements)

    async def cart(self, store_id: int) -> Cart:
        rows = await self.fetch("SELECT cart FROM demo_shops WHERE store_id = ?", (store_id,))
        return Cart.model_validate_json(rows[0][0])

    # -- records -------------------------------------------------------------------------------
    async def get(self, store_id: int, kind: Kind, record_id: str) -> BaseModel | None:
        rows = await self.fetch(
            "SELECT doc FROM demo_records WHERE store_id = ? AND kind = ? AND id = ?", (store_id, kind, record_id)
        )
        return MODELS[kind].model_validate_json(rows[0][0]) if rows else None

    async def records(self, store_id: int, kind: Kind) -> list[BaseModel]:
        """Every record of a kind in natural id order; cached per process until the shop's next write."""
        rows = await self.fetch("SELECT generation FROM demo_shops WHERE store_id = ?", (store_id,))
        generation = int(rows[0][0]) if rows else 0
        cached = self._cache.get((store_id, kind))
        if cached is not None and cached[0] == generation:
            self._cache.move_to_end((store_id, kind))
            return cached[1]
        docs = await self.fetch(
            "SELECT doc FROM demo_records WHERE store_id = ? AND kind = ? ORDER BY id_num, id", (store_id, kind)
        )
        model = MODELS[kind]
        records = [model.model_validate_json(doc) for (doc,) in docs]
        self._cache[(store_id, kind)] = (generation, records)
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return records

    async def put(self, store_id: int, kind: Kind, records: Sequence[BaseModel], delete: Sequence[str] = ()) -> None:
        """Insert or replace records and delete ids, in one transaction."""
        statements: list[tuple[str, Sequence[Sequence[Any]]]] = [
            ("UPDATE demo_shops SET generation = generation + 1 WHERE store_id = ?", [(store_id,)])
        ]
        for record in records:
            statements.append((_UPSERT, [record_values(store_id, kind, record)]))
        for record_id in delete:
            statements.append(
                ("DELETE FROM demo_records WHERE store_id = ? AND kind = ? AND id = ?", [(store_id, kind, record_id)])
            )
        await self.write(statements)

    async def next_id(self, store_id: int, counter: str) -> str:
        """A fresh id from a counter (a record kind, "shipment" or "refund"); never reused."""
        rows = await self.write([
            ("UPDATE demo_counters SET last_id = last_id + 1 WHERE store_id = ? AND kind = ? RETURNING last_id",
             [(store_id, counter)]),
        ])  # fmt: skip
        return str(rows[0][0])

    async def page(
        self,
        store_id: int,
        kind: Kind,
        *,
        where: str,
        args: Sequence[Any],
        order: Sequence[str],
        descending: bool,
        after: Sequence[Any] | None,
        limit: int,
        offset: int = 0,
        with_total: bool = False,
    ) -> list[tuple[Any, ...]]:
        """One keyset page in one statement: rows ``(order columns..., doc[, total])`` after ``after``.

        ``where`` is extra SQL conditions over demo_records columns with ``?`` placeholders;
        ``with_total`` adds the count of every row passing ``where`` as a last column.
        """  # fmt: skip
        columns = ", ".join(order)
        condition = "store_id = ? AND kind = ?" + (f" AND {where}" if where else "")
        # Only our own column names and ``?`` marks are spliced in; every value is a bound argument.
        total = f", (SELECT count(*) FROM demo_records WHERE {condition})" if with_total else ""  # noqa: S608
        sql = f"SELECT {columns}, doc{total} FROM demo_records WHERE {condition}"  # noqa: S608
        values: list[Any] = [store_id, kind, *args] if with_total else []
        values.extend([store_id, kind, *args])
        if after is not None:
            marks = ", ".join("?" for _ in order)
            sql += f" AND ({columns}) {'<' if descending else '>'} ({marks})"
            values.extend(after)
        direction = " DESC" if descending else ""
        sql += " ORDER BY " + ", ".join(column + direction for column in order) + " LIMIT ? OFFSET ?"
        values.extend([limit, offset])
        return await self.fetch(sql, values)

    async def count_and_size(self, store_id: int, kind: Kind, *, where: str, args: Sequence[Any]) -> tuple[int, int]:
        """Rows passing ``where`` and all rows of the kind, in one statement (covering indexes)."""
        condition = "store_id = ? AND kind = ?" + (f" AND {where}" if where else "")
        size = "(SELECT count(*) FROM demo_records WHERE store_id = ? AND kind = ?)"
        sql = f"SELECT count(*), {size} FROM demo_records WHERE {condition}"  # noqa: S608 - marks only
        rows = await self.fetch(sql, [store_id, kind, store_id, kind, *args])
        return int(rows[0][0]), int(rows[0][1])

    async def count(self, store_id: int, kind: Kind, *, where: str, args: Sequence[Any]) -> int:
        condition = "store_id = ? AND kind = ?" + (f" AND {where}" if where else "")
        sql = f"SELECT count(*) FROM demo_records WHERE {condition}"  # noqa: S608 - marks only, values bound
        rows = await self.fetch(sql, [store_id, kind, *args])
        return int(rows[0][0])
