"""Bridge protocol v1, sans-I/O: build and open bridge envelopes as pure functions over bytes.

No sockets, no clock, no randomness of its own: ``now``, nonces, IVs and response keys are passed
in, so the same inputs always give the same bytes and the vectors in ``bridge_plugin/vectors``
pin both this module and ``bridge.php``. The contract is ``bridge_plugin/PROTOCOL.md``.

The gateway uses :func:`build_request` and :func:`open_response`; :func:`open_request` and
:func:`seal_response` are the bridge's half, kept here as the reference the PHP side is tested
against (and for tests that play a hostile bridge).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final, Literal

import orjson
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from gateway.bridge.refusals import refusal
from gateway.errors import BridgeProtocolError, CartgateError

__all__ = [
    "MODES",
    "PROTOCOL_VERSION",
    "RULES",
    "BridgeSecrets",
    "IncomingRequest",
    "Mode",
    "OutgoingRequest",
    "Rules",
    "StoreSecrets",
    "build_request",
    "canonical_string",
    "open_request",
    "open_response",
    "seal_response",
]

PROTOCOL_VERSION: Final = 1
Mode = Literal["aead", "rsa-chunked", "plain"]
MODES: Final[Mapping[str, int]] = {"aead": 1, "rsa-chunked": 2, "plain": 3}  # mode name -> response byte


@dataclass(frozen=True)
class Rules:
    """The protocol's windows and limits, as one readable table (PROTOCOL.md "Windows and limits")."""

    min_version: int = 1
    max_version: int = 1
    max_past_seconds: int = 300
    max_future_seconds: int = 300
    max_request_bytes: int = 8 * 1024 * 1024
    max_response_bytes: int = 256 * 1024 * 1024  # gateway side: compressed response from one page
    max_plaintext_bytes: int = 512 * 1024 * 1024  # gateway side: a response inflated past this is refused


RULES: Final = Rules()

_OAEP: Final = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)  # noqa: S303 - PHP's only OAEP
_PKCS1: Final = padding.PKCS1v15()
_HKDF_SALT: Final = b"cartgate-bridge-v1"
_MAGIC: Final = b"CGB1"
_HEADER: Final = struct.Struct(">4sBBH")  # magic, mode, status, wrapped key length
_MAC_LEN: Final = 32
_CHUNK: Final = 214  # RSA-2048 OAEP-SHA1 plaintext per block, as API2Cart's bridge cuts it
_ENVELOPE_FIELDS: Final = frozenset({"v", "action", "ts", "nonce", "mode", "payload", "hmac", "sig"})
_ACTION_RE: Final = re.compile(r"[a-z_]{1,32}")
_NONCE_RE: Final = re.compile(r"[A-Za-z0-9_-]{22,64}")
_HEX64_RE: Final = re.compile(r"[0-9a-f]{64}")


def _hkdf(store_key: str, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=_HKDF_SALT, info=info).derive(store_key.encode("ascii"))


@dataclass(frozen=True)
class _SharedKeys:
    store_key: str

    @cached_property
    def request_encryption(self) -> bytes:
        return _hkdf(self.store_key, b"request-encryption")

    @cached_property
    def response_mac(self) -> bytes:
        return _hkdf(self.store_key, b"response-mac")

    @cached_property
    def hmac_key(self) -> bytes:
        return self.store_key.encode("ascii")


@dataclass(frozen=True)
class StoreSecrets(_SharedKeys):
    """What the gateway holds for one store: the store_key and the RSA private key."""

    private_key: rsa.RSAPrivateKey = field(repr=False)


@dataclass(frozen=True)
class BridgeSecrets(_SharedKeys):
    """What a bridge holds: the store_key and the RSA public key."""

    public_key: rsa.RSAPublicKey = field(repr=False)


@dataclass(frozen=True)
class OutgoingRequest:
    """A request ready to POST; keep it to open the matching response."""

    body: bytes
    action: str
    nonce: str
    mode: Mode


@dataclass(frozen=True)
class IncomingRequest:
    """A request the bridge side has verified and decrypted."""

    version: int
    action: str
    ts: int
    nonce: str
    mode: Mode
    params: dict[str, Any]


def canonical_string(version: int, action: str, ts: int, nonce: str, mode: str, payload: bytes) -> bytes:
    """The bytes both signatures cover: version, action, time, nonce, mode and the payload's SHA-256."""
    digest = hashlib.sha256(payload).hexdigest()
    return f"CGB1\n{version}\n{action}\n{ts}\n{nonce}\n{mode}\n{digest}".encode("ascii")


