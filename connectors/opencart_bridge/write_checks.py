"""What OpenCart category/customer writes share: the reads that decide refusals, and multi-row INSERTs.

3.x tables are MyISAM, where a batch's rollback undoes nothing, so a write must be refused (with a
code naming the parameter) before anything is sent; these helpers are those checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from connectors.model.params.common import split_ids
from connectors.opencart_bridge.shop import Shop, is_id
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotSupported

__all__ = ["COMMON_FIELDS", "check_length", "in_list", "insert_rows", "languages", "marks", "numeric_id", "one_row",
           "refuse_unsupported", "store_ids"]  # fmt: skip

_ROWS_PER_INSERT = 300

# Parameters every write takes that are not record fields.
COMMON_FIELDS = frozenset({"params", "exclude", "response_fields", "idempotency_key"})


def refuse_unsupported(params: Any, allowed: frozenset[str]) -> None:
    """Raises NotSupported (120) naming the first given field OpenCart cannot keep."""
    for name in sorted(params.model_fields_set - allowed - COMMON_FIELDS):
        if getattr(params, name) not in (None, False, []):
            raise NotSupported(f"OpenCart cannot write '{name}' with this method", field=name)


def numeric_id(value: Any, name: str) -> int:
    """An OpenCart id. Raises InvalidParameter (109) naming ``name`` for anything but digits."""
    if not is_id(value):
        raise InvalidParameter(f"Parameter '{name}' must be a numeric OpenCart id", field=name)
    return int(value)


def check_length(value: str | None, limit: int, name: str) -> None:
    """Raises InvalidParameter (109) when ``value`` does not fit the column (``limit`` characters)."""
    if value is not None and len(value) > limit:
        raise InvalidParameter(f"Parameter '{name}' is longer than OpenCart keeps ({limit} characters)", field=name)


async def one_row(shop: Shop, sql: str, args: list[Any]) -> dict[str, Any] | None:
    """The first row of a query, or None."""
    rows, _ = await shop.bridge.query_dicts(sql, args, limit=1)
    return rows[0] if rows else None


async def languages(shop: Shop, lang_id: str | None) -> tuple[list[int], int]:
    """(every language id of the shop, the one a write's text is in: ``lang_id`` or the default).

    Raises InvalidParameter (109) for a ``lang_id`` the shop does not have.
    """
    rows, _ = await shop.bridge.query_dicts("SELECT language_id FROM {table_prefix}language ORDER BY language_id",
                                            limit=1000)  # fmt: skip
    every = [int(row["language_id"]) for row in rows]
    chosen = shop.language_id if lang_id is None else numeric_id(lang_id, "lang_id")
    if chosen not in every:
        raise InvalidParameter("Parameter 'lang_id' is not a language of this shop", field="lang_id")
    return every, chosen


async def store_ids(shop: Shop, store_id: str | None, stores_ids: str | None) -> list[int] | None:
    """The stores a write names (``store_id`` plus ``stores_ids``), or None when it names none.

    Raises InvalidParameter (109) for a store the shop does not have (0 is the default store).
    """
    named = [*([store_id] if store_id is not None else []), *split_ids(stores_ids)]
    if not named:
        return None
    field = "stores_ids" if stores_ids else "store_id"
    wanted = sorted({numeric_id(one, field) for one in named})
    rows, _ = await shop.bridge.query_dicts("SELECT store_id FROM {table_prefix}store", limit=1000)
    known = {0, *(int(row["store_id"]) for row in rows)}
    if unknown := [one for one in wanted if one not in known]:
        raise InvalidParameter(f"Parameter '{field}' names an unknown store ({unknown[0]})", field=field)
    return wanted


def marks(values: Iterable[Any]) -> str:
    """``(?, ?, ?)`` for an IN list of ``values``."""
    return "(" + ", ".join("?" for _ in values) + ")"


def insert_rows(head: str, rows: list[list[Any]], row_sql: str) -> list[Statement]:
    """``head`` + ``row_sql`` once per row, as INSERTs of at most 300 rows (a batch holds 1,000 statements)."""
    statements = []
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start:start + _ROWS_PER_INSERT]
        statements.append(Statement(head + ", ".join(row_sql for _ in chunk), [v for row in chunk for v in row]))
    return statements


def in_list(sql: str, values: list[Any], before: list[Any] | None = None) -> Statement:
    """``sql`` ending in ``IN`` completed with one ``?`` per value (``before``: arguments of earlier marks)."""
    return Statement(sql + " " + marks(values), [*(before or []), *values])
