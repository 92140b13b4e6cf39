"""Secrets at rest: AES-256-GCM under a master key ring with key ids, so keys can rotate.

Ciphertexts read ``cg1.<kid>.<base64url(nonce || ciphertext+tag)>``; the key id says which master
key opened it, so after ``cartgate secrets rotate`` old rows still open until they are re-encrypted.
Every ciphertext is bound to its row by associated data (e.g. ``b"store:42"``), so a blob copied
into another row does not open.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from gateway.errors import CartgateError

__all__ = ["KeyRing", "SecretError"]

_PREFIX = "cg1"


class SecretError(CartgateError):
    """A stored secret could not be opened (wrong or missing master key); code 9, no detail leaks."""


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _kid(key: bytes) -> str:
    return hashlib.sha256(b"cartgate-kid" + key).hexdigest()[:12]


def _key_from_text(text: str) -> bytes:
    """A 32-byte base64 key is used as is; any other passphrase is stretched with HKDF."""
    text = text.strip()
    try:
        raw = _b64d(text)
        if len(raw) == 32:
            return raw
    except ValueError:
        pass
    return HKDF(hashes.SHA256(), 32, salt=b"cartgate-master", info=b"passphrase").derive(text.encode())


@functools.lru_cache(maxsize=64)
def _derive(master: bytes, purpose: str) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=b"cartgate-derive", info=purpose.encode()).derive(master)


@dataclass(frozen=True, slots=True)
class KeyRing:
    """Master keys by id; ``active`` encrypts, every key decrypts."""

    active: str
    keys: dict[str, bytes]

    @classmethod
    def generate(cls) -> KeyRing:
        key = secrets.token_bytes(32)
        return cls(active=_kid(key), keys={_kid(key): key})

    @classmethod
    def from_text(cls, text: str) -> KeyRing:
        """``CARTGATE_SECRET_KEY``: one key, or several separated by commas, the first active."""
        keys = [_key_from_text(part) for part in text.split(",") if part.strip()]
        if not keys:
            raise SecretError("CARTGATE_SECRET_KEY is empty")
        return cls(active=_kid(keys[0]), keys={_kid(k): k for k in keys})

    @classmethod
    def load_or_create(cls, path: Path) -> KeyRing:
        """Read the key file, creating it (mode 0600) with a fresh key on first start."""
        if path.exists():
            data = json.loads(path.read_text())
            return cls(active=data["active"], keys={k: _b64d(v) for k, v in data["keys"].items()})
        ring = cls.generate()
        ring.save(path)
        return ring

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"active": self.active, "keys": {k: _b64e(v) for k, v in self.keys.items()}})
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(body)
        os.replace(tmp, path)

    def rotated(self) -> KeyRing:
        """A ring with a new active key; the old keys stay so existing rows still open."""
        key = secrets.token_bytes(32)
        return KeyRing(active=_kid(key), keys={**self.keys, _kid(key): key})

    def without_inactive(self) -> KeyRing:
        return KeyRing(active=self.active, keys={self.active: self.keys[self.active]})

    def encrypt(self, plaintext: bytes, aad: bytes) -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext, aad)
        return f"{_PREFIX}.{self.active}.{_b64e(nonce + sealed)}"

    def decrypt(self, token: str, aad: bytes) -> bytes:
        """Open a ciphertext; raises SecretError (no detail) when it cannot be opened."""
        try:
            prefix, kid, body = token.split(".", 2)
            raw = _b64d(body)
            if prefix != _PREFIX or kid not in self.keys:
                raise SecretError("stored secret uses an unknown master key")
            return AESGCM(self.keys[kid]).decrypt(raw[:12], raw[12:], aad)
        except (ValueError, InvalidTag) as exc:
            raise SecretError("stored secret could not be opened") from exc

    def key_id_of(self, token: str) -> str:
        return token.split(".", 2)[1]

    def derive(self, purpose: str, kid: str | None = None) -> bytes:
        """A sub-key for one purpose (cursor signing ...), from the active or the named master key."""
        return _derive(self.keys[kid or self.active], purpose)

    def sign(self, purpose: str, message: bytes) -> str:
        mac = hmac.new(self.derive(purpose), message, hashlib.sha256).digest()
        return f"{self.active}.{_b64e(mac)}"

    def verify(self, purpose: str, message: bytes, signature: str) -> bool:
        kid, _, mac = signature.partition(".")
        if kid not in self.keys:
            return False
        expected = _b64e(hmac.new(self.derive(purpose, kid), message, hashlib.sha256).digest())
        return hmac.compare_digest(expected, mac)