def _request_aad(version: int, action: str, ts: int, nonce: str) -> bytes:
    return f"CGB1 request\n{version}\n{action}\n{ts}\n{nonce}".encode("ascii")


def _response_context(nonce: str, action: str) -> bytes:
    return f"CGB1 response\n{nonce}\n{action}".encode("ascii")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _strict_b64(text: object, name: str) -> bytes:
    """Decode canonical base64 only, so no two texts give the same bytes; raises ``malformed``."""
    if not isinstance(text, str):
        raise refusal("malformed", name)
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise refusal("malformed", name) from None
    if _b64(raw) != text:
        raise refusal("malformed", name)
    return raw


def build_request(
    store: StoreSecrets,
    action: str,
    params: Mapping[str, Any],
    *,
    now: int,
    nonce: bytes,
    iv: bytes,
    mode: Mode = "aead",
    version: int = PROTOCOL_VERSION,
) -> OutgoingRequest:
    """Sign and (unless ``mode="plain"``) encrypt one request.

    ``nonce`` is 16+ random bytes and ``iv`` 12 random bytes, both fresh per request.
    Raises ``BridgeProtocolError`` (field named) for an action name, nonce or IV of the wrong shape.
    """
    if not _ACTION_RE.fullmatch(action):
        raise BridgeProtocolError("Bridge action name is not valid", field="action")
    if len(nonce) < 16 or len(iv) != 12:
        raise BridgeProtocolError("Nonce must be 16+ bytes and IV 12 bytes", field="nonce")
    nonce_text = base64.urlsafe_b64encode(nonce).rstrip(b"=").decode("ascii")
    plaintext = orjson.dumps(dict(params))
    if mode == "plain":
        payload = plaintext
    else:
        aad = _request_aad(version, action, now, nonce_text)
        payload = iv + AESGCM(store.request_encryption).encrypt(iv, plaintext, aad)
    canon = canonical_string(version, action, now, nonce_text, mode, payload)
    envelope = {
        "v": version,
        "action": action,
        "ts": now,
        "nonce": nonce_text,
        "mode": mode,
        "payload": _b64(payload),
        "hmac": hmac.new(store.hmac_key, canon, hashlib.sha256).hexdigest(),
        "sig": _b64(store.private_key.sign(canon, _PKCS1, hashes.SHA256())),
    }
    return OutgoingRequest(orjson.dumps(envelope), action, nonce_text, mode)


def open_request(
    body: bytes,
    bridge: BridgeSecrets,
    *,
    now: int,
    remember_nonce: Callable[[str, int], bool],
    allow_plain: bool = False,
    rules: Rules = RULES,
) -> IncomingRequest:
    """The bridge's checks, in PROTOCOL.md order; ``remember_nonce`` returns False for a replay.

    Raises the ``CartgateError`` subclass mapped from the refusal code, naming the failing field.
    """
    if len(body) > rules.max_request_bytes:
        raise refusal("too_large", "body")
    try:
        env = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise refusal("malformed", "body") from None
    if not isinstance(env, dict) or set(env) != _ENVELOPE_FIELDS:
        raise refusal("malformed", "body")
    version, action, ts, nonce, mode = env["v"], env["action"], env["ts"], env["nonce"], env["mode"]
    for name, ok in (
        ("v", type(version) is int),
        ("action", isinstance(action, str) and _ACTION_RE.fullmatch(action)),
        ("ts", type(ts) is int),
        ("nonce", isinstance(nonce, str) and _NONCE_RE.fullmatch(nonce)),
        ("mode", mode in MODES),
        ("hmac", isinstance(env["hmac"], str) and _HEX64_RE.fullmatch(env["hmac"])),
    ):
        if not ok:
            raise refusal("malformed", name)
    payload = _strict_b64(env["payload"], "payload")
    signature = _strict_b64(env["sig"], "sig")
    if not rules.min_version <= version <= rules.max_version:
        raise refusal("unsupported_version", "v")
    if now - ts > rules.max_past_seconds or ts - now > rules.max_future_seconds:
        raise refusal("stale", "ts")
    canon = canonical_string(version, action, ts, nonce, mode, payload)
    expected = hmac.new(bridge.hmac_key, canon, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, env["hmac"]):
        raise refusal("bad_hmac", "hmac")
    try:
        bridge.public_key.verify(signature, canon, _PKCS1, hashes.SHA256())
    except InvalidSignature:
        raise refusal("bad_signature", "sig") from None
    if mode == "plain" and not allow_plain:
        raise refusal("downgrade", "mode")
    if not remember_nonce(nonce, ts):
        raise refusal("replayed", "nonce")
    plaintext = payload
    if mode != "plain":
        try:
            aad = _request_aad(version, action, ts, nonce)
            plaintext = AESGCM(bridge.request_encryption).decrypt(payload[:12], payload[12:], aad)
        except (InvalidTag, ValueError):
            raise refusal("bad_payload", "payload") from None
    try:
        params = orjson.loads(plaintext)
    except orjson.JSONDecodeError:
        raise refusal("bad_payload", "payload") from None
    if not isinstance(params, dict):
        raise refusal("bad_payload", "payload")
    return IncomingRequest(version, action, ts, nonce, mode, params)


