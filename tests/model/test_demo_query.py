"""The Demo platform's storage-free read logic: filters, counts and keyset pages over rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.demo.query import Query, Row, Window, count, id_order, select
from gateway.errors import InvalidCursor

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def row(ident: str, minutes: int, *, status: str = "pending", price: str = "1.00", name: str = "") -> Row:
    moment = T0 + timedelta(minutes=minutes)
    return Row(
        id=ident, created_at=moment, modified_at=moment, keys={"status": (status,)},
        sort={"id": None, "modified_at": moment, "price": Decimal(price), "name": name or f"item {ident}"},
        text={"name": name or f"item {ident}", "sku": f"SKU-{ident}"}, doc={"id": ident},
    )  # fmt: skip


def walk(rows: list[Row], query: Query, limit: int) -> list[str]:
    seen: list[str] = []
    page, state = select(rows, query, limit=limit)
    seen += [r.id for r in page]
    while state is not None:
        page, state = select(rows, query, limit=limit, after=state)
        seen += [r.id for r in page]
    return seen


def test_ids_sort_naturally() -> None:
    assert sorted(["10", "9", "a", "100", "B"], key=id_order) == ["9", "10", "100", "B", "a"]


def test_windows_are_half_open_and_inclusive_at_the_right_end() -> None:
    rows = [row(str(i), i) for i in range(10)]
    query = Query(modified=Window(lower=T0 + timedelta(minutes=2), upper=T0 + timedelta(minutes=5)))
    assert [r.id for r in select(rows, query, limit=50)[0]] == ["3", "4", "5"]
    assert count(rows, query) == 3


def test_filters_combine_and_find_matches_text() -> None:
    rows = [row("1", 1, status="shipped", name="Linen shirt"), row("2", 2, status="pending", name="Linen towel"),
            row("3", 3, status="shipped", name="Wool coat")]  # fmt: skip
    assert count(rows, Query(equals={"status": frozenset({"shipped"})})) == 2
    assert count(rows, Query(find=(("name",), "linen", False))) == 2
    assert count(rows, Query(find=(("name",), "linen", True))) == 2
    assert count(rows, Query(find=(("name",), "line", True))) == 0
    assert count(rows, Query(find=(("name",), "line", False))) == 2
    assert count(rows, Query(find=(("name", "sku"), "sku-3", True))) == 1
    assert count(rows, Query(since_id="1", exclude_ids=frozenset({"3"}))) == 1


@pytest.mark.parametrize(("sort_by", "direction"), [("id", "asc"), ("id", "desc"), ("modified_at", "asc"),
                                                    ("price", "desc"), ("name", "asc")])  # fmt: skip
def test_a_walk_by_cursor_reaches_every_row_exactly_once(sort_by: str, direction: Any) -> None:
    rows = [row(str(i), i % 7, price=str(i % 3), name=f"n{i % 4}") for i in range(1, 48)]
    query = Query(sort_by=sort_by, direction=direction)
    seen = walk(rows, query, limit=5)
    assert sorted(seen, key=id_order) == [str(i) for i in range(1, 48)]
    assert len(seen) == len(set(seen))


def test_offset_pages_and_cursor_pages_agree() -> None:
    rows = [row(str(i), i) for i in range(1, 31)]
    first, state = select(rows, Query(), limit=10)
    assert [r.id for r in first] == [str(i) for i in range(1, 11)]
    by_offset, _ = select(rows, Query(), limit=10, start=10)
    assert state is not None
    by_cursor, _ = select(rows, Query(), limit=10, after=state)
    assert [r.id for r in by_offset] == [r.id for r in by_cursor] == [str(i) for i in range(11, 21)]
    last, end = select(rows, Query(), limit=10, start=20)
    assert len(last) == 10 and end is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=40), st.integers(1, 6),
       st.lists(st.integers(min_value=0, max_value=25), max_size=10))  # fmt: skip
def test_rows_added_during_a_walk_never_make_an_old_row_repeat_or_vanish(
    minutes: list[int], limit: int, added: list[int]
) -> None:
    rows = [row(str(i), m) for i, m in enumerate(minutes, start=1)]
    query = Query(sort_by="modified_at")
    seen: list[str] = []
    page, state = select(rows, query, limit=limit)
    seen += [r.id for r in page]
    extra = iter(added)
    while state is not None:
        new = next(extra, None)
        if new is not None:
            rows.append(row(f"new{len(rows)}", new))
        page, state = select(rows, query, limit=limit, after=state)
        seen += [r.id for r in page]
    assert len(seen) == len(set(seen))
    assert {str(i) for i in range(1, len(minutes) + 1)} <= set(seen)


def test_a_cursor_of_another_sort_order_is_refused() -> None:
    rows = [row(str(i), i) for i in range(1, 6)]
    _, state = select(rows, Query(sort_by="modified_at"), limit=2)
    assert state is not None
    with pytest.raises(InvalidCursor) as caught:
        select(rows, Query(sort_by="id"), limit=2, after=state)
    assert caught.value.return_code == 119
    for forged in ({**state, "v": ["t", "not a time"]}, {**state, "v": ["x", "1"]}, {**state, "id": 5}):
        with pytest.raises(InvalidCursor):
            select(rows, Query(sort_by="modified_at"), limit=2, after=forged)


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="limit"):
        select([], Query(), limit=0)
