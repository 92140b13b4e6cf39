"""OneCart API v2 on the wire: base URL, the shared budgeted client, error mapping, walking ``links.next``.

Every request goes through :class:`gateway.http.RestClient` with OneCart's profile (300 / 60 s per key,
``X-RateLimit-*`` headers, ``X-Request-Id``), so one key's budget is shared by every store that uses it.
Documented failures map to cartgate's coded errors, each message carrying OneCart's ``request_id``:

    401 UNAUTHORIZED      -> StoreApiError (100)      the key was refused
    403 FORBIDDEN         -> ApiAccessDenied (5)      read-only key on a write
    404 NOT_FOUND         -> NotFound (112)
    400/422 VALIDATION_ERROR -> InvalidParameter (109) naming OneCart's field and message
    429 RATE_LIMITED      -> retried by the client; PlatformRateLimited (110) when it keeps refusing
    anything else         -> StoreApiError (100)
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from connectors.spec import ConnectorContext
from gateway.errors import ApiAccessDenied, CartgateError, InvalidParameter, NotFound, StoreApiError
from gateway.http import LinkedPage, RestClient, follow_next_links, rest_client
from gateway.http.platforms import onecart_profile

__all__ = ["DEFAULT_BASE_URL", "MAX_PER_PAGE", "OneCartApi", "api_for", "base_url"]

DEFAULT_BASE_URL = "https://app.getonecart.com/api/v2"
MAX_PER_PAGE = 100
_API_PATH = "/api/v2"

_PROFILE = onecart_profile()


def base_url(store_url: str) -> str:
    """The API base for a store: ``store_url`` itself when it ends in ``/api/v2``, else that path appended.

    A store_url of ``https://app.getonecart.com`` gives OneCart's documented base URL.
    """
    url = store_url.rstrip("/")
    if not urlsplit(url).path.endswith(_API_PATH):
        url += _API_PATH
    return url


def _client(ctx: ConnectorContext) -> RestClient:
    """The gateway's OneCart client: budgets live with it and are shared by every store using the same key."""
    return rest_client(ctx.services, _PROFILE)


def _error(status: int, body: Any, request_id: str | None) -> CartgateError:
    """The coded error for a OneCart failure answer (its body is ``{"error": {...}}``)."""
    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {}
    code = str(error.get("code") or f"HTTP {status}")
    rid = str(error.get("request_id") or request_id or "none")
    suffix = f"(OneCart {code}, request id {rid})"
    if code == "UNAUTHORIZED" or status == 401:
        return StoreApiError(f"OneCart refused the API key {suffix}")
    if code == "FORBIDDEN" or status == 403:
        return ApiAccessDenied(f"The OneCart API key may not do this; read-only keys can only read {suffix}")
    if code == "NOT_FOUND" or status == 404:
        return NotFound(f"OneCart has no such record {suffix}")
    if code == "VALIDATION_ERROR" or status in (400, 422):
        raw = error.get("details")
        details = [d for d in raw if isinstance(d, dict)] if isinstance(raw, list) else []
        text = "; ".join(f"{d.get('field')} {d.get('message')}" for d in details)
        text = text or str(error.get("message") or "invalid request")
        first = str(details[0].get("field")) if details and details[0].get("field") else None
        return InvalidParameter(f"OneCart refused the request: {text} {suffix}", field=first)
    return StoreApiError(f"OneCart answered HTTP {status} {suffix}")


@dataclass(frozen=True, slots=True)
class OneCartApi:
    """One store's view of OneCart: its base URL and key, over the shared client."""

    client: RestClient
    base: str
    api_key: str

    @property
    def budget_key(self) -> str:
        # OneCart budgets per key; a digest keeps the key itself out of the client's tables.
        return hashlib.sha256(self.api_key.encode()).hexdigest()

    async def call(self, method: str, path_or_url: str, **kwargs: Any) -> dict[str, Any]:
        """The success envelope of one request. Raises the coded errors listed in the module docstring."""
        url = path_or_url if path_or_url.startswith(("http://", "https://")) else self.base + path_or_url
        response = await self.client.request(
            self.budget_key, method, url, headers={"Authorization": self.api_key}, **kwargs
        )
        body = response.json()
        if response.status >= 400:
            raise _error(response.status, body, response.request_id)
        if not isinstance(body, dict) or "data" not in body:
            raise StoreApiError(f"OneCart answered without a data envelope (request id {response.request_id})")
        return body

    async def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        return await self.call("GET", path, params=dict(params or {}))

    async def put(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        return await self.call("PUT", path, json=dict(payload))

    async def pages(self, path: str, params: Mapping[str, str]) -> AsyncGenerator[tuple[list[dict[str, Any]], int]]:
        """Each page (items, ``meta.total_items``) from the page ``params`` name on, following ``links.next``
        until it is null.

        Raises StoreApiError (100) when a next link leaves the store's API (the key must not follow it)
        or loops back.
        """
        query = dict(params)

        async def fetch(url: str) -> LinkedPage[tuple[list[dict[str, Any]], int]]:
            if url == path:
                body = await self.get(path, query)
            else:
                if not url.startswith(self.base + "/"):
                    raise StoreApiError("OneCart's next link points outside the store's API base URL")
                body = await self.call("GET", url)
            return LinkedPage([(_items(body), _total(body))], _next(body))

        async for page in follow_next_links(fetch, path):
            yield page


def _items(body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body.get("data")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise StoreApiError("OneCart answered a list without a list of records")
    return data


def _total(body: dict[str, Any]) -> int:
    meta = body.get("meta")
    total = meta.get("total_items") if isinstance(meta, dict) else None
    if not isinstance(total, int) or total < 0:
        raise StoreApiError("OneCart answered a list without meta.total_items")
    return total


def _next(body: dict[str, Any]) -> str | None:
    links = body.get("links")
    link = links.get("next") if isinstance(links, dict) else None
    return link if isinstance(link, str) and link else None


def api_for(ctx: ConnectorContext) -> OneCartApi:
    """The store's OneCart API. Raises StoreApiError (100) when the store has no key saved."""
    key = ctx.store.credentials.get("onecart_api_key")
    if not key:
        raise StoreApiError("This OneCart store has no onecart_api_key; reconnect it with account.cart.add")
    return OneCartApi(_client(ctx), base_url(ctx.store.store_url), str(key))
