"""Opaque page cursors that carry the whole request, as API2Cart's do: ``page_cursor`` alone fetches the next page.

A cursor is the page state plus the request's own parameters (filters, ``count``, ``params`` ...), sealed with
AES-256-GCM under the active master key (``KeyRing.encrypt``) and bound, as additional data, to the account, store
and method it was issued for. So a cursor cannot be read (filters may hold an e-mail address), forged or edited,
and one replayed on another store, account or method is refused with InvalidCursor (119).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson

from gateway.errors import InvalidCursor
from gateway.secrets import KeyRing, SecretError

__all__ = ["decode_cursor", "encode_cursor"]

_PURPOSE = b"page-cursor\n"
# What KeyRing.encrypt writes: prefix, key id, base64url body; anything else is refused before decrypting.
_SHAPE = re.compile(r"[a-z0-9]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def _scope_digest(scope: dict[str, Any]) -> bytes:
    return _PURPOSE + hashlib.sha256(orjson.dumps(scope, option=orjson.OPT_SORT_KEYS)).digest()


def encode_cursor(ring: KeyRing, state: dict[str, Any], scope: dict[str, Any], query: dict[str, Any]) -> str:
    """A cursor for ``state`` of the request ``query`` (its parameters but ``page_cursor`` and ``start``)."""
    return ring.encrypt(orjson.dumps({"s": state, "q": query}), _scope_digest(scope))


def decode_cursor(ring: KeyRing, cursor: str, scope: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(page state, the request's parameters) inside ``cursor``; raises InvalidCursor unless this gateway issued
    it for ``scope``."""
    try:
        if not _SHAPE.fullmatch(cursor):
            raise ValueError("not a cursor")
        opened = orjson.loads(ring.decrypt(cursor, _scope_digest(scope)))
    except (SecretError, ValueError):
        raise InvalidCursor("page_cursor is invalid or does not belong to this request", field="page_cursor") from None
    if not isinstance(opened, dict) or not isinstance(opened.get("s"), dict) or not isinstance(opened.get("q"), dict):
        raise InvalidCursor(field="page_cursor")
    state: dict[str, Any] = opened["s"]
    query: dict[str, Any] = opened["q"]
    return state, query
