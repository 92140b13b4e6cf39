"""Fixtures for the shared HTTP client: the OneCart and CartRover emulators on a manual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.emulators.cartrover import CartRoverState
from tests.emulators.cartrover import create_app as cartrover_app
from tests.emulators.cartrover_data import seed as cartrover_seed
from tests.emulators.common import ManualClock, serve
from tests.emulators.onecart import OneCartState
from tests.emulators.onecart import create_app as onecart_app
from tests.emulators.onecart_data import seed as onecart_seed
from tests.http.emulated import CartRoverRun, OneCartRun, clock_sleep


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
