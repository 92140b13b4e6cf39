"""One method call as a gateway handler sees it: who calls, for which store, with what services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gateway.storage.repo import Principal, StoreRecord

if TYPE_CHECKING:
    from gateway.services import Services

__all__ = ["Call"]


@dataclass(slots=True)
class Call:
    principal: Principal
    services: Services
    request_id: str
    store: StoreRecord | None = None
    store_key: str | None = None
