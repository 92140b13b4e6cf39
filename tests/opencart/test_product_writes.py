"""product.add / update / delete / variant.update / find through HTTP, checked in MariaDB as OpenCart reads it.

Each version gets a shop of this module's own (conftest's ``writable``), because these tests add and delete
products. Refusals must write nothing:
3.x tables are MyISAM, so the row counts of every product table are compared before and after.
"""

from __future__ import annotations

import html

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, run_sql, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

# the tables admin/model/catalog/product.php deleteProduct clears by product_id (3.0.3.8 / 4.1.0.4)
COMMON_TABLES = ["product", "product_attribute", "product_description", "product_discount", "product_filter",
                 "product_image", "product_option", "product_option_value", "product_related", "product_reward",
                 "product_to_category", "product_to_download", "product_to_layout", "product_to_store", "review",
                 "coupon_product"]  # fmt: skip
TABLES: dict[Version, list[str]] = {
    "3": [*COMMON_TABLES, "product_special", "product_recurring"],
    "4": [*COMMON_TABLES, "product_code", "product_subscription", "product_report"],
}
OWN_SHOP_SIZES = {"products_count": 80, "orders_count": 20, "customers_count": 5}  # own shops (conftest)


def _counts(version: Version, db: str) -> dict[str, str]:
    counts = {table: scalar(f"SELECT COUNT(*) FROM oc_{table}", db) for table in TABLES[version]}
    counts["seo_url"] = scalar("SELECT COUNT(*) FROM oc_seo_url", db)
    counts["stock"] = scalar("SELECT CONCAT(SUM(quantity), '|', SUM(price)) FROM oc_product", db)
    counts["variants"] = scalar("SELECT CONCAT(SUM(quantity), '|', SUM(price)) FROM oc_product_option_value", db)
    counts["names"] = scalar("SELECT MD5(GROUP_CONCAT(name ORDER BY product_id, language_id)) "
                             "FROM oc_product_description", db)  # fmt: skip
    return counts


