"""category.assign / unassign, customer.delete and order.return.delete through HTTP on shops of their own, checked
in MariaDB as OpenCart's admin would leave the rows; refusals carry a code and leave every table as it was."""

from __future__ import annotations

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, run_sql, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

OWN_SHOP_SIZES = {"products_count": 40, "orders_count": 40, "customers_count": 8}  # own shops (conftest)

# What the admin's deleteCustomer removes (admin/model/customer/customer.php at 3.0.3.8 and 4.1.0.4).
_CUSTOMER_TABLES = {
    "3": ["customer_activity", "customer_affiliate", "customer_approval", "customer_history", "customer_reward",
          "customer_transaction", "customer_ip", "address"],
    "4": ["customer_activity", "address", "customer_authorize", "customer_history", "customer_reward",
          "customer_transaction", "customer_wishlist", "customer_ip", "customer_token", "customer_affiliate",
          "customer_affiliate_report", "customer_approval"],
}  # fmt: skip
_NON_STRICT = "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';\n"


def _counts(db: str, tables: list[str]) -> dict[str, str]:
    return {table: scalar(f"SELECT COUNT(*) FROM `oc_{table}`", db) for table in tables}


async def _code(store: Connected, method: str, **params: object) -> int:
    return int((await store.raw(method, **params))["return_code"])


