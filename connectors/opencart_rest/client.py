"""OpenCart's REST API on the wire: the store's base URL, dialect detection, sessions, signed calls, errors.

One :class:`OpenCartApi` per call over the gateway's shared aiohttp session (through ``gateway.http``'s
``RestClient``; OpenCart documents no rate limit, so the budget is unlimited and only safe retries apply).

- 3.x / 4.0: a login answers an ``api_token``; it is kept in memory per (URL, user, key) and sent in the query
  of every call. A session the shop refused is renewed with one login and the call sent once more; a second
  refusal is an error, never a loop. Sessions idle longer than the shop keeps them are renewed before use.
- 4.1: no session; every call is signed (connectors/opencart_rest/signing.py).
- An answer that only another dialect gives (4.1's 403 to an unsigned call, an HTML 404 from a login route)
  means the shop was upgraded: the dialect is detected again, kept with the store, and the call sent again.

Errors (no key ever reaches a message):
    bad user name or key            -> StoreApiError (100)
    IP not in the API allow-list    -> StoreApiError (100) naming the IP and where to allow it
    4.1 refusal (403)               -> StoreApiError (100) listing what can be wrong
    no OpenCart API at the URL      -> StoreApiError (100)
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import orjson
from yarl import URL

from connectors.opencart_rest.dialects import (
    CALLS_41,
    LOGIN_ROUTES,
    ROUTES,
    Answer,
    Dialect,
    Step,
    refused_ip,
    session_refused,
)
from connectors.opencart_rest.signing import Form, SignedQuery, form_pairs, sign, signature_base
from gateway.errors import StoreApiError
from gateway.http import PlatformProfile, RestClient, rest_client

__all__ = ["PROFILE", "OpenCartApi", "OrderSession", "Shared", "api_base", "shared", "shared_for"]

# 3.x and 4.0 drop a session one hour after its last use; renew a little earlier rather than be refused.
SESSION_IDLE_SECONDS = 50 * 60
SIGNATURE_WINDOW_SECONDS = 450  # 4.1.0.4 startup/api.php accepts a time within this of its own clock
PROFILE = PlatformProfile(name="OpenCart")  # OpenCart documents no API rate limit

ALLOW_IP_HELP = "System → Users → API → edit the API user → IP Addresses tab"
_REFUSED_KEY = ("OpenCart refused the API user name or key: in the shop's admin open System → Users → API, check "
                "the user is enabled, and copy its user name and the whole API key again")  # fmt: skip
_REFUSED_41 = ("OpenCart 4.1 refused the signed request (HTTP 403): check the API user name and key, that the user "
               f"is enabled, that this gateway's IP address is listed under {ALLOW_IP_HELP}, and that the "
               "gateway's clock is within 7.5 minutes (450 s) of the shop's")  # fmt: skip


def ip_refused(ip: str) -> StoreApiError:
    return StoreApiError(f"OpenCart refused this gateway's IP address {ip}: in the shop's admin add {ip} under "
                         f"{ALLOW_IP_HELP}, then try again")  # fmt: skip


def _clock_skew(date: str | None, now: float) -> float | None:
    if not date:
        return None
    try:
        return email.utils.parsedate_to_datetime(date).timestamp() - now
    except (TypeError, ValueError):
        return None


def refused_41(answer: Answer) -> StoreApiError:
    """4.1's 403, with the clock difference named when the shop's Date header shows it is the cause."""
    skew = answer.clock_skew
    if skew is not None and abs(skew) > SIGNATURE_WINDOW_SECONDS - 30:
        ahead = "ahead of" if skew > 0 else "behind"
        return StoreApiError(f"OpenCart 4.1 refused the signed request (HTTP 403): the shop's clock is "
                             f"{abs(skew):.0f} s {ahead} the gateway's, and signatures are valid for "
                             f"{SIGNATURE_WINDOW_SECONDS} s; set both clocks right (NTP)")  # fmt: skip
    return StoreApiError(_REFUSED_41)


def api_base(store_url: str) -> str:
    """The shop's ``index.php`` URL: ``store_url`` itself when it names a .php script, else ``/index.php``
    appended (a query such as the seed's ``?route=api`` is dropped)."""
    parts = urlsplit(store_url.strip())
    path = parts.path if parts.path.endswith(".php") else parts.path.rstrip("/") + "/index.php"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


@dataclass
class _Token:
    value: str
    last_used: float


@dataclass
class Shared:
    """What outlives one call, kept with the gateway's OpenCart client: the client, live tokens and
    re-detected dialects, keyed by a digest of (base URL, user, key) so no secret is a dictionary key."""

    client: RestClient
    tokens: dict[str, _Token] = field(default_factory=dict)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    dialects: dict[str, Dialect] = field(default_factory=dict)


def shared(client: RestClient) -> Shared:
    """The connector's state kept with the gateway's OpenCart client (``gateway.http.PlatformClients``)."""
    return client.shared("opencart-rest", lambda: Shared(client))


def shared_for(services: Mapping[str, Any]) -> Shared:
    """The shared state for the gateway's services. Raises CartgateError when the gateway has no HTTP session."""
    return shared(rest_client(services, PROFILE))


class _DialectChanged(Exception):
    """The shop answered the way only another dialect answers."""


@dataclass(frozen=True, slots=True)
class OrderSession:
    """A session of its own for one order.add (3.x / 4.0), so no other call's cart leaks into the order."""

    token: str | None  # None for 4.1, which keeps nothing between calls


@dataclass
class OpenCartApi:
    """One store's OpenCart API. ``dialect`` is what the store's settings say (None: detect on first use);
    ``remember`` keeps a newly detected dialect with the store."""

    state: Shared
    base: str
    username: str
    key: str = field(repr=False)
    dialect: Dialect | None = None
    store_id: int = 0
    language: str = "en-gb"
    currency: str = "USD"
    remember: Callable[[Dialect], Awaitable[None]] | None = None
    clock: Callable[[], float] = time.time

    @property
    def digest(self) -> str:
        raw = "\0".join((self.base, self.username, self.key)).encode()
        return hashlib.sha256(raw).hexdigest()

    @property
    def current_dialect(self) -> Dialect | None:
        return self.state.dialects.get(self.digest, self.dialect)

    # ------------------------------------------------------------ the wire

    async def _send(self, query: Mapping[str, str], form: Form | None, *, signed_host: str | None = None) -> Answer:
        headers = {"Host": signed_host} if signed_host else None
        response = await self.state.client.request(
            self.digest, "POST", self.base + "?" + urlencode(dict(query)), data=form_pairs(form or {}),
            headers=headers,
        )  # fmt: skip
        skew = _clock_skew(response.headers.get("Date"), self.clock())
        try:
            body = orjson.loads(response.body)
        except orjson.JSONDecodeError:
            return Answer(response.status, None, html=True, clock_skew=skew)
        return Answer(response.status, body, clock_skew=skew)

    async def _signed(self, step: Step, form: Form) -> Answer:
        url = URL(self.base)
        host = url.host_port_subcomponent or ""
        directory = url.path.rsplit("/", 1)[0].rstrip("/") + "/"
        query = SignedQuery("api/order", CALLS_41[step], self.username, self.store_id, self.language,
                            self.currency, int(self.clock()))  # fmt: skip
        fields = query.fields()
        fields["signature"] = sign(self.key, signature_base(query, host=host, directory=directory, form=form))
        return await self._send(fields, form, signed_host=host)

    async def _login(self, dialect: Dialect) -> str:
        """A new session token. Raises StoreApiError for a refused key or IP, _DialectChanged when the
        login route is not this dialect's."""
        answer = await self._send({"route": LOGIN_ROUTES[dialect]}, {"username": self.username, "key": self.key})
        if answer.forbidden or answer.not_found or answer.html or session_refused("3.x", answer):
            raise _DialectChanged  # no login here (a 3.x shop may answer its permission error to any api route)
        body = answer.body
        if isinstance(body, dict) and isinstance(body.get("api_token"), str) and body["api_token"]:
            return str(body["api_token"])
        ip = refused_ip(body)
        raise ip_refused(ip) if ip else StoreApiError(_REFUSED_KEY)

    async def _token(self, dialect: Dialect, *, refused: str | None = None) -> str:
        """The live token, logging in when there is none, it idled too long, or it is the one just refused
        (concurrent callers refused together share one new login)."""
        digest = self.digest
        lock = self.state.locks.setdefault(digest, asyncio.Lock())
        async with lock:
            token = self.state.tokens.get(digest)
            now = self.clock()
            if token is None or token.value == refused or now - token.last_used > SESSION_IDLE_SECONDS:
                self.state.tokens.pop(digest, None)
                token = self.state.tokens[digest] = _Token(await self._login(dialect), now)
            token.last_used = now
            return token.value

    async def _session_call(self, dialect: Dialect, token: str, step: Step, form: Form,
                            query: Mapping[str, str]) -> Answer:  # fmt: skip
        return await self._send({"route": ROUTES[dialect][step], "api_token": token, **query}, form)

    # ------------------------------------------------------------ detection

    async def detect(self) -> Dialect:
        """Which dialect the shop speaks, cheapest probe first (4.0 login, 3.x login, a signed 4.1 call).

        A login that works leaves its token for the next calls. Raises StoreApiError (100) for a refused key
        or IP, for a 4.1 refusal, and when nothing at the URL answers like OpenCart's API.
        """
        for dialect in ("4.0", "3.x"):
            try:
                token = await self._login(dialect)
            except _DialectChanged:
                continue
            self.state.tokens[self.digest] = _Token(token, self.clock())
            return await self._settle(dialect)
        answer = await self._signed("cart", {})
        if answer.status == 200 and isinstance(answer.body, dict):
            return await self._settle("4.1")
        if answer.forbidden:
            raise refused_41(answer)
        raise StoreApiError(
            "No OpenCart API answers at this store_url (tried api/account/login, api/login and "
            "a signed api/order call): give the shop's address, e.g. https://shop.example.com"
        )

    async def _settle(self, dialect: Dialect) -> Dialect:
        if dialect != self.current_dialect:
            self.state.dialects[self.digest] = dialect
            if self.remember is not None:
                await self.remember(dialect)
        return dialect

    # ------------------------------------------------------------ calls

    async def open_order(self) -> OrderSession:
        """A session for one order (a fresh login in 3.x and 4.0)."""
        dialect = self.current_dialect or await self.detect()
        if dialect == "4.1":
            return OrderSession(None)
        try:
            return OrderSession(await self._login(dialect))
        except _DialectChanged:
            dialect = await self._redetect(dialect)
        if dialect == "4.1":
            return OrderSession(None)
        try:
            return OrderSession(await self._login(dialect))
        except _DialectChanged:
            raise StoreApiError(f"OpenCart refused the login of the {dialect} dialect it was just detected as") \
                from None

    async def _redetect(self, old: Dialect) -> Dialect:
        new = await self.detect()
        if new == old:
            raise StoreApiError(f"OpenCart answered like another version, then again like {old}: its API routes "
                                "may be blocked or rewritten by the web server")  # fmt: skip
        return new

    async def call(self, step: Step, form: Form, *, query: Mapping[str, str] | None = None,
                   order: OrderSession | None = None) -> Any:  # fmt: skip
        """The JSON body of one step. A refused session is renewed once (not for an order's own session);
        a sign of an upgrade detects the dialect again and sends once more.

        Raises StoreApiError (100) as listed in the module docstring.
        """
        dialect = self.current_dialect or await self.detect()
        try:
            return await self._call_in(dialect, step, form, query or {}, order)
        except _DialectChanged:
            if order is not None:
                raise StoreApiError("OpenCart changed version in the middle of this order; nothing was confirmed, "
                                    "send it again") from None  # fmt: skip
            dialect = await self._redetect(dialect)
        try:
            return await self._call_in(dialect, step, form, query or {}, None)
        except _DialectChanged:
            raise StoreApiError(f"OpenCart refused {step} in the {dialect} dialect it was just detected as") from None

    async def _call_in(self, dialect: Dialect, step: Step, form: Form, query: Mapping[str, str],
                       order: OrderSession | None) -> Any:  # fmt: skip
        if dialect == "4.1":
            answer = await self._signed(step, form)
            if answer.forbidden or answer.not_found:
                if order is None:
                    raise _DialectChanged  # detection answers 4.1's refusal if the shop is still 4.1
                raise refused_41(answer) if answer.forbidden else StoreApiError(f"OpenCart has no route for {step}")
            return self._json(step, answer)
        if order is not None and order.token is not None:
            answer = await self._session_call(dialect, order.token, step, form, query)
            if answer.forbidden:
                raise _DialectChanged
            if session_refused(dialect, answer):
                raise StoreApiError("OpenCart dropped the API session in the middle of this order (was this "
                                    f"gateway's IP removed under {ALLOW_IP_HELP}?); nothing was confirmed")  # fmt: skip
            return self._json(step, answer)
        token = await self._token(dialect)
        answer = await self._session_call(dialect, token, step, form, query)
        if answer.forbidden:
            raise _DialectChanged
        if session_refused(dialect, answer):
            token = await self._token(dialect, refused=token)  # one renewal; _login raises for key/IP/upgrade
            answer = await self._session_call(dialect, token, step, form, query)
            if answer.forbidden:
                raise _DialectChanged
            if session_refused(dialect, answer):
                self.state.tokens.pop(self.digest, None)
                raise StoreApiError(f"OpenCart refused a session it had just opened ({ROUTES[dialect][step]}); "
                                    "its API may be blocked by the web server or an extension")  # fmt: skip
        return self._json(step, answer)

    @staticmethod
    def _json(step: Step, answer: Answer) -> Any:
        if answer.html or answer.status >= 400:
            raise StoreApiError(f"OpenCart answered HTTP {answer.status} to {step} without a JSON body")
        return answer.body
