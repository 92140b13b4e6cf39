"""Bridge refusal codes (PROTOCOL.md) and the cartgate error each one becomes, as one table.

The bridge answers a refused request with ``{"error": {"code": ...}}`` and an error found after
authentication with a status-1 response; both turn into a ``CartgateError`` here and nowhere else.
Messages are fixed per code: they never carry SQL text, keys or what the shop's database said.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from gateway.errors import (
    BridgeAuthFailed,
    BridgeError,
    BridgeProtocolError,
    BridgeQueryError,
    BridgeVersionTooOld,
    CartgateError,
    DuplicateRecord,
)

__all__ = ["REFUSALS", "error_from_bridge", "refusal"]

# code -> (error class, safe message)
REFUSALS: Final[Mapping[str, tuple[type[CartgateError], str]]] = {
    "too_large": (BridgeProtocolError, "Bridge refused the request: too large"),
    "malformed": (BridgeProtocolError, "Bridge refused the request: malformed envelope"),
    "unsupported_version": (BridgeVersionTooOld, "Bridge does not speak this protocol version"),
    "stale": (BridgeAuthFailed, "Bridge refused the request: timestamp outside the window (check clocks)"),
    "bad_hmac": (BridgeAuthFailed, "Bridge refused the request: wrong store key"),
    "bad_signature": (BridgeAuthFailed, "Bridge refused the request: signature does not verify"),
    "downgrade": (BridgeProtocolError, "Bridge refused the request: plain mode is not allowed"),
    "replayed": (BridgeAuthFailed, "Bridge refused the request: nonce already used"),
    "busy": (BridgeError, "Bridge is busy (nonce store full), retry later"),
    "bad_payload": (BridgeProtocolError, "Bridge refused the request: payload does not decrypt"),
    "unknown_action": (BridgeProtocolError, "Bridge does not know this action"),
    "no_config": (BridgeError, "Bridge is not configured"),
    "no_cart_config": (BridgeError, "Bridge found no shop configuration under the store root"),
    "db_connect": (BridgeError, "Bridge could not connect to the shop database"),
    "bad_params": (BridgeQueryError, "Bridge refused the action's parameters"),
    "too_many_rows": (BridgeQueryError, "Query limit is out of range"),
    "sql_error": (BridgeQueryError, "The shop database refused the statement"),
    "internal": (BridgeError, "Bridge failed internally"),
}

_DUPLICATE_ENTRY: Final = 1062  # MySQL ER_DUP_ENTRY


def refusal(code: str, field: str | None = None) -> CartgateError:
    """The error for a refusal ``code`` (unknown codes are a protocol error), naming ``field``."""
    cls, message = REFUSALS.get(code, (BridgeProtocolError, "Bridge answered an unknown error code"))
    error = cls(message, field=field)
    error.bridge_code = code  # type: ignore[attr-defined]  # what the bridge said, for callers and tests
    return error


def error_from_bridge(detail: Any) -> CartgateError:
    """Map the ``{"code", "field", "errno", "sqlstate", "index"}`` object a bridge sent to an error."""
    if not isinstance(detail, dict) or not isinstance(detail.get("code"), str):
        return refusal("?", "response")
    field = detail.get("field") if isinstance(detail.get("field"), str) else None
    if detail["code"] == "sql_error":
        errno = detail.get("errno") if isinstance(detail.get("errno"), int) else 0
        index = detail.get("index")
        where = f" (statement {index})" if isinstance(index, int) else ""
        cls = DuplicateRecord if errno == _DUPLICATE_ENTRY else BridgeQueryError
        error: CartgateError = cls(f"The shop database refused the statement{where}: MySQL error {errno}")
        error.bridge_code = "sql_error"  # type: ignore[attr-defined]
        error.sql_errno = errno  # type: ignore[attr-defined]
        error.sqlstate = str(detail.get("sqlstate", ""))[:5]  # type: ignore[attr-defined]
        return error
    return refusal(detail["code"], field)
