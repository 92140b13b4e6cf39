"""product.variant.add / delete through HTTP, checked in MariaDB as OpenCart's admin reads the option rows.

A variant is a ``product_option_value`` row; adding one to a product that lacks the option also writes the
``product_option`` row (as ``addProduct``/``editProduct`` would from the form), and deleting the last value of an
option drops its ``product_option`` (``editProduct`` skips list options without values). Each version gets a
shop of this module's own; refusals must leave the row counts and stock unchanged (3.x tables are MyISAM).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, run_sql, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

OWN_SHOP_SIZES = {"products_count": 60, "orders_count": 10, "customers_count": 5}  # own shops (conftest)

_SHIRT = ("SELECT po.product_id, po.product_option_id, po.option_id, p.price FROM oc_product_option po "
          "JOIN oc_product p ON p.product_id = po.product_id JOIN oc_option_description od "
          "ON od.option_id = po.option_id AND od.language_id = 1 AND od.name = 'Size' ORDER BY po.product_id LIMIT 1")


def _new_size_value(db: str, option_id: str) -> str:
    """A value the store owner adds to the Size option in the admin's catalogue (no product has it yet)."""
    value_id = scalar(f"INSERT INTO oc_option_value (option_id, image, sort_order) VALUES ({option_id}, '', 9); "
                      "SELECT LAST_INSERT_ID()", db)  # fmt: skip
    run_sql("INSERT INTO oc_option_value_description (option_value_id, language_id, option_id, name) "
            f"SELECT {value_id}, language_id, {option_id}, 'Extra &amp; Large' FROM oc_language", db)  # fmt: skip
    return value_id


_NO_COLOUR = (
    "SELECT p.product_id, p.price FROM oc_product p WHERE NOT EXISTS (SELECT 1 FROM oc_product_option po "
    "JOIN oc_option_description od ON od.option_id = po.option_id AND od.name = 'Colour' "
    "WHERE po.product_id = p.product_id) ORDER BY p.product_id LIMIT 1"
)


def _state(db: str) -> tuple[str, ...]:
    return (scalar("SELECT COUNT(*) FROM oc_product_option", db), scalar("SELECT COUNT(*) FROM oc_product_option_value",
                                                                          db),
            scalar("SELECT CONCAT(SUM(quantity), '|', SUM(price)) FROM oc_product_option_value", db))  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
