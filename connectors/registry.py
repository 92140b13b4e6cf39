"""The explicit list of connectors cartgate ships; no scanning, no import-time registration."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from connectors.spec import ConnectorSpec

__all__ = ["CONNECTORS", "get_connector"]

# The Demo platform gets its handlers in "Unified model, full method catalogue".
_DEMO = ConnectorSpec(cart_id="Demo", display_name="Demo store (built in)", kind="builtin")

CONNECTORS: Mapping[str, ConnectorSpec] = MappingProxyType({spec.cart_id: spec for spec in (_DEMO,)})


def get_connector(cart_id: str) -> ConnectorSpec | None:
    """The spec for ``cart_id`` (API2Cart spelling, case-sensitive), or None."""
    return CONNECTORS.get(cart_id)
