"""Writes through HTTP on shops of their own, checked by reading MariaDB as OpenCart would; refusals write nothing."""

from __future__ import annotations

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import run_sql, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]


OWN_SHOP_SIZES = {"products_count": 60, "orders_count": 150, "customers_count": 20}  # own shops (conftest)


def _counts(db: str) -> tuple[str, ...]:
    tables = ("order_history", "return", "return_history")
    counts = [scalar(f"SELECT COUNT(*) FROM oc_{table}", db) for table in tables]
    return (*counts, scalar("SELECT SUM(quantity) FROM oc_product", db),
            scalar("SELECT SUM(order_status_id) FROM oc_order", db))


@pytest.mark.parametrize("version", VERSIONS)
async def test_status_change_adds_history_and_moves_stock_as_opencart_does(
        writable: dict[Version, Connected], version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    # a Complete order whose lines subtract stock: Canceled is outside processing/complete, so stock returns
    order_id = scalar("SELECT o.order_id FROM oc_order o JOIN oc_order_product op ON op.order_id = o.order_id "
                      "JOIN oc_product p ON p.product_id = op.product_id AND p.subtract = 1 "
                      "WHERE o.order_status_id = 5 ORDER BY o.order_id LIMIT 1", db)  # fmt: skip
    product_id, ordered = scalar(f"SELECT CONCAT(op.product_id, ':', SUM(op.quantity)) FROM oc_order_product op "
                                 f"WHERE op.order_id = {order_id} GROUP BY op.product_id LIMIT 1", db).split(":")
    stock_before = int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {product_id}", db))
    master = scalar("SELECT MAX(product_id) FROM oc_product WHERE product_id NOT IN "
                    f"(SELECT product_id FROM oc_order_product WHERE order_id = {order_id})", db)
    master_before = int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {master}", db))
    if version == "4":  # the line is a variant of ``master``: 4.x addHistory moves the master's stock too
        run_sql(f"UPDATE oc_product SET subtract = 1 WHERE product_id = {master};\n"
                f"UPDATE oc_order_product SET master_id = {master} WHERE order_id = {order_id} "
                f"AND product_id = {product_id};", db)
    history_before = int(scalar(f"SELECT COUNT(*) FROM oc_order_history WHERE order_id = {order_id}", db))
    checkpoint = scalar("SELECT NOW() - INTERVAL 1 SECOND", db).replace(" ", "T") + "+00:00"
    result = await store.ok("order.update", order_id=order_id, order_status="7", comment='Out of "stock" & sorry')
    assert result["updated_items"] == 1
    assert scalar(f"SELECT order_status_id FROM oc_order WHERE order_id = {order_id}", db) == "7"
    last = scalar(f"SELECT CONCAT(order_status_id, '|', comment) FROM oc_order_history WHERE order_id = {order_id} "
                  "ORDER BY order_history_id DESC LIMIT 1", db)  # fmt: skip
    assert last == "7|Out of &quot;stock&quot; &amp; sorry"
    assert int(scalar(f"SELECT COUNT(*) FROM oc_order_history WHERE order_id = {order_id}", db)) == history_before + 1
    assert int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {product_id}", db)) == (
        stock_before + int(ordered))
    assert int(scalar(f"SELECT quantity FROM oc_product WHERE product_id = {master}", db)) == (
        master_before + (int(ordered) if version == "4" else 0))
    # the change feed sees the status change (4.1 leaves date_modified alone: the history row is the change)
    feed = await store.ok("order.list", sort_by="modified_at", modified_from=checkpoint, count=250)
    assert order_id in [o["id"] for o in feed["order"]]
    info = await store.ok("order.info", order_id=order_id)
    assert info["status"]["id"] == "7" and info["status"]["history"][-1]["comment"] == 'Out of "stock" & sorry'


@pytest.mark.parametrize("version", VERSIONS)
async def test_return_add_writes_the_row_opencart_writes(writable: dict[Version, Connected], version: Version) -> None:
    store = writable[version]
    db = store.shop.database
    line = scalar("SELECT CONCAT(op.order_id, ':', op.order_product_id, ':', op.product_id) FROM oc_order_product op "
                  "JOIN oc_order o ON o.order_id = op.order_id AND o.order_status_id > 0 WHERE op.quantity >= 1 "
                  "AND NOT EXISTS (SELECT 1 FROM oc_return r WHERE r.order_id = op.order_id) ORDER BY op.order_id "
                  "LIMIT 1", db)  # fmt: skip
    order_id, order_product_id, product_id = line.split(":")
    added = await store.ok("order.return.add", order_id=order_id, return_status_id="1", return_reason_id="1",
                           return_action_id="2", comment="Broken <lid>",
                           order_products=[{"order_product_id": order_product_id, "order_product_quantity": 1,
                                            "order_product_reason_id": "1", "order_product_action_id": "2"}])
    row = scalar(f"SELECT CONCAT(order_id, '|', product_id, '|', quantity, '|', return_status_id, '|', comment) "
                 f"FROM oc_return WHERE return_id = {added['return_id']}", db)  # fmt: skip
    assert row == f"{order_id}|{product_id}|1|1|Broken &lt;lid&gt;"
    history = int(scalar(f"SELECT COUNT(*) FROM oc_return_history WHERE return_id = {added['return_id']}", db))
    assert history == (1 if version == "4" else 0)
    info = await store.ok("return.info", id=added["return_id"])
    assert info["order_products"][0]["order_product_id"] == order_product_id and info["comment"] == "Broken <lid>"


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_update_sets_price_and_stock(writable: dict[Version, Connected], version: Version) -> None:
    store = writable[version]
    db = store.shop.database
    product_id = scalar("SELECT MIN(product_id) FROM oc_product", db)
    await store.ok("product.update", id=product_id, price="19.99", quantity=40)
    await store.ok("product.update", id=product_id, reduce_quantity=15)
    assert scalar(f"SELECT CONCAT(price, '|', quantity) FROM oc_product WHERE product_id = {product_id}",
                  db) == "19.9900|25"  # fmt: skip
    product = await store.ok("product.info", id=product_id)
    assert product["quantity"] == 25