def seal_response(
    result: object,
    request: IncomingRequest,
    bridge: BridgeSecrets,
    *,
    response_key: bytes,
    iv: bytes,
    status: int = 0,
    zlib_level: int = 1,
) -> bytes:
    """The bridge's response: zlib, then AES-256-GCM under ``response_key`` wrapped with RSA-OAEP.

    In ``rsa-chunked`` mode the compressed bytes are RSA-OAEP encrypted in 214-byte chunks instead.
    """
    compressed = zlib.compress(orjson.dumps(result), zlib_level)
    context = _response_context(request.nonce, request.action)
    wrapped = b""
    if request.mode == "aead":
        wrapped = bridge.public_key.encrypt(response_key, _OAEP)
        body = iv + AESGCM(response_key).encrypt(iv, compressed, context)
    elif request.mode == "rsa-chunked":
        chunks = (compressed[i : i + _CHUNK] for i in range(0, len(compressed), _CHUNK))
        body = b"".join(bridge.public_key.encrypt(chunk, _OAEP) for chunk in chunks)
    else:
        body = compressed
    head = _HEADER.pack(_MAGIC, MODES[request.mode], status, len(wrapped)) + wrapped + body
    mac = hmac.new(bridge.response_mac, context + b"\n" + head, hashlib.sha256).digest()
    return head + mac


def open_response(
    body: bytes,
    sent: OutgoingRequest,
    store: StoreSecrets,
    *,
    rules: Rules = RULES,
) -> tuple[int, Any]:
    """Check the MAC (bound to ``sent``'s nonce and action), unwrap, decrypt, inflate and parse.

    Returns ``(status, result)``: status 0 is a result, 1 an error the bridge reported after
    authentication. Raises ``BridgeProtocolError`` (field named) for anything that does not verify.
    """
    if len(body) > rules.max_response_bytes:
        raise BridgeProtocolError("Bridge response is too large", field="response")
    if len(body) < _HEADER.size + _MAC_LEN:
        raise BridgeProtocolError("Bridge response is truncated", field="response")
    magic, mode_byte, status, wrapped_len = _HEADER.unpack_from(body)
    if magic != _MAGIC:
        raise BridgeProtocolError("Bridge response is not a protocol v1 response", field="magic")
    context = _response_context(sent.nonce, sent.action)
    head, mac = body[:-_MAC_LEN], body[-_MAC_LEN:]
    expected = hmac.new(store.response_mac, context + b"\n" + head, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, mac):
        raise BridgeProtocolError("Bridge response does not match this request", field="mac")
    if mode_byte != MODES[sent.mode] or status not in (0, 1):
        raise BridgeProtocolError("Bridge response mode does not match the request", field="mode")
    start = _HEADER.size + wrapped_len
    wrapped, sealed = head[_HEADER.size : start], head[start:]
    try:
        if sent.mode == "aead":
            key = store.private_key.decrypt(wrapped, _OAEP)
            compressed = AESGCM(key).decrypt(sealed[:12], sealed[12:], context)
        elif sent.mode == "rsa-chunked":
            compressed = _open_chunks(sealed, store.private_key)
        else:
            compressed = sealed
        inflater = zlib.decompressobj()
        plaintext = inflater.decompress(compressed, rules.max_plaintext_bytes)
        if inflater.unconsumed_tail:
            raise BridgeProtocolError("Bridge response inflates too far", field="response")
        return status, orjson.loads(plaintext)
    except CartgateError:
        raise
    except (InvalidTag, ValueError, zlib.error):  # orjson.JSONDecodeError is a ValueError
        raise BridgeProtocolError("Bridge response could not be opened", field="body") from None


def _open_chunks(sealed: bytes, private_key: rsa.RSAPrivateKey) -> bytes:
    """API2Cart-style responses: RSA-OAEP blocks of the key's size, concatenated."""
    block = private_key.key_size // 8
    if len(sealed) % block:
        raise BridgeProtocolError("Chunked RSA response has a partial block", field="body")
    return b"".join(private_key.decrypt(sealed[i : i + block], _OAEP) for i in range(0, len(sealed), block))
