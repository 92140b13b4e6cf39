"""OpenCart 4.1's request signature and the PHP form semantics it hashes: pure functions, no I/O, no clock.

From ``upload/catalog/controller/startup/api.php`` at tag 4.1.0.4 (docs/platforms/opencart-rest-dialects.md):
the shop joins route, call, username, HTTP host, script directory, store_id, language, currency,
``md5(http_build_query($this->request->post))`` and the Unix time, each followed by ``\\n``, and compares
``base64(HMAC-SHA1(api key, that string))`` with the ``signature`` query field. ``$this->request->post`` is
PHP's parsed form body after ``Request::clean`` (``trim(htmlspecialchars($v, ENT_COMPAT, 'UTF-8'))`` on every
key and value), re-encoded by ``http_build_query`` (``&`` separator, RFC 1738: space as ``+``, ``~`` as
``%7E``, brackets escaped). A client must hash what the shop will hash, so those rules are mirrored here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote_plus

__all__ = ["Form", "SignedQuery", "body_md5", "form_pairs", "http_build_query", "php_clean", "sign", "signature_base"]

# A form as the connector builds it: scalars, or nested mappings/lists (``product[0][product_id]``).
Form = Mapping[str, object]


def _children(value: object) -> list[tuple[str, object]] | None:
    if isinstance(value, Mapping):
        return [(str(key), child) for key, child in value.items()]
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [(str(index), child) for index, child in enumerate(value)]
    return None


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def form_pairs(form: Form, prefix: str = "") -> list[tuple[str, str]]:
    """The ``name=value`` pairs a browser would post for ``form`` (``a[b][0]=c`` for nesting), in order.

    ``None`` values are left out, as PHP's ``http_build_query`` leaves out nulls.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in form.items():
        name = f"{prefix}[{key}]" if prefix else key
        if value is None:
            continue
        children = _children(value)
        if children is None:
            pairs.append((name, _scalar(value)))
        else:
            pairs.extend(form_pairs(dict(children), name))
    return pairs


def _clean_text(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.strip(" \t\n\r\0\x0b")


def php_clean(form: Form) -> dict[str, object]:
    """What ``$this->request->post`` holds after OpenCart's ``Request::clean``: keys and values escaped and
    trimmed, nesting kept (lists become mappings keyed "0", "1", ... as PHP arrays are), nulls dropped."""
    cleaned: dict[str, object] = {}
    for key, value in form.items():
        if value is None:
            continue
        children = _children(value)
        cleaned[_clean_text(key)] = _clean_text(_scalar(value)) if children is None else php_clean(dict(children))
    return cleaned


def _php_urlencode(text: str) -> str:
    # PHP urlencode (RFC 1738): space as "+", "~" encoded, unlike Python's quote_plus.
    return quote_plus(text, safe="").replace("~", "%7E")


def http_build_query(data: Mapping[str, object], prefix: str = "") -> str:
    """PHP's ``http_build_query($array)`` with its defaults, over what :func:`php_clean` answers."""
    parts: list[str] = []
    for key, value in data.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, Mapping):
            nested = http_build_query(value, name)
            if nested:
                parts.append(nested)
        else:
            parts.append(f"{_php_urlencode(name)}={_php_urlencode(_scalar(value))}")
    return "&".join(parts)


def body_md5(form: Form) -> str:
    """``md5(http_build_query($this->request->post))`` for a request that posts ``form``, lowercase hex."""
    return hashlib.md5(http_build_query(php_clean(form)).encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class SignedQuery:
    """The query fields of one signed 4.1 call, everything but the signature."""

    route: str  # api/order or api/subscription
    call: str
    username: str
    store_id: int
    language: str
    currency: str
    time: int

    def fields(self) -> dict[str, str]:
        return {"route": self.route, "call": self.call, "username": self.username, "store_id": str(self.store_id),
                "language": self.language, "currency": self.currency, "time": str(self.time)}  # fmt: skip


def signature_base(query: SignedQuery, *, host: str, directory: str, form: Form) -> str:
    """The string the shop signs. ``host`` is the Host header it receives (``name:port`` off the default
    port), ``directory`` the script's folder with a trailing slash (``/`` for ``/index.php``)."""
    parts = (query.route, query.call, query.username, host, directory, str(query.store_id), query.language,
             query.currency, body_md5(form), str(query.time))  # fmt: skip
    return "".join(f"{part}\n" for part in parts)


def sign(key: str, base: str) -> str:
    """``base64_encode(hash_hmac('sha1', $base, $key, true))``."""
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
