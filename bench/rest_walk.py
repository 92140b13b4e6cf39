"""A full order-list walk of 5,000 orders through gateway/http, against the OneCart and CartRover emulators,
compared with the floor each platform's documented rate limit allows.

The rate-limit waits run on the emulators' manual clock (a platform's minutes pass in milliseconds), so the
"platform time" of a walk is exact and comparable with the floor; the real time of the walk is cartgate's and
the emulator's own work. Rounds alternate the two platforms; the report gives, per platform, the median of
platform time / floor with its spread (min-max) and the median real time. Usage:

    python3 bench/rest_walk.py --rounds 5 --orders 5000 --page-size 10

Floors: OneCart allows 300 requests per 60 s window, so n requests need at least ceil(n / 300) - 1 full
windows of waiting; CartRover's bucket takes 100 calls at once then one every 0.6 s: (n - 100) * 0.6 s.
With the largest pages (100) a 5,000-order walk is 50 requests, under both budgets: floor 0, nothing to wait.
The default page size of 10 (500 requests) makes the budgets matter.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from gateway.http import LinkedPage, RestClient, follow_next_links, walk_pages  # noqa: E402
from gateway.http.platforms import cartrover_profile, onecart_profile  # noqa: E402
from tests.emulators import cartrover, onecart  # noqa: E402
from tests.emulators.cartrover_data import seed as cartrover_seed  # noqa: E402
from tests.emulators.common import ManualClock, serve  # noqa: E402
from tests.emulators.onecart_data import seed as onecart_seed  # noqa: E402
from tests.http.emulated import clock_sleep  # noqa: E402


async def walk_onecart(orders: int, page_size: int) -> tuple[float, float, int, int]:
    clock = ManualClock()
    state = onecart.OneCartState(clock=clock, data=onecart_seed(orders=orders))
    async with serve(onecart.create_app(state)) as base:
        client = RestClient(onecart_profile(), clock=clock, sleep=clock_sleep(clock))

        async def fetch(url: str) -> LinkedPage[dict[str, Any]]:
            body = (await client.request("k", "GET", url, headers={"Authorization": "oc-read-key"})).json()
            return LinkedPage(body["data"], body["links"]["next"])

        start_clock, start = clock.now, time.perf_counter()
        count = 0
        async for _ in follow_next_links(fetch, f"{base}/api/v2/orders?per_page={page_size}&_fields=id"):
            count += 1
        real = time.perf_counter() - start
        await client.close()
    assert count == orders and state.refusals == 0, (count, state.refusals)
    return clock.now - start_clock, real, state.requests, state.refusals


async def walk_cartrover(orders: int, page_size: int) -> tuple[float, float, int, int]:
    clock = ManualClock()
    state = cartrover.CartRoverState(clock=clock, data=cartrover_seed(orders=orders))
    auth = {"Authorization": aiohttp.encode_basic_auth("merchant-user", "merchant-key")}
    async with serve(cartrover.create_app(state)) as base:
        client = RestClient(cartrover_profile(), clock=clock, sleep=clock_sleep(clock))
        calls = 0

        async def fetch(page: int) -> list[dict[str, Any]]:
            nonlocal calls
            calls += 1
            url = f"{base}/v1/merchant/orders/list/all"
            params = {"limit": str(page_size), "page": str(page)}
            response = await client.request("s", "GET", url, params=params, headers=auth)
            rows: list[dict[str, Any]] = response.json()["response"]
            return rows

        start_clock, start = clock.now, time.perf_counter()
        count = 0
        async for _ in walk_pages(fetch, page_size):
            count += 1
        real = time.perf_counter() - start
        await client.close()
    assert count == orders and state.refusals == 0, (count, state.refusals)
    return clock.now - start_clock, real, calls, state.refusals


def onecart_floor(requests: int) -> float:
    return max(0, math.ceil(requests / 300) - 1) * 60.0


def cartrover_floor(requests: int) -> float:
    return max(0, requests - 100) * 0.6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--page-size", type=int, default=10)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float, int, int]]] = {"OneCart": [], "CartRover": []}
    for number in range(args.rounds):
        order = ["OneCart", "CartRover"] if number % 2 == 0 else ["CartRover", "OneCart"]
        for name in order:
            walk = walk_onecart if name == "OneCart" else walk_cartrover
            results[name].append(asyncio.run(walk(args.orders, args.page_size)))
    print(f"{args.orders} orders, page size {args.page_size}, {args.rounds} interleaved rounds")
    for name, rows in results.items():
        requests = rows[0][2]
        floor = (onecart_floor if name == "OneCart" else cartrover_floor)(requests)
        platform = [row[0] for row in rows]
        real = [row[1] for row in rows]
        if floor > 0:
            ratios = [value / floor for value in platform]
            spread = f"{min(ratios):.3f}-{max(ratios):.3f}"
            ratio = f"platform time / floor: median {statistics.median(ratios):.3f} (spread {spread})"
        else:
            ratio = "floor 0 s (under the budget): platform time should be 0"
        print(
            f"{name:9} {requests} requests, 0 refusals; platform time median {statistics.median(platform):.1f} s, "
            f"floor {floor:.1f} s; {ratio}; real time median {statistics.median(real):.2f} s "
            f"(spread {min(real):.2f}-{max(real):.2f})"
        )


if __name__ == "__main__":
    main()
