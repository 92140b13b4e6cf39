"""product.list / count / info through HTTP against both OpenCart schemas, compared with MariaDB directly."""

from __future__ import annotations

import html

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_walk_sees_every_product_once(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    body = await store.raw("product.list", count=250)
    total = body["result"]["products_count"]
    seen = [p["id"] for p in body["result"]["product"]]
    cursor = body["pagination"]["next"]
    while cursor:
        body = await store.raw("product.list", page_cursor=cursor)
        assert body["return_code"] == 0, body
        seen += [p["id"] for p in body["result"]["product"]]
        cursor = body["pagination"]["next"]
    ids = [row[0] for row in rows("SELECT product_id FROM oc_product ORDER BY product_id", store.shop.database)]
    assert len(ids) >= 1000
    assert seen == ids
    assert total == len(ids)


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_info_matches_the_database(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    db = store.shop.database
    pid = rows("SELECT product_id FROM oc_product_option_value ORDER BY product_id LIMIT 1", db)[0][0]
    product = await store.ok("product.info", id=pid)
    query = (f"SELECT pd.name, p.price, p.quantity FROM oc_product p JOIN oc_product_description pd "
             f"ON pd.product_id = p.product_id AND pd.language_id = 1 WHERE p.product_id = {pid}")
    name, price, quantity = rows(query, db)[0]
    assert product["name"] == html.unescape(name)
    assert float(product["price"]) == float(price)
    assert product["quantity"] == max(int(quantity), 0)
    values = rows(f"SELECT product_option_value_id, quantity FROM oc_product_option_value WHERE product_id = {pid} "
                  "ORDER BY product_option_value_id", db)  # fmt: skip
    assert [(c["id"], c["inventory_level"]) for c in product["children"]] == [
        (f"{pid}-{v}", max(int(q), 0)) for v, q in values]
    assert set(product["additional_fields"]["languages"]) == {"en-gb", "de-de"}
    missing = await store.raw("product.info", id="999999")
    assert missing["return_code"] == 112


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_filters_and_count(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    db = store.shop.database
    cut = rows("SELECT date_modified FROM oc_product ORDER BY date_modified LIMIT 1 OFFSET 400", db)[0][0]
    expected = int(rows(f"SELECT COUNT(*) FROM oc_product WHERE date_modified > '{cut}'", db)[0][0])
    counted = await store.ok("product.count", modified_from=cut.replace(" ", "T") + "+00:00")
    assert counted["products_count"] == expected
    category = rows("SELECT category_id FROM oc_product_to_category GROUP BY category_id ORDER BY COUNT(*) DESC "
                    "LIMIT 1", db)[0][0]  # fmt: skip
    in_category = int(rows(f"SELECT COUNT(*) FROM oc_product_to_category WHERE category_id = {category}", db)[0][0])
    listed = await store.ok("product.list", category_id=category, count=250)
    assert listed["products_count"] == in_category
    assert all(category in p["categories_ids"] for p in listed["product"])
    refused = await store.raw("product.list", find_value="mug")
    assert refused["return_code"] == 120
