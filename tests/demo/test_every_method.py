"""Every catalogue method answers on the Demo store through the HTTP API (not the Python function)."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.catalogue import CATALOGUE, catalogue_by_name
from tests.demo.conftest import DemoClient

READS = [m for m in CATALOGUE if not m.write]
WRITES = [m for m in CATALOGUE if m.write]


@pytest.mark.parametrize("method", READS, ids=[m.name for m in READS])
async def test_read_method_answers_its_example(demo: DemoClient, method: object) -> None:
    body = await demo.call(method.name, **dict(method.example))  # type: ignore[attr-defined]
    assert body["return_code"] == 0, body
    assert isinstance(body["result"], dict)
    # the result validates against the catalogue's result model (the shape API2Cart answers)
    result = dict(body["result"])
    if method.name == "cart.info":  # type: ignore[attr-defined]
        assert result.pop("cart_id") == "Demo"  # the gateway names the platform
    method.result.model_validate(result)  # type: ignore[attr-defined]


async def _params(demo: DemoClient, name: str, example: dict[str, Any]) -> dict[str, Any]:
    """The catalogue example, pointed at seeded records it can succeed on where the example's ids cannot."""
    if name == "order.shipment.add":  # order 1 of the seeded shop is fully shipped: ship a new order
        added = await demo.call("order.add", **dict(catalogue_by_name()["order.add"].example))
        order = (await demo.call("order.info", order_id=added["result"]["order_id"]))["result"]
        line = order["order_products"][0]["order_product_id"]
        return {**example, "order_id": order["id"], "items": [{"order_product_id": line, "quantity": 1}]}
    if name in ("order.return.update", "order.return.delete"):
        returned = (await demo.call("return.info", id="1"))["result"]
        line = returned["order_products"][0]
        changed = {**example, "order_id": returned["order_id"]}
        if name == "order.return.update":
            changed["order_products"] = [
                {
                    "order_product_id": line["order_product_id"],
                    "order_product_quantity": 1,
                    "order_product_action_id": "2",
                }
            ]
        return changed
    return example


@pytest.mark.parametrize("method", WRITES, ids=[m.name for m in WRITES])
async def test_write_method_answers_its_example(demo: DemoClient, method: object) -> None:
    params = await _params(demo, method.name, dict(method.example))  # type: ignore[attr-defined]
    body = await demo.call(method.name, **params)  # type: ignore[attr-defined]
    assert body["return_code"] == 0, body
    method.result.model_validate(body["result"])  # type: ignore[attr-defined]
