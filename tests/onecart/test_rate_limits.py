"""OneCart's budget under a burst through cartgate's HTTP API, on the real clock with a small window.

The emulator counts every 429 it sends: when cartgate knows the budget (from X-RateLimit-* headers) it
sends none; when the emulator is pushed to refuse anyway, the call recovers after Retry-After, and only
a refusal that outlasts the client's attempts reaches the caller (110, with OneCart's request id).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.emulators.onecart import OneCartState
from tests.onecart.shop import OneCartShop, onecart_shop

LIMIT, WINDOW = 25, 1.0


@pytest.fixture
async def tight(tmp_path: Path) -> AsyncIterator[OneCartShop]:
    async with onecart_shop(tmp_path, OneCartState(limit=LIMIT, window_seconds=WINDOW)) as connected:
        yield connected


async def test_a_burst_over_the_budget_gets_no_429_from_onecart(tight: OneCartShop) -> None:
    calls = 2 * LIMIT + 10  # spans three windows
    answers = await asyncio.gather(*(tight.call("product.count") for _ in range(calls)))
    assert [a["return_code"] for a in answers] == [0] * calls
    assert all(a["result"]["products_count"] == 400 for a in answers)
    assert tight.state.refusals == 0
    assert tight.state.requests >= calls


async def test_refusals_the_budget_could_not_foresee_are_retried_after_retry_after(tight: OneCartShop) -> None:
    tight.state.push_to_refuse(2, retry_after=1)
    body = await tight.call("order.count")
    assert body["return_code"] == 0 and body["result"]["orders_count"] == 600
    assert tight.state.refusals == 2


async def test_refusals_that_outlast_the_retries_answer_110_with_the_request_id(tight: OneCartShop) -> None:
    tight.state.push_to_refuse(10, retry_after=1)
    body = await tight.call("product.count")
    assert body["return_code"] == 110
    assert "request id " in body["return_message"]
