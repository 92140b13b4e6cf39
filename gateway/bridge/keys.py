"""Per-store bridge keys: a random store_key and an RSA-2048 pair, the private half sealed at rest.

The gateway keeps ``sealed_private_key`` (AES-256-GCM under the master ``KeyRing``, bound to the
store_key so a sealed key copied to another store does not open); the bridge gets the store_key
and the public key only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.bridge.protocol import StoreSecrets
from gateway.errors import InvalidParameter
from gateway.secrets import KeyRing

__all__ = ["BridgeKeys", "new_bridge_keys", "open_bridge_keys", "public_pem"]

RSA_BITS = 2048


@dataclass(frozen=True)
class BridgeKeys:
    """One store's bridge key material as the gateway stores it."""

    store_key: str
    public_key_pem: str
    sealed_private_key: str = field(repr=False)


def _aad(store_key: str) -> bytes:
    return b"bridge-private-key:" + store_key.encode("ascii")


def public_pem(key: rsa.RSAPrivateKey) -> str:
    """The SPKI PEM of ``key``'s public half, as PHP's openssl functions read it."""
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def new_bridge_keys(ring: KeyRing) -> BridgeKeys:
    """A fresh store_key (32 hex) and RSA-2048 pair; the private key leaves here sealed."""
    store_key = secrets.token_hex(16)
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return BridgeKeys(store_key, public_pem(key), ring.encrypt(der, _aad(store_key)))


def open_bridge_keys(ring: KeyRing, keys: BridgeKeys) -> StoreSecrets:
    """The signing/decryption secrets for a store; raises ``SecretError`` if the seal does not open."""
    key = serialization.load_der_private_key(ring.decrypt(keys.sealed_private_key, _aad(keys.store_key)), None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise InvalidParameter("Stored bridge key is not an RSA key", field="store_key")
    return StoreSecrets(keys.store_key, key)
