"""What a platform module declares: identity, credentials, methods it implements, limits.

A connector is data (this spec) plus small async functions (the handlers). The gateway reads
the spec to validate ``account.cart.add`` credentials, to answer ``cart.methods`` and
``account.supported_platforms``, and to dispatch a unified method to the handler; a method
with no handler answers ``NotSupported`` (return code 120), never a fake result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

__all__ = [
    "Capabilities",
    "ConnectHook",
    "ConnectorContext",
    "ConnectorSpec",
    "Handler",
    "RatePolicy",
    "StoreContext",
    "ValidateHook",
]


@dataclass(frozen=True, slots=True)
class StoreContext:
    """One connected store as a handler sees it (credentials already decrypted)."""

    store_id: str
    cart_id: str
    store_url: str
    credentials: Mapping[str, str]
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ConnectorContext:
    """Everything a handler may use for one call: the store and the gateway's shared services.

    ``services`` holds the long-lived objects the gateway opened at start-up (the shared
    aiohttp session, the database sessionmaker, the bridge client ...), keyed by name, so
    this module does not import the gateway.
    """

    store: StoreContext
    services: Mapping[str, Any] = field(default_factory=dict)
    # For list methods: the state the handler put in its previous Page.next_state, verified by the
    # gateway (a forged page_cursor never reaches a handler).
    cursor_state: Mapping[str, Any] | None = None


Handler = Callable[[ConnectorContext, BaseModel], Awaitable[Any]]

# Called by ``account.cart.add`` before a store is saved: checks (and may prepare) the store,
# e.g. verifies a bridge; receives the connection parameters (bridge_url, store_root, verify,
# ftp_* ...) and returns non-secret settings to keep with the store. Raises a CartgateError.
ConnectHook = Callable[[ConnectorContext, Mapping[str, Any]], Awaitable[Mapping[str, Any]]]

# Called by ``cart.validate``: reports the store's state ({"status": ..., ...}).
ValidateHook = Callable[[ConnectorContext], Awaitable[Mapping[str, Any]]]


@dataclass(frozen=True, slots=True)
class RatePolicy:
    """The platform's documented budget, e.g. OneCart 300 requests / 60 s per key."""

    requests: int
    per_seconds: float
    source: str = ""


@dataclass(frozen=True, slots=True)
class Capabilities:
    native_webhooks: bool = False
    change_feed: bool = False
    writes: bool = False


class NoCredentials(BaseModel):
    """Credential schema of a platform that needs none (the Demo platform)."""


@dataclass(frozen=True, slots=True)
class ConnectorSpec:
    """One platform: API2Cart's ``cart_id`` where one exists, credentials, handlers, limits."""

    cart_id: str
    display_name: str
    kind: Literal["builtin", "rest", "bridge"]
    credentials: type[BaseModel] = NoCredentials
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    capabilities: Capabilities = field(default_factory=Capabilities)
    rate_policy: RatePolicy | None = None
    on_connect: ConnectHook | None = None
    validate: ValidateHook | None = None

    @property
    def supported_methods(self) -> frozenset[str]:
        return frozenset(self.handlers)
