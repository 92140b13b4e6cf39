"""Account, API key and store records: the only code that reads or writes those tables."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.errors import NotFound
from gateway.secrets import KeyRing
from gateway.storage.models import Account, ApiKey, Store, utcnow

__all__ = [
    "Principal",
    "StoreRecord",
    "add_api_key",
    "add_store",
    "create_account",
    "get_store",
    "hash_secret",
    "list_api_keys",
    "list_stores",
    "new_store_key",
    "parse_api_key",
    "reencrypt_stores",
    "revoke_api_key",
    "rotate_api_key",
    "set_store_credentials",
    "store_credentials",
    "store_key_hash",
    "store_record",
    "verify_api_key",
]

_KEY_PREFIX = "cg"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the account behind a verified API key."""

    account_id: int
    key_id: str
    read_only: bool


def hash_secret(secret: str) -> str:
    # Keys are 256-bit random, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_api_key(raw: str) -> tuple[str, str] | None:
    """Split ``cg_<key_id>_<secret>``; None for anything else."""
    parts = raw.split("_")
    if len(parts) != 3 or parts[0] != _KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def _new_api_key() -> tuple[str, str, str]:
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32).replace("_", "").replace("-", "")
    return key_id, secret, f"{_KEY_PREFIX}_{key_id}_{secret}"


async def create_account(session: AsyncSession, name: str, *, read_only: bool = False) -> tuple[Account, str]:
    """A new account with one key; returns the key in clear (shown once, stored hashed)."""
    account = Account(name=name)
    session.add(account)
    await session.flush()
    raw = await add_api_key(session, account.id, read_only=read_only)
    return account, raw


async def add_api_key(session: AsyncSession, account_id: int, *, read_only: bool = False) -> str:
    if await session.get(Account, account_id) is None:
        raise NotFound(f"account {account_id} does not exist")
    key_id, secret, raw = _new_api_key()
    session.add(ApiKey(account_id=account_id, key_id=key_id, secret_hash=hash_secret(secret), read_only=read_only))
    await session.flush()
    return raw


async def verify_api_key(session: AsyncSession, raw: str) -> tuple[Principal | None, bool]:
    """(principal, revoked): principal is None for an unknown key; compared in constant time."""
    parsed = parse_api_key(raw)
    if parsed is None:
        return None, False
    key_id, secret = parsed
    row = (await session.execute(select(ApiKey).where(ApiKey.key_id == key_id))).scalar_one_or_none()
    expected = row.secret_hash if row is not None else hash_secret("no-such-key")
    matches = hmac.compare_digest(expected, hash_secret(secret))
    if row is None or not matches:
        return None, False
    if row.revoked_at is not None:
        return None, True
    return Principal(account_id=row.account_id, key_id=row.key_id, read_only=row.read_only), False


async def list_api_keys(session: AsyncSession, account_id: int | None = None) -> list[ApiKey]:
    query = select(ApiKey).order_by(ApiKey.id)
    if account_id is not None:
        query = query.where(ApiKey.account_id == account_id)
    return list((await session.execute(query)).scalars())


async def _key_row(session: AsyncSession, key_id: str) -> ApiKey:
    row = (await session.execute(select(ApiKey).where(ApiKey.key_id == key_id))).scalar_one_or_none()
    if row is None:
        raise NotFound(f"API key {key_id} does not exist")
    return row


async def revoke_api_key(session: AsyncSession, key_id: str) -> None:
    row = await _key_row(session, key_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()


async def rotate_api_key(session: AsyncSession, key_id: str) -> str:
    """Revoke ``key_id`` and issue a key of the same scope to the same account."""
    row = await _key_row(session, key_id)
    raw = await add_api_key(session, row.account_id, read_only=row.read_only)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return raw


def new_store_key() -> str:
    """32 hex characters, the shape API2Cart store keys have."""
    return secrets.token_hex(16)


def store_key_hash(raw: str) -> str:
    return hashlib.sha256(b"cartgate-store-key:" + raw.encode()).hexdigest()


def _aad(store: Store) -> bytes:
    return f"store:{store.store_key_hash}".encode()


async def add_store(
    session: AsyncSession,
    ring: KeyRing,
    *,
    account_id: int,
    cart_id: str,
    store_url: str,
    credentials: dict[str, Any],
    settings: dict[str, Any] | None = None,
    store_key: str | None = None,
    state: str = "active",
) -> tuple[Store, str]:
    """Create a store; credentials are encrypted with the active master key. Returns the store key."""
    raw_key = store_key or new_store_key()
    store = Store(
        account_id=account_id,
        store_key_hash=store_key_hash(raw_key),
        cart_id=cart_id,
        store_url=store_url,
        state=state,
        settings=settings or {},
    )
    store.credentials_enc = ring.encrypt(orjson.dumps(credentials), _aad(store))
    session.add(store)
    await session.flush()
    return store, raw_key


@dataclass(frozen=True, slots=True)
class StoreRecord:
    """A store as the request path uses it: plain values, credentials decrypted."""

    id: int
    account_id: int
    store_key_hash: str
    cart_id: str
    store_url: str
    state: str
    settings: dict[str, Any]
    credentials: dict[str, Any]


def store_record(ring: KeyRing, store: Store) -> StoreRecord:
    return StoreRecord(
        id=store.id,
        account_id=store.account_id,
        store_key_hash=store.store_key_hash,
        cart_id=store.cart_id,
        store_url=store.store_url,
        state=store.state,
        settings=dict(store.settings or {}),
        credentials=store_credentials(ring, store),
    )


def store_credentials(ring: KeyRing, store: Store) -> dict[str, Any]:
    if not store.credentials_enc:
        return {}
    value: dict[str, Any] = orjson.loads(ring.decrypt(store.credentials_enc, _aad(store)))
    return value


def set_store_credentials(ring: KeyRing, store: Store, credentials: dict[str, Any]) -> None:
    store.credentials_enc = ring.encrypt(orjson.dumps(credentials), _aad(store))


async def get_store(session: AsyncSession, account_id: int, raw_store_key: str) -> Store | None:
    """The account's store with this key; another account's store is invisible (None)."""
    row = (
        await session.execute(select(Store).where(Store.store_key_hash == store_key_hash(raw_store_key)))
    ).scalar_one_or_none()
    if row is None or row.account_id != account_id:
        return None
    return row


async def list_stores(session: AsyncSession, account_id: int, *, state: str | None = "active") -> list[Store]:
    query = select(Store).where(Store.account_id == account_id).order_by(Store.id)
    if state is not None:
        query = query.where(Store.state == state)
    return list((await session.execute(query)).scalars())


async def reencrypt_stores(session: AsyncSession, ring: KeyRing) -> int:
    """Re-encrypt every store's credentials under the ring's active key; returns how many changed."""
    changed = 0
    for store in (await session.execute(select(Store))).scalars():
        if store.credentials_enc and ring.key_id_of(store.credentials_enc) != ring.active:
            set_store_credentials(ring, store, store_credentials(ring, store))
            changed += 1
    return changed
