"""A full walk of 5,000 orders through cartgate's ``order.list`` (the gateway's HTTP API, pagination.next to the
end) against each REST platform's emulator, compared with the floor the platform's documented rate limit allows.

Each platform's emulator and the connector's client share a manual clock, so rate-limit waits are exact and
pass in milliseconds: "platform time" is how long the walk waited on the platform's budget, comparable with
the floor; "real time" is cartgate's and the emulator's own work. The floor is what the rate limit costs the
fewest requests any client needs (pages of the same size, no counting): OneCart ``ceil(n/per_page)`` requests
at 300 per 60 s window, ``(ceil(n / 300) - 1) * 60`` s; CartRover ``floor(n/limit) + 1`` requests (its lists
end on a short page) through a bucket of 100 draining one per 0.6 s, ``(requests - 100) * 0.6`` s. Budgets are
full when a walk starts. Rounds alternate the platforms' order; the report gives medians with their spread.

    python3 bench/order_walk.py --rounds 3 --orders 5000 --count 10    # 500+ requests: the budgets matter
    python3 bench/order_walk.py --rounds 3 --orders 5000 --count 100   # 50+ requests: under both budgets

Another platform joins by adding a ``Platform`` to ``PLATFORMS`` (its emulator state, app, connect parameters,
request counter, floor and how its connector takes the manual clock). The OpenCart REST connector
(connectors/opencart_rest) does not list orders yet; once it answers ``order.list`` it can be added here.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402

from gateway.secrets import KeyRing  # noqa: E402
from gateway.settings import Settings  # noqa: E402
from tests.emulators import cartrover, onecart  # noqa: E402
from tests.emulators.cartrover_data import seed as cartrover_seed  # noqa: E402
from tests.emulators.common import ManualClock, serve  # noqa: E402
from tests.emulators.onecart_data import seed as onecart_seed  # noqa: E402
from tests.gateway.conftest import Gateway, start_gateway  # noqa: E402
from tests.http.emulated import clock_sleep  # noqa: E402


@dataclass(frozen=True)
class Platform:
    name: str
    cart_id: str
    make_state: Callable[[ManualClock, int], Any]
    create_app: Callable[[Any], web.Application]
    credentials: dict[str, str]
    requests: Callable[[Any], int]  # requests the emulator has answered so far
    refusals: Callable[[Any], int]
    min_requests: Callable[[int, int], int]  # (orders, page size) -> fewest requests of a bare walk
    floor: Callable[[int], float]  # requests -> seconds the documented rate limit makes them take at least
    use_clock: Callable[[Gateway, ManualClock], None]  # gives the connector's client the manual clock


def _manual_clock(gateway: Gateway, clock: ManualClock) -> None:
    # The gateway's REST clients (gateway.http.PlatformClients) run on the manual clock from now on.
    gateway.services.connector_services["rest"].use_clock(clock, clock_sleep(clock))


PLATFORMS: dict[str, Platform] = {
    "OneCart": Platform(
        name="OneCart",
        cart_id="OneCart",
        make_state=lambda clock, n: onecart.OneCartState(clock=clock, data=onecart_seed(orders=n)),
        create_app=onecart.create_app,
        credentials={"onecart_api_key": "oc-full-key"},
        requests=lambda state: int(state.requests),
        refusals=lambda state: int(state.refusals),
        min_requests=lambda n, size: math.ceil(n / size),
        floor=lambda requests: max(0, math.ceil(requests / 300) - 1) * 60.0,
        use_clock=_manual_clock,
    ),
    "CartRover": Platform(
        name="CartRover",
        cart_id="CartRover",
        make_state=lambda clock, n: cartrover.CartRoverState(clock=clock, data=cartrover_seed(orders=n)),
        create_app=cartrover.create_app,
        credentials={"cartrover_api_user": "merchant-user", "cartrover_api_key": "merchant-key"},
        requests=lambda state: len(state.process_ids),
        refusals=lambda state: int(state.refusals),
        min_requests=lambda n, size: n // size + 1,
        floor=lambda requests: max(0, requests - 100) * 0.6,
        use_clock=_manual_clock,
    ),
}


@dataclass
class Walk:
    platform_seconds: float
    real_seconds: float
    requests: int
    refusals: int


async def walk_once(platform: Platform, orders: int, count: int, tmp: Path) -> Walk:
    clock = ManualClock()
    state = platform.make_state(clock, orders)
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/{platform.name}.db",
                        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
                        rate_limit_requests=1_000_000, key_cache_seconds=0)  # fmt: skip
    async with serve(platform.create_app(state)) as url:
        gateway = await start_gateway(settings)
        try:
            platform.use_clock(gateway, clock)
            api_key = await gateway.account()
            client = gateway.client
            connect = {"cart_id": platform.cart_id, "store_url": url, **platform.credentials}
            added = await client.post("/v1.1/account.cart.add.json", headers={"x-api-key": api_key}, json=connect)
            body = await added.json()
            assert body["return_code"] == 0, body
            headers = {"x-api-key": api_key, "x-store-key": body["result"]["store_key"]}
            clock.advance(3600)  # connecting spent some budget: start the walk with the budget full
            before, start_clock, start = platform.requests(state), clock.now, time.perf_counter()
            params: dict[str, Any] = {"count": count, "params": "force_all"}
            seen = 0
            while True:
                response = await client.post("/v1.1/order.list.json", json=params, headers=headers)
                page = await response.json()
                assert page["return_code"] == 0, page
                seen += len(page["result"]["order"])
                cursor = page["pagination"]["next"]
                if not cursor:
                    break
                params = {"count": count, "params": "force_all", "page_cursor": cursor}
            real = time.perf_counter() - start
            assert seen == orders, (platform.name, seen)
            return Walk(clock.now - start_clock, real, platform.requests(state) - before, platform.refusals(state))
        finally:
            await gateway.client.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--count", type=int, default=10, help="order.list page size (1-100)")
    parser.add_argument("--platforms", default=",".join(PLATFORMS))
    args = parser.parse_args()
    chosen = [PLATFORMS[name] for name in args.platforms.split(",")]
    results: dict[str, list[Walk]] = {p.name: [] for p in chosen}
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(args.rounds):
            order = chosen if number % 2 == 0 else list(reversed(chosen))
            for platform in order:
                folder = Path(tmp) / f"{platform.name}-{number}"
                folder.mkdir()
                results[platform.name].append(asyncio.run(walk_once(platform, args.orders, args.count, folder)))
    print(f"order.list through the gateway: {args.orders} orders, count={args.count}, {args.rounds} interleaved rounds")
    for platform in chosen:
        rows = results[platform.name]
        fewest = platform.min_requests(args.orders, args.count)
        floor = platform.floor(fewest)
        waited = [row.platform_seconds for row in rows]
        real = [row.real_seconds for row in rows]
        if floor > 0:
            ratios = [value / floor for value in waited]
            ratio = f"ratio {statistics.median(ratios):.3f} (spread {min(ratios):.3f}-{max(ratios):.3f})"
        else:
            ratio = "floor 0 s: the walk fits the budget"
        print(
            f"{platform.name:9} requests {rows[0].requests} (fewest {fewest}), "
            f"refusals {max(r.refusals for r in rows)}; "
            f"platform time median {statistics.median(waited):.1f} s vs floor {floor:.1f} s, {ratio}; "
            f"real time median {statistics.median(real):.2f} s (spread {min(real):.2f}-{max(real):.2f})"
        )


if __name__ == "__main__":
    main()
