"""Benchmark the Demo store: list pages through the whole gateway vs the same SQL in raw ``sqlite3``.

Run: ``python3 bench/demo_store.py`` (first run builds a Demo store of 100,000 products and 200,000
orders in ``--db``, ~1.5 GB and a few minutes; later runs reuse it).

Measured, in interleaved rounds (this machine's speed drifts 2x within minutes):

- ``gateway``: ``POST /v1.1/{product,order}.list.json`` with ``count=10`` and a ``modified_from``
  filter, through aiohttp, key check, validation, the Demo handler, the keyset SQL, pydantic and
  JSON. The first page (which also counts the window: the list's total), a cursor page near the
  start (after 10 rows) and one near the end (25 rows before it), reached by the cursor a walk
  would hold there (signed with the gateway's key and verified like any other);
- ``demo-db``: the near-end page through the Demo's own data path alone (``DemoDb.page``: the
  aiosqlite driver connection's ``execute_fetchall``, one thread hop), without HTTP;
- ``sqlalchemy``: the same statement through SQLAlchemy's async engine (aiosqlite), the data path
  the Demo does NOT use for pages;
- ``sqlite3``: the same two statements with Python's ``sqlite3`` on the same file.

Reports per-call medians, the median ratio gateway/sqlite3 per round with its spread, and the
first-page vs near-end times (cost must not grow with the position: pages are keyset queries).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connectors.demo.access import demo_db
from connectors.demo.db import id_num, to_us
from connectors.demo.seed import generate_shop
from gateway.api.cursor import encode_cursor
from gateway.app import SERVICES, build_app
from gateway.secrets import KeyRing
from gateway.settings import Settings
from gateway.storage.models import Store
from gateway.storage.repo import add_store, create_account, set_store_credentials

FROM = "2024-06-01T00:00:00+00:00"  # most records were modified after this: a wide window
STATE_FILE = "bench_keys.txt"


async def build(services: Any, products: int, orders: int) -> tuple[str, str, int, str]:
    """Account, store and the big Demo shop (only when the database has no Demo store yet)."""
    async with services.sessionmaker() as session, session.begin():
        found = (await session.execute(select(Store).where(Store.cart_id == "Demo"))).scalars().first()
    keys = Path(services.settings.database_url.split("///", 1)[1]).with_name(STATE_FILE)
    if found is not None and keys.exists():
        api_key, store_key = keys.read_text().split()
        return api_key, store_key, found.id, found.store_key_hash
    started = time.perf_counter()
    async with services.sessionmaker() as session, session.begin():
        account, api_key = await create_account(session, "cg_demo_bench")
        store, store_key = await add_store(session, services.ring, account_id=account.id, cart_id="Demo",
                                           store_url="https://bench.example.com", credentials={})  # fmt: skip
        set_store_credentials(services.ring, store, {"_store_key": store_key})
    print(f"generating {products:,} products and {orders:,} orders ...", flush=True)
    shop = generate_shop(products=products, orders=orders)
    print(f"  generated in {time.perf_counter() - started:.0f} s; seeding ...", flush=True)
    db = demo_db(services.engine)
    await db.seed(store.id, shop)
    db.seeded_ids.add(store.id)
    keys.write_text(f"{api_key} {store_key}\n")
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return api_key, store_key, store.id, store.store_key_hash


def near_end(path: str, store_id: int, kind: str, back: int) -> str:
    """The id ``back`` rows before the end of the (natural id order) list matching the window."""
    con = sqlite3.connect(path)
    try:
        row = con.execute(
            "SELECT id FROM demo_records WHERE store_id = ? AND kind = ? AND modified_us > ? "
            "ORDER BY id_num DESC, id DESC LIMIT 1 OFFSET ?",
            (store_id, kind, to_us(datetime.fromisoformat(FROM)), back),
        ).fetchone()
    finally:
        con.close()
    return str(row[0])


# The statements the gateway's Demo handler runs (connectors/demo/listing.py): the first page counts
# the window and the kind, then reads the page walking the id index (``+modified_us``: a wide window).
SQL_COUNT = (
    "SELECT count(*), (SELECT count(*) FROM demo_records WHERE store_id = ? AND kind = ?)"
    " FROM demo_records WHERE store_id = ? AND kind = ? AND modified_us > ?"
)


def near_start(path: str, store_id: int, kind: str, skip: int) -> str:
    """The id of the ``skip``-th row of the list matching the window (a cursor page near the start)."""
    con = sqlite3.connect(path)
    try:
        row = con.execute(
            "SELECT id FROM demo_records WHERE store_id = ? AND kind = ? AND +modified_us > ? "
            "ORDER BY id_num, id LIMIT 1 OFFSET ?",
            (store_id, kind, to_us(datetime.fromisoformat(FROM)), skip - 1),
        ).fetchone()
    finally:
        con.close()
    return str(row[0])


SQL_FIRST = (
    "SELECT id_num, id, doc FROM demo_records WHERE store_id = ? AND kind = ? AND +modified_us > ?"
    " ORDER BY id_num, id LIMIT ? OFFSET ?"
)
SQL_AFTER = (
    "SELECT id_num, id, doc FROM demo_records WHERE store_id = ? AND kind = ? AND modified_us > ?"
    " AND (id_num, id) > (?, ?) ORDER BY id_num, id LIMIT ? OFFSET ?"
).replace("AND modified_us", "AND +modified_us")


def _median_us(samples: list[float]) -> float:
    return statistics.median(samples) * 1e6


async def run(args: argparse.Namespace) -> None:
    db_path: Path = args.db_path
    settings = Settings(database_url=f"sqlite+aiosqlite:///{db_path}",
                        secret_key=args.secret, rate_limit_requests=10_000_000, key_cache_seconds=60)  # fmt: skip
    app = build_app(settings)
    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()
    try:
        services = app[SERVICES]
        api_key, store_key, store_id, key_hash = await build(services, args.products, args.orders)
        principal_account = await _account_of(services, store_id)
        headers = {"x-api-key": api_key, "x-store-key": store_key}
        raw = sqlite3.connect(str(db_path))
        since = to_us(datetime.fromisoformat(FROM))
        cases = []
        for method, kind, by in (("product.list", "product", "id"), ("order.list", "order", "order_id")):
            last_id = near_end(str(db_path), store_id, kind, 25)
            first_id = near_start(str(db_path), store_id, kind, 10)
            filters = {"modified_from": FROM}
            state = {"by": by, "dir": "asc", "v": None, "id": last_id, "total": 0}
            scope = {"a": principal_account, "s": key_hash, "m": method}
            query = {**filters, "count": 10}
            cursor = encode_cursor(services.ring, state, scope, query)
            start_cursor = encode_cursor(services.ring, {**state, "id": first_id}, scope, query)
            cases.append((method, kind, filters, cursor, last_id, start_cursor))
        engine = services.engine
        results: dict[str, list[float]] = {}
        ratios: dict[str, list[float]] = {}

        async def gateway_call(method: str, body: dict[str, Any]) -> None:
            response = await client.post(f"/v1.1/{method}.json", json=body, headers=headers)
            payload = await response.json()
            assert payload["return_code"] == 0 and len(payload["result"][method.split(".")[0]]) == 10, payload

        for method, _kind, filters, cursor, _last, _start in cases:  # warm-up: caches, plans, connections
            await gateway_call(method, {"count": 10, **filters})
            await gateway_call(method, {"count": 10, "page_cursor": cursor, **filters})
        for _round in range(args.rounds):
            for method, kind, filters, cursor, last_id, start_cursor in cases:
                sides: dict[str, list[float]] = {}
                for _ in range(args.per_round):
                    for label, work in (
                        ("gateway first", lambda m=method, f=filters: gateway_call(m, {"count": 10, **f})),
                        ("gateway near-start", lambda m=method, f=filters, c=start_cursor: gateway_call(
                            m, {"count": 10, "page_cursor": c, **f})),
                        ("gateway near-end", lambda m=method, f=filters, c=cursor: gateway_call(
                            m, {"count": 10, "page_cursor": c, **f})),
                        ("sqlalchemy near-end", lambda k=kind, i=last_id: _sqlalchemy(engine, store_id, k, since, i)),
                        ("demo-db near-end", lambda k=kind, i=last_id: _demo_db(engine, store_id, k, since, i)),
                    ):  # fmt: skip
                        started = time.perf_counter()
                        await work()
                        sides.setdefault(label, []).append(time.perf_counter() - started)
                    started = time.perf_counter()
                    raw.execute(SQL_COUNT, (store_id, kind, store_id, kind, since)).fetchall()
                    rows = raw.execute(SQL_FIRST, (store_id, kind, since, 11, 0)).fetchall()
                    sides.setdefault("sqlite3 first", []).append(time.perf_counter() - started)
                    assert len(rows) == 11
                    started = time.perf_counter()
                    rows = raw.execute(SQL_AFTER, (store_id, kind, since, id_num(last_id), last_id, 11, 0)).fetchall()
                    sides.setdefault("sqlite3 near-end", []).append(time.perf_counter() - started)
                    assert len(rows) == 11
                for label, samples in sides.items():
                    results.setdefault(f"{method} {label}", []).extend(samples)
                for where in ("first", "near-end"):
                    ratio = statistics.median(sides[f"gateway {where}"]) / statistics.median(sides[f"sqlite3 {where}"])
                    ratios.setdefault(f"{method} {where}", []).append(ratio)
                ratios.setdefault(f"{method} gateway near-end/near-start", []).append(
                    statistics.median(sides["gateway near-end"]) / statistics.median(sides["gateway near-start"])
                )
                ratios.setdefault(f"{method} gateway near-end/first", []).append(
                    statistics.median(sides["gateway near-end"]) / statistics.median(sides["gateway first"])
                )
                ratios.setdefault(f"{method} demo-db/sqlite3 near-end", []).append(
                    statistics.median(sides["demo-db near-end"]) / statistics.median(sides["sqlite3 near-end"])
                )
                ratios.setdefault(f"{method} sqlalchemy/sqlite3 near-end", []).append(
                    statistics.median(sides["sqlalchemy near-end"]) / statistics.median(sides["sqlite3 near-end"])
                )
        raw.close()
        print(f"\n{args.rounds} rounds x {args.per_round} calls per side; medians per call (µs):")
        for label, samples in sorted(results.items()):
            print(f"  {label:42s} {_median_us(samples):10.0f}")
        print("\nratios (median of per-round ratios, [min - max] over rounds):")
        for label, values in ratios.items():
            print(f"  {label:42s} {statistics.median(values):7.2f}  [{min(values):.2f} - {max(values):.2f}]")
    finally:
        await client.close()


async def _account_of(services: Any, store_id: int) -> int:
    async with services.sessionmaker() as session:
        store = await session.get(Store, store_id)
        assert store is not None
        return int(store.account_id)


async def _demo_db(engine: Any, store_id: int, kind: Any, since: int, last_id: str) -> None:
    """The Demo's own data path for the same page: the driver's execute_fetchall, one thread hop."""
    rows = await demo_db(engine).page(store_id, kind, where="+modified_us > ?", args=[since], order=["id_num", "id"],
                                      descending=False, after=[id_num(last_id), last_id], limit=11)  # fmt: skip
    assert len(rows) == 11


async def _sqlalchemy(engine: Any, store_id: int, kind: str, since: int, last_id: str) -> None:
    sql = text(SQL_AFTER.replace("?", ":p").replace(":p", ":p{}").format(*range(8)))
    async with engine.connect() as conn:
        rows = (await conn.execute(sql, {f"p{i}": v for i, v in enumerate(
            (store_id, kind, since, id_num(last_id), last_id, 11, 0))})).all()  # fmt: skip
    assert len(rows) == 11


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_db = Path(tempfile.gettempdir()) / "cg_demo_bench" / "gateway.db"
    parser.add_argument("--db", default=str(default_db), help="SQLite file (kept between runs)")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=10)
    parser.add_argument("--secret", default=None, help="gateway secret key (default: kept next to the database)")
    args = parser.parse_args()
    args.db_path = Path(args.db).resolve()
    args.db_path.parent.mkdir(parents=True, exist_ok=True)
    secret_file = Path(args.db).with_name("bench_secret.txt")
    if args.secret is None:
        if not secret_file.exists():
            secret_file.write_text(KeyRing.generate().keys.popitem()[1].hex())
        args.secret = secret_file.read_text().strip()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
