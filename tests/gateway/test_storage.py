"""Storage on SQLite and PostgreSQL: hashed keys, revocation, encrypted credentials, isolation."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.secrets import KeyRing, SecretError
from gateway.storage.db import make_sessionmaker, upgrade
from gateway.storage.models import ApiKey, Store
from gateway.storage.repo import (
    add_store,
    create_account,
    get_store,
    parse_api_key,
    reencrypt_stores,
    revoke_api_key,
    rotate_api_key,
    store_credentials,
    verify_api_key,
)

CREDENTIAL = "sk_live_VERY-SECRET-credential-4242"


async def test_api_key_is_stored_only_as_a_hash(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():
        account, raw = await create_account(session, "acme")
    parsed = parse_api_key(raw)
    assert parsed is not None
    key_id, secret = parsed
    async with sessions() as session:
        row = (await session.execute(select(ApiKey).where(ApiKey.key_id == key_id))).scalar_one()
        dump = str((await session.execute(text("SELECT * FROM api_keys"))).all())
    assert secret not in dump and raw not in dump
    assert row.secret_hash != secret and len(row.secret_hash) == 64
    async with sessions() as session:
        principal, revoked = await verify_api_key(session, raw)
        assert principal is not None and principal.account_id == account.id and not revoked
        wrong, _ = await verify_api_key(session, raw[:-1] + ("A" if raw[-1] != "A" else "B"))
        assert wrong is None
        assert (await verify_api_key(session, "not-a-key")) == (None, False)


async def test_revoked_and_rotated_keys(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():
        _, raw = await create_account(session, "acme", read_only=True)
    key_id = raw.split("_")[1]
    async with sessions() as session, session.begin():
        new_raw = await rotate_api_key(session, key_id)
    async with sessions() as session:
        assert await verify_api_key(session, raw) == (None, True)
        principal, _ = await verify_api_key(session, new_raw)
        assert principal is not None and principal.read_only
    async with sessions() as session, session.begin():
        await revoke_api_key(session, new_raw.split("_")[1])
    async with sessions() as session:
        assert await verify_api_key(session, new_raw) == (None, True)


async def test_credentials_encrypted_at_rest_and_master_key_rotates(engine: AsyncEngine, tmp_path: Path) -> None:
    ring = KeyRing.generate()
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():
        account, _ = await create_account(session, "acme")
        _store, store_key = await add_store(
            session,
            ring,
            account_id=account.id,
            cart_id="OneCart",
            store_url="https://s.example.com",
            credentials={"onecart_api_key": CREDENTIAL},
        )
    async with sessions() as session:
        dump = str((await session.execute(text("SELECT * FROM stores"))).all())
    assert CREDENTIAL not in dump and store_key not in dump

    rotated = ring.rotated()
    async with sessions() as session, session.begin():
        assert await reencrypt_stores(session, rotated) == 1
    pruned = rotated.without_inactive()
    async with sessions() as session:
        row = await get_store(session, account.id, store_key)
        assert row is not None
        assert store_credentials(pruned, row) == {"onecart_api_key": CREDENTIAL}
        with pytest.raises(SecretError):
            store_credentials(ring, row)  # the old key alone no longer opens it


async def test_a_store_is_invisible_to_another_account(engine: AsyncEngine) -> None:
    ring = KeyRing.generate()
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():
        owner, _ = await create_account(session, "owner")
        other, _ = await create_account(session, "other")
        _, store_key = await add_store(
            session, ring, account_id=owner.id, cart_id="Demo", store_url="https://a.example.com", credentials={}
        )
    async with sessions() as session:
        assert await get_store(session, owner.id, store_key) is not None
        assert await get_store(session, other.id, store_key) is None


async def test_credentials_blob_copied_to_another_row_does_not_open(engine: AsyncEngine) -> None:
    ring = KeyRing.generate()
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():
        account, _ = await create_account(session, "acme")
        first, _ = await add_store(
            session,
            ring,
            account_id=account.id,
            cart_id="Demo",
            store_url="https://a.example.com",
            credentials={"k": CREDENTIAL},
        )
        second, _ = await add_store(
            session, ring, account_id=account.id, cart_id="Demo", store_url="https://b.example.com", credentials={}
        )
        second.credentials_enc = first.credentials_enc
    async with sessions() as session:
        row = (await session.execute(select(Store).where(Store.id == second.id))).scalar_one()
        with pytest.raises(SecretError):
            store_credentials(ring, row)


async def test_migrations_are_idempotent(engine: AsyncEngine) -> None:
    await upgrade(engine)  # a second run at start-up must be a no-op
    async with engine.connect() as conn:
        version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    from alembic.script import ScriptDirectory

    head = ScriptDirectory("gateway/storage/migrations").get_current_head()
    assert version == head
