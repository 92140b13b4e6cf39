"""CartRover's leaky bucket under a burst through cartgate's HTTP API, on a manual clock.

The emulator counts every RateLimit refusal it sends: when cartgate knows the bucket (100 calls, one back
every 0.6 s, re-synchronised from X-CartRover-Api-Minute-Hits-Remaining) it sends none; when the emulator is
pushed to refuse anyway, the call recovers once the bucket has drained, and only refusals that outlast the
client's attempts reach the caller (110, with CartRover's process id).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.cartrover.shop import CartRoverShop, cartrover_shop
from tests.emulators.cartrover import CartRoverState
from tests.emulators.common import ManualClock


@pytest.fixture
async def timed(tmp_path: Path) -> AsyncIterator[tuple[CartRoverShop, ManualClock]]:
    clock = ManualClock()
    async with cartrover_shop(tmp_path, CartRoverState(clock=clock), clock=clock) as connected:
        yield connected, clock


async def test_a_burst_over_the_bucket_gets_no_ratelimit_refusal(timed: tuple[CartRoverShop, ManualClock]) -> None:
    shop, clock = timed
    refs = sorted(shop.state.data["orders"])[:160]
    start = clock.now
    answers = await asyncio.gather(*(shop.call("order.info", order_id=ref) for ref in refs))
    assert [a["return_code"] for a in answers] == [0] * len(refs)
    assert [a["result"]["order_id"] for a in answers] == refs
    assert shop.state.refusals == 0
    # the connect call plus 160 calls: the bucket held 99 of them, the rest waited for it to drain
    assert clock.now - start >= (160 - 99 - 1) * 0.6


async def test_refusals_the_budget_could_not_foresee_are_retried(timed: tuple[CartRoverShop, ManualClock]) -> None:
    shop, _ = timed
    shop.state.push_to_refuse(2)
    body = await shop.call("order.count", order_status="canceled")
    expected = sum(1 for o in shop.state.data["orders"].values() if o["order_status"] == "canceled")
    assert body["return_code"] == 0 and body["result"]["orders_count"] == expected
    assert shop.state.refusals == 2


async def test_refusals_that_outlast_the_retries_answer_110_with_the_process_id(
    timed: tuple[CartRoverShop, ManualClock],
) -> None:
    shop, _ = timed
    shop.state.push_to_refuse(10)
    body = await shop.call("product.info", id="CR-00001")
    assert body["return_code"] == 110
    assert f"request id {shop.state.process_ids[-1]}" in body["return_message"]