def _seo_of(version: Version, product_id: str, db: str) -> list[list[str]]:
    where = (f"query = 'product_id={product_id}'" if version == "3"
             else f"`key` = 'product_id' AND value = '{product_id}'")
    return rows(f"SELECT store_id, language_id, keyword FROM oc_seo_url WHERE {where} ORDER BY language_id", db)


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_add_writes_the_rows_the_admin_writes(writable: dict[Version, Connected],
                                                            version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    leaf, parent = rows("SELECT category_id, parent_id FROM oc_category WHERE parent_id > 0 ORDER BY category_id "
                        "LIMIT 1", db)[0]  # fmt: skip
    brand_id, brand = rows("SELECT manufacturer_id, name FROM oc_manufacturer ORDER BY manufacturer_id LIMIT 1", db)[0]
    related = [row[0] for row in rows("SELECT product_id FROM oc_product ORDER BY product_id DESC LIMIT 2", db)]
    added = await store.ok("product.add", name='Linen "Breeze" shirt & tie', model="LS-01",
                           description="<p>Light linen</p>", price="39.90", quantity=12,
                           categories_ids=f"{leaf},{parent}", sku="LS-01-SKU", ean="4006381333931", mpn="MPN-77",
                           seo_url=f"linen-breeze-{version}", special_price="29.90", brand_name=html.unescape(brand),
                           tier_prices=[{"quantity": 5, "price": "35.00"}], meta_title="Linen shirt",
                           related_products_ids=",".join(related))  # fmt: skip
    pid = added["product_id"]
    links = rows(f"SELECT product_id, related_id FROM oc_product_related WHERE {pid} IN (product_id, related_id)", db)
    assert sorted(map(tuple, links)) == sorted([(pid, r) for r in related] + [(r, pid) for r in related])
    product = rows(f"SELECT model, price, quantity, status, subtract, manufacturer_id, date_added IS NOT NULL "
                   f"FROM oc_product WHERE product_id = {pid}", db)  # fmt: skip
    assert product == [["LS-01", "39.9000", "12", "1", "1", brand_id, "1"]]
    languages = rows("SELECT language_id FROM oc_language ORDER BY language_id", db)
    descriptions = rows(f"SELECT language_id, name, description, meta_title FROM oc_product_description "
                        f"WHERE product_id = {pid} ORDER BY language_id", db)  # fmt: skip
    assert [d[0] for d in descriptions] == [lang[0] for lang in languages] and len(languages) == 2
    assert {tuple(d[1:]) for d in descriptions} == {("Linen &quot;Breeze&quot; shirt &amp; tie",
                                                     "&lt;p&gt;Light linen&lt;/p&gt;", "Linen shirt")}
    assert sorted(r[0] for r in rows(f"SELECT category_id FROM oc_product_to_category WHERE product_id = {pid}",
                                     db)) == sorted([leaf, parent])  # fmt: skip
    assert rows(f"SELECT store_id FROM oc_product_to_store WHERE product_id = {pid}", db) == [["0"]]
    layouts = rows(f"SELECT store_id, layout_id FROM oc_product_to_layout WHERE product_id = {pid}", db)
    assert layouts == ([["0", "0"]] if version == "3" else [])  # 3.x stores the form's empty layout choice
    if version == "3":
        assert rows(f"SELECT sku, ean, mpn FROM oc_product WHERE product_id = {pid}", db) == [
            ["LS-01-SKU", "4006381333931", "MPN-77"]]
        special = rows(f"SELECT price, customer_group_id FROM oc_product_special WHERE product_id = {pid}", db)
        tiers = rows(f"SELECT quantity, price FROM oc_product_discount WHERE product_id = {pid}", db)
    else:  # 4.1: codes are rows of product_code; the special is a discount row with special = 1
        assert rows(f"SELECT code, value FROM oc_product_code WHERE product_id = {pid} ORDER BY code", db) == [
            ["EAN", "4006381333931"], ["MPN", "MPN-77"], ["SKU", "LS-01-SKU"]]
        special = rows(f"SELECT price, customer_group_id FROM oc_product_discount WHERE product_id = {pid} "
                       "AND special = 1", db)  # fmt: skip
        tiers = rows(f"SELECT quantity, price FROM oc_product_discount WHERE product_id = {pid} AND special = 0", db)
    assert special == [["29.9000", "1"]] and tiers == [["5", "35.0000"]]
    keyword = f"linen-breeze-{version}"
    assert _seo_of(version, pid, db) == [["0", "1", keyword], ["0", "2", f"{keyword}-de-de"]]
    info = await store.ok("product.info", id=pid, params="force_all")
    assert info["name"] == 'Linen "Breeze" shirt & tie' and info["description"] == "<p>Light linen</p>"
    assert (info["price"], info["quantity"], info["u_sku"], info["u_model"]) == (39.9, 12, "LS-01-SKU", "LS-01")
    assert sorted(info["categories_ids"]) == sorted([leaf, parent])
    assert set(info["additional_fields"]["languages"]) == {"en-gb", "de-de"}
    assert info["special_price"]["value"] == 29.9
    assert [(tier["qty"], tier["price"]) for tier in info["tier_price"]] == [(5, 35.0)]
    listed = await store.ok("product.list", product_ids=pid)
    assert [p["id"] for p in listed["product"]] == [pid]


@pytest.mark.parametrize("version", VERSIONS)
async def test_seo_keywords_are_made_where_the_version_requires_them(writable: dict[Version, Connected],
                                                                     version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    added = await store.ok("product.add", name="Wool Scarf", model="WS-1", description="", price="12.00",
                           status="disabled", stores_ids="0")  # fmt: skip
    pid = added["product_id"]
    assert scalar(f"SELECT status FROM oc_product WHERE product_id = {pid}", db) == "0"
    # 4.x's form requires a keyword per store and language; 3.x's admin writes rows only for given keywords
    expected = [] if version == "3" else [["0", "1", f"wool-scarf-{pid}"], ["0", "2", f"wool-scarf-de-de-{pid}"]]
    assert _seo_of(version, pid, db) == expected


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_update_changes_texts_of_one_language_codes_and_categories(
        writable: dict[Version, Connected], version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid = scalar("SELECT MIN(product_id) + 1 FROM oc_product", db)
    german = scalar(f"SELECT name FROM oc_product_description WHERE product_id = {pid} AND language_id = 2", db)
    category = scalar("SELECT MAX(category_id) FROM oc_category", db)
    before = scalar(f"SELECT date_modified FROM oc_product WHERE product_id = {pid}", db)
    run_sql("SET SESSION sql_mode = 'NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION';\n"
            "INSERT IGNORE INTO oc_store (store_id, name, url) VALUES (1, 'Second', 'http://two.example/');", db)
    old_link, new_link = (row[0] for row in rows(f"SELECT product_id FROM oc_product WHERE product_id <> {pid} "
                                                  "ORDER BY product_id DESC LIMIT 2", db))  # fmt: skip
    run_sql(f"INSERT INTO oc_product_related VALUES ({pid}, {old_link}), ({old_link}, {pid});", db)
    await store.ok("product.update", id=pid, name="Renamed <Mug>", status="disabled", sku="NEW-SKU",
                   categories_ids=category, price="15.50", weight="2.5", related_products_ids=new_link,
                   stores_ids="0,1")  # fmt: skip
    assert rows(f"SELECT store_id FROM oc_product_to_store WHERE product_id = {pid} ORDER BY store_id",
                db) == [["0"], ["1"]]  # fmt: skip
    links = rows(f"SELECT product_id, related_id FROM oc_product_related WHERE {pid} IN (product_id, related_id)", db)
    assert sorted(map(tuple, links)) == sorted([(pid, new_link), (new_link, pid)])  # editProduct replaces links
    assert scalar(f"SELECT name FROM oc_product_description WHERE product_id = {pid} AND language_id = 1",
                  db) == "Renamed &lt;Mug&gt;"  # fmt: skip
    assert scalar(f"SELECT name FROM oc_product_description WHERE product_id = {pid} AND language_id = 2",
                  db) == german  # fmt: skip
    assert rows(f"SELECT category_id FROM oc_product_to_category WHERE product_id = {pid}", db) == [[category]]
    assert rows(f"SELECT status, price, weight FROM oc_product WHERE product_id = {pid}", db) == [
        ["0", "15.5000", "2.50000000"]]
    sku_sql = (f"SELECT sku FROM oc_product WHERE product_id = {pid}" if version == "3" else
               f"SELECT GROUP_CONCAT(value) FROM oc_product_code WHERE product_id = {pid} AND code = 'SKU'")
    assert scalar(sku_sql, db) == "NEW-SKU"
    assert scalar(f"SELECT date_modified FROM oc_product WHERE product_id = {pid}", db) >= before
    info = await store.ok("product.info", id=pid)
    assert (info["name"], info["u_sku"], info["avail_sale"], info["categories_ids"]) == (
        "Renamed <Mug>", "NEW-SKU", False, [category])
    # specials and tiers of the default group are replaced, not added to
    for special in ("9.99", "8.88"):
        await store.ok("product.update", id=pid, special_price=special, sprice_expire="2099-01-31T00:00:00+00:00",
                       tier_prices=[{"quantity": 3, "price": "14.00"}, {"quantity": 6, "price": "13.00"}])
    specials, tiers = ((f"oc_product_special WHERE product_id = {pid}", f"oc_product_discount WHERE product_id = {pid}")
                       if version == "3" else (f"oc_product_discount WHERE product_id = {pid} AND special = 1",
                                               f"oc_product_discount WHERE product_id = {pid} AND special = 0"))
    assert rows(f"SELECT price, date_end FROM {specials}", db) == [["8.8800", "2099-01-31"]]
    assert rows(f"SELECT quantity, price FROM {tiers} ORDER BY quantity", db) == [["3", "14.0000"], ["6", "13.0000"]]
    assert (await store.ok("product.info", id=pid))["special_price"]["value"] == 8.88
    # editProduct rewrites the keywords; the product's own keyword is not "taken"
    await store.ok("product.update", id=pid, seo_url=f"renamed-mug-{version}")
    await store.ok("product.update", id=pid, seo_url=f"renamed-mug-{version}")
    keyword = f"renamed-mug-{version}"
    assert sorted(_seo_of(version, pid, db)) == [["0", "1", keyword], ["0", "2", f"{keyword}-de-de"],
                                                 ["1", "1", keyword], ["1", "2", f"{keyword}-de-de"]]
    # store_id and stores_ids both count (store_id used to be dropped when stores_ids was given)
    added = await store.ok("product.add", name="Two stores", model="TWO-1", description="", price="3.00",
                           store_id="1", stores_ids="0", seo_url=f"two-stores-{version}")  # fmt: skip
    assert rows(f"SELECT store_id FROM oc_product_to_store WHERE product_id = {added['product_id']} "
                "ORDER BY store_id", db) == [["0"], ["1"]]  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
async def test_variant_update_sets_option_value_stock_and_price(writable: dict[Version, Connected],
                                                                version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid, value_id, price = rows("SELECT pov.product_id, pov.product_option_value_id, p.price FROM "
                                "oc_product_option_value pov JOIN oc_product p ON p.product_id = pov.product_id "
                                "WHERE p.price > 5 ORDER BY pov.product_option_value_id LIMIT 1", db)[0]  # fmt: skip
    variant_id = f"{pid}-{value_id}"
    await store.ok("product.variant.update", id=variant_id, quantity=7, price="5.00", manage_stock=False)
    assert rows(f"SELECT quantity, price, price_prefix, subtract FROM oc_product_option_value "
                f"WHERE product_option_value_id = {value_id}", db) == [
        ["7", f"{float(price) - 5:.4f}", "-", "0"]]
    await store.ok("product.variant.update", id=variant_id, product_id=pid, increase_quantity=3)
    child = next(c for c in (await store.ok("product.info", id=pid, params="force_all"))["children"]
                 if c["id"] == variant_id)  # fmt: skip
    assert (child["inventory_level"], child["default_price"], child["manage_stock"]) == (10, 5.0, False)


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_delete_leaves_no_rows_behind(writable: dict[Version, Connected], version: Version) -> None:
    store = writable[version]
    db = store.shop.database
    # a generated product with options, images, categories, SEO rows; plus related links both ways
    pid = scalar("SELECT MIN(pov.product_id) FROM oc_product_option_value pov JOIN oc_product_image i "
                 "ON i.product_id = pov.product_id", db)  # fmt: skip
    other = scalar(f"SELECT MIN(product_id) FROM oc_product WHERE product_id <> {pid}", db)
    run_sql(f"INSERT INTO oc_product_related (product_id, related_id) VALUES ({pid}, {other}), ({other}, {pid});", db)
    # a row in every table deleteProduct cleans (reviews, rewards, downloads ...), in OpenCart's sql_mode
    empty = [t for t in TABLES[version] if scalar(f"SELECT COUNT(*) FROM oc_{t} WHERE product_id = {pid}", db) == "0"]
    run_sql("SET SESSION sql_mode = 'NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION';\n"
            + "".join(f"INSERT INTO oc_{table} (product_id) VALUES ({pid});\n" for table in empty), db)
    for table in TABLES[version]:
        assert scalar(f"SELECT COUNT(*) FROM oc_{table} WHERE product_id = {pid}", db) != "0", table
    assert _seo_of(version, pid, db)
    result = await store.ok("product.delete", id=pid)
    assert result["delete_items"] == 1
    for table in TABLES[version]:
        assert scalar(f"SELECT COUNT(*) FROM oc_{table} WHERE product_id = {pid}", db) == "0", table
    assert scalar(f"SELECT COUNT(*) FROM oc_product_related WHERE related_id = {pid}", db) == "0"
    assert _seo_of(version, pid, db) == []
    assert scalar(f"SELECT COUNT(*) FROM oc_product WHERE product_id = {other}", db) == "1"
    assert scalar(f"SELECT COUNT(*) FROM oc_product_description WHERE product_id = {other}", db) == "2"
    assert (await store.raw("product.info", id=pid))["return_code"] == 112
    assert (await store.raw("product.delete", id=pid))["return_code"] == 112


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_find_by_name_sku_model_and_variant(writable: dict[Version, Connected], version: Version) -> None:
    store = writable[version]
    db = store.shop.database
    await store.ok("product.add", name="Findable Zephyrkettle Deluxe", model="FIND-TP-1", description="", price="9.00",
                   sku="FIND-SKU-1")  # fmt: skip
    by_name = await store.ok("product.find", find_value="zephyrkettle", find_where="name")
    assert [p["u_model"] for p in by_name["product"]] == ["FIND-TP-1"]
    assert (await store.ok("product.find", find_value="zephyrket", find_where="name"))["product"] == []
    assert len((await store.ok("product.find", find_value="zephyrket", find_where="name",
                                find_params="regular"))["product"]) == 1  # fmt: skip
    by_sku = await store.ok("product.find", find_value="FIND-SKU-1", find_where="sku")
    assert [p["name"] for p in by_sku["product"]] == ["Findable Zephyrkettle Deluxe"]
    by_model = await store.ok("product.find", find_value="FIND-TP-1", find_where="model")
    found_id = by_model["product"][0]["id"]
    assert (await store.ok("product.find", find_value=found_id, find_where="id"))["product"][0]["u_sku"] == "FIND-SKU-1"
    pid, value_name = rows("SELECT pov.product_id, ovd.name FROM oc_product_option_value pov "
                           "JOIN oc_option_value_description ovd ON ovd.option_value_id = pov.option_value_id "
                           "AND ovd.language_id = 1 ORDER BY pov.product_option_value_id LIMIT 1", db)[0]  # fmt: skip
    name = html.unescape(scalar(f"SELECT name FROM oc_product_description WHERE product_id = {pid} "
                                "AND language_id = 1", db))  # fmt: skip
    children = await store.ok("product.find", find_value=f"{name} - {value_name}", find_where="name", find_what="child")
    assert children["product"] and all(c["parent_id"] == pid for c in children["product"])
    assert all(c["name"] == f"{name} - {value_name}" for c in children["product"])


@pytest.mark.parametrize("version", VERSIONS)
async def test_bad_product_writes_are_refused_with_a_code_and_write_nothing(writable: dict[Version, Connected],
                                                                            version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid = scalar("SELECT MIN(product_id) FROM oc_product", db)
    taken = scalar("SELECT keyword FROM oc_seo_url WHERE store_id = 0 ORDER BY seo_url_id LIMIT 1", db)
    value_pid, value_id, stock = rows("SELECT product_id, product_option_value_id, quantity FROM "
                                      "oc_product_option_value ORDER BY product_option_value_id LIMIT 1", db)[0]
    good = {"name": "Refused", "model": "REF-1", "description": "", "price": "10.00"}
    refusals = [
        ("product.add", good | {"categories_ids": "99999"}, 109),
        ("product.add", good | {"model": "M" * 65}, 109),
        ("product.add", good | {"seo_url": taken}, 109),
        ("product.add", good | {"brand_name": "No Such Brand"}, 109),
        ("product.add", good | {"lang_id": "99"}, 109),
        ("product.add", good | {"stores_ids": "0,77"}, 109),
        ("product.add", good | {"price": "1.234"}, 109),
        ("product.add", good | {"meta_description": "d" * 300}, 109),
        ("product.add", good | {"weight": "12345678"}, 109),
        ("product.add", good | {"image_url": "https://img.example/a.jpg"}, 120),
        ("product.add", good | {"type": "downloadable"}, 120),
        ("product.add", good | {"gtin": "00012345678905"}, 120),
        ("product.add", good | ({"ean": "4" * 15} if version == "3" else {"seo_url": "not allowed here"}), 109),
        ("product.update", {"id": "99999999", "price": "1.00"}, 112),
        ("product.update", {"id": pid, "categories_ids": "99999"}, 109),
        ("product.update", {"id": pid, "reduce_quantity": 10**9}, 109),
        ("product.update", {"id": pid, "up_sell_products_ids": "1"}, 120),
        ("product.update", {"id": pid, "seo_url": taken}, 109),
        ("product.update", {"id": pid, "stores_ids": "0,5"}, 109),
        ("product.update", {"id": pid, "sprice_create": "2030-01-01T00:00:00+00:00"}, 109),
        ("product.update", {"id": pid, "related_products_ids": pid}, 109),
        ("product.add", good | {"related_products_ids": "99999"}, 109),
        ("product.delete", {"id": "99999999"}, 112),
        ("product.delete", {"id": pid, "store_id": "1"}, 120),
        ("product.update", {"id": pid, "store_id": "77", "price": "1.00"}, 112),  # not in that store
        ("product.update", {"id": "²", "price": "1.00"}, 109),
        ("product.variant.update", {"id": f"{value_pid}-99999999", "quantity": 1}, 112),
        ("product.variant.update", {"id": f"{value_pid}-{value_id}", "product_id": "99999", "quantity": 1}, 112),
        ("product.variant.update", {"id": f"{value_pid}-{value_id}", "reduce_quantity": int(stock) + 1}, 109),
        ("product.variant.update", {"id": f"{value_pid}-{value_id}", "sku": "X"}, 120),
        ("product.find", {"find_value": "x", "lang_id": "99"}, 109),
    ]  # fmt: skip
    before = _counts(version, db)
    for method, params, code in refusals:
        body = await store.raw(method, **params)
        assert body["return_code"] == code, (method, params, body)
    assert _counts(version, db) == before
