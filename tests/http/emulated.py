"""Emulators on a manual clock for the HTTP client tests, and a sleep that moves that clock."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tests.emulators.cartrover import CartRoverState
from tests.emulators.common import ManualClock
from tests.emulators.onecart import OneCartState


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
