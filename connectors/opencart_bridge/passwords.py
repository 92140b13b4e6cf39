"""Customer password hashes OpenCart accepts at login: 3.x's salted SHA-1, 4.x PHP's bcrypt.

3.x (``system/library/cart/customer.php``) logs in with ``password = SHA1(salt . SHA1(salt . SHA1(pw)))``
where ``pw`` is the form value after OpenCart's Request class encoded it (``& < > "`` as entities) and
``salt`` is ``token(9)``, 9 letters/digits. 4.x's admin writes ``password_hash($pw, PASSWORD_DEFAULT)``
(bcrypt, cost 10, PHP's ``$2y$`` prefix) and logs in with ``password_verify``; the ``bcrypt`` package
computes the same hash (``$2b$`` and ``$2y$`` name the same algorithm; PHP writes ``$2y$``).
"""

from __future__ import annotations

import hashlib
import secrets
import string
from typing import Final

import bcrypt

__all__ = ["opencart3_password", "opencart4_password"]

_TOKEN: Final = string.ascii_letters + string.digits
COST: Final = 10  # PHP's PASSWORD_DEFAULT cost; about 0.05-0.1 s here (run off the event loop)
_BCRYPT_BYTES: Final = 72  # bcrypt reads no further; PHP cuts there silently, the bcrypt package refuses more


def opencart3_password(password: str, salt: str | None = None) -> tuple[str, str]:
    """(salt, password column) as 3.x's ``addCustomer`` writes them for a password typed into its form."""
    salt = salt if salt is not None else "".join(secrets.choice(_TOKEN) for _ in range(9))
    encoded = password.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    def sha1(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - OpenCart 3's own scheme, required to log in

    return salt, sha1(salt + sha1(salt + sha1(encoded)))


def opencart4_password(password: str, cost: int = COST) -> str:
    """The password column as 4.x's ``addCustomer`` writes it: ``password_hash($password, PASSWORD_DEFAULT)``."""
    hashed = bcrypt.hashpw(password.encode()[:_BCRYPT_BYTES], bcrypt.gensalt(rounds=cost)).decode()
    return "$2y$" + hashed.removeprefix("$2b$")
