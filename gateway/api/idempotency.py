"""``idempotency_key`` on writes: the first response is stored and replayed for 15 minutes.

The unique (account, key) row is claimed before the write runs, so two concurrent requests with
the same key (in one process or several) run the write once: the loser waits for the winner's
response and replays it. A key reused with different parameters is refused (121). If the write
fails before anything could have happened (bad input, auth, not supported) the claim is released
so the client can retry; any other outcome, errors included, is stored and replayed.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.errors import AuthError, IdempotencyKeyReused, NotSupported, RequestError, ServiceUnavailable
from gateway.storage.models import IdempotencyRecord

__all__ = ["request_fingerprint", "run_once"]

_RELEASE_ON = (RequestError, AuthError, NotSupported)


def request_fingerprint(method: str, store_hash: str, params: dict[str, Any]) -> str:
    blob = orjson.dumps([method, store_hash, params], option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(blob).hexdigest()


async def _claim(
    sessionmaker: async_sessionmaker[AsyncSession], account_id: int, key: str, fingerprint: str, ttl: float
) -> bool:
    now = datetime.now(UTC)
    async with sessionmaker() as session, session.begin():
        await session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.account_id == account_id,
                IdempotencyRecord.idem_key == key,
                IdempotencyRecord.expires_at <= now,
            )
        )
    try:
        async with sessionmaker() as session, session.begin():
            session.add(
                IdempotencyRecord(
                    account_id=account_id,
                    idem_key=key,
                    request_hash=fingerprint,
                    expires_at=now + timedelta(seconds=ttl),
                )
            )
        return True
    except IntegrityError:
        return False


async def _existing(
    sessionmaker: async_sessionmaker[AsyncSession], account_id: int, key: str
) -> IdempotencyRecord | None:
    async with sessionmaker() as session:
        query = select(IdempotencyRecord).where(
            IdempotencyRecord.account_id == account_id, IdempotencyRecord.idem_key == key
        )
        return (await session.execute(query)).scalar_one_or_none()


async def run_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    account_id: int,
    key: str,
    fingerprint: str,
    ttl: float,
    execute: Callable[[], Awaitable[bytes]],
    render_error: Callable[[Exception], bytes],
    wait_seconds: float = 30.0,
) -> bytes:
    """The response body for this write: run ``execute`` once per key, replay it after."""
    deadline = time.monotonic() + wait_seconds
    while True:
        if await _claim(sessionmaker, account_id, key, fingerprint, ttl):
            break
        record = await _existing(sessionmaker, account_id, key)
        if record is None:  # released or expired between our two reads: claim again
            continue
        if record.request_hash != fingerprint:
            raise IdempotencyKeyReused(field="idempotency_key")
        if record.response is not None:
            return record.response.encode()
        if time.monotonic() > deadline:
            raise ServiceUnavailable("A request with this idempotency_key is still running; retry later")
        await asyncio.sleep(0.05)  # polling the winner's row, bounded by the deadline above

    try:
        body = await execute()
    except _RELEASE_ON:
        async with sessionmaker() as session, session.begin():
            await session.execute(
                delete(IdempotencyRecord).where(
                    IdempotencyRecord.account_id == account_id, IdempotencyRecord.idem_key == key
                )
            )
        raise
    except Exception as exc:
        body = render_error(exc)
    async with sessionmaker() as session, session.begin():
        record = (
            await session.execute(
                select(IdempotencyRecord).where(
                    IdempotencyRecord.account_id == account_id, IdempotencyRecord.idem_key == key
                )
            )
        ).scalar_one()
        record.response = body.decode()
    return body
