"""One method call as a gateway handler sees it: who calls, for which store, with what services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from connectors.spec import ConnectorContext, StoreContext
from gateway.storage.models import Store
from gateway.storage.repo import Principal, StoreRecord

if TYPE_CHECKING:
    from gateway.services import Services

__all__ = ["Call", "connector_context"]


@dataclass(slots=True)
class Call:
    principal: Principal
    services: Services
    request_id: str
    store: StoreRecord | None = None
    store_key: str | None = None


def connector_context(
    services: Services,
    store: Store | StoreRecord,
    credentials: Mapping[str, Any],
    cursor_state: Mapping[str, Any] | None = None,
) -> ConnectorContext:
    """What a connector handler or hook sees of one store and the gateway's shared services."""
    return ConnectorContext(
        store=StoreContext(
            store_id=str(store.id),
            cart_id=store.cart_id,
            store_url=store.store_url,
            credentials=credentials,
            settings=store.settings or {},
        ),
        services=services.connector_services,
        cursor_state=cursor_state,
    )
