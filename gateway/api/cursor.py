"""Opaque, tamper-proof page cursors: ``base64url(state JSON) . signature``.

The signature (HMAC under a key derived from the master key) covers the state and the request it
belongs to (account, store, method and the filters), so a cursor forged, edited, or replayed on
another store or with other filters is refused with InvalidCursor (119).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import orjson

from gateway.errors import InvalidCursor
from gateway.secrets import KeyRing

__all__ = ["decode_cursor", "encode_cursor"]

_PURPOSE = "page-cursor"


def _scope_digest(scope: dict[str, Any]) -> bytes:
    return hashlib.sha256(orjson.dumps(scope, option=orjson.OPT_SORT_KEYS)).digest()


def encode_cursor(ring: KeyRing, state: dict[str, Any], scope: dict[str, Any]) -> str:
    body = base64.urlsafe_b64encode(orjson.dumps(state)).rstrip(b"=")
    signature = ring.sign(_PURPOSE, body + b"|" + _scope_digest(scope))
    return f"{body.decode()}~{signature}"


def decode_cursor(ring: KeyRing, cursor: str, scope: dict[str, Any]) -> dict[str, Any]:
    """The state inside ``cursor``; raises InvalidCursor unless this gateway issued it for ``scope``."""
    body, sep, signature = cursor.partition("~")
    if not sep or not ring.verify(_PURPOSE, body.encode() + b"|" + _scope_digest(scope), signature):
        raise InvalidCursor("page_cursor is invalid or does not belong to this request", field="page_cursor")
    try:
        state = orjson.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError as exc:  # only reachable with our own signature over garbage: still refuse
        raise InvalidCursor(field="page_cursor") from exc
    if not isinstance(state, dict):
        raise InvalidCursor(field="page_cursor")
    return state
