"""The generated OpenCart shops keep OpenCart's own invariants, read straight from MariaDB."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.shops.fixtures import OpenCartShop
from tests.shops.mariadb import MariaDBError, rows, scalar
from tests.shops.opencart_schema import Version, load_schema

pytestmark = pytest.mark.mariadb
VERSIONS: list[Version] = ["3", "4"]


def count(shop: OpenCartShop, query: str) -> int:
    return int(scalar(query, shop.database))


@pytest.mark.parametrize("version", VERSIONS)
def test_shop_has_the_issue_minimums(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    shop = opencart_shops[version]
    assert count(shop, "SELECT COUNT(*) FROM oc_product") >= 1000
    assert count(shop, "SELECT COUNT(*) FROM oc_order") >= 2000
    assert count(shop, "SELECT COUNT(*) FROM oc_customer") >= 200
    assert count(shop, "SELECT COUNT(*) FROM oc_return") >= 50
    assert count(shop, "SELECT COUNT(*) FROM oc_language WHERE status = 1") == 2
    assert count(shop, "SELECT COUNT(DISTINCT order_status_id) FROM oc_order") >= 6
    tables = count(shop, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")
    assert tables == {"3": 136, "4": 159}[version]  # the installer's tables, no more, no less


@pytest.mark.parametrize("version", VERSIONS)
def test_every_product_and_category_has_a_description_per_language(
        opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    shop = opencart_shops[version]
    for entity in ("product", "category"):
        missing = count(shop, f"SELECT COUNT(*) FROM oc_{entity} e CROSS JOIN oc_language l LEFT JOIN "
                              f"oc_{entity}_description d ON d.{entity}_id = e.{entity}_id AND "
                              "d.language_id = l.language_id WHERE d.name IS NULL OR d.name = ''")
        assert missing == 0, entity
    # Lookups copied for the new language, as admin's addLanguage does.
    assert count(shop, "SELECT COUNT(*) FROM oc_order_status WHERE language_id = 2") == 14
    assert count(shop, "SELECT COUNT(*) FROM oc_return_reason WHERE language_id = 2") == 5


@pytest.mark.parametrize("version", VERSIONS)
def test_category_path_is_the_closure_of_parent_ids(opencart_shops: dict[Version, OpenCartShop],
                                                    version: Version) -> None:
    shop = opencart_shops[version]
    parent = {int(c): int(p) for c, p in rows("SELECT category_id, parent_id FROM oc_category", shop.database)}
    paths: dict[int, list[tuple[int, int]]] = {}
    for category, path, level in rows("SELECT category_id, path_id, level FROM oc_category_path", shop.database):
        paths.setdefault(int(category), []).append((int(level), int(path)))
    depths = set()
    for category_id in parent:
        chain = [category_id]
        while parent[chain[0]]:
            chain.insert(0, parent[chain[0]])
        assert sorted(paths[category_id]) == list(enumerate(chain)), category_id
        depths.add(len(chain))
    assert depths == {1, 2, 3}
    assert set(paths) == set(parent)


@pytest.mark.parametrize("version", VERSIONS)
def test_order_totals_add_up(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    shop = opencart_shops[version]
    lines: dict[int, dict[str, Decimal]] = {}
    for order, code, value in rows("SELECT order_id, code, value FROM oc_order_total", shop.database):
        lines.setdefault(int(order), {})[code] = Decimal(value)
    order_total = {int(o): Decimal(t) for o, t in rows("SELECT order_id, total FROM oc_order", shop.database)}
    products = {int(o): Decimal(t) for o, t in rows(
        "SELECT order_id, SUM(total) FROM oc_order_product GROUP BY order_id", shop.database)}
    assert set(lines) == set(order_total) == set(products)
    coupons = 0
    for order_id, by_code in lines.items():
        assert set(by_code) <= {"sub_total", "shipping", "coupon", "tax", "total"}
        assert by_code["sub_total"] == products[order_id]
        assert sum(v for c, v in by_code.items() if c != "total") == by_code["total"] == order_total[order_id]
        if "coupon" in by_code:
            coupons += 1
            assert by_code["coupon"] < 0  # OpenCart stores the coupon line as a negative value
    assert coupons > 0
    assert count(shop, "SELECT COUNT(*) FROM oc_order_product WHERE total <> price * quantity") == 0
    sort_orders = rows("SELECT DISTINCT code, sort_order FROM oc_order_total ORDER BY sort_order", shop.database)
    assert sort_orders == [["sub_total", "1"], ["shipping", "3"], ["coupon", "4"], ["tax", "5"], ["total", "9"]]


@pytest.mark.parametrize("version", VERSIONS)
def test_order_history_matches_current_status(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    shop = opencart_shops[version]
    # The last history row by (date_added, id); derived tables because oc_order_history has no order_id index.
    mismatched = count(shop, """
        SELECT COUNT(*) FROM oc_order o
        JOIN (SELECT order_id, MAX(CONCAT(date_added, LPAD(order_history_id, 10, '0'))) AS last_key
              FROM oc_order_history GROUP BY order_id) t ON t.order_id = o.order_id
        JOIN oc_order_history h ON h.order_history_id = CAST(SUBSTRING(t.last_key, 20) AS UNSIGNED)
        WHERE h.order_status_id <> o.order_status_id""")
    assert mismatched == 0
    assert count(shop, "SELECT COUNT(*) FROM oc_order o WHERE NOT EXISTS "
                       "(SELECT 1 FROM oc_order_history h WHERE h.order_id = o.order_id)") == 0
    assert count(shop, "SELECT COUNT(*) FROM oc_order o JOIN oc_order_history h USING (order_id) "
                       "WHERE h.date_added < o.date_added") == 0
    # 3.x addOrderHistory sets date_modified = NOW(); 4.1 addHistory leaves it alone.
    column = "t.last_change" if version == "3" else "o.date_added"
    assert count(shop, "SELECT COUNT(*) FROM oc_order o JOIN (SELECT order_id, MAX(date_added) AS last_change "
                       "FROM oc_order_history GROUP BY order_id) t USING (order_id) "
                       f"WHERE o.date_modified <> {column}") == 0
    assert count(shop, "SELECT COUNT(*) FROM oc_order o LEFT JOIN oc_order_status s ON "
                       "s.order_status_id = o.order_status_id AND s.language_id = 1 WHERE s.name IS NULL") == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_order_options_point_at_the_products_option_values(opencart_shops: dict[Version, OpenCartShop],
                                                           version: Version) -> None:
    shop = opencart_shops[version]
    assert count(shop, "SELECT COUNT(*) FROM oc_order_option") > 1000
    assert count(shop, """
        SELECT COUNT(*) FROM oc_order_option oo JOIN oc_order_product op USING (order_product_id)
        LEFT JOIN oc_product_option_value pov ON pov.product_option_value_id = oo.product_option_value_id
          AND pov.product_option_id = oo.product_option_id AND pov.product_id = op.product_id
        LEFT JOIN oc_option_value_description ovd ON ovd.option_value_id = pov.option_value_id
          AND ovd.language_id = 1
        WHERE ovd.name IS NULL OR ovd.name <> oo.value OR oo.order_id <> op.order_id""") == 0
    assert count(shop, "SELECT COUNT(*) FROM oc_product_option_value pov JOIN oc_option_value ov "
                       "USING (option_value_id) WHERE ov.option_id <> pov.option_id") == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_returns_reference_real_order_lines(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    shop = opencart_shops[version]
    assert count(shop, """
        SELECT COUNT(*) FROM oc_return r WHERE NOT EXISTS (
          SELECT 1 FROM oc_order_product op WHERE op.order_id = r.order_id AND op.product_id = r.product_id
            AND op.model = r.model AND op.quantity >= r.quantity)""") == 0
    assert count(shop, """
        SELECT COUNT(*) FROM oc_return r JOIN oc_return_history h ON h.return_history_id = (
          SELECT h2.return_history_id FROM oc_return_history h2 WHERE h2.return_id = r.return_id
          ORDER BY h2.date_added DESC, h2.return_history_id DESC LIMIT 1)
        WHERE h.return_status_id <> r.return_status_id OR h.date_added <> r.date_modified""") == 0
    for lookup in ("reason", "status"):
        assert count(shop, f"SELECT COUNT(*) FROM oc_return r LEFT JOIN oc_return_{lookup} l ON "
                           f"l.return_{lookup}_id = r.return_{lookup}_id AND l.language_id = 1 "
                           "WHERE l.name IS NULL") == 0
    no_action = {"3": 0, "4": 1}[version]
    assert count(shop, "SELECT COUNT(*) FROM oc_return r LEFT JOIN oc_return_action l ON "
                       "l.return_action_id = r.return_action_id AND l.language_id = 1 "
                       f"WHERE l.name IS NULL AND r.return_action_id <> {no_action}") == 0


def test_opencart_41_keeps_codes_in_product_code_and_specials_in_discounts(
        opencart_shops: dict[Version, OpenCartShop]) -> None:
    oc3, oc4 = opencart_shops["3"], opencart_shops["4"]
    assert count(oc4, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() "
                      "AND table_name = 'oc_product' AND column_name IN ('sku', 'upc', 'ean', 'mpn')") == 0
    assert count(oc4, "SELECT COUNT(*) FROM oc_product p LEFT JOIN oc_product_code c ON "
                      "c.product_id = p.product_id AND c.code = 'SKU' WHERE c.value IS NULL") == 0
    assert count(oc4, "SELECT COUNT(*) FROM oc_product_code c LEFT JOIN oc_identifier i USING (code) "
                      "WHERE i.identifier_id IS NULL") == 0
    assert count(oc4, "SELECT COUNT(*) FROM oc_product_discount WHERE special = 1 AND quantity = 1") > 50
    assert count(oc3, "SELECT COUNT(*) FROM oc_product_special") > 50
    assert count(oc3, "SELECT COUNT(*) FROM oc_product WHERE sku = '' OR ean = ''") == 0
    # Same seed, same catalogue: the two versions differ only in layout.
    sku3 = scalar("SELECT sku FROM oc_product WHERE product_id = 17", oc3.database)
    assert sku3 == scalar("SELECT value FROM oc_product_code WHERE product_id = 17 AND code = 'SKU'", oc4.database)


@pytest.mark.parametrize("version", VERSIONS)
def test_change_feed_needs_id_tie_breaks(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    shop = opencart_shops[version]
    tied = count(shop, "SELECT COUNT(*) FROM (SELECT date_modified FROM oc_product GROUP BY date_modified "
                       "HAVING COUNT(*) > 1) t")
    assert tied >= 3  # bulk edits: several timestamps shared by many products


def test_generation_is_deterministic(opencart_shops: dict[Version, OpenCartShop]) -> None:
    # Rebuilding with the same seed must give the same data; compare against the session shop's first rows.
    from tests.shops.mariadb import drop_database, new_database_name
    from tests.shops.opencart_shop import build_shop
    shop = opencart_shops["3"]
    again = new_database_name("oc3det")
    try:
        build_shop("3", again, products_count=1000, orders_count=2000, customers_count=200)
        query = ("SELECT SUM(CRC32(CONCAT_WS('|', order_id, code, value))) FROM oc_order_total")
        assert scalar(query, again) == scalar(query, shop.database)
    finally:
        drop_database(again)


def test_load_schema_refuses_foreign_names_and_bad_prefixes() -> None:
    with pytest.raises(ValueError, match="cg_oc_"):
        load_schema("3", "someone_elses_db")
    with pytest.raises(ValueError, match="prefix"):
        load_schema("3", "cg_oc_never", prefix="oc-`; DROP")
    assert count_databases("cg_oc_never") == 0


def test_load_schema_of_an_existing_database_fails(opencart_shops: dict[Version, OpenCartShop]) -> None:
    with pytest.raises(MariaDBError):
        load_schema("4", opencart_shops["4"].database)
    assert int(scalar("SELECT COUNT(*) FROM oc_product", opencart_shops["4"].database)) >= 1000


def count_databases(name: str) -> int:
    return int(scalar(f"SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '{name}'",
                      "information_schema"))


@pytest.mark.parametrize("version", VERSIONS)
def test_text_is_stored_entity_encoded_like_opencart_input(opencart_shops: dict[Version, OpenCartShop],
                                                           version: Version) -> None:
    shop = opencart_shops[version]
    raw = count(shop, "SELECT COUNT(*) FROM oc_product_description WHERE name LIKE '%\"%' OR description LIKE '%<%' "
                      "OR name REGEXP '&[^aql#]'")
    assert raw == 0
    assert count(shop, "SELECT COUNT(*) FROM oc_product_description WHERE name LIKE '%&amp;%'") > 0
    assert count(shop, "SELECT COUNT(*) FROM oc_product_description WHERE name LIKE '%&quot;%'") > 0
    assert count(shop, "SELECT COUNT(*) FROM oc_product_description WHERE description NOT LIKE '&lt;p&gt;%'") == 0
    assert count(shop, "SELECT COUNT(*) FROM oc_product_description WHERE name LIKE '%''%'") > 0  # ' stays as is
    # Order lines copy the stored (encoded) product name, as the checkout does.
    assert count(shop, "SELECT COUNT(*) FROM oc_order_product op JOIN oc_product_description pd ON "
                       "pd.product_id = op.product_id AND pd.language_id = 1 WHERE pd.name <> op.name") == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_seo_urls_per_language_follow_the_version_layout(opencart_shops: dict[Version, OpenCartShop],
                                                         version: Version) -> None:
    shop = opencart_shops[version]
    if version == "3":
        products = "SELECT COUNT(*) FROM oc_seo_url WHERE query LIKE 'product_id=%'"
        categories = "SELECT COUNT(*) FROM oc_seo_url WHERE query LIKE 'category_id=%'"
    else:
        products = "SELECT COUNT(*) FROM oc_seo_url WHERE `key` = 'product_id'"
        categories = "SELECT COUNT(*) FROM oc_seo_url WHERE `key` = 'path'"
        # 4.1 keys a category by its path (ids joined by _, from the top), as category_path orders it.
        wrong = count(shop, """
            SELECT COUNT(*) FROM oc_seo_url s WHERE s.`key` = 'path' AND s.value <> (
              SELECT GROUP_CONCAT(cp.path_id ORDER BY cp.level SEPARATOR '_') FROM oc_category_path cp
              WHERE cp.category_id = SUBSTRING_INDEX(s.value, '_', -1))""")
        assert wrong == 0
    assert count(shop, products) == 2 * count(shop, "SELECT COUNT(*) FROM oc_product")
    assert count(shop, categories) == 2 * count(shop, "SELECT COUNT(*) FROM oc_category")
    assert count(shop, "SELECT COUNT(*) - COUNT(DISTINCT store_id, language_id, keyword) FROM oc_seo_url") == 0
