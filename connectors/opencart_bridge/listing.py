"""Filters and keyset pages, written once for every OpenCart list: params -> WHERE, cursor -> (time, id).

A list's first page runs with ``COUNT(*) OVER ()`` so its total costs no extra query; later pages
carry the total and the last ``(sort value, id)`` in the cursor state and read ``> (?, ?)``.
Filters the shop's schema cannot answer are refused (120) naming the parameter, never ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from pydantic import BaseModel

from connectors.model.params.common import split_ids
from gateway.errors import InvalidCursor, InvalidParameter, NotSupported

__all__ = ["Column", "Where", "keyset_clause", "next_state", "sql_time"]

# Parameters every list takes that never filter rows (handled by the gateway or by paging).
_NEUTRAL: Final = frozenset({"params", "exclude", "response_fields", "start", "count", "page_cursor",
                             "sort_direction", "sort_by", "idempotency_key"})  # fmt: skip


def sql_time(moment: datetime) -> str:
    """A filter time as the shop's DATETIME text (UTC; the shop's clock is taken as UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _ids(value: Any, name: str) -> list[int]:
    try:
        return [int(part) for part in split_ids(str(value))]
    except ValueError:
        raise InvalidParameter(f"Parameter '{name}' must hold numeric OpenCart ids", field=name) from None


# How one parameter becomes SQL: ("column", kind) where kind is "after", "to", "ids", "eq", "gt".
Column = tuple[str, str]


@dataclass
class Where:
    """WHERE parts and their arguments for one list's parameters."""

    parts: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    @classmethod
    def of(cls, params: BaseModel, columns: Mapping[str, Column | None], base: str = "1 = 1") -> Where:
        """``columns`` maps each parameter this list answers to its column and comparison.

        A parameter mapped to None is known but the schema cannot answer it. Raises NotSupported (120)
        naming the first parameter given that the shop cannot filter on, InvalidParameter (109) for
        ids that are not numbers.
        """
        where = cls([base], [])
        for name in sorted(params.model_fields_set):
            value = getattr(params, name)
            if name in _NEUTRAL or value is None or (name == "store_id" and str(value) == "0"):
                continue
            if name not in columns or columns[name] is None:
                raise NotSupported(f"OpenCart cannot filter this list by '{name}'", field=name)
            column, kind = columns[name]  # type: ignore[misc]
            where.add(column, kind, value, name)
        return where

    def add(self, column: str, kind: str, value: Any, name: str) -> None:
        """One condition. Raises InvalidParameter for non-numeric ids."""
        if kind == "after":
            self.parts.append(f"{column} > ?")
            self.args.append(sql_time(value))
        elif kind == "to":
            self.parts.append(f"{column} <= ?")
            self.args.append(sql_time(value))
        elif kind == "ids":
            ids = _ids(value, name)
            self.parts.append(f"{column} IN (" + ", ".join("?" for _ in ids) + ")")
            self.args.extend(ids)
        elif kind == "not_ids":
            ids = _ids(value, name)
            self.parts.append(f"{column} NOT IN (" + ", ".join("?" for _ in ids) + ")")
            self.args.extend(ids)
        elif kind == "gt":
            self.parts.append(f"{column} > ?")
            self.args.append(_ids(value, name)[0])
        elif kind == "eq_id":
            self.parts.append(f"{column} = ?")
            self.args.append(_ids(value, name)[0])
        elif kind == "sub_id":  # column is a condition with one ``?`` taking a numeric id
            self.parts.append(column)
            self.args.append(_ids(value, name)[0])
        elif kind == "sub_text":  # column is a condition with one ``?`` taking text
            self.parts.append(column)
            self.args.append(str(value))
        else:  # "eq": text
            self.parts.append(f"{column} = ?")
            self.args.append(str(value))

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts)


def keyset_clause(state: Mapping[str, Any] | None, id_column: str, time_column: str | None) -> tuple[str, list[Any]]:
    """The ``AND (...) > (...)`` of a later page. Raises InvalidCursor (119) for another list's state."""
    if state is None:
        return "", []
    last = state.get("id")
    if not isinstance(last, int) or (time_column is not None) != isinstance(state.get("t"), str):
        raise InvalidCursor("Parameter 'page_cursor' is not a cursor of this list", field="page_cursor")
    if time_column is None:
        return f" AND {id_column} > ?", [last]
    moment = state["t"]
    return f" AND ({time_column} > ? OR ({time_column} = ? AND {id_column} > ?))", [moment, moment, last]


def next_state(rows: list[dict[str, Any]], limit: int, total: int, id_key: str,
               time_key: str | None = None, fmt: Callable[[Any], str] = str) -> dict[str, Any] | None:  # fmt: skip
    """The cursor state after a page of ``limit + 1`` fetched rows, or None on the last page."""
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    state: dict[str, Any] = {"id": int(last[id_key]), "total": total}
    if time_key is not None:
        state["t"] = fmt(last[time_key])
    return state
