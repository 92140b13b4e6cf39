"""Build a store's bridge: ``config.php`` filled from the template, and the ``bridge.zip`` download.

The zip holds ``bridge2cart/bridge.php``, ``bridge2cart/config.php`` and an ``index.html`` guard,
exactly what the store owner uploads to the shop's root (or what the FTP uploader puts there).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Final

from gateway.errors import InvalidParameter

__all__ = ["BRIDGE_DIR", "bridge_files", "bridge_zip", "render_config"]

BRIDGE_DIR: Final = Path(__file__).resolve().parents[2] / "bridge_plugin" / "bridge2cart"
_PREFIX_RE: Final = re.compile(r"[A-Za-z0-9_]{0,64}")
_STORE_KEY_RE: Final = re.compile(r"[0-9a-f]{32}")


def _php_string(value: str) -> str:
    """A single-quoted PHP literal: only backslash and quote need escaping there."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def render_config(
    store_key: str,
    public_key_pem: str,
    *,
    store_root: str = "",
    db_tables_prefix: str | None = None,
    allow_plain: bool = False,
) -> str:
    """``config.php`` for one store. Raises ``InvalidParameter`` naming a malformed value."""
    if not _STORE_KEY_RE.fullmatch(store_key):
        raise InvalidParameter("store_key must be 32 lowercase hex characters", field="store_key")
    if not public_key_pem.startswith("-----BEGIN PUBLIC KEY-----"):
        raise InvalidParameter("public key must be an SPKI PEM", field="public_key")
    if db_tables_prefix is not None and not _PREFIX_RE.fullmatch(db_tables_prefix):
        raise InvalidParameter("db_tables_prefix may hold letters, digits and _ only", field="db_tables_prefix")
    if "\0" in store_root or "\n" in store_root:
        raise InvalidParameter("store_root is not a path", field="store_root")
    template = (BRIDGE_DIR / "config.php").read_text()
    replacements = {
        "'{{STORE_KEY}}'": _php_string(store_key),
        "'{{PUBLIC_KEY}}'": _php_string(public_key_pem),
        "'{{STORE_ROOT}}'": _php_string(store_root),
        "null /* DB_TABLES_PREFIX */": "null" if db_tables_prefix is None else _php_string(db_tables_prefix),
        "false /* ALLOW_PLAIN */": "true" if allow_plain else "false",
    }
    for placeholder, value in replacements.items():
        if placeholder not in template:
            raise RuntimeError(f"config.php template lost its {placeholder} placeholder")
        template = template.replace(placeholder, value)
    return template


def bridge_files(config_php: str) -> dict[str, bytes]:
    """The files of ``bridge2cart/`` by relative path, with this store's config."""
    return {
        "bridge2cart/bridge.php": (BRIDGE_DIR / "bridge.php").read_bytes(),
        "bridge2cart/config.php": config_php.encode(),
        "bridge2cart/index.html": b"",
    }


def bridge_zip(config_php: str) -> bytes:
    """``bridge.zip`` (deflated) holding ``bridge2cart/`` with this store's config."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in bridge_files(config_php).items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16  # rw-r--r--, as the FAQ asks for bridge.php
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
