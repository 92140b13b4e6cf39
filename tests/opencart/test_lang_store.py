"""lang_id and store_id on product and category reads through HTTP, compared with MariaDB: texts in the asked
language, lists narrowed by product_to_store / category_to_store, and codes for what cannot be answered."""

from __future__ import annotations

import html

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, run_sql, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

OWN_SHOP_SIZES = {"products_count": 30, "orders_count": 5, "customers_count": 2}  # own shops (conftest)


def _names(db: str, table: str, key: str, language: int) -> dict[str, str]:
    return {row[0]: html.unescape(row[1]) for row in rows(f"SELECT {key}, name FROM oc_{table}_description "
                                                          f"WHERE language_id = {language}", db)}  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
async def test_lang_id_answers_texts_in_that_language(writable: dict[Version, Connected], version: Version) -> None:
    store = writable[version]
    db = store.shop.database
    german, english = _names(db, "product", "product_id", 2), _names(db, "product", "product_id", 1)
    listed = await store.ok("product.list", lang_id="2", count=250)
    assert {p["id"]: p["name"] for p in listed["product"]} == german != english
    pid = min(german, key=int)
    info = await store.ok("product.info", id=pid, lang_id="2")
    description = scalar(f"SELECT description FROM oc_product_description WHERE product_id = {pid} "
                         "AND language_id = 2", db)  # fmt: skip
    assert (info["name"], info["description"]) == (german[pid], html.unescape(description))
    assert (await store.ok("product.info", id=pid))["name"] == english[pid]
    categories = _names(db, "category", "category_id", 2)
    listed_categories = await store.ok("category.list", lang_id="2", count=250, params="id,name")
    assert {c["id"]: c["name"] for c in listed_categories["category"]} == categories
    cid = min(categories, key=int)
    assert (await store.ok("category.info", id=cid, lang_id="2"))["name"] == categories[cid]
    assert (await store.ok("product.count", lang_id="2"))["products_count"] == len(german)
    for method, params in (("product.list", {}), ("product.count", {}), ("product.info", {"id": pid}),
                           ("category.list", {}), ("category.count", {}), ("category.info", {"id": cid})):
        for unknown in ("99", "x"):
            body = await store.raw(method, lang_id=unknown, **params)
            assert body["return_code"] == 109, (method, unknown, body["return_message"])


@pytest.mark.parametrize("version", VERSIONS)
async def test_store_id_narrows_products_and_categories_to_that_store(writable: dict[Version, Connected],
                                                                      version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    products = [row[0] for row in rows("SELECT product_id FROM oc_product ORDER BY product_id LIMIT 3", db)]
    categories = [row[0] for row in rows("SELECT category_id FROM oc_category ORDER BY category_id DESC LIMIT 2", db)]
    run_sql("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';\n"
            "INSERT IGNORE INTO oc_store (store_id, name, url) VALUES (1, 'Second', 'http://two.example/');\n"
            + "".join(f"INSERT IGNORE INTO oc_product_to_store VALUES ({pid}, 1);\n" for pid in products)
            + "".join(f"INSERT IGNORE INTO oc_category_to_store VALUES ({cid}, 1);\n" for cid in categories)
            + f"DELETE FROM oc_product_to_store WHERE product_id = {products[0]} AND store_id = 0;", db)
    second = await store.ok("product.list", store_id="1", count=250)
    assert ([p["id"] for p in second["product"]], second["products_count"]) == (products, 3)
    assert (await store.ok("product.count", store_id="1"))["products_count"] == 3
    in_default = scalar("SELECT COUNT(*) FROM oc_product_to_store WHERE store_id = 0", db)
    assert (await store.ok("product.count", store_id="0"))["products_count"] == int(in_default)
    assert (await store.ok("product.count"))["products_count"] == int(in_default) + 1  # no store: every product
    assert (await store.raw("product.info", id=products[0], store_id="0"))["return_code"] == 112
    assert (await store.ok("product.info", id=products[0], store_id="1"))["id"] == products[0]
    listed = await store.ok("category.list", store_id="1", count=250)
    assert sorted(c["id"] for c in listed["category"]) == sorted(categories)
    assert (await store.ok("category.count", store_id="1"))["categories_count"] == 2
    other = scalar("SELECT MIN(category_id) FROM oc_category", db)
    assert (await store.raw("category.info", id=other, store_id="1"))["return_code"] == 112
    assert (await store.ok("category.info", id=categories[0], store_id="1"))["id"] == categories[0]
    assert (await store.raw("product.list", store_id="x"))["return_code"] == 109
    assert (await store.raw("product.info", id=products[1], currency_id="2"))["return_code"] == 120


@pytest.mark.parametrize("version", VERSIONS)
async def test_customer_info_of_another_store_is_not_found(writable: dict[Version, Connected],
                                                           version: Version) -> None:  # fmt: skip
    store = writable[version]
    customer, own_store = rows("SELECT customer_id, store_id FROM oc_customer ORDER BY customer_id LIMIT 1",
                               store.shop.database)[0]  # fmt: skip
    assert (await store.ok("customer.info", id=customer, store_id=own_store))["id"] == customer
    assert (await store.raw("customer.info", id=customer, store_id=str(int(own_store) + 1)))["return_code"] == 112
