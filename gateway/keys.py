"""Typed keys for application and request state."""

from __future__ import annotations

from aiohttp import web

from gateway.api.ratelimit import RateDecision
from gateway.services import Services

__all__ = ["RATE_DECISION", "REQUEST_ID_KEY", "SERVICES"]

SERVICES: web.AppKey[Services] = web.AppKey("services", Services)
RATE_DECISION: web.RequestKey[RateDecision] = web.RequestKey("rate_decision", RateDecision)
REQUEST_ID_KEY: web.RequestKey[str] = web.RequestKey("request_id", str)
