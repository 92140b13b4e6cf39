"""Invalid model input on Demo writes gets a coded error naming the field, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.catalogue import catalogue_by_name
from tests.demo.conftest import DemoClient

EXAMPLES = {name: dict(row.example) for name, row in catalogue_by_name().items()}


async def _state(demo: DemoClient) -> tuple[Any, ...]:
    counts = []
    for method in ("product.count", "order.count", "return.count", "customer.count"):
        counts.append((await demo.call(method))["result"])
    order = (await demo.call("order.info", order_id="2"))["result"]
    product = (await demo.call("product.info", id="2"))["result"]
    return (*[sorted(c.items()) for c in counts], order["modified_at"], product["quantity"], product["price"])


CASES = [
    ("product.add", {**EXAMPLES["product.add"], "quantity": -1}, "quantity"),
    ("product.add", {**EXAMPLES["product.add"], "price": "39.901"}, "price"),
    ("product.update", {"id": "2", "reduce_quantity": 1_000_000}, "reduce_quantity"),
    ("order.add", {**EXAMPLES["order.add"], "currency": "XYZ"}, "currency"),
    ("order.add", {**EXAMPLES["order.add"], "shipping_price": "5.001"}, "shipping_price"),
]


@pytest.mark.parametrize(("method", "params", "field"), CASES, ids=[f"{m}-{f}" for m, _, f in CASES])
async def test_bad_write_is_refused_by_field_and_writes_nothing(
    demo: DemoClient, method: str, params: dict[str, Any], field: str
) -> None:
    before = await _state(demo)
    body = await demo.call(method, **params)
    assert body["return_code"] in (109, 114), body
    assert f"'{field}'" in body["return_message"], body["return_message"]
    assert await _state(demo) == before


async def test_bad_returns_are_refused_and_write_nothing(demo: DemoClient) -> None:
    order = (await demo.call("order.info", order_id="2"))["result"]
    line = order["order_products"][0]
    base = {"order_id": "2", "return_status_id": "1", "return_action_id": "2", "return_reason_id": "4"}
    too_many = {"order_product_id": line["order_product_id"], "order_product_quantity": line["quantity"] + 1,
                "order_product_reason_id": "4", "order_product_action_id": "2"}  # fmt: skip
    unknown_reason = {**too_many, "order_product_quantity": 1, "order_product_reason_id": "999"}
    before = await _state(demo)
    for products, field in (([too_many], "order_product_quantity"), ([unknown_reason], "reason")):
        body = await demo.call("order.return.add", **base, order_products=products)
        assert body["return_code"] == 109, body
        assert field in body["return_message"], body["return_message"]
    body = await demo.call("order.return.add", **{**base, "return_reason_id": "999"}, order_products=[too_many])
    assert body["return_code"] == 109 and "reason" in body["return_message"], body
    assert await _state(demo) == before
