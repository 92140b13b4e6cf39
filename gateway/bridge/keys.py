"""Per-store bridge keys: the RSA-2048 pair a bridge store gets, as PEM text.

The private key is kept with the store's credentials, which the gateway encrypts at rest under its
master ``KeyRing`` (``gateway.storage.repo.set_store_credentials``); the bridge gets only the
public key (in ``config.php``) and the store_key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.bridge.protocol import StoreSecrets
from gateway.errors import BridgeError

__all__ = ["PRIVATE_KEY_FIELD", "new_private_key_pem", "public_pem", "store_secrets"]

RSA_BITS: Final = 2048
PRIVATE_KEY_FIELD: Final = "bridge_private_key"  # in the store's (encrypted) credentials
STORE_KEY_FIELD: Final = "_store_key"  # where the gateway core keeps the raw store key


def new_private_key_pem() -> str:
    """A fresh RSA-2048 private key as PKCS#8 PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def public_pem(key: rsa.RSAPrivateKey) -> str:
    """The SPKI PEM of ``key``'s public half, as PHP's openssl functions read it."""
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def store_secrets(store_key: str, credentials: Mapping[str, object]) -> StoreSecrets:
    """The signing and decryption secrets of a bridge store from its decrypted credentials.

    Raises ``BridgeError`` if the store has no bridge key (it was not prepared by ``cart.bridge``).
    """
    pem = credentials.get(PRIVATE_KEY_FIELD)
    if not isinstance(pem, str):
        raise BridgeError("This store has no bridge key; call cart.bridge first", field="store_key")
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise BridgeError("The store's bridge key is not an RSA key", field="store_key")
    return StoreSecrets(store_key, key)
