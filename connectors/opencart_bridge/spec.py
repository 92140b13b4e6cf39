"""The OpenCart connector's spec: API2Cart's ``Opencart14``, served through bridge2cart."""

from __future__ import annotations

from connectors.opencart_bridge.handlers import HANDLERS
from connectors.spec import Capabilities, ConnectorSpec
from gateway.bridge.connect import bridge_hooks

__all__ = ["OPENCART"]

_ON_CONNECT, _VALIDATE = bridge_hooks({"opencart"})

OPENCART = ConnectorSpec(
    cart_id="Opencart14",
    display_name="OpenCart 3.0.x / 4.x (bridge)",
    kind="bridge",
    handlers=HANDLERS,
    capabilities=Capabilities(writes=True),
    on_connect=_ON_CONNECT,
    validate=_VALIDATE,
)
