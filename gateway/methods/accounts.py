"""The gateway's own methods: connecting, listing, checking and removing stores."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from connectors.spec import ConnectorSpec
from gateway.errors import InvalidParameter, NotSupported, StoreAlreadyExists, StoreNotFound
from gateway.methods.call import Call, connector_context
from gateway.methods.table import MethodSpec, Params, WriteParams
from gateway.methods.validation import validation_error
from gateway.storage.models import Store
from gateway.storage.repo import (
    StoreRecord,
    add_store,
    get_store,
    list_stores,
    set_store_credentials,
    store_credentials,
)

__all__ = ["ACCOUNT_METHODS"]

_STORE_KEY_FIELD = "_store_key"


class AccountCartAddParams(WriteParams):
    """Connection parameters; any other parameter is a platform credential (e.g. onecart_api_key),
    checked against the credential schema the platform's connector declares."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    cart_id: str = Field(min_length=1, max_length=64, description="Platform id, e.g. Demo, Opencart14, OneCart.")
    store_url: str = Field(min_length=1, max_length=2048, description="The shop's URL (http or https).")
    store_key: str | None = Field(default=None, description="A store key reserved by cart.bridge (bridge carts).")
    bridge_url: str | None = Field(default=None, description="URL of bridge.php if not store_url/bridge2cart.")
    store_root: str | None = Field(default=None, description="Absolute path of the shop on its server.")
    db_tables_prefix: str | None = Field(default=None, max_length=64, description="Table prefix, when not detected.")
    verify: bool = Field(default=True, description="Check the connection before saving the store.")
    validate_version: bool = Field(default=False, description="Refuse a bridge older than the gateway expects.")
    custom_label: str | None = Field(default=None, max_length=200)
    ftp_host: str | None = None
    ftp_user: str | None = None
    ftp_password: SecretStr | None = None
    ftp_port: int | None = Field(default=None, ge=1, le=65535)
    ftp_store_dir: str | None = None


class NoParams(Params):
    pass


class StoreListParams(Params):
    store_url: str | None = None


class CartDeleteParams(WriteParams):
    delete_bridge: bool = False


class CartValidateParams(Params):
    validate_version: bool = False


_CONNECTION_FIELDS = set(AccountCartAddParams.model_fields) - set(WriteParams.model_fields)


def _plain(model: BaseModel) -> dict[str, Any]:
    return {
        key: value.get_secret_value() if isinstance(value, SecretStr) else value
        for key, value in model.model_dump(mode="python").items()
        if value is not None
    }


def _connector(call: Call, cart_id: str) -> ConnectorSpec:
    spec = call.services.connectors.get(cart_id)
    if spec is None:
        raise InvalidParameter(
            f"cart_id '{cart_id}' is not supported; account.supported_platforms lists the platforms",
            field="cart_id",
        )
    return spec


