"""``/v1.1/<method>.json``: keys, rate limit, method lookup, validation, dispatch, envelope.

Every failure is raised as a CartgateError and rendered by the error middleware; this module
never builds an error response itself.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import parse_qsl

import orjson
from aiohttp import web
from pydantic import BaseModel, ValidationError

from gateway.api.cursor import decode_cursor, encode_cursor
from gateway.api.envelope import dumps, error_body, success_body
from gateway.api.idempotency import request_fingerprint, run_once
from gateway.api.ratelimit import RateDecision
from gateway.api.selection import apply_tree, parse_response_fields, select_item_fields
from gateway.errors import (
    AccountRateLimited,
    ApiAccessDenied,
    ApiKeyDisabled,
    CartgateError,
    InvalidApiKey,
    InvalidCursor,
    InvalidParameter,
    MalformedRequest,
    MethodNotSpecified,
    MissingParameter,
    NotSupported,
    RequestTooLarge,
    StoreNotFound,
    StoreUncategorized,
)
from gateway.keys import RATE_DECISION, REQUEST_ID_KEY, SERVICES
from gateway.methods.call import Call, connector_context
from gateway.methods.table import ListParams, MethodSpec, Page, Params, WriteParams
from gateway.methods.validation import validation_error
from gateway.services import Services
from gateway.storage.repo import Principal, StoreRecord, get_store, store_record, verify_api_key

__all__ = ["authenticate_request", "handle_method"]

log = logging.getLogger("cartgate.api")
_KEY_PARAMS = ("api_key", "store_key")
_UNSCOPED = {"page_cursor", "start", "count", "params", "exclude", "response_fields"}


async def _collect_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return params
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge as exc:
        raise RequestTooLarge(
            f"Request body is larger than the limit of {request.app[SERVICES].settings.max_body_bytes} bytes"
        ) from exc
    if not raw.strip():
        return params
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            params.update(parse_qsl(raw.decode(), keep_blank_values=True, strict_parsing=True))
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedRequest("Request body is not valid form data") from exc
        return params
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise MalformedRequest("Request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise MalformedRequest("Request body must be a JSON object of parameters")
    params.update(body)
    return params


def _take_key(request: web.Request, params: dict[str, Any], header: str, name: str) -> str | None:
    value = params.pop(name, None)
    header_value = request.headers.get(header)
    chosen = header_value if header_value is not None else value
    if chosen is not None and not isinstance(chosen, str):
        raise InvalidParameter(f"Parameter '{name}' must be a string", field=name)
    return chosen or None


async def _authenticate(services: Services, raw_key: str | None, now: float) -> Principal:
    if raw_key is None:
        raise InvalidApiKey("API key is missing: send the x-api-key header or the api_key parameter")

    verdict = services.key_cache.cached(raw_key, now)
    if verdict is None:

        async def lookup(key: str) -> tuple[Principal | None, bool]:
            async with services.sessionmaker() as session:
                return await verify_api_key(session, key)

        verdict = await services.key_cache.verify(raw_key, now, lookup)
    principal, revoked = verdict
    if revoked:
        raise ApiKeyDisabled("API key was revoked")
    if principal is None:
        raise InvalidApiKey()
    return principal


async def _rate_limit(request: web.Request, services: Services, bucket: str, now: float) -> None:
    decision: RateDecision = await services.limiter.hit(bucket, now)
    request[RATE_DECISION] = decision
    if not decision.allowed:
        raise AccountRateLimited(
            f"Rate limit of {decision.limit} requests per {services.settings.rate_limit_window:g} s exceeded",
            retry_after=decision.retry_after(now),
        )


async def _resolve_store(services: Services, principal: Principal, store_key: str, now: float) -> StoreRecord:
    hit, store = services.store_cache.cached(principal.account_id, store_key, now)
    if not hit:

        async def load() -> StoreRecord | None:
            async with services.sessionmaker() as session:
                row = await get_store(session, principal.account_id, store_key)
                return store_record(services.ring, row) if row is not None else None

        store = await services.store_cache.get(principal.account_id, store_key, now, load)
    if store is None or store.state != "active":
        raise StoreNotFound("Store not found for this API key")
    return store


def _cursor_scope(call: Call, spec: MethodSpec) -> dict[str, Any]:
    store_hash = call.store.store_key_hash if call.store is not None else ""
    return {"a": call.principal.account_id, "s": store_hash, "m": spec.name}


def _filters(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k not in _UNSCOPED}


def _with_cursor(call: Call, spec: MethodSpec, params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The request a ``page_cursor`` continues: its filters come from the cursor (API2Cart's cursors are sent
    alone); ``count``, ``params``, ``exclude`` and ``response_fields`` sent now override the cursor's. Filters sent
    with a cursor must be the ones it was made with (else InvalidCursor, 119)."""
    cursor = params.get("page_cursor")
    if not cursor or not isinstance(cursor, str) or not issubclass(spec.params, ListParams):
        return params, None
    state, query = decode_cursor(call.services.ring, cursor, _cursor_scope(call, spec))
    sent = _filters(params)
    if sent and sent != _filters(query):
        raise InvalidCursor("page_cursor was made for other filters: send it alone or with the same filters",
                            field="page_cursor")  # fmt: skip
    return {**query, **{k: v for k, v in params.items() if k != "start"}}, state


