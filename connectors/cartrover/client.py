"""CartRover on the wire: base URL, Basic auth, the shared budgeted client, error mapping, page walks.

Every request goes through :class:`gateway.http.RestClient` with CartRover's profile (a leaky bucket of
100 calls draining one every 0.6 s per API user, re-synchronised from ``X-CartRover-Api-Minute-Hits-Remaining``;
../shared/seeds/cartrover-api.txt "Rate Limit"). CartRover answers ``{success_code: true, response: ...}``
(read by CartRover's public PHP client, cartrover-php lib/CartRover/APIObject.php) or the seed's error
``{success_code: false, error_code, message}``, mapped here, each message carrying the
``X-CartRover-Process-ID`` support asks for ("include your API User and the X-CartRover-Process-ID"):

    bad API user / key (HTTP 401, "Invalid API credentials") -> StoreApiError (100)
    not found (HTTP 404)                                     -> NotFound (112)
    Invalid  ("Invalid/Missing data submitted")              -> InvalidParameter (109)
    Failure  ("Hard error like: Duplicate order")            -> DuplicateRecord (116) for duplicates,
                                                                else InvalidParameter (109)
    RateLimit ("Over API Limit")                             -> retried by the client after the bucket
                                                                drains; PlatformRateLimited (110) if it outlasts
    anything else                                            -> StoreApiError (100)
The HTTP statuses are not in the seed (the emulator's choice, docs/platforms/emulators.md); the body's
``error_code`` decides wherever it is present.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import aiohttp

from connectors.spec import ConnectorContext
from gateway.errors import CartgateError, DuplicateRecord, InvalidParameter, NotFound, StoreApiError
from gateway.http import RestClient, rest_client
from gateway.http.platforms import cartrover_profile

__all__ = ["DEFAULT_BASE_URL", "MAX_LIMIT", "MAX_PAGES", "CartRoverApi", "api_for", "base_url", "segment"]

# The seed: "Base URL: `https://api.cartrover.com`"; every endpoint sits under /v1 (cartrover-php APIObject.php).
DEFAULT_BASE_URL = "https://api.cartrover.com"
# Largest `limit` a list takes. The seed gives none; 100 is the emulator's (assumed) maximum.
MAX_LIMIT = 100
# A list longer than this many pages is taken as a list that never ends (a server that repeats its last page).
MAX_PAGES = 100_000

_PROFILE = cartrover_profile()


def base_url(store_url: str) -> str:
    """The API root for a store: ``store_url`` without query, fragment, trailing ``/`` or ``/v1``.

    ``https://api.cartrover.com`` (CartRover's documented base) is what a merchant enters; an empty path
    means that host. A fragment (``https://api.cartrover.com#warehouse-b``) only tells two stores apart.
    """
    parts = urlsplit(store_url.strip())
    path = parts.path.rstrip("/")
    if path.endswith("/v1"):
        path = path[: -len("/v1")]
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")) if parts.netloc else DEFAULT_BASE_URL


def segment(value: str) -> str:
    """One path segment (an order ref or SKU) with everything but unreserved characters escaped."""
    return quote(value, safe="")


def _client(ctx: ConnectorContext) -> RestClient:
    """The gateway's CartRover client: each API user's bucket lives with it, shared by that user's stores."""
    return rest_client(ctx.services, _PROFILE)


def error_for(status: int, body: Any, process_id: str | None, *, field: str | None = None) -> CartgateError:
    """The coded error for a CartRover failure answer (see the module docstring)."""
    data = body if isinstance(body, dict) else {}
    code = str(data.get("error_code") or f"HTTP {status}")
    message = str(data.get("message") or "no message")
    suffix = f"(CartRover {code}: {message}; process id {process_id or 'none'})"
    if status == 401 or (code == "Invalid" and "credential" in message.lower()):
        return StoreApiError(f"CartRover refused the API user and key {suffix}")
    if status == 404:
        return NotFound(f"CartRover has no such record {suffix}", field=field)
    if code == "Failure" and "duplicate" in message.lower():
        return DuplicateRecord(f"CartRover already has this record {suffix}", field=field)
    if code in ("Invalid", "Failure") or status in (400, 409, 422):
        return InvalidParameter(f"CartRover refused the request {suffix}", field=field)
    return StoreApiError(f"CartRover answered HTTP {status} {suffix}")


@dataclass(frozen=True, slots=True)
class CartRoverApi:
    """One store's view of CartRover: its API root and credentials, over the shared client."""

    client: RestClient
    base: str
    api_user: str = field(repr=False)
    api_key: str = field(repr=False)

    @property
    def budget_key(self) -> str:
        # CartRover's bucket belongs to the API user; a digest keeps it out of the client's tables and logs.
        return hashlib.sha256(f"{self.base}\n{self.api_user}".encode()).hexdigest()

    @property
    def credentials_key(self) -> str:
        """A digest of (base, user, key): what is kept per credential (write queues) must change with the key,
        or a cycled key (CartRover invalidates the old one at once) would keep being sent."""
        return hashlib.sha256(f"{self.base}\n{self.api_user}\n{self.api_key}".encode()).hexdigest()

    async def call(self, method: str, path: str, *, field: str | None = None, **kwargs: Any) -> Any:
        """The ``response`` of one successful request under ``/v1``.

        Raises the coded errors of the module docstring (``field`` names the caller's parameter in them).
        """
        response = await self.client.request(
            self.budget_key,
            method,
            f"{self.base}/v1{path}",
            headers={"Authorization": aiohttp.encode_basic_auth(self.api_user, self.api_key)},
            **kwargs,
        )
        body = response.json()
        if response.status >= 400 or (isinstance(body, dict) and body.get("success_code") is False):
            raise error_for(response.status, body, response.request_id, field=field)
        if not isinstance(body, dict) or body.get("success_code") is not True:
            raise StoreApiError(f"CartRover answered without success_code (process id {response.request_id})")
        return body.get("response")

    async def get(self, path: str, params: Mapping[str, str] | None = None, *, field: str | None = None) -> Any:
        # aiohttp (yarl) writes a '+' in a query value as %2B, as the seed requires for GET timestamps.
        return await self.call("GET", path, params=dict(params or {}), field=field)

    async def post(self, path: str, payload: Any, *, field: str | None = None) -> Any:
        return await self.call("POST", path, json=payload, field=field)

    async def page(self, path: str, query: Mapping[str, str], page: int, limit: int) -> list[dict[str, Any]]:
        """One page of a ``limit`` + ``page`` list. Raises StoreApiError (100) if it is not a list of records
        or holds more than ``limit`` (a short page could then no longer mark the end)."""
        rows = await self.get(path, {**query, "limit": str(limit), "page": str(page)})
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise StoreApiError("CartRover answered a list request without a list of records")
        if len(rows) > limit:
            raise StoreApiError(f"CartRover returned {len(rows)} records for a page of {limit}")
        return rows

    async def total(self, path: str, query: Mapping[str, str]) -> tuple[int, list[dict[str, Any]]]:
        """How many records a list holds, and its first page of ``MAX_LIMIT``, in O(log n) requests.

        CartRover's lists report no total, so pages of ``MAX_LIMIT`` are probed: doubling page numbers until
        one is not full, then halving the gap between the last full page and the first empty one.
        Raises StoreApiError (100) when pages are still full past ``MAX_PAGES``.
        """
        first = await self.page(path, query, 1, MAX_LIMIT)
        if len(first) < MAX_LIMIT:
            return len(first), first
        full, empty = 1, None  # highest page known full, lowest page known empty
        probe = 2
        while empty is None or empty - full > 1:
            if probe > MAX_PAGES:
                raise StoreApiError(f"CartRover kept returning full pages past page {MAX_PAGES}")
            rows = await self.page(path, query, probe, MAX_LIMIT)
            if len(rows) == MAX_LIMIT:
                full = probe
            elif rows:
                return (probe - 1) * MAX_LIMIT + len(rows), first
            else:
                empty = probe
            probe = probe * 2 if empty is None else (full + empty) // 2
        return full * MAX_LIMIT, first


def api_for(ctx: ConnectorContext) -> CartRoverApi:
    """The store's CartRover API. Raises StoreApiError (100) when the store has no credentials saved."""
    user, key = ctx.store.credentials.get("cartrover_api_user"), ctx.store.credentials.get("cartrover_api_key")
    if not user or not key:
        raise StoreApiError("This CartRover store has no API user or key; reconnect it with account.cart.add")
    return CartRoverApi(_client(ctx), base_url(ctx.store.store_url), str(user), str(key))
