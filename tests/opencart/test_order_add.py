"""order.add through HTTP, checked in MariaDB as OpenCart's admin and order.info read it; refusals write nothing.

The rows must be the ones catalog/model/checkout/order.php writes (addOrder + the first addOrderHistory,
3.0.3.8 / 4.1.0.4): order, order_product (4.x master_id), order_option for a variant line, order_total lines,
one history row, and stock taken off when the first status is a processing/complete one. Each version gets a
shop of this module's own (conftest's ``writable``). 3.x tables are MyISAM, so refusals are checked by comparing
row counts and stock before and after.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, run_sql, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

OWN_SHOP_SIZES = {"products_count": 60, "orders_count": 20, "customers_count": 5}  # own shops (conftest)
TABLES = ("order", "order_product", "order_option", "order_total", "order_history")
GB, US = "222", "223"  # OpenCart's own country ids (install SQL)


def _state(db: str) -> dict[str, str]:
    state = {table: scalar(f"SELECT COUNT(*) FROM `oc_{table}`", db) for table in TABLES}
    state["stock"] = scalar("SELECT SUM(quantity) FROM oc_product", db)
    state["variants"] = scalar("SELECT SUM(quantity) FROM oc_product_option_value", db)
    return state


def _stocked_variant(db: str) -> tuple[str, str, str, str, str]:
    """(product_id, product_option_value_id, option name, value name, product model) with stock to sell."""
    found = rows("SELECT pov.product_id, pov.product_option_value_id, od.name, ovd.name, p.model "
                 "FROM oc_product_option_value pov JOIN oc_product p ON p.product_id = pov.product_id "
                 "JOIN oc_option_description od ON od.option_id = pov.option_id AND od.language_id = 1 "
                 "JOIN oc_option_value_description ovd ON ovd.option_value_id = pov.option_value_id "
                 "AND ovd.language_id = 1 WHERE pov.subtract = 1 AND pov.quantity >= 10 AND p.subtract = 1 "
                 "AND p.quantity >= 10 ORDER BY pov.product_option_value_id LIMIT 1", db)  # fmt: skip
    assert found, "the generated shop has an option value with stock"
    return tuple(found[0])  # type: ignore[return-value]


def _plain_product(db: str, not_id: str) -> str:
    return scalar(f"SELECT product_id FROM oc_product WHERE subtract = 1 AND quantity >= 10 AND product_id <> {not_id} "
                  "ORDER BY product_id LIMIT 1", db)  # fmt: skip


def _order(email: str, pid: str, variant: str, other: str, **extra: Any) -> dict[str, Any]:
    return {"order_status": "Processing", "customer_email": email, "currency": "USD",
            "bill_first_name": "Ada", "bill_last_name": 'Love & "lace"', "bill_address_1": "12 St James's Sq",
            "bill_city": "London", "bill_postcode": "SW1Y 4JH", "bill_state": "Greater London", "bill_country": "GB",
            "shipp_first_name": "Grace", "shipp_last_name": "Hopper", "shipp_address_1": "1 Main St",
            "shipp_city": "Los Angeles", "shipp_postcode": "90001", "shipp_state": "CA", "shipp_country": "USA",
            "order_payment_method": "Cash On Delivery", "order_shipping_method": "Flat Shipping Rate",
            "comment": "Leave at <door>",
            "order_item": [
                {"order_item_id": pid, "order_item_name": "Shirt", "order_item_price": "10.00",
                 "order_item_quantity": 2, "order_item_variant_id": f"{pid}-{variant}", "order_item_tax": "4.00"},
                {"order_item_id": other, "order_item_name": "Mug", "order_item_price": "5.50",
                 "order_item_quantity": 1, "order_item_tax": "1.10"}],
            "subtotal_price": "25.50", "tax_price": "5.10", "shipping_price": "4.50", "discount": "2.00",
            "total_price": "33.10"} | extra  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
async def test_order_add_writes_the_checkout_rows_and_takes_stock(writable: dict[Version, Connected],
                                                                  version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid, value_id, option_name, value_name, model = _stocked_variant(db)
    other = _plain_product(db, pid)
    customer_id, email = rows("SELECT customer_id, email FROM oc_customer ORDER BY customer_id LIMIT 1", db)[0]
    stock = {p: int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {p}", db)) for p in (pid, other)}
    value_stock = int(scalar(f"SELECT quantity FROM oc_product_option_value WHERE product_option_value_id = "
                             f"{value_id}", db))  # fmt: skip
    added = await store.ok("order.add", **_order(email.upper(), pid, value_id, other))
    oid = added["order_id"]
    assert added["customer_id"] == customer_id
    order = rows(f"SELECT customer_id, email, payment_lastname, payment_country_id, payment_country, payment_zone, "
                 f"shipping_country_id, shipping_zone, shipping_city, comment, total, order_status_id, currency_code, "
                 f"currency_value, language_id, store_id, invoice_no, invoice_prefix <> '', ip, "
                 f"date_added IS NOT NULL FROM oc_order WHERE order_id = {oid}", db)  # fmt: skip
    assert order == [[customer_id, email.upper(), "Love &amp; &quot;lace&quot;", GB, "United Kingdom",
                      "Greater London", US, "California", "Los Angeles", "Leave at &lt;door&gt;", "33.1000", "2",
                      "USD", "1.00000000", "1", "0", "0", "1", "", "1"]]  # fmt: skip
    methods = rows(f"SELECT payment_method, shipping_method FROM oc_order WHERE order_id = {oid}", db)[0]
    if version == "3":
        assert methods == ["Cash On Delivery", "Flat Shipping Rate"]
    else:  # 4.x addOrder stores json_encode of the chosen method
        assert [json.loads(m)["name"] for m in methods] == ["Cash On Delivery", "Flat Shipping Rate"]
        assert scalar(f"SELECT CONCAT(language_code, '|', subscription_id) FROM oc_order WHERE order_id = {oid}",
                      db) == "en-gb|0"  # fmt: skip
    lines = rows(f"SELECT product_id, name, model, quantity, price, total, tax FROM oc_order_product "
                 f"WHERE order_id = {oid} ORDER BY order_product_id", db)  # fmt: skip
    assert lines == [[pid, "Shirt", model, "2", "10.0000", "20.0000", "2.0000"],
                     [other, "Mug", scalar(f"SELECT model FROM oc_product WHERE product_id = {other}", db), "1",
                      "5.5000", "5.5000", "1.1000"]]  # fmt: skip
    option = rows(f"SELECT oo.product_option_value_id, oo.name, oo.value, oo.type, op.product_id "
                  f"FROM oc_order_option oo JOIN oc_order_product op ON op.order_product_id = oo.order_product_id "
                  f"WHERE oo.order_id = {oid}", db)  # fmt: skip
    assert option == [[value_id, option_name, value_name, option[0][3], pid]] and option[0][3] in ("select", "radio")
    totals = rows(f"SELECT code, value, sort_order FROM oc_order_total WHERE order_id = {oid} ORDER BY sort_order", db)
    assert totals == [["sub_total", "25.5000", "1"], ["shipping", "4.5000", "3"], ["coupon", "-2.0000", "4"],
                      ["tax", "5.1000", "5"], ["total", "33.1000", "9"]]  # fmt: skip
    if version == "4":
        assert scalar(f"SELECT GROUP_CONCAT(DISTINCT extension) FROM oc_order_total WHERE order_id = {oid}",
                      db) == "opencart"  # fmt: skip
    assert rows(f"SELECT order_status_id, notify FROM oc_order_history WHERE order_id = {oid}", db) == [["2", "0"]]
    # Processing is a config_processing_status: the stock left the shelf as addOrderHistory takes it
    assert int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {pid}", db)) == stock[pid] - 2
    assert int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {other}", db)) == stock[other] - 1
    assert int(scalar(f"SELECT quantity FROM oc_product_option_value WHERE product_option_value_id = {value_id}",
                      db)) == value_stock - 2  # fmt: skip
    info = await store.ok("order.info", order_id=oid)
    assert {k: Decimal(str(v)) for k, v in info["totals"].items() if v is not None} == {
        "subtotal": Decimal("25.5"), "shipping": Decimal("4.5"), "tax": Decimal("5.1"), "discount": Decimal("2"),
        "total": Decimal("33.1")}  # fmt: skip
    assert "totals_findings" not in (info.get("additional_fields") or {})
    assert info["status"]["id"] == "2" and len(info["status"]["history"]) == 1
    assert info["billing_address"]["country"]["code2"] == "GB" and info["shipping_address"]["state"]["code"] == "CA"
    assert [o["product_option_value_id"] for o in info["order_products"][0]["options"]] == [value_id]
    product = await store.ok("product.info", id=pid)
    assert product["quantity"] == stock[pid] - 2
    assert next(c for c in product["children"] if c["id"] == f"{pid}-{value_id}")["inventory_level"] == value_stock - 2


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_guest_order_in_a_status_that_takes_no_stock(writable: dict[Version, Connected],
                                                             version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid, value_id, *_ = _stocked_variant(db)
    other = _plain_product(db, pid)
    before = _state(db)
    added = await store.ok("order.add", **_order("guest.buyer@example.com", pid, value_id, other,
                                                 order_status="7", discount=None, total_price="35.10",
                                                 order_payment_method=None))  # fmt: skip
    oid = added["order_id"]
    assert added["customer_id"] == "0"
    assert rows(f"SELECT customer_id, customer_group_id, firstname, order_status_id, payment_method FROM oc_order "
                f"WHERE order_id = {oid}", db) == [["0", "1", "Ada", "7", ""]]  # fmt: skip
    assert [r[0] for r in rows(f"SELECT code FROM oc_order_total WHERE order_id = {oid} ORDER BY sort_order", db)] == [
        "sub_total", "shipping", "tax", "total"]
    after = _state(db)  # Canceled (7) is neither processing nor complete: the stock stays
    assert (after["stock"], after["variants"]) == (before["stock"], before["variants"])
    assert int(after["order"]) == int(before["order"]) + 1


@pytest.mark.parametrize("version", VERSIONS)
async def test_bad_orders_are_refused_with_a_code_and_write_nothing(writable: dict[Version, Connected],
                                                                    version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    pid, value_id, *_ = _stocked_variant(db)
    other = _plain_product(db, pid)
    other_value = scalar(f"SELECT product_option_value_id FROM oc_product_option_value WHERE product_id <> {pid} "
                         "ORDER BY product_option_value_id LIMIT 1", db)  # fmt: skip
    empty = scalar("SELECT product_id FROM oc_product WHERE quantity < 3 ORDER BY product_id LIMIT 1", db) \
        if int(scalar("SELECT COUNT(*) FROM oc_product WHERE quantity < 3", db)) else None
    good = _order("ada@example.com", pid, value_id, other)

    def item(index: int, **change: Any) -> dict[str, Any]:
        lines = [dict(line) for line in good["order_item"]]
        lines[index] |= change
        return {"order_item": lines}

    refusals: list[tuple[dict[str, Any], int, str]] = [
        ({"order_status": "No such status"}, 109, "order_status"),
        ({"bill_country": "ZZ"}, 109, "bill_country"),
        ({"bill_state": "Atlantis"}, 109, "bill_state"),
        ({"shipp_country": "XX"}, 109, "shipp_country"),
        ({"currency": "EUR"}, 109, "currency"),
        ({"store_id": "77"}, 109, "store_id"),
        ({"total_price": "33.11"}, 109, "total_price"),
        ({"subtotal_price": "25.00"}, 109, "subtotal_price"),
        ({"tax_price": "5.00"}, 109, "tax_price"),
        ({"shipping_price": "4.555", "total_price": None}, 109, "shipping_price"),
        ({"bill_postcode": "P" * 11}, 109, "bill_postcode"),
        ({"order_id": "5000"}, 120, "order_id"),
        ({"total_paid": "33.10"}, 120, "total_paid"),
        (item(0, order_item_id="99999999", order_item_variant_id=None), 109, "order_item.0.order_item_id"),
        (item(0, order_item_variant_id=f"{pid}-99999999"), 109, "order_item.0.order_item_variant_id"),
        (item(0, order_item_variant_id=f"{pid}-\u00b2"), 109, "order_item.0.order_item_variant_id"),
        (item(1, order_item_id="\u00b2"), 109, "order_item.1.order_item_id"),
        (item(0, order_item_variant_id=f"{pid}-{other_value}"), 109, "order_item.0.order_item_variant_id"),
        (item(1, order_item_quantity=10**6) | {"subtotal_price": None, "total_price": None, "tax_price": None}, 109,
         "order_item.1.order_item_quantity"),
        (item(1, order_item_weight="1.5"), 120, "order_item.1.order_item_weight"),
    ]
    if empty is not None:
        refusals.append(({"order_item": [{"order_item_id": empty, "order_item_name": "Gone", "order_item_price": "1.00",
                                          "order_item_quantity": 3}],
                          "subtotal_price": None, "tax_price": None, "discount": None, "total_price": None},
                         109, "order_item.0.order_item_quantity"))  # fmt: skip
    before = _state(db)
    for change, code, field in refusals:
        params = {k: v for k, v in (good | change).items() if v is not None}
        body = await store.raw("order.add", **params)
        assert body["return_code"] == code, (change, body)
        assert f"'{field}'" in body["return_message"], (change, body)
    assert _state(db) == before


@pytest.mark.parametrize("version", VERSIONS)
async def test_stored_names_settings_dates_and_master_products(writable: dict[Version, Connected],
                                                               version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    customer_id, email = rows("SELECT customer_id, email FROM oc_customer ORDER BY customer_id DESC LIMIT 1", db)[0]
    run_sql(f"UPDATE oc_customer SET firstname = 'Tom &amp; Jerry' WHERE customer_id = {customer_id}", db)
    pid, master = rows("SELECT product_id, (SELECT MAX(product_id) FROM oc_product) FROM oc_product "
                       "WHERE subtract = 1 AND quantity BETWEEN 1 AND 50 ORDER BY product_id LIMIT 1", db)[0]
    stock = {p: int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {p}", db)) for p in (pid, master)}
    run_sql(f"UPDATE oc_product SET subtract = 1 WHERE product_id = {master}", db)
    if version == "4":  # a 4.x variant product: addHistory takes its units off the master product too
        run_sql(f"UPDATE oc_product SET master_id = {master} WHERE product_id = {pid}", db)
    wanted = stock[pid] + 5  # more than the shelf holds: sold anyway when config_stock_checkout is on
    line = {"order_item_id": pid, "order_item_name": "Widget", "order_item_price": "2.00",
            "order_item_quantity": wanted}  # fmt: skip
    order = {"order_status": "Complete", "customer_email": email, "bill_first_name": "B", "bill_last_name": "C",
             "bill_address_1": "1 Main St", "bill_city": "Los Angeles", "bill_postcode": "90001", "bill_state": "CA",
             "bill_country": "US", "order_item": [line], "date": "2026-03-01T10:20:30+00:00",
             "send_notifications": True}  # fmt: skip
    refused = await store.raw("order.add", **order)
    assert refused["return_code"] == 109 and "'order_item.0.order_item_quantity'" in refused["return_message"]
    run_sql("UPDATE oc_setting SET `value` = '1' WHERE store_id = 0 AND `key` = 'config_stock_checkout'", db)
    try:
        oid = (await store.ok("order.add", **order))["order_id"]
    finally:
        run_sql("UPDATE oc_setting SET `value` = '0' WHERE store_id = 0 AND `key` = 'config_stock_checkout'", db)
    assert rows(f"SELECT customer_id, firstname, date_added, shipping_city FROM oc_order WHERE order_id = {oid}",
                db) == [[customer_id, "Tom &amp; Jerry", "2026-03-01 10:20:30", "Los Angeles"]]  # fmt: skip
    assert rows(f"SELECT notify, date_added FROM oc_order_history WHERE order_id = {oid}", db) == [
        ["1", "2026-03-01 10:20:30"]]
    assert int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {pid}", db)) == stock[pid] - wanted == -5
    master_stock = int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {master}", db))
    if version == "4":
        assert scalar(f"SELECT master_id FROM oc_order_product WHERE order_id = {oid}", db) == master
        assert master_stock == stock[master] - wanted
        run_sql(f"UPDATE oc_product SET master_id = 0 WHERE product_id = {pid}", db)
    else:
        assert master_stock == stock[master]
    info = await store.ok("order.info", order_id=oid)
    assert (info["customer"]["first_name"], info["status"]["id"]) == ("Tom & Jerry", "5")


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_order_of_a_second_store_takes_its_name_url_and_settings(writable: dict[Version, Connected],
                                                                           version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    run_sql("INSERT IGNORE INTO oc_store (store_id, name, url) VALUES (1, 'Second', 'http://two.example/');"
            "INSERT INTO oc_setting (store_id, code, `key`, `value`, serialized) "
            "VALUES (1, 'config', 'config_invoice_prefix', 'TWO-', 0)", db)  # fmt: skip
    pid = _plain_product(db, "0")
    order = {"order_status": "Pending", "customer_email": "second@example.com", "bill_first_name": "B",
             "bill_last_name": "C", "bill_address_1": "1 Main St", "bill_city": "Los Angeles", "bill_postcode": "90001",
             "bill_state": "California", "bill_country": "US", "store_id": "1",
             "order_item": [{"order_item_id": pid, "order_item_name": "Mug", "order_item_price": "3.00",
                             "order_item_quantity": 1}]}  # fmt: skip
    oid = (await store.ok("order.add", **order))["order_id"]
    assert rows(f"SELECT store_id, store_name, store_url, invoice_prefix, total FROM oc_order WHERE order_id = {oid}",
                db) == [["1", "Second", "http://two.example/", "TWO-", "3.0000"]]  # fmt: skip
    listed = await store.ok("order.list", store_id="1", ids=oid)
    assert [o["id"] for o in listed["order"]] == [oid]
