"""The connector's draft SQL (tests/shops/opencart_sql.py) runs on both generated shops and means what it says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from tests.shops import opencart_sql as q
from tests.shops.fixtures import OpenCartShop
from tests.shops.mariadb import drop_database, literal, new_database_name, rows, run_sql, scalar
from tests.shops.opencart_schema import Version
from tests.shops.opencart_shop import SHOP_NOW, SHOP_OPENED, build_shop

pytestmark = pytest.mark.mariadb
VERSIONS: list[Version] = ["3", "4"]
DOC = Path(__file__).resolve().parents[2] / "docs" / "platforms" / "opencart-schema.md"


def prepared(sql: str, params: Sequence[object], n: int = 0) -> str:
    """A script running ``sql`` as a server-side prepared statement with ``?`` bound to ``params``."""
    sql = sql.replace("{table_prefix}", "oc_")
    names = [f"@p{n}_{i}" for i in range(len(params))]
    sets = "".join(f"SET {name} = {literal(value)};\n" for name, value in zip(names, params, strict=True))
    using = f" USING {', '.join(names)}" if names else ""
    return f"{sets}PREPARE s{n} FROM {literal(sql)};\nEXECUTE s{n}{using};\nDEALLOCATE PREPARE s{n};\n"


def query(database: str, sql: str, *params: object) -> list[list[str]]:
    return [line.split("\t") for line in run_sql(prepared(sql, params), database).splitlines()]


def batch(database: str, statements: list[tuple[str, tuple[str, ...]]], values: dict[str, object]) -> None:
    script = "".join(prepared(sql, [values[name] for name in names], n) for n, (sql, names) in enumerate(statements))
    run_sql("START TRANSACTION;\n" + script + "COMMIT;\n", database)


@pytest.mark.parametrize("version", VERSIONS)
def test_product_pages_walk_every_product_once(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    db = opencart_shops[version].database
    seen: list[int] = []
    after = 0
    while True:
        page = query(db, q.PRODUCT_PAGE[version], 1, after, 250)
        if not page:
            break
        seen += [int(r[0]) for r in page]
        after = int(page[-1][0])
        assert all(r[14] not in ("", "NULL") for r in page)  # English name
    assert seen == sorted(seen) == list(range(1, 1001))
    first = query(db, q.PRODUCT_PAGE[version], 2, 16, 1)[0]
    assert first[0] == "17" and first[2] == "SKU-000017" and first[14].endswith(" 17")  # German name, same SKU


def test_both_versions_list_the_same_catalogue(opencart_shops: dict[Version, OpenCartShop]) -> None:
    oc3 = query(opencart_shops["3"].database, q.PRODUCT_PAGE["3"], 1, 0, 50)
    oc4 = query(opencart_shops["4"].database, q.PRODUCT_PAGE["4"], 1, 0, 50)
    # Seeds differ per version, so values differ; the shapes and the code columns must not.
    assert [len(r) for r in oc3] == [len(r) for r in oc4]
    assert all(r[2].startswith("SKU-") and len(r[4]) == 13 for r in oc3 + oc4)


@pytest.mark.parametrize("version", VERSIONS)
def test_child_rows_by_page_range(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    db = opencart_shops[version].database
    descriptions = query(db, q.PRODUCT_DESCRIPTIONS, 1, 10)
    assert [(r[0], r[1]) for r in descriptions] == [(str(i), lang) for i in range(1, 11) for lang in ("en-gb", "de-de")]
    variants = query(db, q.PRODUCT_VARIANTS, 1, 1, 1, 1000)
    assert len(variants) == int(scalar("SELECT COUNT(*) FROM oc_product_option_value", db)) > 500
    assert {r[3] for r in variants} == {"Size", "Colour"}
    assert {r[3] for r in query(db, q.PRODUCT_VARIANTS, 2, 2, 1, 1000)} == {"Größe", "Farbe"}
    specials = query(db, q.PRODUCT_SPECIALS[version], 1, 1, 1000)
    assert len(specials) > 50


@pytest.mark.parametrize("version", VERSIONS)
def test_order_pages_carry_totals_that_add_up(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    db = opencart_shops[version].database
    after, seen, discounted = 0, 0, 0
    while page := query(db, q.ORDER_PAGE, 1, after, 500):
        for r in page:
            total, subtotal, shipping, tax, discount, grand, other = (Decimal(r[i]) for i in (9, *range(12, 18)))
            assert subtotal + shipping + tax - discount + other == grand == total
            assert r[6] not in ("", "NULL")
            discounted += discount > 0
        seen += len(page)
        after = int(page[-1][0])
    assert seen == 2000 and discounted > 0


@pytest.mark.parametrize("version", VERSIONS)
def test_order_change_feed_windows_are_half_open_and_tie_safe(opencart_shops: dict[Version, OpenCartShop],
                                                              version: Version) -> None:
    db = opencart_shops[version].database
    start, end = SHOP_OPENED, SHOP_NOW + dt.timedelta(days=365)
    middle = SHOP_OPENED + (SHOP_NOW - SHOP_OPENED) / 2

    def walk(lo: dt.datetime, hi: dt.datetime, limit: int) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        cursor_time, cursor_id = lo - dt.timedelta(seconds=1), 0
        while page := query(db, q.ORDER_CHANGES[version], lo, cursor_time, cursor_time, cursor_id, hi, limit):
            out += [(r[1], int(r[0])) for r in page]
            cursor_time, cursor_id = dt.datetime.fromisoformat(page[-1][1]), int(page[-1][0])
        return out

    whole = walk(start, end, 97)
    assert whole == sorted(whole) and len({o for _, o in whole}) == len(whole) == 2000
    assert walk(start, middle, 50) + walk(middle, end, 50) == whole  # half-open: nothing twice, nothing lost
    # Boundary: an order changed exactly at a window's end belongs to the next window.
    edge = dt.datetime.fromisoformat(whole[1000][0])
    assert all(dt.datetime.fromisoformat(t) < edge for t, _ in walk(start, edge, 500))


@pytest.mark.parametrize("version", VERSIONS)
def test_return_pages_have_names(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    db = opencart_shops[version].database
    page = query(db, q.RETURN_PAGE, 1, 1, 1, 0, 1000)
    assert len(page) == int(scalar("SELECT COUNT(*) FROM oc_return", db))
    assert all(r[7] != "NULL" and r[8] != "NULL" for r in page)


@pytest.fixture(scope="module")
def small_shops() -> Iterator[dict[Version, str]]:
    """Separate small shops for writes, so the session shops stay as generated."""
    names: dict[Version, str] = {v: new_database_name(f"w{v}") for v in VERSIONS}
    try:
        for version, name in names.items():
            build_shop(version, name, products_count=60, orders_count=150, customers_count=20)
        yield names
    finally:
        for name in names.values():
            drop_database(name)


def counts(db: str) -> tuple[int, ...]:
    return tuple(int(scalar(f"SELECT COUNT(*) FROM oc_{t}", db)) for t in ("return", "return_history", "order_history"))


@pytest.mark.parametrize("version", VERSIONS)
def test_status_change_writes_history_and_moves_stock(small_shops: dict[Version, str], version: Version) -> None:
    db = small_shops[version]
    order_id = int(scalar("SELECT MIN(order_id) FROM oc_order WHERE order_status_id = 7", db))  # Canceled
    stock_before = {int(p): int(n) for p, n in rows(
        "SELECT product_id, quantity FROM oc_product WHERE subtract = 1", db)}
    ordered = {int(p): int(n) for p, n in rows(
        f"SELECT product_id, SUM(quantity) FROM oc_order_product WHERE order_id = {order_id} GROUP BY product_id", db)}
    history_before = counts(db)[2]
    values = {"order_id": order_id, "order_status_id": 2, "notify": 0, "comment": "Paid – thanks 'n' \"cheers\""}
    batch(db, [*q.STOCK_SUBTRACT, *q.ORDER_STATUS_CHANGE[version]], values)  # Canceled -> Processing
    assert scalar(f"SELECT order_status_id FROM oc_order WHERE order_id = {order_id}", db) == "2"
    assert counts(db)[2] == history_before + 1
    last = rows(f"SELECT order_status_id, comment FROM oc_order_history WHERE order_id = {order_id} "
                "ORDER BY date_added DESC, order_history_id DESC LIMIT 1", db)
    assert last == [["2", values["comment"]]]
    for product_id, quantity in rows("SELECT product_id, quantity FROM oc_product WHERE subtract = 1", db):
        assert int(quantity) == stock_before[int(product_id)] - ordered.get(int(product_id), 0)
    modified = scalar(f"SELECT date_modified > '{SHOP_NOW}' FROM oc_order WHERE order_id = {order_id}", db)
    assert modified == ("1" if version == "3" else "0")  # 4.1 leaves date_modified alone, like OpenCart


@pytest.mark.parametrize("version", VERSIONS)
def test_return_add_writes_the_return_and_its_history(small_shops: dict[Version, str], version: Version) -> None:
    db = small_shops[version]
    order_id, order_product_id, product_id = (int(x) for x in rows(
        "SELECT order_id, order_product_id, product_id FROM oc_order_product ORDER BY order_product_id LIMIT 1",
        db)[0])
    before = counts(db)
    values = {"quantity": 1, "opened": 0, "return_reason_id": 2, "return_action_id": 0, "return_status_id": 1,
              "comment": "Wrong colour", "order_id": order_id, "order_product_id": order_product_id}
    batch(db, q.RETURN_ADD, values)
    assert counts(db)[:2] == (before[0] + 1, before[1] + 1)
    got = rows("SELECT r.order_id, r.product_id, r.return_status_id, h.return_status_id FROM oc_return r "
               "JOIN oc_return_history h USING (return_id) WHERE r.return_id = (SELECT MAX(return_id) FROM oc_return)",
               db)
    assert got == [[str(order_id), str(product_id), "1", "1"]]
    return_id = int(scalar("SELECT MAX(return_id) FROM oc_return", db))
    batch(db, q.RETURN_STATUS_CHANGE, {"return_id": return_id, "return_status_id": 3, "notify": 1,
                                       "comment": "Refunded"})
    assert scalar(f"SELECT return_status_id FROM oc_return WHERE return_id = {return_id}", db) == "3"
    assert scalar(f"SELECT COUNT(*) FROM oc_return_history WHERE return_id = {return_id}", db) == "2"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("bad", [{"order_product_id": 999999}, {"quantity": 99}, {"order_id": 999999}])
def test_return_add_for_a_line_that_is_not_there_changes_nothing(small_shops: dict[Version, str], version: Version,
                                                                 bad: dict[str, int]) -> None:
    db = small_shops[version]
    order_id, order_product_id = (int(x) for x in rows(
        "SELECT order_id, order_product_id FROM oc_order_product ORDER BY order_product_id LIMIT 1", db)[0])
    before = counts(db)
    values = {"quantity": 1, "opened": 0, "return_reason_id": 2, "return_action_id": 0, "return_status_id": 1,
              "comment": "", "order_id": order_id, "order_product_id": order_product_id} | bad
    batch(db, q.RETURN_ADD, values)
    assert counts(db) == before


def test_every_draft_statement_is_quoted_in_the_docs() -> None:
    doc = DOC.read_text()
    statements = [q.PRODUCT_DESCRIPTIONS, q.PRODUCT_VARIANTS, q.ORDER_PAGE, q.RETURN_PAGE,
                  *q.PRODUCT_PAGE.values(), *q.PRODUCT_SPECIALS.values(), *q.ORDER_CHANGES.values(),
                  *(s for s, _ in q.STOCK_SUBTRACT), *(s for s, _ in q.RETURN_ADD),
                  *(s for s, _ in q.RETURN_STATUS_CHANGE),
                  *(s for group in q.ORDER_STATUS_CHANGE.values() for s, _ in group)]
    missing = [s.splitlines()[0] for s in statements if s not in doc]
    assert not missing
