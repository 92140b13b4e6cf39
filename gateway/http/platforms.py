"""Wire profiles of the REST platforms whose limits are documented, for their connectors to use.

Each profile turns the platform's documented budget (a ``RatePolicy``) and its headers into a budget per
store, and says how that platform refuses and names its requests:

- OneCart API v2 (../shared/seeds/onecart-api-v2.txt): "300 per 60 seconds, per API key", headers
  ``X-RateLimit-Limit/Remaining/Reset``, "429 RATE_LIMITED with a Retry-After header", ``X-Request-Id``.
- CartRover (../shared/seeds/cartrover-api.txt): "bucket size is 100 calls, and they refill at rate of 1 call
  every 0.6 seconds", ``X-CartRover-Api-Minute-Hits-Remaining``, refusal body ``error_code: RateLimit``,
  ``X-CartRover-Process-ID`` for support.
"""

from __future__ import annotations

from connectors.spec import RatePolicy
from gateway.http.budget import FixedWindowBudget, LeakyBucketBudget
from gateway.http.client import PlatformProfile, RestResponse

__all__ = ["CARTROVER_POLICY", "ONECART_POLICY", "cartrover_profile", "onecart_profile"]

ONECART_POLICY = RatePolicy(requests=300, per_seconds=60.0, source="onecart-api-v2.txt: Rate limits")
CARTROVER_POLICY = RatePolicy(requests=100, per_seconds=60.0, source="cartrover-api.txt: Rate Limit (100, 1 per 0.6 s)")


def onecart_profile(policy: RatePolicy = ONECART_POLICY) -> PlatformProfile:
    return PlatformProfile(
        name="OneCart",
        make_budget=lambda: FixedWindowBudget(limit=policy.requests, window_seconds=policy.per_seconds),
        request_id_header="X-Request-Id",
    )


def _cartrover_refusal(response: RestResponse) -> bool:
    if response.status == 429:
        return True
    if response.status < 400 or not response.body.lstrip().startswith(b"{"):
        return False
    try:
        body = response.json()
    except Exception:  # an unreadable error body is not a rate-limit refusal
        return False
    return isinstance(body, dict) and body.get("error_code") == "RateLimit"


def cartrover_profile(policy: RatePolicy = CARTROVER_POLICY) -> PlatformProfile:
    drain = policy.per_seconds / policy.requests  # 60 s / 100 calls = one call back every 0.6 s
    return PlatformProfile(
        name="CartRover",
        make_budget=lambda: LeakyBucketBudget(
            capacity=policy.requests, drain_seconds=drain, remaining_header="X-CartRover-Api-Minute-Hits-Remaining"
        ),
        rate_refusal=_cartrover_refusal,
        default_retry_after=drain,
        request_id_header="X-CartRover-Process-ID",
    )
