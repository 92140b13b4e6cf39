"""Money: ISO 4217 minor units, the decimals rule, and JSON numbers that keep the exact amount."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from connectors.model.money import (
    CURRENCY_MINOR_UNITS,
    Money,
    check_amount,
    decimals_of,
    excess_decimals,
    minor_units,
    to_json_number,
)
from gateway.errors import InvalidParameter


@pytest.mark.parametrize(("code", "units"), [("JPY", 0), ("KRW", 0), ("USD", 2), ("EUR", 2), ("KWD", 3), ("CLF", 4)])
def test_currencies_carry_their_iso_4217_minor_units(code: str, units: int) -> None:
    assert minor_units(code) == units


def test_the_table_holds_the_active_codes_in_upper_case() -> None:
    assert len(CURRENCY_MINOR_UNITS) > 150
    assert all(len(code) == 3 and code.isupper() for code in CURRENCY_MINOR_UNITS)
    assert "usd" not in CURRENCY_MINOR_UNITS


def test_unknown_currency_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidParameter) as caught:
        minor_units("XYZ", field="currency")
    assert caught.value.return_code == 109
    assert caught.value.field == "currency"


def test_decimals_ignore_trailing_zeros() -> None:
    assert decimals_of(Decimal("19.90")) == 1
    assert decimals_of(Decimal("20")) == 0
    assert decimals_of(Decimal("2E+1")) == 0
    assert decimals_of(Decimal("0.125")) == 3


@pytest.mark.parametrize(
    ("amount", "currency", "ok"),
    [("19.99", "USD", True), ("19.999", "USD", False), ("100", "JPY", True), ("1.5", "JPY", False),
     ("1.125", "KWD", True), ("1.1255", "KWD", False), ("19.9000", "USD", True)],
)  # fmt: skip
def test_money_holds_the_amount_to_the_currencys_decimals(amount: str, currency: str, ok: bool) -> None:
    if ok:
        assert Money(amount=Decimal(amount), currency=currency).amount == Decimal(amount)
    else:
        with pytest.raises(ValidationError, match="decimals"):
            Money(amount=Decimal(amount), currency=currency)


def test_money_refuses_an_unknown_currency_and_reads_floats_by_their_repr() -> None:
    with pytest.raises(ValidationError, match="ISO 4217"):
        Money(amount=Decimal(1), currency="ABC")
    assert Money.model_validate({"amount": 0.1, "currency": "USD"}).amount == Decimal("0.1")


def test_check_amount_names_the_field_for_each_bad_amount() -> None:
    for value, reason in ((Decimal("-1"), "negative"), (Decimal("1.001"), "decimals"), (Decimal("NaN"), "finite")):
        with pytest.raises(InvalidParameter, match=reason) as caught:
            check_amount(value, "USD", field="order_item.0.order_item_price")
        assert caught.value.field == "order_item.0.order_item_price"
    assert check_amount(Decimal("-1"), "USD", field="x", allow_negative=True) == Decimal("-1")


def test_excess_decimals_reports_without_raising() -> None:
    found = excess_decimals({"price": Decimal("1.2345"), "cost_price": Decimal("1.20"), "none": None}, "USD")
    assert found == ["price"]


@given(st.decimals(min_value=Decimal("-99999999999"), max_value=Decimal("99999999999"), places=4))
def test_json_numbers_round_trip_to_the_exact_amount(amount: Decimal) -> None:
    wire = json.loads(json.dumps(to_json_number(amount)))
    assert Decimal(repr(wire)) == amount


def test_integral_amounts_leave_as_integers() -> None:
    assert to_json_number(Decimal("20.00")) == 20 and isinstance(to_json_number(Decimal("20.00")), int)
    assert Money(amount=Decimal("19.90"), currency="USD").model_dump(mode="json") == {"amount": 19.9, "currency": "USD"}


def test_excess_decimals_ignores_trailing_zeros_and_reports_real_ones() -> None:
    amounts = {"ok": Decimal("1.50000"), "whole": Decimal("20"), "fine": Decimal("1.005"), "nan": Decimal("NaN"),
               "none": None, "exp": Decimal("1E+2")}  # fmt: skip
    assert excess_decimals(amounts, "USD") == ["fine", "nan"]
    assert excess_decimals({"jpy": Decimal("100.0"), "jpy_cents": Decimal("100.5")}, "JPY") == ["jpy_cents"]
