"""Customer password hashes OpenCart accepts at login: 3.x's salted SHA-1, 4.x a crypt() hash.

3.x (``system/library/cart/customer.php``) logs in with ``password = SHA1(salt . SHA1(salt . SHA1(pw)))``
where ``pw`` is the form value after OpenCart's Request class encoded it (``& < > "`` as entities) and
``salt`` is ``token(9)``, 9 letters/digits. 4.x logs in with PHP's ``password_verify``, which checks any
``crypt()`` format; admin writes bcrypt. Python has no bcrypt in the standard library, so 4.x gets
SHA-512 crypt (``$6$rounds=…$``, glibc's format, which PHP's crypt() implements itself), and 4.x's
``login`` re-hashes it with ``password_hash`` at the customer's first login (``password_needs_rehash``).
"""

from __future__ import annotations

import hashlib
import secrets
import string
from typing import Final

__all__ = ["opencart3_password", "sha512_crypt"]

_TOKEN: Final = string.ascii_letters + string.digits
_ITOA64: Final = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
ROUNDS: Final = 100_000  # above glibc's default 5,000; about a tenth of a second here (run off the event loop)


def opencart3_password(password: str, salt: str | None = None) -> tuple[str, str]:
    """(salt, password column) as 3.x's ``addCustomer`` writes them for a password typed into its form."""
    salt = salt if salt is not None else "".join(secrets.choice(_TOKEN) for _ in range(9))
    encoded = password.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    def sha1(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - OpenCart 3's own scheme, required to log in

    return salt, sha1(salt + sha1(salt + sha1(encoded)))


def _repeat(block: bytes, length: int) -> bytes:
    return (block * (length // len(block) + 1))[:length]


def sha512_crypt(password: str, salt: str | None = None, rounds: int = ROUNDS) -> str:
    """``crypt(password, '$6$rounds=N$salt')`` (Ulrich Drepper's SHA-crypt specification, SHA-512)."""
    secret = password.encode()
    salt_bytes = (salt if salt is not None else "".join(secrets.choice(_ITOA64) for _ in range(16))).encode()[:16]
    alternate = hashlib.sha512(secret + salt_bytes + secret).digest()
    first = hashlib.sha512(secret + salt_bytes + _repeat(alternate, len(secret)))
    length = len(secret)
    while length:
        first.update(alternate if length & 1 else secret)
        length >>= 1
    digest = first.digest()
    p_bytes = _repeat(hashlib.sha512(secret * len(secret)).digest(), len(secret)) if secret else b""
    s_bytes = _repeat(hashlib.sha512(salt_bytes * (16 + digest[0])).digest(), len(salt_bytes)) if salt_bytes else b""
    for round_number in range(rounds):
        step = hashlib.sha512(p_bytes if round_number & 1 else digest)
        if round_number % 3:
            step.update(s_bytes)
        if round_number % 7:
            step.update(p_bytes)
        step.update(digest if round_number & 1 else p_bytes)
        digest = step.digest()
    out = []
    for k in range(21):
        triple = (k, k + 21, k + 42)
        b2, b1, b0 = (digest[triple[(k + i) % 3]] for i in range(3))  # the specification's byte order
        out.append(_b64((b2 << 16) | (b1 << 8) | b0, 4))
    out.append(_b64(digest[63], 2))
    head = "$6$" if rounds == 5000 else f"$6$rounds={rounds}$"
    return f"{head}{salt_bytes.decode()}${''.join(out)}"


def _b64(value: int, count: int) -> str:
    chars = []
    for _ in range(count):
        chars.append(_ITOA64[value & 0x3F])
        value >>= 6
    return "".join(chars)
