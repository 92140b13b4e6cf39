"""Fixtures of the model tests: the default Demo shop (built once) and a small valid order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from connectors.demo.seed import DemoShop, generate_shop
from connectors.model import Order
from tests.model.builders import order_payload


@pytest.fixture(scope="session")
def shop() -> DemoShop:
    return generate_shop()


@pytest.fixture
def make_order() -> Callable[..., Order]:
    def build(*args: Any, **kwargs: Any) -> Order:
        return Order.model_validate(order_payload(*args, **kwargs))

    return build