async def test_variant_add_puts_a_value_on_the_products_option(writable: dict[Version, Connected],
                                                               version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid, po_id, option_id, price = rows(_SHIRT, db)[0]
    value_id, value_name = _new_size_value(db, option_id), "Extra & Large"
    options_before = scalar(f"SELECT COUNT(*) FROM oc_product_option WHERE product_id = {pid}", db)
    checkpoint = scalar("SELECT NOW() - INTERVAL 1 SECOND", db)
    wanted = Decimal(price) + Decimal("3.00")
    added = await store.ok("product.variant.add", product_id=pid, model="SHIRT-XL", price=str(wanted), quantity=7,
                           attributes=[{"attribute_name": "size", "attribute_value": value_name}])  # fmt: skip
    head, _, new_id = added["product_variant_id"].partition("-")
    assert head == pid
    assert rows(f"SELECT product_option_id, product_id, option_value_id, quantity, subtract, price, price_prefix, "
                f"points, points_prefix, weight, weight_prefix FROM oc_product_option_value "
                f"WHERE product_option_value_id = {new_id}", db) == [
        [po_id, pid, value_id, "7", "1", "3.0000", "+", "0", "+", "0.00000000", "+"]]  # fmt: skip
    assert scalar(f"SELECT COUNT(*) FROM oc_product_option WHERE product_id = {pid}", db) == options_before
    assert scalar(f"SELECT date_modified >= '{checkpoint}' FROM oc_product WHERE product_id = {pid}", db) == "1"
    product = await store.ok("product.info", id=pid)
    child = next(c for c in product["children"] if c["id"] == added["product_variant_id"])
    assert (child["inventory_level"], Decimal(str(child["default_price"]))) == (7, wanted)
    # the same value again is refused: OpenCart's form would show it twice
    again = await store.raw("product.variant.add", product_id=pid, model="SHIRT-XL",
                            attributes=[{"attribute_name": "Size", "attribute_value": value_name}])  # fmt: skip
    assert again["return_code"] == 109 and "attributes.0.attribute_value" in again["return_message"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_variant_add_creates_the_option_and_delete_removes_it_with_its_last_value(
        writable: dict[Version, Connected], version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid, price = rows(_NO_COLOUR, db)[0]
    cheaper = Decimal(price) - Decimal("1.50")
    blue = await store.ok("product.variant.add", product_id=pid, model="M", price=str(cheaper), quantity=2,
                          manage_stock=False, weight="0.25",
                          attributes=[{"attribute_name": "Colour", "attribute_value": "Blue"}])  # fmt: skip
    red = await store.ok("product.variant.add", product_id=pid, model="M",
                         attributes=[{"attribute_name": "Colour", "attribute_value": "Red", "attribute_price": "2.00"}])
    blue_id, red_id = blue["product_variant_id"].split("-")[1], red["product_variant_id"].split("-")[1]
    option = rows(f"SELECT po.product_option_id, po.required, COALESCE(po.value, 'NULL') FROM oc_product_option po "
                  f"JOIN oc_option_description od ON od.option_id = po.option_id AND od.language_id = 1 "
                  f"WHERE po.product_id = {pid} AND od.name = 'Colour'", db)  # fmt: skip
    assert [row[1:] for row in option] == [["1", "" if version == "3" else "NULL"]]  # 4.1 addOption leaves it NULL
    assert rows(f"SELECT product_option_value_id, product_option_id, quantity, subtract, price, price_prefix, weight "
                f"FROM oc_product_option_value WHERE product_option_id = {option[0][0]} "
                f"ORDER BY product_option_value_id", db) == [
        [blue_id, option[0][0], "2", "0", "1.5000", "-", "0.25000000"],
        [red_id, option[0][0], "0", "1", "2.0000", "+", "0.00000000"]]  # fmt: skip
    deleted = await store.ok("product.variant.delete", id=blue["product_variant_id"], product_id=pid)
    assert deleted["deleted"] is True
    assert scalar(f"SELECT COUNT(*) FROM oc_product_option_value WHERE product_option_value_id = {blue_id}", db) == "0"
    assert scalar(f"SELECT COUNT(*) FROM oc_product_option WHERE product_option_id = {option[0][0]}", db) == "1"
    await store.ok("product.variant.delete", id=red["product_variant_id"], product_id=pid)
    # the last value gone: editProduct would not write the option again
    assert scalar(f"SELECT COUNT(*) FROM oc_product_option WHERE product_option_id = {option[0][0]}", db) == "0"
    assert not [c for c in (await store.ok("product.info", id=pid)).get("children") or []
                if c["id"] in (blue["product_variant_id"], red["product_variant_id"])]  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
async def test_bad_variant_writes_are_refused_with_a_code_and_write_nothing(writable: dict[Version, Connected],
                                                                            version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid, value_id = rows("SELECT product_id, product_option_value_id FROM oc_product_option_value "
                         "ORDER BY product_option_value_id LIMIT 1", db)[0]  # fmt: skip
    other = scalar(f"SELECT MIN(product_id) FROM oc_product WHERE product_id <> {pid}", db)
    size = [{"attribute_name": "Size", "attribute_value": "Small"}]
    refusals: list[tuple[str, dict[str, Any], int, str]] = [
        ("product.variant.add", {"product_id": "99999999", "attributes": size}, 112, ""),
        ("product.variant.add", {"product_id": pid, "attributes": [{"attribute_name": "Flavour",
                                                                    "attribute_value": "Mint"}]}, 109, "_name"),
        ("product.variant.add", {"product_id": pid, "attributes": [{"attribute_name": "Size",
                                                                    "attribute_value": "Huge"}]}, 109, "_value"),
        ("product.variant.add", {"product_id": pid, "attributes": []}, 109, "attributes"),
        ("product.variant.add", {"product_id": pid, "attributes": size * 2}, 120, "attributes"),
        ("product.variant.add", {"product_id": pid, "attributes": size, "sku": "S-1"}, 120, "sku"),
        ("product.variant.add", {"product_id": pid, "attributes": size, "store_id": "1"}, 120, "store_id"),
        ("product.variant.add", {"product_id": pid, "attributes": size, "price": "1.234"}, 109, "price"),
        ("product.variant.add", {"product_id": pid, "attributes": size, "weight": "12345678"}, 109, "weight"),
        ("product.variant.add", {"product_id": pid, "attributes": size, "available_for_sale": False}, 120,
         "available_for_sale"),
        ("product.variant.delete", {"id": f"{pid}-99999999", "product_id": pid}, 112, ""),
        ("product.variant.delete", {"id": f"{pid}-{value_id}", "product_id": other}, 112, ""),
        ("product.variant.delete", {"id": f"{other}-{value_id}", "product_id": other}, 112, ""),
        ("product.variant.delete", {"id": f"{pid}-\u00b2", "product_id": pid}, 112, ""),  # '²'.isdigit() is True
        ("product.variant.update", {"id": f"{pid}-\u00b2", "quantity": 1}, 112, ""),
        ("product.variant.add", {"product_id": "\u00b2", "attributes": size}, 112, ""),
    ]  # fmt: skip
    before = _state(db)
    for method, params, code, field in refusals:
        if method == "product.variant.add":  # model is required
            params = {"model": "REF"} | params
        body = await store.raw(method, **params)
        assert body["return_code"] == code, (method, params, body)
        assert field in body["return_message"], (method, params, body)
    assert _state(db) == before
