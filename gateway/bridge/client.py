"""Send bridge envelopes over HTTP(S) with aiohttp: the thin I/O shell around ``protocol``.

One ``BridgeClient`` per store, sharing the application's ``aiohttp.ClientSession`` (connection
reuse). Only idempotent calls are retried (``info`` and ``SELECT`` queries, on connection failures,
each attempt with a fresh nonce); a ``batch`` is never sent twice.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import aiohttp
import orjson

from gateway.bridge.protocol import RULES, Mode, Rules, StoreSecrets, build_request, open_response
from gateway.bridge.refusals import error_from_bridge, refusal
from gateway.errors import BridgeNotInstalled, BridgeProtocolError, InvalidParameter, StoreUnreachable

__all__ = ["BatchResult", "BridgeClient", "QueryResult", "Statement"]

_READ_ONLY_SQL: Final = re.compile(r"\s*(SELECT|SHOW|DESCRIBE|EXPLAIN)\b", re.IGNORECASE)
_OFF_LOOP_BYTES: Final = 64 * 1024  # open larger responses in a thread so the event loop keeps serving
_RETRIES: Final = 2


@dataclass(frozen=True)
class QueryResult:
    """One page of a ``query``: column names, rows as lists, and whether more rows were there."""

    columns: list[str]
    rows: list[list[Any]]
    more: bool

    def dicts(self) -> list[dict[str, Any]]:
        """The rows as ``{column: value}`` dicts."""
        columns = self.columns
        return [dict(zip(columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Statement:
    """One statement of a ``batch``: SQL with ``?`` placeholders and its parameters."""

    sql: str
    params: Sequence[Any] = ()


@dataclass(frozen=True)
class BatchResult:
    """What one statement of a committed ``batch`` did."""

    insert_id: int
    affected_rows: int


class BridgeClient:
    """Calls one store's bridge: ``await bridge.info()``, ``.query(sql, params)``, ``.batch([...])``."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        store: StoreSecrets,
        *,
        mode: Mode = "aead",
        allow_plain: bool = False,
        timeout: float = 60.0,
        clock: Callable[[], float] = time.time,
        random_bytes: Callable[[int], bytes] = os.urandom,
        rules: Rules = RULES,
    ) -> None:
        if mode == "plain" and not allow_plain:
            raise InvalidParameter("Plain (unencrypted) bridge mode must be allowed explicitly", field="mode")
        self._session = session
        self._url = url
        self._store = store
        self._mode: Mode = mode
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=min(timeout, 10.0))
        self._clock = clock
        self._random = random_bytes
        self._rules = rules

    async def call(self, action: str, params: Mapping[str, Any], *, retry: bool = False) -> Any:
        """Send one action and return its result.

        Raises ``StoreUnreachable`` (no answer), ``BridgeNotInstalled`` (no bridge at the URL),
        ``BridgeAuthFailed`` / ``BridgeVersionTooOld`` / ``BridgeProtocolError`` (refused or
        unverifiable), ``BridgeQueryError`` / ``DuplicateRecord`` (the database said no).
        """
        attempts = 1 + (_RETRIES if retry else 0)
        for attempt in range(attempts):
            sent = build_request(
                self._store,
                action,
                params,
                now=int(self._clock()),
                nonce=self._random(16),
                iv=self._random(12),
                mode=self._mode,
            )
            try:
                async with self._session.post(
                    self._url,
                    data=sent.body,
                    timeout=self._timeout,
                    headers={"Content-Type": "application/json"},
                    allow_redirects=False,
                ) as response:
                    body = await self._read_limited(response)
                    content_type = response.content_type
                    http_status = response.status
            except (aiohttp.ClientConnectionError, TimeoutError) as error:
                if attempt + 1 < attempts:
                    await asyncio.sleep(0.2 * (attempt + 1))
                    continue
                raise StoreUnreachable("Bridge did not answer", field="bridge_url") from error
            break
        if content_type == "application/octet-stream" and http_status == 200:
            if len(body) > _OFF_LOOP_BYTES:
                status, result = await asyncio.to_thread(open_response, body, sent, self._store, rules=self._rules)
            else:
                status, result = open_response(body, sent, self._store, rules=self._rules)
            if status != 0:
                raise error_from_bridge(result)
            return result
        if content_type == "application/json":
            try:
                detail = orjson.loads(body).get("error")
            except (orjson.JSONDecodeError, AttributeError):
                detail = None
            if isinstance(detail, dict) and isinstance(detail.get("code"), str):
                raise refusal(detail["code"], detail.get("field") if isinstance(detail.get("field"), str) else None)
        if http_status in (200, 301, 302, 303, 307, 308, 403, 404, 410):
            raise BridgeNotInstalled("No cartgate bridge answers at bridge_url", field="bridge_url")
        if http_status >= 500:
            raise StoreUnreachable(f"Bridge answered HTTP {http_status}", field="bridge_url")
        raise BridgeProtocolError(f"Bridge answered HTTP {http_status}", field="bridge_url")

    async def _read_limited(self, response: aiohttp.ClientResponse) -> bytes:
        """The whole body, refusing one past ``max_response_bytes`` before holding it all."""
        limit = self._rules.max_response_bytes
        if response.content_length is not None and response.content_length > limit:
            raise BridgeProtocolError("Bridge response is too large", field="response")
        chunks, size = [], 0
        async for chunk in response.content.iter_chunked(1 << 20):
            size += len(chunk)
            if size > limit:
                raise BridgeProtocolError("Bridge response is too large", field="response")
            chunks.append(chunk)
        return b"".join(chunks)

    async def info(self) -> dict[str, Any]:
        """Bridge version, protocol window, cart type and version, database server (no credentials)."""
        result = await self.call("info", {}, retry=True)
        if not isinstance(result, dict):
            raise BridgeProtocolError("Bridge info is not an object", field="info")
        return result

    async def query(self, sql: str, params: Sequence[Any] = (), *, limit: int = 1000) -> QueryResult:
        """Run one parameterised statement and return up to ``limit`` rows (1-10,000).

        ``{table_prefix}`` in ``sql`` becomes the shop's table prefix. Read-only statements are
        retried on connection failures; others are not.
        """
        if not 1 <= limit <= 10_000:
            raise InvalidParameter("limit must be 1-10000", field="limit")
        result = await self.call(
            "query", {"sql": sql, "params": list(params), "limit": limit}, retry=bool(_READ_ONLY_SQL.match(sql))
        )
        try:
            return QueryResult(list(result["columns"]), result["rows"], bool(result["more"]))
        except (KeyError, TypeError):
            raise BridgeProtocolError("Bridge query result is malformed", field="result") from None

    async def query_dicts(
        self, sql: str, params: Sequence[Any] = (), *, limit: int = 1000
    ) -> tuple[list[dict[str, Any]], bool]:
        """Like :meth:`query`, but the bridge sends rows as objects: ``(rows as dicts, more)``.

        The cheapest way to get dicts: the JSON parser builds them, no per-row Python work.
        """
        if not 1 <= limit <= 10_000:
            raise InvalidParameter("limit must be 1-10000", field="limit")
        result = await self.call(
            "query",
            {"sql": sql, "params": list(params), "limit": limit, "shape": "objects"},
            retry=bool(_READ_ONLY_SQL.match(sql)),
        )
        try:
            rows, more = result["rows"], bool(result["more"])
        except (KeyError, TypeError):
            raise BridgeProtocolError("Bridge query result is malformed", field="result") from None
        if not isinstance(rows, list):
            raise BridgeProtocolError("Bridge query result is malformed", field="result")
        return rows, more

    async def batch(self, statements: Sequence[Statement | tuple[str, Sequence[Any]]]) -> list[BatchResult]:
        """Run statements in one transaction (all or nothing); never retried."""
        items = [s if isinstance(s, Statement) else Statement(*s) for s in statements]
        if not 1 <= len(items) <= 1000:
            raise InvalidParameter("A batch holds 1-1000 statements", field="statements")
        result = await self.call("batch", {"statements": [{"sql": s.sql, "params": list(s.params)} for s in items]})
        try:
            return [BatchResult(int(r["insert_id"]), int(r["affected_rows"])) for r in result["results"]]
        except (KeyError, TypeError, ValueError):
            raise BridgeProtocolError("Bridge batch result is malformed", field="result") from None

    async def pages(
        self, sql: str, params: Sequence[Any], *, key: str, start_after: Any, page_size: int = 1000
    ) -> AsyncIterator[list[dict[str, Any]]]:
        """Keyset paging: ``sql`` ends with ``... {key} > ? ORDER BY {key} LIMIT ?``; yields pages of dicts."""
        after = start_after
        while True:
            rows, _ = await self.query_dicts(sql, [*params, after, page_size], limit=page_size)
            if rows:
                yield rows
            if len(rows) < page_size:
                return
            after = rows[-1][key]
