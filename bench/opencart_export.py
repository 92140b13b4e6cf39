"""OpenCart export: product.list walking every product of a generated shop through bridge2cart, against the
same two queries (page + children) run directly on MariaDB, interleaved in short rounds.

    python3 bench/opencart_export.py --products 10000 --rounds 7 --version 3

Each round walks ``--per-round`` products on each side (alternating which side goes first) and records
products/s; the report is the median ratio (bridge / direct) with its spread (min - max), because this
shared 2-core machine's speed drifts within minutes. The shop (cg_oc_ocbbench*) is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from secrets import token_hex as secrets_hex
from typing import Any

import aiohttp
import asyncmy  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connectors.model.params.products import ProductListParams
from connectors.opencart_bridge import products
from connectors.opencart_bridge.shop import open_shop
from connectors.spec import ConnectorContext, StoreContext
from gateway.bridge.keys import (
    PRIVATE_KEY_FIELD,
    STORE_KEY_FIELD,
    new_private_key_pem,
    public_pem,
    store_secrets,
)
from gateway.bridge.package import bridge_zip, render_config
from tests.bridge.shop import php_server
from tests.shops.fixtures import opencart_shop
from tests.shops.opencart_config import unzip_into_shop

PAGE = 250


async def bridge_walk(ctx: ConnectorContext, start_after: int, limit: int) -> int:
    """Products read through the connector (two bridge queries per page, models built)."""
    seen, state = 0, {"id": start_after, "total": 0}
    while seen < limit:
        page = await products.product_list(
            ConnectorContext(ctx.store, ctx.services, state), ProductListParams(count=PAGE))
        seen += len(page.result.product)
        if page.next_state is None:
            break
        state = page.next_state
    return seen


async def direct_walk(conn: Any, layout: Any, start_after: int, limit: int) -> int:
    """The same two statements straight on MariaDB (no bridge, no HTTP, no models)."""
    seen, after = 0, start_after
    async with conn.cursor() as cursor:
        while seen < limit:
            sql = products._page_sql(layout, "1 = 1", " AND p.product_id > %s").replace("{table_prefix}", "oc_")
            await cursor.execute(sql.replace("?", "%s"), (1, after, PAGE, 0))
            rows = await cursor.fetchall()
            if not rows:
                break
            ids = [row[0] for row in rows]
            marks = "(" + ", ".join("%s" for _ in ids) + ")"
            children = products._children_sql(layout, marks).replace("{table_prefix}", "oc_").replace("?", "%s")
            await cursor.execute(children, (*ids, 1, 1, *ids, 1, *ids, 1, *ids, *ids, *ids))
            await cursor.fetchall()
            seen += len(rows)
            after = ids[-1]
    return seen


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp, opencart_shop(args.version, Path(tmp) / "www",
                                                             products_count=args.products) as shop:  # fmt: skip
        pem = new_private_key_pem()
        store_key = secrets_hex(16)
        secrets = store_secrets(store_key, {PRIVATE_KEY_FIELD: pem})
        unzip_into_shop(shop.root, bridge_zip(render_config(store_key, public_pem(secrets.private_key))))
        with php_server(shop.root, workers=2) as base:
            async with aiohttp.ClientSession() as http:
                store = StoreContext("1", "Opencart14", base, {STORE_KEY_FIELD: store_key, PRIVATE_KEY_FIELD: pem},
                                     {"bridge_url": f"{base}/bridge2cart/bridge.php"})
                ctx = ConnectorContext(store, {"http": http})
                layout = (await open_shop(ctx)).layout
                conn = await asyncmy.connect(host="127.0.0.1", user="root", db=shop.database)
                ratios, bridge_rates, direct_rates = [], [], []
                for round_no in range(args.rounds):
                    offset = (round_no * args.per_round) % max(args.products - args.per_round, 1)
                    timings = {}
                    for side in (("bridge", "direct") if round_no % 2 == 0 else ("direct", "bridge")):
                        began = time.perf_counter()
                        if side == "bridge":
                            count = await bridge_walk(ctx, offset, args.per_round)
                        else:
                            count = await direct_walk(conn, layout, offset, args.per_round)
                        timings[side] = count / (time.perf_counter() - began)
                    bridge_rates.append(timings["bridge"])
                    direct_rates.append(timings["direct"])
                    ratios.append(timings["bridge"] / timings["direct"])
                began = time.perf_counter()
                whole = await bridge_walk(ctx, 0, args.products)
                whole_rate = whole / (time.perf_counter() - began)
                conn.close()
    print(f"OpenCart {args.version}: {args.products} products, {args.rounds} rounds of {args.per_round}")
    print(f"bridge  products/s median {statistics.median(bridge_rates):.0f} "
          f"({min(bridge_rates):.0f}-{max(bridge_rates):.0f})")
    print(f"direct  products/s median {statistics.median(direct_rates):.0f} "
          f"({min(direct_rates):.0f}-{max(direct_rates):.0f})")
    print(f"ratio bridge/direct median {statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})")
    print(f"whole walk through the connector: {whole} products at {whole_rate:.0f} products/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", choices=["3", "4"], default="3")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--per-round", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    asyncio.run(main(parser.parse_args()))
