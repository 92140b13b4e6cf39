"""Fixtures for the shared HTTP client: emulators on a manual clock, and a sleep that moves that clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest

from tests.emulators.cartrover import CartRoverState
from tests.emulators.cartrover import create_app as cartrover_app
from tests.emulators.cartrover_data import seed as cartrover_seed
from tests.emulators.common import ManualClock, serve
from tests.emulators.onecart import OneCartState
from tests.emulators.onecart import create_app as onecart_app
from tests.emulators.onecart_data import seed as onecart_seed


def clock_sleep(clock: ManualClock) -> Callable[[float], Awaitable[None]]:
    """A sleep that lets other tasks run once, then moves the shared clock to when it would have woken."""

    async def sleep(seconds: float) -> None:
        wake = clock.now + max(0.0, seconds)
        await asyncio.sleep(0)
        clock.now = max(clock.now, wake)

    return sleep


@dataclass
class Emulated:
    base: str
    clock: ManualClock
    sleep: Callable[[float], Awaitable[None]]


@dataclass
class OneCartRun(Emulated):
    state: OneCartState


@dataclass
class CartRoverRun(Emulated):
    state: CartRoverState


@pytest.fixture
async def onecart() -> AsyncIterator[OneCartRun]:
    clock = ManualClock()
    state = OneCartState(clock=clock, data=onecart_seed(orders=1234))
    async with serve(onecart_app(state)) as base:
        yield OneCartRun(base + "/api/v2", clock, clock_sleep(clock), state)


@pytest.fixture
async def cartrover() -> AsyncIterator[CartRoverRun]:
    clock = ManualClock()
    state = CartRoverState(clock=clock, data=cartrover_seed(orders=777))
    async with serve(cartrover_app(state)) as base:
        yield CartRoverRun(base, clock, clock_sleep(clock), state)
