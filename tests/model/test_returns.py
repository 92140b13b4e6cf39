"""A return must fit its order: known reason/status/action ids, real lines, no more units than ordered."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.demo.seed import DemoShop
from connectors.model import Order
from connectors.model.params.returns import OrderReturnAddParams
from connectors.model.reference import DEFAULT_RETURN_ACTIONS, DEFAULT_RETURN_REASONS, DEFAULT_RETURN_STATUSES
from connectors.model.returns import ReturnLine, check_return_request, returned_quantities
from gateway.errors import InvalidParameter


@pytest.fixture
def order(shop: DemoShop) -> Order:
    return next(o for o in shop.orders if any(item.quantity >= 2 for item in o.order_products))


def check(order: Order, lines: list[ReturnLine], already: dict[str, int] | None = None, **ids: Any) -> None:
    chosen = {"status_id": "1", "reason_id": "4", "action_id": "2", **ids}
    check_return_request(
        order, lines, statuses=DEFAULT_RETURN_STATUSES, reasons=DEFAULT_RETURN_REASONS,
        actions=DEFAULT_RETURN_ACTIONS, already_returned=already, **chosen,
    )  # fmt: skip


def line_of(order: Order, quantity: int | None = None, **ids: str | None) -> ReturnLine:
    item = next(item for item in order.order_products if item.quantity >= 2)
    assert item.order_product_id is not None
    return ReturnLine(item.order_product_id, item.quantity if quantity is None else quantity, **ids)


def refused(order: Order, lines: list[ReturnLine], **kwargs: Any) -> str:
    with pytest.raises(InvalidParameter) as caught:
        check(order, lines, **kwargs)
    assert caught.value.return_code == 109
    assert caught.value.field is not None
    return caught.value.field


def test_a_return_of_every_ordered_unit_passes(order: Order) -> None:
    check(order, [line_of(order)])


def test_a_return_for_more_units_than_the_order_holds_is_refused(order: Order) -> None:
    item = line_of(order)
    assert refused(order, [line_of(order, item.quantity + 1)]) == "order_products.0.order_product_quantity"


def test_units_already_under_return_count_against_the_order(order: Order) -> None:
    item = line_of(order)
    check(order, [line_of(order, 1)], already={item.order_product_id: item.quantity - 1})
    field = refused(order, [line_of(order, 1)], already={item.order_product_id: item.quantity})
    assert field == "order_products.0.order_product_quantity"


def test_two_lines_for_the_same_order_line_add_up(order: Order) -> None:
    item = line_of(order)
    half = item.quantity // 2 + 1
    assert refused(order, [line_of(order, half), line_of(order, half)]) == "order_products.1.order_product_quantity"


@pytest.mark.parametrize(
    ("ids", "field"),
    [({"reason_id": "99"}, "return_reason_id"), ({"status_id": "nope"}, "return_status_id"),
     ({"action_id": "0"}, "return_action_id")],
)  # fmt: skip
def test_unknown_reference_ids_are_refused(order: Order, ids: dict[str, str], field: str) -> None:
    assert refused(order, [line_of(order, 1)], **ids) == field


def test_unknown_ids_on_a_line_are_refused_naming_the_line(order: Order) -> None:
    assert refused(order, [line_of(order, 1, reason_id="77")]) == "order_products.0.order_product_reason_id"
    assert refused(order, [line_of(order, 1, action_id="77")]) == "order_products.0.order_product_action_id"


def test_a_line_the_order_does_not_have_is_refused(order: Order) -> None:
    assert refused(order, [ReturnLine("no-such-line", 1)]) == "order_products.0.order_product_id"


def test_a_return_without_lines_or_reason_is_refused(order: Order) -> None:
    assert refused(order, []) == "order_products"
    assert refused(order, [line_of(order, 1)], reason_id=None) == "order_products.0.order_product_reason_id"


def test_the_add_parameters_feed_the_check(order: Order) -> None:
    item = line_of(order)
    params = OrderReturnAddParams.model_validate({
        "order_id": order.order_id, "return_status_id": "1", "return_action_id": "2", "return_reason_id": "4",
        "order_products": [{"order_product_id": item.order_product_id, "order_product_quantity": item.quantity + 5,
                            "order_product_reason_id": "1", "order_product_action_id": "3"}],
    })  # fmt: skip
    with pytest.raises(InvalidParameter):
        check(order, params.lines(), status_id=params.return_status_id)


def test_returned_quantities_skip_the_return_being_updated(shop: DemoShop) -> None:
    first = shop.returns[0]
    line = first.order_products[0]
    assert returned_quantities(shop.returns)[line.order_product_id] >= line.quantity
    assert line.order_product_id not in returned_quantities([first], skip_return_id=first.id)
