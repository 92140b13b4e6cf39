"""Connecting a bridge store: verify the bridge, upload it over FTP, report its state.

Library functions for the gateway's methods and for bridge connectors' ``ConnectorSpec`` hooks
(``on_connect`` for ``account.cart.add``, ``validate`` for ``cart.validate``). Each way a bridge can
fail to connect maps to one coded error (see ``verify_bridge``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Final

import aiohttp

from connectors.spec import ConnectHook, ConnectorContext, ValidateHook
from gateway.bridge.client import BridgeClient
from gateway.bridge.ftp import FtpTarget, upload_bridge
from gateway.bridge.keys import STORE_KEY_FIELD, public_pem, store_secrets
from gateway.bridge.package import bridge_files, render_config
from gateway.bridge.protocol import StoreSecrets
from gateway.errors import BridgeVersionTooOld, BridgeWrongCart, CartgateError, MissingParameter, StoreUnreachable

__all__ = ["MIN_BRIDGE_VERSION", "bridge_hooks", "default_bridge_url", "verify_bridge"]

MIN_BRIDGE_VERSION: Final = 1


def default_bridge_url(store_url: str) -> str:
    """Where the bridge is when it was uploaded to the shop's root: ``{store_url}/bridge2cart/bridge.php``."""
    return store_url.rstrip("/") + "/bridge2cart/bridge.php"


async def verify_bridge(
    http: aiohttp.ClientSession,
    bridge_url: str,
    store: StoreSecrets,
    *,
    cart_types: Collection[str] | None = None,
    min_version: int = MIN_BRIDGE_VERSION,
    timeout_seconds: float = 20.0,
) -> dict[str, Any]:
    """Ask the bridge for ``info`` and check it; returns the info.

    Raises ``StoreUnreachable`` (no answer), ``BridgeNotInstalled`` (no bridge at the URL),
    ``BridgeAuthFailed`` (wrong store key or key pair), ``BridgeVersionTooOld``, ``BridgeWrongCart``
    (the shop is not one of ``cart_types``), ``BridgeError`` (the bridge cannot read the shop's
    database or configuration).
    """
    info = await BridgeClient(http, bridge_url, store, timeout=timeout_seconds).info()
    version = info.get("bridge_version")
    if not isinstance(version, int) or version < min_version:
        raise BridgeVersionTooOld(
            f"Bridge version {version} is older than {min_version}; download it again", field="bridge_url"
        )
    cart: dict[str, Any] = info["cart"] if isinstance(info.get("cart"), dict) else {}
    if cart_types is not None and str(cart.get("type")) not in cart_types:
        raise BridgeWrongCart(
            f"The bridge found a {cart.get('type') or 'unknown'} shop, not {' or '.join(sorted(cart_types))}",
            field="cart_id",
        )
    return info


def _settings_from_info(bridge_url: str, info: Mapping[str, Any]) -> dict[str, Any]:
    cart = info.get("cart") or {}
    protocol = info.get("protocol") or [None, None]
    return {
        "bridge_url": bridge_url,
        "bridge_version": info.get("bridge_version"),
        "protocol_version": protocol[-1],
        "cart_type": cart.get("type"),
        "cart_version": cart.get("version"),
    }


def _http(ctx: ConnectorContext) -> aiohttp.ClientSession:
    http = ctx.services.get("http")
    if not isinstance(http, aiohttp.ClientSession):
        raise StoreUnreachable("The gateway has no HTTP client session", field="bridge_url")
    return http


def bridge_hooks(cart_types: Collection[str]) -> tuple[ConnectHook, ValidateHook]:
    """``(on_connect, validate)`` for a bridge platform whose shops are one of ``cart_types``.

    ``on_connect`` uploads the bridge when ``ftp_host`` is given (the FTP credentials are used once
    and dropped), then verifies it unless ``verify`` is false, and keeps ``bridge_url`` and what the
    bridge reported as store settings.
    """
    types = frozenset(cart_types)

    async def on_connect(ctx: ConnectorContext, connection: Mapping[str, Any]) -> Mapping[str, Any]:
        store_key = ctx.store.credentials.get(STORE_KEY_FIELD)
        if not isinstance(store_key, str):
            raise MissingParameter("Bridge carts need the store_key answered by cart.bridge", field="store_key")
        secrets = store_secrets(store_key, ctx.store.credentials)
        bridge_url = str(connection.get("bridge_url") or default_bridge_url(ctx.store.store_url))
        if connection.get("ftp_host"):
            config = render_config(
                store_key,
                public_pem(secrets.private_key),
                store_root=str(connection.get("store_root") or ""),
                db_tables_prefix=connection.get("db_tables_prefix") or ctx.store.settings.get("db_tables_prefix"),
            )
            target = FtpTarget(
                host=str(connection["ftp_host"]),
                user=str(connection.get("ftp_user") or "anonymous"),
                password=str(connection.get("ftp_password") or ""),
                port=int(connection.get("ftp_port") or 21),
                store_dir=str(connection.get("ftp_store_dir") or "/"),
            )
            await upload_bridge(target, bridge_files(config))
        if connection.get("verify", True) is False:
            return {"bridge_url": bridge_url}
        info = await verify_bridge(_http(ctx), bridge_url, secrets, cart_types=types)
        return _settings_from_info(bridge_url, info)

    async def validate(ctx: ConnectorContext) -> Mapping[str, Any]:
        bridge_url = str(ctx.store.settings.get("bridge_url") or default_bridge_url(ctx.store.store_url))
        try:
            secrets = store_secrets(str(ctx.store.credentials.get(STORE_KEY_FIELD, "")), ctx.store.credentials)
            info = await verify_bridge(_http(ctx), bridge_url, secrets, cart_types=types)
        except CartgateError as error:
            return {
                "status": "invalid",
                "reachable": not isinstance(error, StoreUnreachable),
                "error": {"code": error.return_code, "message": error.message},
            }
        return {"status": "valid", "reachable": True, **_settings_from_info(bridge_url, info)}

    return on_connect, validate
