"""Order totals follow CartRover's rules: reported on reads, refused on writes, never fixed silently."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.model import Order, check_totals, report_totals, require_valid_totals
from gateway.errors import InvalidParameter
from tests.model.builders import order_payload


def rules(order: Order) -> set[tuple[str, str]]:
    return {(finding.field, finding.rule) for finding in check_totals(order)}


def test_an_order_that_obeys_the_rules_has_no_findings(make_order: Callable[..., Order]) -> None:
    order = make_order(tax_rate="0.2", discount="3.00", shipping="4.95")
    assert check_totals(order) == []
    assert report_totals(order) is order
    require_valid_totals(order)


def test_item_extended_amount_is_price_minus_unit_discount_times_quantity(make_order: Callable[..., Order]) -> None:
    payload = order_payload([("10.00", 3, "1.00")])
    payload["order_products"][0]["total_price"] = "30.00"  # discount forgotten: should be 27.00
    payload["totals"]["subtotal"] = "30.00"
    payload["totals"]["total"] = "35.00"
    found = check_totals(Order.model_validate(payload))
    assert [(f.field, f.rule, f.expected, f.actual) for f in found] == [
        ("order_products.0.total_price", "item_extended", Decimal("27.00"), Decimal("30.00"))
    ]


def test_grand_total_is_subtotal_plus_tax_plus_shipping_minus_discount() -> None:
    payload = order_payload(discount="2.00")
    payload["totals"]["total"] = str(Decimal(payload["totals"]["total"]) + 2)  # discount added, not taken off
    assert rules(Order.model_validate(payload)) == {("totals.total", "grand_total")}


def test_subtotal_is_the_sum_of_the_lines() -> None:
    payload = order_payload()
    payload["totals"]["subtotal"] = "1.00"
    payload["totals"]["total"] = "6.00"
    assert rules(Order.model_validate(payload)) == {("totals.subtotal", "subtotal_sum")}


def test_line_taxes_add_up_to_the_order_tax() -> None:
    payload = order_payload(tax_rate="0.1")
    payload["order_products"][0]["tax_value"] = "0"
    assert ("totals.tax", "line_tax_sum") in rules(Order.model_validate(payload))


def test_total_repeats_totals_field_for_field() -> None:
    payload = order_payload()
    totals = payload["totals"]
    payload["total"] = {"subtotal_ex_tax": totals["subtotal"], "shipping_ex_tax": totals["shipping"],
                        "total_discount": "0", "total_tax": totals["tax"], "total": "1.00"}  # fmt: skip
    assert rules(Order.model_validate(payload)) == {("total.total", "total_mirrors_totals")}


def test_amounts_finer_than_the_currency_are_reported() -> None:
    payload = order_payload([("1000", 1, "0")], shipping="0.5", currency="JPY")
    payload["totals"]["total"] = "1000.5"
    found = rules(Order.model_validate(payload))
    assert ("totals.shipping", "currency_decimals") in found
    assert ("totals.total", "currency_decimals") in found


def test_a_read_keeps_the_platforms_figures_and_reports_the_breach() -> None:
    payload = order_payload()
    payload["totals"]["total"] = "999.99"
    order = Order.model_validate(payload)
    reported = report_totals(order)
    assert reported.totals.total == Decimal("999.99")
    assert reported.additional_fields is not None
    assert reported.additional_fields["totals_findings"][0] == {
        "field": "totals.total", "rule": "grand_total", "expected": "49.80", "actual": "999.99",
    }  # fmt: skip
    assert order.additional_fields is None


def test_a_write_breaking_a_rule_is_refused_naming_the_field() -> None:
    payload = order_payload()
    payload["order_products"][1]["total_price"] = "5.26"
    with pytest.raises(InvalidParameter) as caught:
        require_valid_totals(Order.model_validate(payload))
    assert caught.value.return_code == 109
    assert caught.value.field == "order_products.1.total_price"


def _line(price: Decimal, quantity: int, percent: int) -> tuple[str, int, str]:
    unit_discount = (price * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return str(price), quantity, str(unit_discount)


lines = st.lists(
    st.builds(
        _line,
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999"), places=2),
        st.integers(min_value=1, max_value=20),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=6,
)


@given(lines, st.decimals(min_value=Decimal(0), max_value=Decimal(50), places=2), st.sampled_from(["0", "0.1", "0.2"]))
def test_orders_built_by_the_rules_always_pass(items: list[tuple[str, int, str]], shipping: Decimal,
                                               rate: str) -> None:  # fmt: skip
    payload = order_payload(items, shipping=str(shipping), tax_rate=rate)
    assert check_totals(Order.model_validate(payload)) == []


@given(lines, st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5), places=2))
def test_any_change_to_the_total_is_found(items: list[tuple[str, int, str]], delta: Decimal) -> None:
    payload = order_payload(items)
    assert check_totals(Order.model_validate(payload)) == []
    payload["totals"]["total"] = str(Decimal(payload["totals"]["total"]) + delta)
    assert ("totals.total", "grand_total") in rules(Order.model_validate(payload))
