"""Filters, counts and keyset pages over indexed rows: the Demo platform's read logic, storage-free.

A ``Row`` is one entity with the values its filters and sorts need; ``select`` / ``count`` run a
``Query`` over any iterable of rows, so an in-memory store and tests share this code, and a SQL
store can translate the same ``Query`` into one keyset statement. Pages are keyset pages: the
next page starts strictly after the (sort value, id) of the last row handed out, so rows added
or changed during a walk never make a page repeat or skip an unchanged row. The state put in a
cursor is plain JSON (the gateway signs it).

Time windows are half-open, inclusive at the right end: ``from < t <= to``, so consecutive
windows (a, b], (b, c] never share a row. Ties in sort values are broken by id (natural order:
numeric ids by value, then other ids as text).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from gateway.errors import InvalidCursor

__all__ = [
    "Direction",
    "Query",
    "Row",
    "SortValue",
    "Window",
    "count",
    "id_order",
    "select",
]

SortValue = str | int | Decimal | datetime | None
Direction = Literal["asc", "desc"]


def id_order(ident: str) -> tuple[int, int, str]:
    """Natural order of ids: numeric ids by value first, then the others as text."""
    if ident.isdigit():
        return (0, int(ident), "")
    return (1, 0, ident)


@dataclass(frozen=True, slots=True)
class Row:
    """One entity: id, times, filter keys (each may hold several values), texts for find, the document."""

    id: str
    created_at: datetime
    modified_at: datetime
    keys: Mapping[str, tuple[str, ...]]
    sort: Mapping[str, SortValue]
    text: Mapping[str, str]
    doc: Any


@dataclass(frozen=True, slots=True)
class Window:
    """``lower < t <= upper``; an open end is None."""

    lower: datetime | None = None
    upper: datetime | None = None

    def contains(self, moment: datetime) -> bool:
        if self.lower is not None and moment <= self.lower:
            return False
        return self.upper is None or moment <= self.upper


@dataclass(frozen=True, slots=True)
class Query:
    """What a list/count asks for. ``equals`` keeps rows having ANY of the values under EVERY key."""

    equals: Mapping[str, frozenset[str]] = field(default_factory=dict)
    created: Window = field(default_factory=Window)
    modified: Window = field(default_factory=Window)
    find: tuple[tuple[str, ...], str, bool] | None = None  # (text fields, value, whole words only)
    since_id: str | None = None
    exclude_ids: frozenset[str] = frozenset()
    sort_by: str = "id"
    direction: Direction = "asc"


def matches(row: Row, query: Query) -> bool:
    """True when ``row`` passes every filter of ``query``."""
    for key, wanted in query.equals.items():
        if not wanted.intersection(row.keys.get(key, ())):
            return False
    if not query.created.contains(row.created_at) or not query.modified.contains(row.modified_at):
        return False
    if query.since_id is not None and id_order(row.id) <= id_order(query.since_id):
        return False
    if row.id in query.exclude_ids:
        return False
    if query.find is not None:
        fields, value, whole_words = query.find
        needle = value.casefold()
        texts = [row.text.get(name, "").casefold() for name in fields]
        if whole_words:
            pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
            if not any(pattern.search(text) for text in texts):
                return False
        elif not any(needle in text for text in texts):
            return False
    return True


def count(rows: Iterable[Row], query: Query) -> int:
    """How many rows pass the filters (paging ignored)."""
    return sum(1 for row in rows if matches(row, query))


# -- keyset -----------------------------------------------------------------------------------

_Comparable = tuple[int, Any]


def _comparable(value: SortValue) -> _Comparable:
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, Decimal(int(value)))
    if isinstance(value, int | Decimal):
        return (1, Decimal(value))
    if isinstance(value, datetime):
        return (2, value.astimezone(UTC))
    return (3, value.casefold())


def _encode(value: SortValue) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return ["t", value.astimezone(UTC).isoformat()]
    if isinstance(value, int | Decimal):
        return ["n", str(value)]
    return ["s", value]


def _decode(encoded: object) -> SortValue:
    if encoded is None:
        return None
    if not (isinstance(encoded, list) and len(encoded) == 2 and all(isinstance(part, str) for part in encoded)):
        raise InvalidCursor("Parameter 'page_cursor' is not a cursor of this list", field="page_cursor")
    kind, text = encoded
    try:
        if kind == "t":
            return datetime.fromisoformat(text)
        if kind == "n":
            return Decimal(text)
    except (ValueError, InvalidOperation):
        raise InvalidCursor("Parameter 'page_cursor' is not a cursor of this list", field="page_cursor") from None
    if kind == "s":
        return str(text)
    raise InvalidCursor("Parameter 'page_cursor' is not a cursor of this list", field="page_cursor")


def _position(row: Row, sort_by: str) -> tuple[_Comparable, tuple[int, int, str]]:
    return _comparable(row.sort.get(sort_by)), id_order(row.id)


def _after_state(query: Query, state: Mapping[str, Any]) -> tuple[_Comparable, tuple[int, int, str]]:
    """The position a cursor state points after. Raises InvalidCursor (119) for another list's state."""
    if state.get("by") != query.sort_by or state.get("dir") != query.direction or not isinstance(state.get("id"), str):
        raise InvalidCursor("Parameter 'page_cursor' belongs to another sort order", field="page_cursor")
    return _comparable(_decode(state.get("v"))), id_order(state["id"])


def select(
    rows: Iterable[Row], query: Query, *, limit: int, start: int = 0, after: Mapping[str, Any] | None = None
) -> tuple[list[Row], dict[str, Any] | None]:
    """One page of the rows passing ``query``, in its order, and the state of the next page (None at the end).

    With ``after`` (a state this function returned) the page starts strictly after that row and
    ``start`` is ignored; without it, ``start`` rows are skipped. Raises InvalidCursor (119) for a
    state of another sort order, ValueError for a limit below 1 or a negative start.
    """
    if limit < 1 or start < 0:
        raise ValueError("limit must be at least 1 and start not negative")
    descending = query.direction == "desc"
    boundary = _after_state(query, after) if after is not None else None
    candidates = []
    for row in rows:
        if not matches(row, query):
            continue
        position = _position(row, query.sort_by)
        if boundary is not None and (position <= boundary if not descending else position >= boundary):
            continue
        candidates.append((position, row))
    wanted = (0 if boundary is not None else start) + limit + 1
    if descending:
        chosen = heapq.nlargest(wanted, candidates, key=lambda pair: pair[0])
    else:
        chosen = heapq.nsmallest(wanted, candidates, key=lambda pair: pair[0])
    window = chosen[(0 if boundary is not None else start) :]
    page = [row for _, row in window[:limit]]
    if len(window) <= limit or not page:
        return page, None
    last = page[-1]
    state = {"by": query.sort_by, "dir": query.direction, "v": _encode(last.sort.get(query.sort_by)), "id": last.id}
    return page, state
