"""Property-based fuzzing: nothing a client sends produces a server error or a stack trace.

The gateway runs on a real socket in a background thread; hypothesis sends random methods,
parameters, bodies, headers and HTTP verbs, and every answer must be HTTP 200 with a well-formed
envelope whose return_code is not 9 (internal error).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.app import build_app
from gateway.keys import SERVICES
from gateway.methods.catalogue import build_method_table
from gateway.secrets import KeyRing
from gateway.settings import Settings
from gateway.storage.repo import add_store, create_account

METHOD_NAMES = build_method_table().names()


class LiveGateway:
    def __init__(self, tmp: Path) -> None:
        self.settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp}/fuzz.db",
            secret_key=KeyRing.generate().active,
            rate_limit_requests=1_000_000,
            max_body_bytes=64 * 1024,
        )
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = 0
        self.api_key = ""
        self.store_key = ""
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._start())
        self.ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.runner.cleanup())
        self.loop.close()

    async def _start(self) -> None:
        app = build_app(self.settings, table=build_method_table())
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        services = app[SERVICES]
        async with services.sessionmaker() as session, session.begin():
            account, self.api_key = await create_account(session, "fuzz")
            _, self.store_key = await add_store(
                session,
                services.ring,
                account_id=account.id,
                cart_id="Demo",
                store_url="https://fuzz.example.com",
                credentials={},
            )

    def request(self, verb: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(verb, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveGateway]:
    gateway = LiveGateway(tmp_path_factory.mktemp("fuzz"))
    gateway.thread.start()
    assert gateway.ready.wait(30), "gateway did not start"
    yield gateway
    gateway.loop.call_soon_threadsafe(gateway.loop.stop)
    gateway.thread.join(30)


scalars = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["-1", "251", "0", "1e9", "2024-13-45", "force_all", "{a{b}", "💥", "\x00"]),
)
param_names = st.one_of(
    st.sampled_from(
        [
            "start",
            "count",
            "page_cursor",
            "params",
            "exclude",
            "response_fields",
            "modified_from",
            "created_to",
            "idempotency_key",
            "cart_id",
            "store_url",
            "store_key",
            "api_key",
            "verify",
            "ftp_port",
            "delete_bridge",
        ]
    ),
    st.text(min_size=1, max_size=12),
)
params_strategy = st.dictionaries(param_names, scalars, max_size=6)


def _envelope_ok(status: int, raw: bytes) -> dict[str, Any]:
    assert status == 200, raw[:200]
    body = json.loads(raw)
    assert isinstance(body, dict) and "return_code" in body
    if body["return_code"] != 0:  # errors are never shaped by response_fields
        assert {"return_message", "result"} <= set(body)
    assert body["return_code"] != 9, body
    assert "Traceback" not in body.get("return_message", "")
    return body


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.one_of(st.sampled_from(METHOD_NAMES), st.text(max_size=20)),
    params=params_strategy,
    verb=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    body_kind=st.sampled_from(["none", "json", "form", "garbage"]),
    with_keys=st.booleans(),
)
def test_random_requests_never_cause_a_server_error(
    live: LiveGateway, method: str, params: dict[str, Any], verb: str, body_kind: str, with_keys: bool
) -> None:
    headers = {"x-api-key": live.api_key, "x-store-key": live.store_key} if with_keys else {}
    path = "/v1.1/" + urllib.parse.quote(method, safe="") + ".json"
    body: bytes | None = None
    if body_kind == "json":
        body = json.dumps(params).encode()
        headers["Content-Type"] = "application/json"
    elif body_kind == "form":
        body = urllib.parse.urlencode({k: "" if v is None else str(v) for k, v in params.items()}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body_kind == "garbage":
        body = bytes(range(256)) * 3
        headers["Content-Type"] = "application/json"
    else:
        query = urllib.parse.urlencode({k: "" if v is None else str(v) for k, v in params.items()})
        path += "?" + query
    status, raw = live.request(verb, path, body, headers)
    _envelope_ok(status, raw)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=params_strategy, method=st.sampled_from(METHOD_NAMES))
def test_every_method_in_openapi_answers_random_parameters_with_a_code(
    live: LiveGateway, params: dict[str, Any], method: str
) -> None:
    headers = {"x-api-key": live.api_key, "x-store-key": live.store_key, "Content-Type": "application/json"}
    status, raw = live.request("POST", f"/v1.1/{method}.json", json.dumps(params).encode(), headers)
    _envelope_ok(status, raw)
