"""The one place errors become responses: request id, rate-limit headers, error envelope.

Every route handler is wrapped by ``envelope_errors`` when the routes are registered (cheaper on
the hot path than an aiohttp middleware, which rebuilds its chain per request). Any CartgateError
is rendered from its own return code and safe message, so a new subclass needs no change here;
anything else is logged with the request id and answered as code 9 with no detail. HTTP status is
200 for every coded error, as API2Cart answers.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import time

from aiohttp import web
from aiohttp.typedefs import Handler

from gateway.api.envelope import error_body, json_response
from gateway.errors import CartgateError, MalformedRequest, MethodNotSpecified, RateLimited, RequestTooLarge
from gateway.keys import RATE_DECISION, REQUEST_ID_KEY
from gateway.logs import REQUEST_ID

__all__ = ["envelope_errors", "not_found"]

log = logging.getLogger("cartgate.access")
# Request ids: a random per-process prefix and a counter (unique, and no syscall per request).
_ID_PREFIX = secrets.token_hex(4)
_ID_COUNTER = itertools.count(1)


def _from_http_exception(exc: web.HTTPException) -> CartgateError:
    if exc.status == 413:
        return RequestTooLarge()
    if exc.status == 404:
        return MethodNotSpecified("No such endpoint; methods live at /v1.1/<method>.json")
    if exc.status == 405:
        return MalformedRequest("HTTP method not allowed; use GET or POST")
    return MalformedRequest(f"Request refused ({exc.status})")


def envelope_errors(handler: Handler) -> Handler:
    """``handler`` with request ids, rate-limit headers and coded error envelopes."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        return await _guarded(request, handler)

    return wrapped


async def not_found(request: web.Request) -> web.StreamResponse:
    raise MethodNotSpecified("No such endpoint; methods live at /v1.1/<method>.json")


async def _guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    request_id = request.headers.get("X-Request-Id", "")
    if not (0 < len(request_id) <= 64 and request_id.replace("-", "").isalnum()):
        request_id = f"{_ID_PREFIX}{next(_ID_COUNTER):08x}"
    request[REQUEST_ID_KEY] = request_id
    token = REQUEST_ID.set(request_id)
    started = time.perf_counter()
    try:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400 or request.path in ("/docs", "/openapi.json", "/health"):
                raise
            raise _from_http_exception(exc) from None
    except CartgateError as exc:
        code = exc.return_code
        response = json_response(error_body(exc))
        if isinstance(exc, RateLimited):
            response.headers["Retry-After"] = str(max(1, round(exc.retry_after)))
        log.info(
            "request refused",
            extra={"path": request.path, "return_code": code, "ms": round((time.perf_counter() - started) * 1000, 2)},
        )
    except Exception:
        log.exception("unhandled error", extra={"path": request.path})
        response = json_response(error_body(CartgateError()))
    finally:
        REQUEST_ID.reset(token)
    decision = request.get(RATE_DECISION)
    if decision is not None:
        response.headers.update(decision.headers())
    response.headers["X-Request-Id"] = request_id
    return response
