"""The OpenCart REST API's unified methods (order.add, order.update) and its connect and validate hooks.

That is all the API can do for cartgate: it has no route that lists or reads products, customers, orders or
returns, so every other method answers NotSupported (120) through the gateway. Subscriptions exist in 4.x
(``api/subscription``) but no unified method maps to them. A shop that needs more uses the bridge connector
(``cart_id=Opencart14``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connectors.model import results as r
from connectors.opencart_rest.client import OpenCartApi, api_base, shared_for
from connectors.opencart_rest.dialects import DIALECTS, Dialect
from connectors.opencart_rest.order_plan import plan_order
from connectors.opencart_rest.orders import place_order, update_order
from connectors.spec import ConnectorContext, Handler
from gateway.errors import StoreApiError
from gateway.storage.models import Store

__all__ = ["HANDLERS", "api_for", "on_connect", "validate"]

SETTING = "opencart_dialect"


def _int(value: Any, default: int) -> int:
    text = str(value) if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() else default


async def _remember(ctx: ConnectorContext, dialect: Dialect) -> None:
    """Keeps a dialect detected after an upgrade with the store (at account.cart.add the hook's answer does)."""
    maker = ctx.services.get("sessionmaker")
    if ctx.store.store_id in ("", "0") or not isinstance(maker, async_sessionmaker):
        return
    session: AsyncSession
    async with maker() as session, session.begin():
        store = await session.get(Store, int(ctx.store.store_id))
        if store is not None:
            store.settings = {**(store.settings or {}), SETTING: dialect}


def api_for(ctx: ConnectorContext) -> OpenCartApi:
    """The store's API. Raises StoreApiError (100) when the store has no credentials saved."""
    credentials = ctx.store.credentials
    username, key = credentials.get("opencart_api_username"), credentials.get("opencart_api_key")
    if not username or not key:
        raise StoreApiError("This OpenCart store has no API user name or key; reconnect it with account.cart.add")
    saved = ctx.store.settings.get(SETTING)
    return OpenCartApi(
        shared_for(ctx.services),
        api_base(ctx.store.store_url),
        str(username),
        str(key),
        dialect=next((d for d in DIALECTS if d == saved), None),
        store_id=_int(credentials.get("opencart_store_id"), 0),
        language=str(credentials.get("opencart_language") or "en-gb"),
        currency=str(credentials.get("opencart_currency") or "USD"),
        remember=partial(_remember, ctx),
    )


async def on_connect(ctx: ConnectorContext, connection: Mapping[str, Any]) -> Mapping[str, Any]:
    """Detects the shop's dialect (which also checks the user, key and IP) and keeps it with the store.

    Raises StoreApiError (100) for a refused key or IP or a URL without OpenCart's API, StoreUnreachable (106).
    """
    return {SETTING: await api_for(ctx).detect()}


async def validate(ctx: ConnectorContext) -> Mapping[str, Any]:
    """``cart.validate``: the credentials still work; detects the dialect again (an upgraded shop is noticed)."""
    return {"status": "active", SETTING: await api_for(ctx).detect()}


async def order_add(ctx: ConnectorContext, params: Any) -> r.OrderAddResult:
    credentials = ctx.store.credentials
    plan = plan_order(
        params,
        store_id=_int(credentials.get("opencart_store_id"), 0),
        currency=str(credentials.get("opencart_currency") or "USD"),
        customer_group_id=_int(credentials.get("opencart_customer_group_id"), 1),
    )  # every refusal of the input happens here, before a request is sent
    return await place_order(api_for(ctx), plan)


async def order_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    return await update_order(api_for(ctx), params)


HANDLERS: Mapping[str, Handler] = {"order.add": order_add, "order.update": order_update}
