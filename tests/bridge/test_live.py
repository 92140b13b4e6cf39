"""The real bridge over ``php -S`` and MariaDB: install page, info, query, paging, batch."""

from __future__ import annotations

import aiohttp
import pytest

from gateway.bridge.client import BridgeClient, Statement
from gateway.errors import BridgeQueryError, DuplicateRecord
from tests.bridge import shop
from tests.bridge.conftest import LiveShop

pytestmark = [pytest.mark.php, pytest.mark.mariadb]

INSERT_PRODUCT = "INSERT INTO {table_prefix}product (model, sku, date_added, date_modified) VALUES (?, ?, NOW(), NOW())"


def _count(live_shop: LiveShop) -> int:
    return int(shop.sql("SELECT COUNT(*) FROM oc_product", live_shop.database))


async def test_install_page_shows_version_and_checks_but_no_secret(
    live_shop: LiveShop, http: aiohttp.ClientSession
) -> None:
    async with http.get(live_shop.bridge_url) as answer:
        text = await answer.text()
    assert answer.status == 200
    assert text.startswith("Version: 1 BRIDGE INSTALLED.\n")
    for line in ("openssl: ok", "mysqli: ok", "config: ok", "cart: opencart", "nonce store: ok"):
        assert line in text
    for secret in (live_shop.store.store_key, "BEGIN PUBLIC KEY", live_shop.database, str(live_shop.root)):
        assert secret not in text
    assert "INSECURE" not in text


async def test_info_reports_cart_and_database(bridge: BridgeClient) -> None:
    info = await bridge.info()
    assert info["bridge_version"] == 1 and info["protocol"] == [1, 1]
    assert info["cart"] == {"type": "opencart", "version": shop.OPENCART_VERSION}
    assert info["db"]["prefix"] == "oc_" and "MariaDB" in info["db"]["server_version"]
    assert "plain" not in info["modes"]


async def test_query_binds_parameters_and_keeps_unicode(bridge: BridgeClient) -> None:
    page = await bridge.query(
        "SELECT p.product_id, p.model, d.name FROM {table_prefix}product p JOIN {table_prefix}product_description d"
        " ON d.product_id = p.product_id WHERE p.model = ? AND d.language_id = ?",
        ["MODEL-7", 1],
    )
    assert page.columns == ["product_id", "model", "name"]
    assert page.dicts() == [{"product_id": 7, "model": "MODEL-7", "name": "Product 7 – Zoë's café mug"}]
    assert page.more is False


async def test_parameters_are_data_not_sql(bridge: BridgeClient, live_shop: LiveShop) -> None:
    page = await bridge.query("SELECT product_id FROM {table_prefix}product WHERE model = ?", ["x' OR '1'='1"])
    assert page.rows == []
    assert _count(live_shop) == 50


async def test_limit_cuts_a_page_and_says_more(bridge: BridgeClient) -> None:
    page = await bridge.query("SELECT product_id FROM {table_prefix}product ORDER BY product_id", limit=20)
    assert [row[0] for row in page.rows] == list(range(1, 21))
    assert page.more is True


async def test_keyset_pages_cover_every_row_once(bridge: BridgeClient) -> None:
    seen = []
    async for rows in bridge.pages(
        "SELECT product_id, model FROM {table_prefix}product WHERE product_id > ? ORDER BY product_id LIMIT ?",
        [],
        key="product_id",
        start_after=0,
        page_size=16,
    ):
        assert len(rows) <= 16
        seen.extend(row["product_id"] for row in rows)
    assert seen == list(range(1, 51))


async def test_batch_commits_and_reports_ids(bridge: BridgeClient, live_shop: LiveShop) -> None:
    results = await bridge.batch(
        [
            Statement(
                "INSERT INTO {table_prefix}product (model, sku, price, date_added, date_modified)"
                " VALUES (?, ?, ?, NOW(), NOW())",
                ["BATCH-1", "B1", 9.5],
            ),
            Statement(
                "INSERT INTO {table_prefix}product_description (product_id, language_id, name, description,"
                " meta_title) VALUES (LAST_INSERT_ID(), 1, ?, '', '')",
                ["Batch one"],
            ),
            ("UPDATE {table_prefix}product SET quantity = ? WHERE model = ?", [3, "BATCH-1"]),
        ]
    )
    assert results[0].insert_id > 50 and results[0].affected_rows == 1
    assert results[2].affected_rows == 1
    assert shop.sql("SELECT quantity FROM oc_product WHERE model = 'BATCH-1'", live_shop.database).strip() == "3"
    await bridge.batch(
        [
            ("DELETE FROM {table_prefix}product_description WHERE product_id = ?", [results[0].insert_id]),
            ("DELETE FROM {table_prefix}product WHERE model = ?", ["BATCH-1"]),
        ]
    )


async def test_failing_batch_rolls_back_whole_and_hides_the_data(bridge: BridgeClient, live_shop: LiveShop) -> None:
    before = _count(live_shop)
    with pytest.raises(DuplicateRecord) as caught:
        await bridge.batch(
            [
                (
                    INSERT_PRODUCT,
                    ["ROLLBACK-1", "secret-sku"],
                ),
                (
                    INSERT_PRODUCT,
                    ["MODEL-3", "secret-sku"],
                ),
            ]
        )
    assert caught.value.return_code == 116 and "statement 1" in caught.value.message
    assert "MODEL-3" not in caught.value.message and "INSERT" not in caught.value.message
    assert _count(live_shop) == before


async def test_sql_error_is_coded_without_echoing_sql(bridge: BridgeClient) -> None:
    with pytest.raises(BridgeQueryError) as caught:
        await bridge.query("SELECT nope_column FROM {table_prefix}product WHERE model = ?", ["private@example.com"])
    assert caught.value.sql_errno == 1054  # type: ignore[attr-defined]
    assert "nope_column" not in caught.value.message and "private@" not in caught.value.message


async def test_large_response_arrives_whole(bridge: BridgeClient) -> None:
    rows, more = await bridge.query_dicts("SELECT seq, HEX(RANDOM_BYTES(1024)) AS noise FROM seq_1_to_600", limit=600)
    assert [row["seq"] for row in rows] == list(range(1, 601)) and not more
    assert all(len(row["noise"]) == 2048 for row in rows)
