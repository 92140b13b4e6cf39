"""Benchmark (not a test): a 5,000-order walk through cartgate's ``order.list`` against the OneCart emulator,
versus the same walk straight through ``gateway.http`` (the floor for any OneCart client).

Both sides read 100 orders per OneCart request with the same ``_fields``; the emulator's budget is raised so
rate limits are not what is measured (tests/onecart/test_rate_limits.py covers them). Rounds alternate which
side goes first; the report gives the median of cartgate / direct with its spread (min-max). Usage:

    python3 -m tests.onecart.bench_walk --rounds 7 --orders 5000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from gateway.http import LinkedPage, RestClient, follow_next_links
from gateway.http.platforms import onecart_profile
from tests.emulators.onecart import OneCartState
from tests.emulators.onecart_data import seed
from tests.onecart.shop import FULL_KEY, OneCartShop, onecart_shop

FIELDS = {"id": "+courier", "force_all": "+order_items,+shipping_address,+courier,+shipped_at,+cancel_reason"}


async def through_cartgate(shop: OneCartShop, params: str) -> tuple[float, int]:
    before, start = shop.state.requests, time.perf_counter()
    seen = 0
    body = await shop.call("order.list", count=100, params=params)
    while True:
        assert body["return_code"] == 0, body
        seen += len(body["result"]["order"])
        if not body["pagination"]["next"]:
            break
        body = await shop.call("order.list", count=100, params=params, page_cursor=body["pagination"]["next"])
    elapsed = time.perf_counter() - start
    assert seen == len(shop.state.data["orders"])
    return elapsed, shop.state.requests - before


async def direct(shop: OneCartShop, params: str) -> tuple[float, int]:
    client = RestClient(onecart_profile())
    before, start = shop.state.requests, time.perf_counter()

    async def fetch(url: str) -> LinkedPage[dict[str, Any]]:
        body = (await client.request("bench", "GET", url, headers={"Authorization": FULL_KEY})).json()
        return LinkedPage(body["data"], body["links"]["next"])

    seen = 0
    async for _ in follow_next_links(fetch, f"{shop.url}/api/v2/orders?per_page=100&_fields={FIELDS[params]}"):
        seen += 1
    elapsed = time.perf_counter() - start
    await client.close()
    assert seen == len(shop.state.data["orders"])
    return elapsed, shop.state.requests - before


async def run(rounds: int, orders: int) -> None:
    state = OneCartState(limit=1_000_000, data=seed(orders=orders))
    with tempfile.TemporaryDirectory() as tmp:
        async with onecart_shop(Path(tmp), state) as shop:
            for params in ("id", "force_all"):
                ratios, ours, theirs = [], [], []
                requests = (0, 0)
                for number in range(rounds):
                    if number % 2 == 0:
                        a, ra = await through_cartgate(shop, params)
                        b, rb = await direct(shop, params)
                    else:
                        b, rb = await direct(shop, params)
                        a, ra = await through_cartgate(shop, params)
                    ratios.append(a / b)
                    ours.append(a)
                    theirs.append(b)
                    requests = (ra, rb)
                print(
                    f"params={params:9} {orders} orders, OneCart requests cartgate/direct {requests[0]}/{requests[1]}: "
                    f"cartgate {statistics.median(ours):.2f} s, direct {statistics.median(theirs):.2f} s, "
                    f"ratio median {statistics.median(ratios):.2f} (spread {min(ratios):.2f}-{max(ratios):.2f})"
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--orders", type=int, default=5000)
    args = parser.parse_args()
    asyncio.run(run(args.rounds, args.orders))


if __name__ == "__main__":
    main()
