"""Change feeds of products and returns through HTTP on shops of their own: windows (from, to] walk in
(modified time, id) order exactly as MariaDB sorts them, and a write between two pages is neither handed out
twice nor lost (it leaves the walked window and lands in the next). Customers have no modified time: 120."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

# list method, its items field, its id column, table, extra list parameters
FEEDS = {
    "product": ("product.list", "product", "product_id", "oc_product", {"sort_by": "modified_at"}),
    "return": ("return.list", "returns", "return_id", "oc_return", {}),
}


OWN_SHOP_SIZES = {"products_count": 80, "orders_count": 400, "customers_count": 20}  # own shops (conftest)


def iso(moment: str) -> str:
    return moment.replace(" ", "T") + "+00:00"


async def walk(store: Connected, feed: str, per_page: int, between: Callable[[int], Awaitable[None]] | None = None,
               **window: Any) -> list[str]:  # fmt: skip
    """Every id the feed hands out for ``window``; ``between(page)`` runs after each page but the last."""
    method, items, _, _, extra = FEEDS[feed]
    body = await store.raw(method, count=per_page, **extra, **window)
    ids: list[str] = []
    for page in range(1000):
        assert body["return_code"] == 0, body
        ids += [str(item["id"]) for item in body["result"][items]]
        if body["pagination"]["next"] is None:
            return ids
        if between is not None:
            await between(page)
        body = await store.raw(method, count=per_page, page_cursor=body["pagination"]["next"], **extra, **window)
    raise AssertionError("the feed never ends")


def expected(db: str, feed: str, after: str, upto: str | None = None) -> list[str]:
    _, _, id_column, table, _ = FEEDS[feed]
    bound = f" AND date_modified <= '{upto}'" if upto else ""
    return [r[0] for r in rows(f"SELECT {id_column} FROM {table} WHERE date_modified > '{after}'{bound} "
                               f"ORDER BY date_modified, {id_column}", db)]  # fmt: skip


async def touch(store: Connected, feed: str, record_id: str) -> None:
    """A write OpenCart stamps with date_modified = NOW()."""
    if feed == "product":
        await store.ok("product.update", id=record_id, price="12.34")
    else:
        line = (await store.ok("return.info", id=record_id))["order_products"][0]
        await store.ok("order.return.update", return_id=record_id, comment="Checked again", order_products=[{
            "order_product_id": line["order_product_id"], "order_product_quantity": line["quantity"],
            "order_product_action_id": (line.get("action") or {}).get("id") or "1"}])  # fmt: skip


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("version", VERSIONS)
async def test_a_window_walks_in_modified_time_then_id_order(writable: dict[Version, Connected], version: Version,
                                                            feed: str) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    _, _, id_column, table, _ = FEEDS[feed]
    start = scalar(f"SELECT date_modified FROM {table} ORDER BY date_modified, {id_column} LIMIT 1 OFFSET 3", db)
    want = expected(db, feed, start)
    assert len(want) > 9
    assert await walk(store, feed, 4, modified_from=iso(start)) == want
    # (.., t] and (t, ..) split the records without overlap
    middle = scalar(f"SELECT date_modified FROM {table} ORDER BY date_modified LIMIT 1 OFFSET 8", db)
    upto = await walk(store, feed, 5, modified_from=iso(start), modified_to=iso(middle))
    after = await walk(store, feed, 5, modified_from=iso(middle))
    assert upto == expected(db, feed, start, middle) and upto + after == want


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("version", VERSIONS)
async def test_a_write_between_pages_is_neither_repeated_nor_lost(writable: dict[Version, Connected],
                                                                 version: Version, feed: str) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    # the walked window ends a second before now, so the writes below (stamped now) fall in the next window
    checkpoint = scalar("SELECT NOW() - INTERVAL 1 SECOND", db)
    before = expected(db, feed, "2000-01-01 00:00:00", checkpoint)
    assert len(before) > 9
    seen_early, unseen = before[0], before[-1]

    async def write(page: int) -> None:
        if page == 0:
            await touch(store, feed, seen_early)
            await touch(store, feed, unseen)

    walked = await walk(store, feed, 4, write, modified_from="2000-01-01T00:00:00+00:00",
                        modified_to=iso(checkpoint))  # fmt: skip
    assert len(walked) == len(set(walked))
    assert walked == [one for one in before if one != unseen]
    later = await walk(store, feed, 4, modified_from=iso(checkpoint))
    assert {seen_early, unseen} <= set(later) and len(later) == len(set(later))


@pytest.mark.parametrize("version", VERSIONS)
async def test_what_has_no_feed_says_so(writable: dict[Version, Connected], version: Version) -> None:
    store = writable[version]
    since = "2025-01-01T00:00:00+00:00"
    refused = [("product.list", {"sort_by": "name"}), ("product.list", {"sort_by": "modified_at",
                                                                         "sort_direction": "desc"}),
               ("customer.list", {"modified_from": since}), ("customer.list", {"sort_by": "modified_time"}),
               ("customer.count", {"modified_to": since})]  # fmt: skip
    if version == "4":
        refused.append(("category.list", {"modified_from": since}))
    for method, params in refused:
        assert (await store.raw(method, **params))["return_code"] == 120, (method, params)
    # a cursor of the id-ordered list is not a cursor of the feed
    by_id = await store.raw("product.list", count=2)
    crossed = await store.raw("product.list", count=2, sort_by="modified_at", page_cursor=by_id["pagination"]["next"])
    assert crossed["return_code"] != 0
