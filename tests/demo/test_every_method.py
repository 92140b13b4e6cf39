"""Every catalogue method answers on the Demo store through the HTTP API (not the Python function)."""

from __future__ import annotations

import pytest

from connectors.catalogue import CATALOGUE
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


@pytest.mark.parametrize("method", WRITES, ids=[m.name for m in WRITES])
async def test_write_method_answers_its_example(demo: DemoClient, method: object) -> None:
    body = await demo.call(method.name, **dict(method.example))  # type: ignore[attr-defined]
    assert body["return_code"] == 0, body
    method.result.model_validate(body["result"])  # type: ignore[attr-defined]
