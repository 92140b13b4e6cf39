"""The one HTTP client every REST connector uses: a reused session per platform, a budget per store,
retries only where they are safe, and transport failures turned into cartgate's coded errors.

A connector describes its platform once with a :class:`PlatformProfile` (timeouts, how a refusal for rate
limiting looks, which header carries the platform's request id, how to build a store's budget) and calls
:meth:`RestClient.request`. What is retried, and when:

- a rate-limit refusal (HTTP 429, or what ``profile.rate_refusal`` recognises): any method, because the
  platform did not act on it; the store's budget is blocked for ``Retry-After`` (or the profile's default),
  so the retry waits exactly as long as the platform asked and no other request of that store goes first;
- a connection that could not be opened (``ClientConnectorError``): any method, nothing was sent;
- a timeout, a dropped connection or 502/503/504: only idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE
  unless the caller says otherwise), with jittered exponential backoff (tenacity).
When retries run out: :class:`~gateway.errors.PlatformRateLimited` (110), :class:`~gateway.errors.StoreUnreachable`
(106) or :class:`~gateway.errors.StoreApiError` (100). Other answers (4xx, 5xx on writes) go back to the
connector, which maps the platform's own error body.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp
import orjson
from multidict import CIMultiDictProxy
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from gateway.errors import PlatformRateLimited, StoreApiError, StoreUnreachable
from gateway.http.budget import Budget, Unlimited, parse_retry_after

__all__ = ["PlatformProfile", "RestClient", "RestResponse"]

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RestResponse:
    status: int
    headers: CIMultiDictProxy[str]
    body: bytes
    request_id: str | None = None

    def json(self) -> Any:
        """The body as JSON. Raises StoreApiError (100) when it is not JSON."""
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError:
            raise StoreApiError(f"The platform answered HTTP {self.status} with a body that is not JSON") from None


def _is_429(response: RestResponse) -> bool:
    return response.status == 429


@dataclass(frozen=True)
class PlatformProfile:
    """How one platform's API behaves on the wire."""

    name: str
    make_budget: Callable[[], Budget] = Unlimited
    # Says whether an answer is a rate-limit refusal (most platforms: 429; CartRover also by its body).
    rate_refusal: Callable[[RestResponse], bool] = _is_429
    # Seconds to wait after a refusal that carries no Retry-After header.
    default_retry_after: float = 1.0
    request_id_header: str | None = None
    timeout: aiohttp.ClientTimeout = field(default_factory=lambda: aiohttp.ClientTimeout(total=30, connect=10))
    max_attempts: int = 4
    headers: Mapping[str, str] = field(default_factory=lambda: {"User-Agent": "cartgate"})


class _Retry(Exception):
    """One attempt failed in a way that is safe to try again."""

    def __init__(self, final: Exception) -> None:
        super().__init__(str(final))
        self.final = final


@dataclass
class _StoreState:
    budget: Budget
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()


