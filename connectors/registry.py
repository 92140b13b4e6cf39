"""The explicit list of connectors cartgate ships; no scanning, no import-time registration."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from connectors.cartrover import CARTROVER
from connectors.demo.platform import DEMO
from connectors.onecart import ONECART
from connectors.opencart_bridge.spec import OPENCART
from connectors.opencart_rest import OPENCART_API
from connectors.spec import ConnectorSpec

__all__ = ["CONNECTORS", "get_connector"]

# The Demo platform: every catalogue method over the gateway's own database (connectors/demo/).
_DEMO = DEMO

CONNECTORS: Mapping[str, ConnectorSpec] = MappingProxyType(
    {spec.cart_id: spec for spec in (_DEMO, OPENCART, ONECART, CARTROVER, OPENCART_API)}
)


def get_connector(cart_id: str) -> ConnectorSpec | None:
    """The spec for ``cart_id`` (API2Cart spelling, case-sensitive), or None."""
    return CONNECTORS.get(cart_id)
