"""Run SQL against the local MariaDB through the ``mariadb`` client (fast for big scripts, no driver needed).

Databases made here are named ``cg_oc_<random>``; only those may be dropped by this module.
"""

from __future__ import annotations

import datetime as dt
import secrets
import subprocess
from collections.abc import Sequence
from decimal import Decimal

CLIENT = ["mariadb", "-uroot", "-h127.0.0.1", "-P3306", "--batch", "--skip-column-names",
          "--default-character-set=utf8mb4"]
DB_PREFIX = "cg_oc_"


class MariaDBError(RuntimeError):
    """The mariadb client exited with an error (its stderr is the message)."""


def run_sql(script: str, database: str | None = None, timeout: float = 300) -> str:
    """Feed ``script`` to the mariadb client on stdin; returns its tab-separated output.

    Raises MariaDBError if the client fails (the first failing statement stops the script).
    """
    args = [*CLIENT, *([database] if database else [])]
    done = subprocess.run(args, input=script.encode(), capture_output=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise MariaDBError(done.stderr.decode(errors="replace").strip())
    return done.stdout.decode()


def rows(query: str, database: str) -> list[list[str]]:
    """The result of one query as rows of strings (NULL comes back as the string ``NULL``)."""
    out = run_sql(query, database)
    return [line.split("\t") for line in out.splitlines()]


def scalar(query: str, database: str) -> str:
    """The single value a query returns."""
    result = rows(query, database)
    assert len(result) == 1 and len(result[0]) == 1, f"expected one value, got {result!r}"
    return result[0][0]


def new_database_name(tag: str) -> str:
    """A fresh database name under this area's prefix, e.g. ``cg_oc_oc3_1a2b3c4d``."""
    return f"{DB_PREFIX}{tag}_{secrets.token_hex(4)}"


def create_database(name: str) -> None:
    """Create an empty utf8mb4 database (raises MariaDBError if it exists)."""
    _check_name(name)
    run_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")


def drop_database(name: str) -> None:
    """Drop one of our own databases; refuses names outside the ``cg_oc_`` prefix."""
    _check_name(name)
    run_sql(f"DROP DATABASE IF EXISTS `{name}`")


def _check_name(name: str) -> None:
    if not name.startswith(DB_PREFIX) or not name.replace("_", "").isalnum():
        raise ValueError(f"not a {DB_PREFIX} database name: {name!r}")


def literal(value: object) -> str:
    """``value`` as a MariaDB SQL literal (default sql_mode: backslash escapes are on)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return "'" + value.strftime("%Y-%m-%d %H:%M:%S") + "'"
    if isinstance(value, dt.date):
        return "'" + value.isoformat() + "'"
    text = str(value)
    text = (text.replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\0")
            .replace("\n", "\\n").replace("\r", "\\r").replace("\x1a", "\\Z"))
    return "'" + text + "'"


def insert_sql(table: str, columns: Sequence[str], values: Sequence[Sequence[object]], batch: int = 1000) -> str:
    """Multi-row ``INSERT`` statements for ``values`` (``batch`` rows each), as one script."""
    if not values:
        return ""
    head = f"INSERT INTO `{table}` (" + ", ".join(f"`{c}`" for c in columns) + ") VALUES\n"
    parts = []
    for start in range(0, len(values), batch):
        chunk = values[start:start + batch]
        parts.append(head + ",\n".join("(" + ", ".join(literal(v) for v in row) + ")" for row in chunk) + ";\n")
    return "".join(parts)


def new_rows() -> list[tuple[object, ...]]:
    """An empty list of rows for insert_sql (typed, so mixed rows per version type-check)."""
    return []
