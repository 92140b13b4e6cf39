"""stream_shop yields exactly the shop generate_shop builds, one order at a time."""

from __future__ import annotations

import pytest

from connectors.demo.seed import generate_shop, stream_shop


def test_streamed_orders_and_returns_equal_the_generated_ones() -> None:
    whole = generate_shop(products=40, orders=120, seed=11)
    head, orders = stream_shop(products=40, orders=120, seed=11)
    assert head.orders == [] and head.returns == []
    pairs = list(orders)
    assert [order for order, _ in pairs] == whole.orders
    assert [returned for _, returned in pairs if returned is not None] == whole.returns
    assert head.customers == whole.customers  # orders_count / last_order_id filled in by the walk
    assert head.products == whole.products


def test_stream_refuses_the_sizes_generate_refuses() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        stream_shop(products=0)
