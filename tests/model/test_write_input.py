"""Bad input on writes gets a coded error naming the field, before anything could be written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from connectors.catalogue import catalogue_by_name, check_prices
from connectors.model.params.orders import OrderAddParams, OrderRefundAddParams
from connectors.model.params.products import ProductAddParams, ProductUpdateParams, ProductVariantAddParams
from connectors.model.params.returns import OrderReturnAddParams
from gateway.errors import InvalidParameter, MissingParameter


def example(method: str, **changes: Any) -> dict[str, Any]:
    payload = dict(catalogue_by_name()[method].example)
    payload.update(changes)
    return payload


def error_locs(exc: ValidationError) -> list[tuple[int | str, ...]]:
    return [tuple(error["loc"]) for error in exc.errors()]


def test_every_method_refuses_unknown_parameters() -> None:
    for row in catalogue_by_name().values():
        with pytest.raises(ValidationError) as caught:
            row.params.model_validate({**row.example, "no_such_parameter": "1"})
        assert ("no_such_parameter",) in error_locs(caught.value), row.name


@pytest.mark.parametrize(
    ("model", "method", "field", "value"),
    [(ProductAddParams, "product.add", "quantity", -1),
     (ProductAddParams, "product.add", "price", "-0.01"),
     (ProductUpdateParams, "product.update", "reduce_quantity", -3),
     (ProductVariantAddParams, "product.variant.add", "quantity", -1)],
)  # fmt: skip
def test_negative_quantities_and_prices_are_refused(model: Any, method: str, field: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(example(method, **{field: value}))
    assert error_locs(caught.value) == [(field,)]


def test_negative_order_line_quantity_is_refused_naming_the_line() -> None:
    payload = example("order.add")
    payload["order_item"] = [{**payload["order_item"][0], "order_item_quantity": -2}]
    with pytest.raises(ValidationError) as caught:
        OrderAddParams.model_validate(payload)
    assert error_locs(caught.value) == [("order_item", 0, "order_item_quantity")]


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        OrderAddParams.model_validate(example("order.add", currency="DOLLARS"))
    assert error_locs(caught.value) == [("currency",)]


def test_price_with_more_decimals_than_the_currency_allows_is_refused() -> None:
    payload = example("order.add", currency="JPY", subtotal_price="80", total_price="85")
    payload["order_item"] = [{**payload["order_item"][0], "order_item_price": "39.90"}]
    with pytest.raises(InvalidParameter) as caught:
        OrderAddParams.model_validate(payload)
    assert (caught.value.return_code, caught.value.field) == (109, "order_item.0.order_item_price")
    usd = OrderAddParams.model_validate(example("order.add"))
    assert usd.total_price == Decimal("84.80")


def test_amounts_are_held_to_the_store_currency_once_it_is_known() -> None:
    params = ProductAddParams.model_validate(example("product.add", price="10.5"))
    check_prices(params, "USD")
    with pytest.raises(InvalidParameter) as caught:
        check_prices(params, "JPY")
    assert (caught.value.return_code, caught.value.field) == (109, "price")
    with pytest.raises(InvalidParameter) as unknown:
        check_prices(params, "ZZZ")
    assert unknown.value.field == "currency"


def test_no_write_amount_carries_more_than_four_decimals() -> None:
    with pytest.raises(ValidationError) as caught:
        ProductAddParams.model_validate(example("product.add", price="1.00001"))
    assert error_locs(caught.value) == [("price",)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"total_price": "84.81"}, "total_price"),
     ({"subtotal_price": "79.00", "total_price": "84.00"}, "subtotal_price")],
)  # fmt: skip
def test_order_add_totals_must_obey_the_rules(changes: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        OrderAddParams.model_validate(example("order.add", **changes))
    assert caught.value.field == field


def test_refund_needs_items_or_an_amount() -> None:
    with pytest.raises(MissingParameter) as caught:
        OrderRefundAddParams.model_validate({"order_id": "1"})
    assert (caught.value.return_code, caught.value.field) == (114, "items")


@pytest.mark.parametrize("missing", ["order_id", "return_status_id", "return_action_id", "return_reason_id",
                                     "order_products"])  # fmt: skip
def test_order_return_add_requires_what_api2cart_requires(missing: str) -> None:
    payload = example("order.return.add")
    del payload[missing]
    with pytest.raises(ValidationError) as caught:
        OrderReturnAddParams.model_validate(payload)
    assert error_locs(caught.value) == [(missing,)]


@pytest.mark.parametrize(("field", "value"), [("order_product_quantity", 0), ("order_product_quantity", -1),
                                              ("order_product_reason_id", "")])  # fmt: skip
def test_order_return_lines_need_a_positive_quantity_and_a_reason(field: str, value: object) -> None:
    payload = example("order.return.add")
    payload["order_products"] = [{**payload["order_products"][0], field: value}]
    with pytest.raises(ValidationError) as caught:
        OrderReturnAddParams.model_validate(payload)
    assert error_locs(caught.value) == [("order_products", 0, field)]


def test_ids_are_trimmed_non_empty_strings() -> None:
    assert ProductUpdateParams.model_validate({"id": " 42 "}).id == "42"
    for bad in ("", "   ", 42):
        with pytest.raises(ValidationError) as caught:
            ProductUpdateParams.model_validate({"id": bad})
        assert error_locs(caught.value) == [("id",)]
