"""Logs: JSON lines with the request id; never a key, a credential or a stack trace to the client."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from connectors.spec import ConnectorContext, ConnectorSpec
from gateway.logs import configure_logging
from gateway.methods.table import MethodSpec, Params
from gateway.settings import Settings
from tests.gateway.conftest import start_gateway


class BoomParams(Params):
    pass


async def explode(ctx: ConnectorContext, params: BaseModel) -> Any:
    raise RuntimeError(f"driver failed with password={ctx.store.credentials['password']}")


@pytest.fixture
def json_logs() -> Iterator[None]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging("INFO", json_lines=True)
    yield
    root.handlers[:], root.level = saved


async def test_unexpected_error_is_code_9_and_logged_without_secrets(
    settings: Settings, json_logs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", json_lines=True)  # bind to the captured stderr
    boom = MethodSpec("test.boom", BoomParams, write=False, needs_store=True, summary="explodes")
    spec = ConnectorSpec("Boom", "Boom", "rest", handlers={"test.boom": explode})
    gw = await start_gateway(settings, (boom,), {"Boom": spec})
    try:
        key = await gw.account()
        store_key = await gw.store(key, cart_id="Boom", credentials={"password": "hunter2-secret"})
        response = await gw.client.get(
            "/v1.1/test.boom.json", headers={"x-api-key": key, "x-store-key": store_key, "X-Request-Id": "req-42"}
        )
        body = await response.json()
        assert body["return_code"] == 9
        assert "hunter2" not in body["return_message"] and "Traceback" not in body["return_message"]
        refused = await gw.client.get("/v1.1/cart.info.json", headers={"x-api-key": key + "x"})
        assert (await refused.json())["return_code"] == 2
    finally:
        await gw.client.close()
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert any(line["request_id"] == "req-42" and line["level"] == "error" for line in lines), err
    assert "hunter2" not in err
    assert key not in err and key.split("_")[2] not in err and store_key not in err
    assert all("msg" in line and "ts" in line for line in lines)