def _check_url(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidParameter("store_url must start with http:// or https://", field="store_url")
    return url.rstrip("/")


async def account_cart_add(call: Call, params: AccountCartAddParams) -> dict[str, Any]:
    spec = _connector(call, params.cart_id)
    store_url = _check_url(params.store_url)
    try:
        credentials = _plain(spec.credentials.model_validate(params.model_extra or {}))
    except ValidationError as exc:
        raise validation_error(exc) from None
    connection = {k: v for k, v in _plain(params).items() if k in _CONNECTION_FIELDS}
    try:
        raw_key = await _save_store(call, spec, params, store_url, credentials, connection)
    except IntegrityError:  # a simultaneous call saved the same store first (uq_stores_active_url)
        raise StoreAlreadyExists(f"This account already has a {spec.cart_id} store at that URL") from None
    call.services.store_cache.clear()
    return {"store_key": raw_key}


async def _save_store(
    call: Call,
    spec: ConnectorSpec,
    params: AccountCartAddParams,
    store_url: str,
    credentials: dict[str, Any],
    connection: dict[str, Any],
) -> str:
    services = call.services
    async with services.sessionmaker() as session, session.begin():
        existing = await list_stores(session, call.principal.account_id)
        if any(s.cart_id == spec.cart_id and s.store_url == store_url and s.state == "active" for s in existing):
            raise StoreAlreadyExists(f"This account already has a {spec.cart_id} store at that URL")
        reserved: Store | None = None
        # The API layer takes store_key out of the parameters (as x-store-key); either way it reserves.
        reserved_key = params.store_key or call.store_key
        if reserved_key:
            reserved = await get_store(session, call.principal.account_id, reserved_key)
            if reserved is None or reserved.state != "reserved":
                raise StoreNotFound("store_key was not reserved by cart.bridge for this account", field="store_key")
            credentials = {**store_credentials(services.ring, reserved), **credentials}
        probe = reserved or Store(id=0, account_id=call.principal.account_id, cart_id=spec.cart_id, settings={})
        probe.cart_id, probe.store_url = spec.cart_id, store_url
        settings: dict[str, Any] = dict(probe.settings or {})
        if params.custom_label:
            settings["custom_label"] = params.custom_label
        if params.db_tables_prefix is not None:
            settings["db_tables_prefix"] = params.db_tables_prefix
        if spec.on_connect is not None:
            settings.update(await spec.on_connect(connector_context(call.services, probe, credentials), connection))
        for name in ("bridge_url", "store_root"):
            if name in connection:
                settings[name] = connection[name]
        if reserved is not None:
            assert reserved_key is not None
            reserved.state = "active"
            reserved.settings = settings
            set_store_credentials(services.ring, reserved, {**credentials, _STORE_KEY_FIELD: reserved_key})
            raw_key = reserved_key
        else:
            store, raw_key = await add_store(
                session,
                services.ring,
                account_id=call.principal.account_id,
                cart_id=spec.cart_id,
                store_url=store_url,
                credentials=credentials,
                settings=settings,
            )
            set_store_credentials(services.ring, store, {**credentials, _STORE_KEY_FIELD: raw_key})
    return raw_key


async def account_cart_list(call: Call, params: StoreListParams) -> dict[str, Any]:
    async with call.services.sessionmaker() as session:
        stores = await list_stores(session, call.principal.account_id)
    carts = [
        {
            "id": str(store.id),
            "url": store.store_url,
            "store_key": store_credentials(call.services.ring, store).get(_STORE_KEY_FIELD),
            "cart_id": store.cart_id,
            "custom_label": store.settings.get("custom_label"),
            "bridge_version": store.settings.get("bridge_version"),
            "created_at": store.created_at.isoformat(),
        }
        for store in stores
        if params.store_url is None or store.store_url == params.store_url.rstrip("/")
    ]
    return {"carts_count": len(carts), "carts": carts}


def _platform_entry(spec: ConnectorSpec) -> dict[str, Any]:
    fields = spec.credentials.model_fields
    return {
        "cart_id": spec.cart_id,
        "name": spec.display_name,
        "kind": spec.kind,
        "params": {
            "required": sorted(n for n, f in fields.items() if f.is_required()),
            "optional": sorted(n for n, f in fields.items() if not f.is_required()),
        },
        "capabilities": {
            "native_webhooks": spec.capabilities.native_webhooks,
            "change_feed": spec.capabilities.change_feed,
            "writes": spec.capabilities.writes,
        },
        "methods_count": len(spec.supported_methods),
    }


async def account_supported_platforms(call: Call, params: NoParams) -> dict[str, Any]:
    platforms = [_platform_entry(spec) for spec in call.services.connectors.values()]
    return {"supported_platforms_count": len(platforms), "supported_platforms": platforms}


async def cart_list(call: Call, params: NoParams) -> dict[str, Any]:
    carts = [{"cart_id": s.cart_id, "cart_name": s.display_name} for s in call.services.connectors.values()]
    return {"supported_carts_count": len(carts), "supported_carts": carts}


def _store(call: Call) -> StoreRecord:
    assert call.store is not None
    return call.store


async def cart_delete(call: Call, params: CartDeleteParams) -> dict[str, Any]:
    store = _store(call)
    async with call.services.sessionmaker() as session, session.begin():
        row = (await session.execute(select(Store).where(Store.id == store.id))).scalar_one_or_none()
        if row is None:
            raise StoreNotFound()
        await session.delete(row)
    call.services.store_cache.clear()
    return {"store": "deleted"}


async def cart_info(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    spec = call.services.connectors.get(store.cart_id)
    info: dict[str, Any] = {
        "name": store.settings.get("custom_label"),
        "url": store.store_url,
        "cart_id": store.cart_id,
        "version": store.settings.get("cart_version"),
        "bridge_version": store.settings.get("bridge_version"),
        "db_prefix": store.settings.get("db_tables_prefix"),
        "stores_info": [],
        "warehouses": [],
    }
    handler = spec.handlers.get("cart.info") if spec is not None else None
    if handler is not None:
        context = connector_context(call.services, store, store.credentials)
        remote = await handler(context, params)
        info.update(remote.model_dump(mode="json") if isinstance(remote, BaseModel) else dict(remote))
    return info


async def cart_validate(call: Call, params: CartValidateParams) -> dict[str, Any]:
    store = _store(call)
    spec = call.services.connectors.get(store.cart_id)
    if spec is None:
        raise NotSupported(f"Platform {store.cart_id} is no longer available in this gateway")
    if spec.validate is None:
        if spec.kind == "builtin":
            return {"status": "valid", "cart_id": store.cart_id}
        raise NotSupported(f"cart.validate is not supported by platform {store.cart_id}")
    context = connector_context(call.services, store, store.credentials)
    return dict(await spec.validate(context))


async def cart_methods(call: Call, params: NoParams) -> dict[str, Any]:
    store = _store(call)
    spec = call.services.connectors.get(store.cart_id)
    supported = spec.supported_methods if spec is not None else frozenset()
    names = [m.name for m in call.services.table if m.handler is not None or m.name in supported]
    return {"methods_count": len(names), "methods": sorted(names)}


ACCOUNT_METHODS = (
    MethodSpec(
        "account.cart.add",
        AccountCartAddParams,
        write=True,
        needs_store=False,
        summary="Connect a store; answers its store_key.",
        handler=account_cart_add,
        tag="account",
        example={"cart_id": "Demo", "store_url": "https://demo.example.com"},
    ),
    MethodSpec(
        "account.cart.list",
        StoreListParams,
        write=False,
        needs_store=False,
        summary="The account's stores.",
        handler=account_cart_list,
        items_field="carts",
        tag="account",
    ),
    MethodSpec(
        "account.supported_platforms",
        NoParams,
        write=False,
        needs_store=False,
        summary="Platforms this gateway connects, with their credential parameters.",
        handler=account_supported_platforms,
        items_field="supported_platforms",
        tag="account",
    ),
    MethodSpec(
        "cart.list",
        NoParams,
        write=False,
        needs_store=False,
        summary="Supported carts (platforms).",
        handler=cart_list,
        items_field="supported_carts",
        tag="cart",
    ),
    MethodSpec(
        "cart.delete",
        CartDeleteParams,
        write=True,
        needs_store=True,
        summary="Disconnect the store and forget its credentials.",
        handler=cart_delete,
        tag="cart",
    ),
    MethodSpec(
        "cart.info",
        NoParams,
        write=False,
        needs_store=True,
        summary="The store's details.",
        handler=cart_info,
        tag="cart",
    ),
    MethodSpec(
        "cart.validate",
        CartValidateParams,
        write=False,
        needs_store=True,
        summary="Check that the store's connection works.",
        handler=cart_validate,
        tag="cart",
    ),
    MethodSpec(
        "cart.methods",
        NoParams,
        write=False,
        needs_store=True,
        summary="Methods this store's platform supports.",
        handler=cart_methods,
        items_field="methods",
        tag="cart",
    ),
)
