"""3.x and 4.0 sessions: an expired token is renewed with one login, never in a loop; an upgraded shop is
detected again and the store keeps the new dialect."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.emulators.common import ManualClock
from tests.emulators.opencart_rest import DEFAULT_KEY, Dialect, OpenCartState
from tests.opencart_rest.shop import opencart_rest_shop


@pytest.mark.parametrize("dialect", ["3.0", "4.0"])
async def test_an_expired_token_is_renewed_once(dialect: Dialect, tmp_path: Path) -> None:
    clock = ManualClock()
    state = OpenCartState(dialect=dialect, clock=clock)
    async with opencart_rest_shop(tmp_path, state=state) as shop:
        assert state.logins == 1  # detection's login; its token is kept for the next calls
        await shop.ok("order.update", order_id="7", order_status="processing")
        assert state.logins == 1
        clock.advance(state.session_ttl + 1)  # the shop drops sessions idle for more than an hour
        await shop.ok("order.update", order_id="7", order_status="shipped", comment="Sent")
        assert state.logins == 2
        assert [row["order_status_id"] for row in state.data["orders"][7]["history"]] == [2, 3]
        await shop.ok("order.update", order_id="7", order_status="complete")
        assert state.logins == 2  # the renewed token lives on


@pytest.mark.parametrize("dialect", ["3.0", "4.0"])
async def test_calls_refused_together_share_one_new_login(dialect: Dialect, tmp_path: Path) -> None:
    clock = ManualClock()
    state = OpenCartState(dialect=dialect, clock=clock)
    async with opencart_rest_shop(tmp_path, state=state) as shop:
        clock.advance(state.session_ttl + 1)
        bodies = await asyncio.gather(*(shop.call("order.update", order_id=str(n), order_status="shipped")
                                        for n in range(20, 26)))  # fmt: skip
        assert [b["return_code"] for b in bodies] == [0] * 6
        assert state.logins == 2  # detection's, and one renewal for all six


@pytest.mark.parametrize("dialect", ["3.0", "4.0"])
async def test_a_session_refused_again_after_renewal_is_an_error_not_a_loop(dialect: Dialect, tmp_path: Path) -> None:
    state = OpenCartState(dialect=dialect)
    async with opencart_rest_shop(tmp_path, state=state) as shop:
        state.session_ttl = -1.0  # every session is dead by its next use
        calls, logins = len(state.calls), state.logins
        body = await shop.call("order.update", order_id="7", order_status="shipped")
        assert body["return_code"] == 100, body
        assert state.logins == logins + 1  # one renewal
        assert len(state.calls) == calls + 3  # the call, one login, the call again
        assert DEFAULT_KEY not in body["return_message"]
        assert state.data["orders"][7]["history"] == []


@pytest.mark.parametrize("dialect", ["3.0", "4.0"])
async def test_an_ip_removed_later_is_reported_with_the_ip_to_allow(dialect: Dialect, tmp_path: Path) -> None:
    """3.x and 4.0 check the allow-list on every call, not only at login (the session query joins api_ip)."""
    state = OpenCartState(dialect=dialect)
    async with opencart_rest_shop(tmp_path, state=state) as shop:
        state.allowed_ips = {"10.0.0.1"}
        body = await shop.call("order.update", order_id="7", order_status="shipped")
        assert body["return_code"] == 100
        assert "add 127.0.0.1 under System → Users → API" in body["return_message"]


@pytest.mark.parametrize(("before", "after"), [("3.0", "4.0"), ("4.0", "4.1"), ("3.0", "4.1"), ("4.1", "4.0")])
async def test_an_upgraded_shop_is_detected_again_and_the_store_keeps_it(before: Dialect, after: Dialect,
                                                                         tmp_path: Path) -> None:  # fmt: skip
    state = OpenCartState(dialect=before)
    async with opencart_rest_shop(tmp_path, state=state) as shop:
        state.dialect = after  # the owner upgrades OpenCart; the API user and key stay
        state.sessions.clear()
        await shop.ok("order.update", order_id="9", order_status="shipped", comment="After the upgrade")
        assert state.data["orders"][9]["history"][-1]["comment"] == "After the upgrade"
        [store] = await shop.stores()
        assert store.settings["opencart_dialect"] == {"4.0": "4.0", "4.1": "4.1"}[after]
        calls = len(state.calls)
        await shop.ok("order.update", order_id="9", order_status="complete")
        assert len(state.calls) == calls + 1  # the new dialect is used straight away, no detection again
