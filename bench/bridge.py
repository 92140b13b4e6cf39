"""Benchmark the bridge: 10,000-product export through gateway → php -S bridge → MariaDB vs asyncmy.

Run: ``python3 bench/bridge.py`` (needs php-cli with mysqli and MariaDB on 127.0.0.1:3306, root).

Both sides run in the same process, interleaved in short rounds (this machine's speed drifts), and
export the same keyset query (product ⨝ description, the fields a product list returns) into dicts:

- bridge: signed + encrypted requests, zlib-1 + AES-GCM + RSA-OAEP-wrapped responses, ``lanes``
  requests in flight over id ranges, ``page`` rows per request;
- asyncmy: one connection, pages of 1,000 rows, ``DictCursor``.

Reports rows/s of each, the median ratio bridge/asyncmy with its spread, and the gateway's own
Python CPU per row (``time.process_time``) against asyncmy's. Then the CPU to open a 1 MiB response,
hybrid (AES-GCM + one RSA unwrap) vs API2Cart-style chunked RSA.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import asyncmy
from asyncmy.cursors import DictCursor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateway.bridge.client import BridgeClient
from gateway.bridge.protocol import (
    BridgeSecrets,
    IncomingRequest,
    OutgoingRequest,
    open_response,
    seal_response,
)
from tests.bridge import shop

ROWS = 10_000
COLUMNS = (
    "p.product_id, p.model, p.sku, p.quantity, p.price, p.status, p.date_added, p.date_modified,"
    " d.name, d.description, d.meta_title"
)
KEYSET = (
    f"SELECT {COLUMNS} FROM {{p}}product p JOIN {{p}}product_description d"
    " ON d.product_id = p.product_id AND d.language_id = 1"
    " WHERE p.product_id > ? AND p.product_id <= ? ORDER BY p.product_id LIMIT ?"
)


async def export_bridge(client: BridgeClient, lanes: int, page: int) -> int:
    """Every product through the bridge, ``lanes`` id ranges in parallel; returns rows as dicts."""
    sql = KEYSET.format(p="{table_prefix}")
    bounds = [ROWS * i // lanes for i in range(lanes + 1)]

    async def lane(low: int, high: int) -> int:
        count, after = 0, low
        while True:
            rows, _ = await client.query_dicts(sql, [after, high, page], limit=page)
            count += len(rows)
            if len(rows) < page:
                return count
            after = rows[-1]["product_id"]

    return sum(await asyncio.gather(*(lane(bounds[i], bounds[i + 1]) for i in range(lanes))))


async def export_asyncmy(connection: Any, page: int = 1000) -> int:
    """Every product straight from MariaDB, one connection, keyset pages into dicts."""
    sql = KEYSET.format(p="oc_").replace("?", "%s")
    count, after = 0, 0
    async with connection.cursor(DictCursor) as cursor:
        while True:
            await cursor.execute(sql, (after, ROWS, page))
            rows = await cursor.fetchall()
            count += len(rows)
            if len(rows) < page:
                return count
            after = rows[-1]["product_id"]


async def timed(coro: Any) -> tuple[int, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    rows = await coro
    return rows, time.perf_counter() - wall, time.process_time() - cpu


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    q1, q3 = ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]
    return (
        f"median {statistics.median(values):.2f} (IQR {q1:.2f}-{q3:.2f}, min {ordered[0]:.2f}, max {ordered[-1]:.2f})"
    )


async def run_export(rounds: int, lanes: int, page: int, workers: int) -> None:
    database = shop.create_database(rows=ROWS)
    store = shop.new_store_secrets()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="cg_bridge_bench_") as tmp,
            shop.php_server(shop.build_shop(Path(tmp) / "www", database, store), workers=workers) as base,
        ):
            connector = aiohttp.TCPConnector(limit=lanes)
            async with aiohttp.ClientSession(connector=connector) as http:
                client = BridgeClient(http, f"{base}/bridge2cart/bridge.php", store)
                connection = await asyncmy.connect(host="127.0.0.1", port=3306, user="root", password="", db=database)
                try:
                    await export_bridge(client, lanes, page)  # warm up both sides
                    await export_asyncmy(connection)
                    ratios, bridge_cpu, direct_cpu, bridge_rps, direct_rps = [], [], [], [], []
                    for i in range(rounds):
                        sides = [
                            ("bridge", export_bridge(client, lanes, page)),
                            ("asyncmy", export_asyncmy(connection)),
                        ]
                        results = {}
                        for name, coro in sides if i % 2 == 0 else sides[::-1]:
                            results[name] = await timed(coro)
                        (b_rows, b_wall, b_cpu), (d_rows, d_wall, d_cpu) = results["bridge"], results["asyncmy"]
                        assert b_rows == d_rows == ROWS, (b_rows, d_rows)
                        bridge_rps.append(b_rows / b_wall)
                        direct_rps.append(d_rows / d_wall)
                        ratios.append((b_rows / b_wall) / (d_rows / d_wall))
                        bridge_cpu.append(b_cpu / b_rows * 1e6)
                        direct_cpu.append(d_cpu / d_rows * 1e6)
                finally:
                    await connection.ensure_closed()
    finally:
        shop.drop_database(database)
    print(
        f"export of {ROWS} products, {rounds} interleaved rounds, bridge: {lanes} in flight, pages of {page},"
        f" php -S workers {workers}"
    )
    print(f"  bridge  rows/s: {spread(bridge_rps)}")
    print(f"  asyncmy rows/s: {spread(direct_rps)}")
    print(f"  ratio bridge/asyncmy: {spread(ratios)}")
    print(f"  gateway Python CPU per row (µs): {spread(bridge_cpu)}")
    print(f"  asyncmy Python CPU per row (µs): {spread(direct_cpu)}")
    cpu_ratio = [b / d for b, d in zip(bridge_cpu, direct_cpu, strict=True)]
    print(f"  CPU ratio gateway/asyncmy: {spread(cpu_ratio)}")


def run_open(rounds: int) -> None:
    """CPU to open a 1 MiB response, hybrid vs chunked RSA (incompressible payload, so ~1 MiB on the wire)."""
    store = shop.new_store_secrets()
    bridge = BridgeSecrets(store.store_key, store.private_key.public_key())
    # random hex compresses to ~60 %: 1.7 MiB of JSON is ~1 MiB on the wire, as chunked RSA sees it
    result = {"rows": [os.urandom(2048).hex() for _ in range(435)]}
    bodies = {}
    for mode in ("aead", "rsa-chunked"):
        incoming = IncomingRequest(1, "query", 0, "A" * 22, mode, {})  # type: ignore[arg-type]
        bodies[mode] = (
            seal_response(result, incoming, bridge, response_key=os.urandom(32), iv=os.urandom(12)),
            OutgoingRequest(b"", "query", "A" * 22, mode),
        )  # type: ignore[arg-type]
    times: dict[str, list[float]] = {"aead": [], "rsa-chunked": []}
    for i in range(rounds):
        for mode in ("aead", "rsa-chunked") if i % 2 == 0 else ("rsa-chunked", "aead"):
            body, sent = bodies[mode]
            start = time.process_time()
            assert open_response(body, sent, store)[1] == result
            times[mode].append((time.process_time() - start) * 1000)
    print(f"open a 1 MiB response ({len(bodies['aead'][0]) / 1048576:.2f} MiB on the wire), CPU ms, {rounds} rounds")
    print(f"  hybrid AES-GCM + RSA-OAEP key: {spread(times['aead'])}")
    print(f"  chunked RSA-OAEP (API2Cart):   {spread(times['rsa-chunked'])}")
    ratio = [c / h for c, h in zip(times["rsa-chunked"], times["aead"], strict=True)]
    print(f"  chunked/hybrid: {spread(ratio)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--lanes", type=int, default=2, help="bridge requests in flight")
    parser.add_argument("--page", type=int, default=5000, help="rows per bridge request")
    parser.add_argument("--workers", type=int, default=2, help="php -S workers")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-open", action="store_true")
    args = parser.parse_args()
    if not args.skip_export:
        asyncio.run(run_export(args.rounds, args.lanes, args.page, args.workers))
    if not args.skip_open:
        run_open(max(3, args.rounds // 2))


if __name__ == "__main__":
    main()
