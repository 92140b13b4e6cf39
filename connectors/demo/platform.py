"""The Demo platform's connector spec: every catalogue method, over the gateway's own database."""

from __future__ import annotations

from connectors.demo.read_handlers import READ_HANDLERS
from connectors.demo.write_handlers import WRITE_HANDLERS
from connectors.spec import Capabilities, ConnectorSpec, Handler

__all__ = ["DEMO", "DEMO_HANDLERS"]

DEMO_HANDLERS: dict[str, Handler] = {**READ_HANDLERS, **WRITE_HANDLERS}

DEMO = ConnectorSpec(
    cart_id="Demo",
    display_name="Demo store (built in)",
    kind="builtin",
    handlers=DEMO_HANDLERS,
    capabilities=Capabilities(writes=True),
)