@pytest.mark.parametrize("version", VERSIONS)
async def test_assign_and_unassign_change_one_link_and_touch_the_product(writable: dict[Version, Connected],
                                                                         version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid = scalar("SELECT MIN(product_id) FROM oc_product", db)
    category = scalar(f"SELECT MAX(category_id) FROM oc_category WHERE category_id NOT IN "
                      f"(SELECT category_id FROM oc_product_to_category WHERE product_id = {pid})", db)  # fmt: skip
    before = sorted(r[0] for r in rows(f"SELECT category_id FROM oc_product_to_category WHERE product_id = {pid}", db))
    run_sql(f"UPDATE oc_product SET date_modified = '2001-01-01 00:00:00' WHERE product_id = {pid}", db)
    assert await store.ok("category.assign", category_id=category, product_id=pid) == {}
    after = sorted(r[0] for r in rows(f"SELECT category_id FROM oc_product_to_category WHERE product_id = {pid}", db))
    assert after == sorted([*before, category])
    assert scalar(f"SELECT date_modified > NOW() - INTERVAL 1 MINUTE FROM oc_product WHERE product_id = {pid}",
                  db) == "1"  # fmt: skip
    assert category in (await store.ok("product.info", id=pid))["categories_ids"]
    # assigning again changes nothing (and does not touch the product)
    run_sql(f"UPDATE oc_product SET date_modified = '2001-01-01 00:00:00' WHERE product_id = {pid}", db)
    await store.ok("category.assign", category_id=category, product_id=pid)
    assert scalar(f"SELECT COUNT(*) FROM oc_product_to_category WHERE product_id = {pid} AND category_id = {category}",
                  db) == "1"  # fmt: skip
    assert scalar(f"SELECT date_modified FROM oc_product WHERE product_id = {pid}", db) == "2001-01-01 00:00:00"
    assert await store.ok("category.unassign", category_id=category, product_id=pid) == {}
    assert sorted(r[0] for r in rows(f"SELECT category_id FROM oc_product_to_category WHERE product_id = {pid}",
                                     db)) == before  # fmt: skip
    assert scalar(f"SELECT date_modified > NOW() - INTERVAL 1 MINUTE FROM oc_product WHERE product_id = {pid}",
                  db) == "1"  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
async def test_assign_refusals_are_coded_and_change_nothing(writable: dict[Version, Connected],
                                                            version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid, category = scalar("SELECT MIN(product_id) FROM oc_product", db), scalar("SELECT MIN(category_id) "
                                                                                 "FROM oc_category", db)
    snapshot = (_counts(db, ["product_to_category"]),
                scalar("SELECT MAX(date_modified) FROM oc_product", db))  # fmt: skip
    for method in ("category.assign", "category.unassign"):
        assert await _code(store, method, category_id="999999", product_id=pid) == 112
        assert await _code(store, method, category_id=category, product_id="999999") == 112
        assert await _code(store, method, category_id="x1", product_id=pid) == 109
        assert await _code(store, method, category_id=category, product_id=pid, store_id="3") == 120
    assert (_counts(db, ["product_to_category"]), scalar("SELECT MAX(date_modified) FROM oc_product", db)) == snapshot


def _seed_customer_rows(db: str, version: Version, customer_ids: list[str]) -> None:
    tables = [*_CUSTOMER_TABLES[version], "customer_wishlist"]
    inserts = [f"INSERT IGNORE INTO `oc_{table}` (customer_id) VALUES ({cid});"
               for table in dict.fromkeys(tables) for cid in customer_ids]  # fmt: skip
    run_sql(_NON_STRICT + "\n".join(inserts), db)


@pytest.mark.parametrize("version", VERSIONS)
async def test_customer_delete_removes_what_the_admin_removes(writable: dict[Version, Connected],
                                                              version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    victim, bystander = (r[0] for r in rows("SELECT customer_id FROM oc_customer ORDER BY customer_id LIMIT 2", db))
    _seed_customer_rows(db, version, [victim, bystander])
    tables = ["customer", *_CUSTOMER_TABLES[version]]
    orders = scalar(f"SELECT COUNT(*) FROM `oc_order` WHERE customer_id = {victim}", db)
    assert (await store.ok("customer.delete", id=victim))["delete_items"] == 1
    for table in tables:
        assert scalar(f"SELECT COUNT(*) FROM `oc_{table}` WHERE customer_id = {victim}", db) == "0", table
        assert scalar(f"SELECT COUNT(*) FROM `oc_{table}` WHERE customer_id = {bystander}", db) != "0", table
    # 3.0.3.8's deleteCustomer leaves the wishlist; 4.1.0.4's removes it. Orders stay in both.
    wished = scalar(f"SELECT COUNT(*) FROM oc_customer_wishlist WHERE customer_id = {victim}", db)
    assert wished == ("1" if version == "3" else "0")
    assert scalar(f"SELECT COUNT(*) FROM `oc_order` WHERE customer_id = {victim}", db) == orders
    assert (await store.raw("customer.info", id=victim))["return_code"] == 112


@pytest.mark.parametrize("version", VERSIONS)
async def test_customer_delete_refusals_change_nothing(writable: dict[Version, Connected], version: Version) -> None:
    store = writable[version]
    db = store.shop.database
    tables = ["customer", *_CUSTOMER_TABLES[version]]
    before = _counts(db, tables)
    customer = scalar("SELECT MAX(customer_id) FROM oc_customer", db)
    assert await _code(store, "customer.delete", id="999999") == 112
    assert await _code(store, "customer.delete", id="abc") == 112
    assert await _code(store, "customer.delete", id=customer, store_id="7") == 112  # not a customer of store 7
    assert _counts(db, tables) == before


@pytest.mark.parametrize("version", VERSIONS)
async def test_order_return_delete_removes_the_return_and_its_history(writable: dict[Version, Connected],
                                                                      version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    return_id, order_id = rows("SELECT r.return_id, r.order_id FROM `oc_return` r JOIN oc_return_history h "
                               "ON h.return_id = r.return_id ORDER BY r.return_id LIMIT 1", db)[0]  # fmt: skip
    others = _counts(db, ["return", "return_history"])
    own_history = int(scalar(f"SELECT COUNT(*) FROM oc_return_history WHERE return_id = {return_id}", db))
    # refusals first: another order's id, an unknown return, a store the order is not in
    assert await _code(store, "order.return.delete", return_id=return_id, order_id="999999") == 112
    assert await _code(store, "order.return.delete", return_id="999999", order_id=order_id) == 112
    assert await _code(store, "order.return.delete", return_id=return_id, order_id=order_id, store_id="5") == 112
    assert _counts(db, ["return", "return_history"]) == others
    assert (await store.ok("order.return.delete", return_id=return_id, order_id=order_id))["deleted"] is True
    assert scalar(f"SELECT COUNT(*) FROM `oc_return` WHERE return_id = {return_id}", db) == "0"
    assert scalar(f"SELECT COUNT(*) FROM oc_return_history WHERE return_id = {return_id}", db) == "0"
    assert _counts(db, ["return", "return_history"]) == {
        "return": str(int(others["return"]) - 1), "return_history": str(int(others["return_history"]) - own_history)}
    assert (await store.raw("return.info", id=return_id))["return_code"] == 112


async def test_assign_on_opencart4_follows_the_masters_variant_products(writable: dict[Version, Connected]) -> None:
    store = writable["4"]
    db = store.shop.database
    master, follower, own = (row[0] for row in rows("SELECT product_id FROM oc_product ORDER BY product_id DESC "
                                                     "LIMIT 3", db))  # fmt: skip
    category = scalar(f"SELECT MIN(category_id) FROM oc_category WHERE category_id NOT IN (SELECT category_id FROM "
                      f"oc_product_to_category WHERE product_id IN ({master}, {follower}, {own}))", db)  # fmt: skip
    run_sql(f"UPDATE oc_product SET master_id = {master}, override = '' WHERE product_id = {follower};\n"
            f"UPDATE oc_product SET master_id = {master}, override = '{{\"product_category\":\"1\"}}' "
            f"WHERE product_id = {own};", db)  # fmt: skip

    def linked() -> list[str]:
        return [row[0] for row in rows(f"SELECT product_id FROM oc_product_to_category WHERE category_id = {category} "
                                       f"AND product_id IN ({master}, {follower}, {own}) ORDER BY product_id", db)]

    # editVariants copies the master's categories to a variant that does not override them
    await store.ok("category.assign", category_id=category, product_id=master)
    assert linked() == sorted([master, follower], key=int)
    # such a variant takes its categories from the master: changing them alone is refused, nothing written
    before = _counts(db, ["product_to_category"])
    body = await store.raw("category.unassign", category_id=category, product_id=follower)
    assert (body["return_code"], "product_id" in body["return_message"] or master in body["return_message"]) == (
        109, True)
    assert _counts(db, ["product_to_category"]) == before
    # a variant that overrides its categories keeps its own
    await store.ok("category.assign", category_id=category, product_id=own)
    assert linked() == sorted([master, follower, own], key=int)
    await store.ok("category.unassign", category_id=category, product_id=master)
    assert linked() == [own]
