"""The API2Cart envelope, serialised with orjson: {return_code, return_message, result, pagination}."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from aiohttp import web

from gateway.errors import CartgateError

__all__ = ["error_body", "json_response", "success_body"]

_NO_PAGES: dict[str, Any] = {"previous": None, "next": None}


def _default(value: Any) -> Any:
    # Decimal (money) leaves as a JSON number, as API2Cart types it, written digit for digit.
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError("non-finite amount")
        return orjson.Fragment(str(value))
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def success_body(result: Any, pagination: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"return_code": 0, "return_message": "", "result": result, "pagination": pagination or _NO_PAGES}


def error_body(error: CartgateError) -> dict[str, Any]:
    return {"return_code": error.return_code, "return_message": error.message, "result": {}, "pagination": _NO_PAGES}


def dumps(body: Any) -> bytes:
    return orjson.dumps(body, default=_default, option=orjson.OPT_NON_STR_KEYS)


def json_response(body: Any, headers: dict[str, str] | None = None, status: int = 200) -> web.Response:
    return web.Response(body=dumps(body), status=status, content_type="application/json", headers=headers)