async def _dispatch(call: Call, spec: MethodSpec, model: Params, cursor_state: dict[str, Any] | None) -> Any:
    if spec.handler is not None:
        return await spec.handler(call, model)
    store = call.store
    assert store is not None  # methods without a gateway handler always need a store
    connector = call.services.connectors.get(store.cart_id)
    handler = connector.handlers.get(spec.name) if connector is not None else None
    if handler is None:
        raise NotSupported(f"Method {spec.name} is not supported by platform {store.cart_id}")
    try:
        return await handler(connector_context(call.services, store, store.credentials, cursor_state), model)
    except ValidationError as exc:
        raise _unreadable_store_data(exc, store.cart_id) from None


def _unreadable_store_data(exc: ValidationError, cart_id: str) -> StoreUncategorized:
    """A record the platform sent that the unified model refuses: 107 naming where, never the value."""
    first = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"] if not isinstance(part, int)) or "record"
    log.warning("store data refused by the unified model",
                extra={"cart_id": cart_id, "model": exc.title, "loc": where, "type": first["type"],
                       "errors": exc.error_count()})  # fmt: skip
    return StoreUncategorized(f"{cart_id} sent a record cartgate cannot read: {exc.title}.{where} ({first['type']})")


async def _execute(call: Call, spec: MethodSpec, params: dict[str, Any]) -> bytes:
    params, cursor_state = _with_cursor(call, spec, params)
    try:
        model = spec.params.model_validate(params)
    except ValidationError as exc:
        raise validation_error(exc) from None
    outcome = await _dispatch(call, spec, model, cursor_state)
    pagination: dict[str, Any] | None = None
    if isinstance(outcome, Page):
        ring, scope = call.services.ring, _cursor_scope(call, spec)
        query = {k: v for k, v in params.items() if k not in ("page_cursor", "start")}
        pagination = {
            "previous": encode_cursor(ring, outcome.previous_state, scope, query) if outcome.previous_state else None,
            "next": encode_cursor(ring, outcome.next_state, scope, query) if outcome.next_state else None,
        }
        outcome = outcome.result
    if isinstance(outcome, BaseModel):  # field selection works on the wire shape
        outcome = outcome.model_dump(mode="json", by_alias=True)
    result = select_item_fields(outcome, spec.items_field, model.params, model.exclude)
    body: Any = success_body(result, pagination)
    if model.response_fields:
        # return_code always stays: a selection that names nothing known must not hide the outcome
        body = {"return_code": 0, **apply_tree(body, parse_response_fields(model.response_fields))}
    return dumps(body)


def _render_stored_error(exc: Exception) -> bytes:
    if isinstance(exc, CartgateError):
        return dumps(error_body(exc))
    log.error("write failed with an unexpected error", exc_info=exc)
    return dumps(error_body(CartgateError()))


async def authenticate_request(
    request: web.Request, services: Services, params: dict[str, Any], now: float
) -> tuple[Principal, str | None]:
    """Take the keys out of ``params``/headers, verify the API key and count the request.

    Returns the principal and the store key (not yet resolved). Refusals are rate limited by
    client address, so guessing keys costs the guesser its own budget.
    """
    raw_key = _take_key(request, params, "x-api-key", "api_key")
    store_key = _take_key(request, params, "x-store-key", "store_key")
    try:
        principal = await _authenticate(services, raw_key, now)
    except CartgateError:
        await _rate_limit(request, services, f"ip:{request.remote}", now)
        raise
    await _rate_limit(request, services, f"key:{principal.key_id}", now)
    return principal, store_key


async def handle_method(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    now = time.time()
    if request.method not in ("GET", "POST"):
        raise MalformedRequest(f"HTTP method {request.method} is not allowed; use GET or POST")
    params = await _collect_params(request)
    principal, store_key = await authenticate_request(request, services, params, now)

    name = request.match_info.get("method") or request.path[len("/v1.1/") : -len(".json")]
    spec = services.table.get(name)
    if spec is None:
        raise MethodNotSpecified(f"Method '{name}' does not exist; cart.methods lists the methods")
    if spec.write and principal.read_only:
        raise ApiAccessDenied(f"This API key is read-only; {name} is a write method")

    call = Call(principal=principal, services=services, request_id=request[REQUEST_ID_KEY], store_key=store_key)
    if spec.needs_store:
        if store_key is None:
            raise MissingParameter("Parameter 'store_key' is required", field="store_key")
        call.store = await _resolve_store(services, principal, store_key, now)

    idem_key = params.get("idempotency_key") if issubclass(spec.params, WriteParams) else None
    if isinstance(idem_key, str) and idem_key:
        store_hash = call.store.store_key_hash if call.store is not None else ""
        body = await run_once(
            services.sessionmaker,
            account_id=principal.account_id,
            key=idem_key,
            fingerprint=request_fingerprint(name, store_hash, params),
            ttl=services.settings.idempotency_seconds,
            execute=lambda: _execute(call, spec, params),
            render_error=_render_stored_error,
        )
    else:
        body = await _execute(call, spec, params)
    return web.Response(body=body, content_type="application/json")
