"""The gateway's bridge methods: ``cart.bridge`` (reserve a store and its keys), ``bridge.download``.

``cart.bridge`` answers ``{store_key, bridge}`` as API2Cart does: a new store_key whose store is
reserved with a fresh RSA key pair (the private key kept in the store's credentials, encrypted at
rest), and where to download that store's bridge. ``account.cart.add`` with that store_key then
activates the store (and the bridge platform's ``on_connect`` hook verifies or uploads the bridge).
"""

from __future__ import annotations

import base64
from typing import Any

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.bridge.keys import PRIVATE_KEY_FIELD, STORE_KEY_FIELD, new_private_key_pem, public_pem, store_secrets
from gateway.bridge.package import bridge_zip, render_config
from gateway.errors import MissingParameter, StoreNotFound
from gateway.methods.call import Call
from gateway.methods.table import MethodSpec, Params, WriteParams
from gateway.secrets import KeyRing
from gateway.storage.repo import add_store, get_store, new_store_key, store_credentials

__all__ = ["BRIDGE_METHODS", "bridge_download_zip"]

DOWNLOAD_PATH = "/v1.1/bridge.download.file"  # also bridge.download.json: the zip base64 in the envelope
RESERVED_CART_ID = "bridge"  # replaced by the platform's cart_id when account.cart.add activates the store


class CartBridgeParams(WriteParams):
    pass


class BridgeDownloadParams(Params):
    store_root: str | None = Field(
        default=None,
        max_length=1024,
        description="Absolute path of the shop on its server, if not the bridge's parent.",
    )
    db_tables_prefix: str | None = Field(
        default=None, max_length=64, description="Table prefix, when the shop's configuration does not say."
    )


async def cart_bridge(call: Call, params: CartBridgeParams) -> dict[str, Any]:
    store_key = new_store_key()
    credentials = {PRIVATE_KEY_FIELD: new_private_key_pem(), STORE_KEY_FIELD: store_key}
    async with call.services.sessionmaker() as session, session.begin():
        await add_store(
            session,
            call.services.ring,
            account_id=call.principal.account_id,
            cart_id=RESERVED_CART_ID,
            store_url="",
            credentials=credentials,
            store_key=store_key,
            state="reserved",
        )
    return {"store_key": store_key, "bridge": f"{call.services.settings.base_url}{DOWNLOAD_PATH}?store_key={store_key}"}


async def bridge_download_zip(
    session: AsyncSession,
    ring: KeyRing,
    account_id: int,
    store_key: str,
    *,
    store_root: str | None = None,
    db_tables_prefix: str | None = None,
) -> bytes:
    """``bridge.zip`` for one of the account's stores (reserved or active).

    Raises ``StoreNotFound`` (no such store for this account) or ``BridgeError`` (not a bridge store).
    """
    store = await get_store(session, account_id, store_key)
    if store is None:
        raise StoreNotFound("No store with this store_key for this API key", field="store_key")
    secrets = store_secrets(store_key, store_credentials(ring, store))
    prefix = db_tables_prefix if db_tables_prefix is not None else (store.settings or {}).get("db_tables_prefix")
    config = render_config(
        store_key, public_pem(secrets.private_key), store_root=store_root or "", db_tables_prefix=prefix
    )
    return bridge_zip(config)


async def bridge_download(call: Call, params: BridgeDownloadParams) -> dict[str, Any]:
    if not call.store_key:
        raise MissingParameter("Parameter 'store_key' is required", field="store_key")
    async with call.services.sessionmaker() as session:
        data = await bridge_download_zip(
            session,
            call.services.ring,
            call.principal.account_id,
            call.store_key,
            store_root=params.store_root,
            db_tables_prefix=params.db_tables_prefix,
        )
    return {
        "file_name": "bridge.zip",
        "content_type": "application/zip",
        "content_base64": base64.b64encode(data).decode("ascii"),
    }


BRIDGE_METHODS = (
    MethodSpec(
        "cart.bridge",
        CartBridgeParams,
        write=True,
        needs_store=False,
        summary="Reserve a store for a self-hosted cart: a new store_key and key pair, and where to download "
        "its bridge.",
        handler=cart_bridge,
        tag="cart",
    ),
    MethodSpec(
        "bridge.download",
        BridgeDownloadParams,
        write=False,
        needs_store=False,
        summary="The store's bridge2cart folder as bridge.zip (base64), with the store's config.php filled in.",
        handler=bridge_download,
        tag="bridge",
    ),
)
