"""Every connector the conformance suite runs against. A new connector adds its factory here."""

from __future__ import annotations

from connectors.demo.platform import DEMO
from tests.conformance.target import TargetFactory, gateway_target

__all__ = ["TARGETS"]

TARGETS: dict[str, TargetFactory] = {
    "Demo": gateway_target(DEMO),
}