@pytest.mark.parametrize("version", VERSIONS)
async def test_bad_writes_are_refused_with_a_code_and_write_nothing(writable: dict[Version, Connected],
                                                                    version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    before = _counts(db)
    order_id = scalar("SELECT MIN(order_id) FROM oc_order WHERE order_status_id > 0", db)
    line = scalar(f"SELECT CONCAT(order_product_id, ':', quantity) FROM oc_order_product WHERE order_id = {order_id} "
                  "LIMIT 1", db)  # fmt: skip
    order_product_id, quantity = line.split(":")
    product_id = scalar("SELECT MIN(product_id) FROM oc_product", db)
    refusals = [
        (("order.update",), {"order_id": order_id, "order_status": "999"}, 109),
        (("order.update",), {"order_id": "99999999", "order_status": "5"}, 112),
        (("order.update",), {"order_id": order_id, "financial_status": "paid"}, 120),
        (("order.update",), {"order_id": order_id, "order_status": "7", "store_id": "9"}, 112),  # another store
        (("order.return.add",), {"order_id": order_id, "return_status_id": "1", "return_reason_id": "1",
                                 "return_action_id": "1", "order_products": [{
                                     "order_product_id": order_product_id,
                                     "order_product_quantity": int(quantity) + 1, "order_product_reason_id": "1",
                                     "order_product_action_id": "1"}]}, 109),
        (("order.return.add",), {"order_id": order_id, "return_status_id": "1", "return_reason_id": "77",
                                 "return_action_id": "1", "order_products": [{
                                     "order_product_id": order_product_id, "order_product_quantity": 1,
                                     "order_product_reason_id": "77", "order_product_action_id": "1"}]}, 109),
        (("order.return.add",), {"order_id": order_id, "store_id": "9", "return_status_id": "1",
                                 "return_reason_id": "1", "return_action_id": "1", "order_products": [{
                                     "order_product_id": order_product_id, "order_product_quantity": 1,
                                     "order_product_reason_id": "1", "order_product_action_id": "1"}]}, 112),
        (("product.variant.update",), {"id": scalar("SELECT CONCAT(product_id, '-', product_option_value_id) FROM "
                                                    "oc_product_option_value LIMIT 1", db),
                                       "quantity": 1, "store_id": "9"}, 112),
        (("product.update",), {"id": product_id, "reduce_quantity": 10**9}, 109),
        (("product.update",), {"id": product_id, "price": "1.234"}, 109),
        (("product.update",), {"id": product_id, "up_sell_products_ids": "1"}, 120),
    ]  # fmt: skip
    for (method,), params, code in refusals:
        body = await store.raw(method, **params)
        assert body["return_code"] == code, (method, params, body)
    assert _counts(db) == before


@pytest.mark.parametrize("version", VERSIONS)
async def test_return_update_changes_status_with_a_history_row(writable: dict[Version, Connected],
                                                               version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    return_id = scalar("SELECT MIN(return_id) FROM oc_return WHERE return_status_id <> 3", db)
    line = (await store.ok("return.info", id=return_id))["order_products"][0]
    history_before = int(scalar(f"SELECT COUNT(*) FROM oc_return_history WHERE return_id = {return_id}", db))
    await store.ok("order.return.update", return_id=return_id, return_status_id="3", comment="Refunded & closed",
                   order_products=[{"order_product_id": line["order_product_id"], "order_product_quantity": 1,
                                    "order_product_action_id": "2"}])  # fmt: skip
    assert scalar(f"SELECT CONCAT(return_status_id, '|', return_action_id, '|', quantity) FROM oc_return "
                  f"WHERE return_id = {return_id}", db) == "3|2|1"  # fmt: skip
    last = scalar(f"SELECT CONCAT(return_status_id, '|', comment) FROM oc_return_history WHERE return_id = {return_id} "
                  "ORDER BY return_history_id DESC LIMIT 1", db)  # fmt: skip
    assert last == "3|Refunded &amp; closed"
    history_after = int(scalar(f"SELECT COUNT(*) FROM oc_return_history WHERE return_id = {return_id}", db))
    assert history_after == history_before + 1
    before = _counts(db)
    refused = await store.raw("order.return.update", return_id=return_id, return_status_id="99",
                              order_products=[{"order_product_id": line["order_product_id"],
                                               "order_product_quantity": 1, "order_product_action_id": "2"}])
    assert refused["return_code"] == 109
    elsewhere = await store.raw("order.return.update", return_id=return_id, return_status_id="2", store_id="9",
                                order_products=[{"order_product_id": line["order_product_id"],
                                                 "order_product_quantity": 1, "order_product_action_id": "2"}])
    assert elsewhere["return_code"] == 112  # the return's order is not in store 9
    assert _counts(db) == before