class RestClient:
    """Requests for one platform, sharing one ``aiohttp.ClientSession`` across all its stores.

    ``clock`` (Unix seconds) and ``sleep`` are injectable so tests can run a platform's minutes in
    milliseconds; production uses ``time.time`` and ``asyncio.sleep``.
    """

    def __init__(
        self,
        profile: PlatformProfile,
        session: aiohttp.ClientSession | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.profile = profile
        self._session = session
        self._owns_session = session is None
        self._clock = clock
        self._sleep = sleep
        self._stores: dict[str, _StoreState] = {}
        self._shared: dict[Hashable, Any] = {}

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.profile.timeout, headers=dict(self.profile.headers))
            self._owns_session = True
        return self._session

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()

    def budget(self, store_key: str) -> Budget:
        """The budget of one store (one credential); created from the profile on first use."""
        return self._store(store_key).budget

    def shared(self, key: Hashable, make: Callable[[], T]) -> T:
        """State that lives as long as this client (e.g. a store's write queue), made by ``make`` on first use.

        ``key`` must name the type as well as the scope, e.g. ``("stock", base_url, budget_key)``.
        """
        if key not in self._shared:
            self._shared[key] = make()
        value: T = self._shared[key]
        return value

    def _store(self, store_key: str) -> _StoreState:
        state = self._stores.get(store_key)
        if state is None:
            state = self._stores[store_key] = _StoreState(self.profile.make_budget())
        return state

    async def request(
        self,
        store_key: str,
        method: str,
        url: str,
        *,
        idempotent: bool | None = None,
        **kwargs: Any,
    ) -> RestResponse:
        """Send one request within the store's budget; ``kwargs`` go to ``aiohttp`` (params, json, data,
        headers, auth). Answers every HTTP status except exhausted refusals.

        Raises PlatformRateLimited (110) when the platform still refuses after ``max_attempts``,
        StoreUnreachable (106) when it cannot be reached, StoreApiError (100) when it keeps failing with
        502/503/504.
        """
        method = method.upper()
        safe = method in IDEMPOTENT if idempotent is None else idempotent
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.profile.max_attempts),
            retry=retry_if_exception_type(_Retry),
            wait=self._backoff,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._attempt(store_key, method, url, safe, kwargs)
        except _Retry as exc:
            raise exc.final from None
        raise AssertionError("unreachable: tenacity either returns or re-raises")  # pragma: no cover

    def _backoff(self, state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, _Retry) and isinstance(failure.final, PlatformRateLimited):
            return 0.0  # the store's budget already holds every request until the platform allows
        return float(wait_random_exponential(multiplier=0.25, max=4)(state))

    async def _acquire(self, state: _StoreState) -> None:
        while True:
            wait = state.budget.reserve(self._clock())
            if wait <= 0:
                return
            changed = state.changed
            sleeper = asyncio.ensure_future(self._sleep(wait))
            waiter = asyncio.ensure_future(changed.wait())
            try:
                await asyncio.wait({sleeper, waiter}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (sleeper, waiter):
                    task.cancel()

    async def _attempt(self, store_key: str, method: str, url: str, safe: bool, kwargs: dict[str, Any]) -> RestResponse:
        state = self._store(store_key)
        await self._acquire(state)
        name = self.profile.name
        try:
            async with self.session.request(method, url, **kwargs) as resp:
                body = await resp.read()
                headers = resp.headers
                status = resp.status
        except aiohttp.ClientConnectorError as exc:
            state.budget.release()
            state.notify()
            raise _Retry(StoreUnreachable(f"{name} could not be reached")) from exc
        except (
            TimeoutError,
            aiohttp.ServerDisconnectedError,
            aiohttp.ClientOSError,
            aiohttp.ClientPayloadError,
        ) as exc:
            state.budget.release()
            state.notify()
            failure = StoreUnreachable(
                f"{name} did not answer in time" if isinstance(exc, TimeoutError) else f"{name} dropped the connection"
            )
            if safe:
                raise _Retry(failure) from exc
            raise failure from exc
        request_id = headers.get(self.profile.request_id_header) if self.profile.request_id_header else None
        response = RestResponse(status, headers, body, request_id)
        now = self._clock()
        state.budget.observe(now, status, headers)
        if self.profile.rate_refusal(response):
            retry_after = parse_retry_after(headers.get("Retry-After"), now)
            state.budget.refused(now, retry_after if retry_after is not None else self.profile.default_retry_after)
            state.notify()
            suffix = f" (request id {request_id})" if request_id else ""
            raise _Retry(PlatformRateLimited(f"{name} kept refusing for rate limiting{suffix}"))
        state.notify()
        if status in (502, 503, 504) and safe:
            suffix = f" (request id {request_id})" if request_id else ""
            raise _Retry(StoreApiError(f"{name} answered HTTP {status}{suffix}"))
        return response
