"""order.update, order.return.add and order.return.update on OpenCart, each as ONE bridge ``batch``.

Everything is checked with reads first, because 3.x tables are MyISAM (a batch's rollback undoes
nothing there): a refused write writes nothing. The statements are the ones OpenCart's own models
run: a status change updates the order (3.x also ``date_modified``), adds a history row, and moves
stock when the order enters or leaves the processing/complete statuses (``addOrderHistory``); a
return is a ``return`` row per line (4.x also its first history row, as the 4.1 admin writes it).
"""

from __future__ import annotations

import json
from typing import Any

from connectors.model import results as r
from connectors.opencart_bridge.shop import Shop, encode_text, open_shop
from connectors.opencart_bridge.write_checks import numeric_id, one_row, refuse_unsupported
from connectors.spec import ConnectorContext
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotFound

__all__ = ["order_return_add", "order_return_update", "order_update"]

_ORDER_UPDATE_FIELDS = frozenset({"order_id", "store_id", "order_status", "comment", "send_notifications"})
_RETURN_FIELDS = frozenset({"order_id", "return_status_id", "return_action_id", "return_reason_id", "order_products",
                            "comment", "store_id", "send_notifications"})  # fmt: skip


# -- order.update --------------------------------------------------------------------------------
_STOCK = {
    "product": ("UPDATE {table_prefix}product p SET p.quantity = p.quantity {sign} (SELECT SUM(op.quantity) "
                "FROM {table_prefix}order_product op WHERE op.order_id = ? AND op.product_id = p.product_id) "
                "WHERE p.subtract = 1 AND p.product_id IN (SELECT op2.product_id FROM {table_prefix}order_product op2 "
                "WHERE op2.order_id = ?)"),
    "option": ("UPDATE {table_prefix}product_option_value pov SET pov.quantity = pov.quantity {sign} (SELECT "
               "SUM(op.quantity) FROM {table_prefix}order_option oo JOIN {table_prefix}order_product op "
               "ON op.order_product_id = oo.order_product_id WHERE oo.order_id = ? "
               "AND oo.product_option_value_id = pov.product_option_value_id) WHERE pov.subtract = 1 "
               "AND pov.product_option_value_id IN (SELECT oo2.product_option_value_id FROM {table_prefix}order_option "
               "oo2 WHERE oo2.order_id = ?)"),
}  # fmt: skip
# 4.x addHistory also moves a variant product's units on its master product (order_product.master_id)
_MASTER_STOCK = ("UPDATE {table_prefix}product p JOIN (SELECT master_id, SUM(quantity) AS q FROM "
                 "{table_prefix}order_product WHERE order_id = ? AND master_id > 0 GROUP BY master_id) s "
                 "ON s.master_id = p.product_id SET p.quantity = p.quantity {sign} s.q WHERE p.subtract = 1")


def _in_store(row: dict[str, Any], store_id: str | None) -> bool:
    """True when no ``store_id`` was named or the row's order belongs to it (a named store is never ignored)."""
    return store_id is None or str(row.get("store_id")) == str(store_id)


async def _active_statuses(shop: Shop) -> set[str]:
    rows, _ = await shop.bridge.query_dicts(
        "SELECT `value` FROM {table_prefix}setting WHERE store_id = 0 "
        "AND `key` IN ('config_processing_status', 'config_complete_status')", limit=10)  # fmt: skip
    active: set[str] = set()
    for row in rows:
        try:
            active.update(str(item) for item in json.loads(row["value"]))
        except (ValueError, TypeError):
            continue
    return active


async def order_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Change an order's status (and/or add a comment) as OpenCart's ``addOrderHistory`` does.

    Raises NotFound (112) for an unknown order, InvalidParameter (109) for an unknown status,
    NotSupported (120) for fields OpenCart does not keep.
    """
    refuse_unsupported(params, _ORDER_UPDATE_FIELDS)
    shop = await open_shop(ctx)
    order_id = numeric_id(params.order_id, "order_id")
    order = await one_row(shop, "SELECT order_status_id, store_id FROM `{table_prefix}order` WHERE order_id = ? "
                             "AND order_status_id > 0", [order_id])  # fmt: skip
    if order is None or not _in_store(order, params.store_id):
        raise NotFound("Order not found", field="order_id")
    old = str(order["order_status_id"])
    new = old
    if params.order_status is not None:
        status = await one_row(shop, "SELECT order_status_id FROM {table_prefix}order_status WHERE language_id = ? "
                                  "AND (CAST(order_status_id AS CHAR) = ? OR name = ?) ORDER BY order_status_id",
                            [shop.language_id, params.order_status, params.order_status])  # fmt: skip
        if status is None:
            raise InvalidParameter("Parameter 'order_status' is not a status of this shop", field="order_status")
        new = str(status["order_status_id"])
    if new == old and not params.comment:
        raise InvalidParameter("Nothing to change: give a new order_status or a comment", field="order_status")
    statements: list[Statement] = []
    active = await _active_statuses(shop)
    if (old in active) != (new in active):
        sign = "-" if new in active else "+"
        statements += [Statement(_STOCK[kind].replace("{sign}", sign), [order_id, order_id])
                       for kind in ("product", "option")]
        if shop.layout.major == 4:
            statements.append(Statement(_MASTER_STOCK.replace("{sign}", sign), [order_id]))
    touch = ", date_modified = NOW()" if shop.layout.major == 3 else ""  # 4.1's editOrderStatusId leaves it
    update = f"UPDATE `{{table_prefix}}order` SET order_status_id = ?{touch} WHERE order_id = ?"  # noqa: S608
    statements.append(Statement(update, [int(new), order_id]))
    statements.append(Statement(
        "INSERT INTO {table_prefix}order_history (order_id, order_status_id, notify, comment, date_added) "
        "VALUES (?, ?, ?, ?, NOW())",
        [order_id, int(new), 1 if params.send_notifications else 0, encode_text(params.comment or "")]))  # fmt: skip
    await shop.bridge.batch(statements)
    return r.UpdatedItemsResult(updated_items=1)


# -- order.return.add ----------------------------------------------------------------------------
_RETURN_INSERT = (
    "INSERT INTO `{table_prefix}return` (order_id, product_id, customer_id, firstname, lastname, email, telephone, "
    "product, model, quantity, opened, return_reason_id, return_action_id, return_status_id, comment, date_ordered, "
    "date_added, date_modified) SELECT o.order_id, op.product_id, o.customer_id, o.firstname, o.lastname, o.email, "
    "o.telephone, op.name, op.model, ?, ?, ?, ?, ?, ?, DATE(o.date_added), NOW(), NOW() "
    "FROM `{table_prefix}order` o JOIN {table_prefix}order_product op ON op.order_id = o.order_id "
    "WHERE o.order_id = ? AND op.order_product_id = ?"
)
_RETURN_HISTORY = (
    "INSERT INTO {table_prefix}return_history (return_id, return_status_id, notify, comment, date_added) "
    "SELECT LAST_INSERT_ID(), ?, ?, ?, NOW()"
)


async def _ids_exist(shop: Shop, table: str, ids: set[int]) -> set[int]:
    marks = ", ".join("?" for _ in ids)
    rows, _ = await shop.bridge.query_dicts(
        f"SELECT DISTINCT {table}_id AS id FROM {{table_prefix}}{table} WHERE {table}_id IN ({marks})",  # noqa: S608
        list(ids), limit=1000)  # fmt: skip
    return {int(row["id"]) for row in rows}


async def order_return_add(ctx: ConnectorContext, params: Any) -> r.OrderReturnAddResult:
    """One OpenCart return per line, within what the order line holds minus what was returned before.

    Raises NotFound (112) for an unknown order, InvalidParameter (109) naming the field for an unknown
    line, reason, action or status, or too many units; NotSupported (120) for fields OpenCart has not.
    """
    refuse_unsupported(params, _RETURN_FIELDS)
    shop = await open_shop(ctx)
    order_id = numeric_id(params.order_id, "order_id")
    found = await one_row(shop, "SELECT store_id FROM `{table_prefix}order` WHERE order_id = ? AND order_status_id > 0",
                          [order_id])  # fmt: skip
    if found is None or not _in_store(found, params.store_id):
        raise NotFound("Order not found", field="order_id")
    lines, _ = await shop.bridge.query_dicts(
        "SELECT op.order_product_id, op.product_id, op.quantity, (SELECT COALESCE(SUM(r.quantity), 0) FROM "
        "`{table_prefix}return` r WHERE r.order_id = op.order_id AND r.product_id = op.product_id) AS returned "
        "FROM {table_prefix}order_product op WHERE op.order_id = ?", [order_id], limit=1000)  # fmt: skip
    held = {str(line["order_product_id"]): line for line in lines}
    status = numeric_id(params.return_status_id, "return_status_id")
    checks = {"return_status": ({status}, "return_status_id"),
              "return_reason": ({numeric_id(params.return_reason_id, "return_reason_id")}, "return_reason_id"),
              "return_action": ({numeric_id(params.return_action_id, "return_action_id")}, "return_action_id")}
    wanted: dict[int, int] = {}
    for index, line in enumerate(params.order_products):
        field = f"order_products.{index}"
        checks["return_reason"][0].add(numeric_id(line.order_product_reason_id, f"{field}.order_product_reason_id"))
        checks["return_action"][0].add(numeric_id(line.order_product_action_id, f"{field}.order_product_action_id"))
        if line.order_product_id not in held:
            raise InvalidParameter("The order has no such line", field=f"{field}.order_product_id")
        product = int(held[line.order_product_id]["product_id"])
        wanted[product] = wanted.get(product, 0) + line.order_product_quantity
        room = int(held[line.order_product_id]["quantity"]) - int(held[line.order_product_id]["returned"])
        if wanted[product] > room:
            raise InvalidParameter(f"At most {max(room, 0)} units of this line can be returned",
                                   field=f"{field}.order_product_quantity")  # fmt: skip
    for table, (ids, field) in checks.items():
        if await _ids_exist(shop, table, ids) != ids:
            raise InvalidParameter(f"Parameter '{field}' names an unknown {table.replace('_', ' ')}", field=field)
    statements: list[Statement] = []
    comment = encode_text(params.comment or "")
    for line in params.order_products:
        statements.append(Statement(_RETURN_INSERT, [
            line.order_product_quantity, 1 if (line.order_product_condition or "").lower() == "opened" else 0,
            int(line.order_product_reason_id), int(line.order_product_action_id), status,
            encode_text(line.order_product_customer_comment or "") or comment, order_id, int(line.order_product_id)]))
        if shop.layout.major == 4:  # the 4.1 admin adds the first history row; 3.x writes none on creation
            statements.append(Statement(_RETURN_HISTORY, [status, 1 if params.send_notifications else 0, comment]))
    results = await shop.bridge.batch(statements)
    return r.OrderReturnAddResult(return_id=str(results[0].insert_id))


# -- order.return.update -------------------------------------------------------------------------
_RETURN_STATE = (
    "SELECT r.order_id, r.return_status_id, r.quantity, (SELECT MIN(op.order_product_id) FROM "
    "{table_prefix}order_product op WHERE op.order_id = r.order_id AND op.product_id = r.product_id) "
    "AS order_product_id, (SELECT op.quantity FROM {table_prefix}order_product op WHERE op.order_id = r.order_id "
    "AND op.product_id = r.product_id ORDER BY op.order_product_id LIMIT 1) AS ordered, "
    "(SELECT COALESCE(SUM(o.quantity), 0) FROM `{table_prefix}return` o WHERE o.order_id = r.order_id "
    "AND o.product_id = r.product_id AND o.return_id <> r.return_id) AS others, (SELECT s.store_id FROM "
    "`{table_prefix}order` s WHERE s.order_id = r.order_id) AS store_id "
    "FROM `{table_prefix}return` r WHERE r.return_id = ?"
)


async def order_return_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Status, action and units of a return, as OpenCart's admin edits one (a status change adds a history row).

    Raises NotFound (112) for an unknown return (or one of another order), InvalidParameter (109) naming the
    field for an unknown status/action, a line that is not the return's, or more units than the order line
    holds; NotSupported (120) for fields OpenCart has not.
    """
    refuse_unsupported(params, _RETURN_FIELDS | {"return_id"})
    shop = await open_shop(ctx)
    return_id = numeric_id(params.return_id, "return_id")
    found = await one_row(shop, _RETURN_STATE, [return_id])
    if found is None or (params.order_id is not None and str(found["order_id"]) != str(params.order_id)) \
            or not _in_store(found, params.store_id):
        raise NotFound("Return not found", field="return_id")
    sets: list[str] = ["date_modified = NOW()"]
    args: list[Any] = []
    action: int | None = None
    for index, line in enumerate(params.order_products):
        field = f"order_products.{index}"
        if line.order_product_id != str(found["order_product_id"]):
            raise InvalidParameter("This return holds another order line", field=f"{field}.order_product_id")
        if line.order_product_quantity > int(found["ordered"] or 0) - int(found["others"]):
            raise InvalidParameter("More units than the order line has left", field=f"{field}.order_product_quantity")
        sets.append("quantity = ?")
        args.append(line.order_product_quantity)
        action = numeric_id(line.order_product_action_id, f"{field}.order_product_action_id")
    if params.return_action_id is not None:
        action = numeric_id(params.return_action_id, "return_action_id")
    if action is not None:
        if await _ids_exist(shop, "return_action", {action}) != {action}:
            raise InvalidParameter("Parameter 'return_action_id' names an unknown return action",
                                   field="return_action_id")
        sets.append("return_action_id = ?")
        args.append(action)
    status = int(found["return_status_id"])
    if params.return_status_id is not None:
        status = numeric_id(params.return_status_id, "return_status_id")
        if await _ids_exist(shop, "return_status", {status}) != {status}:
            raise InvalidParameter("Parameter 'return_status_id' names an unknown return status",
                                   field="return_status_id")
        sets.append("return_status_id = ?")
        args.append(status)
    update = f"UPDATE `{{table_prefix}}return` SET {', '.join(sets)} WHERE return_id = ?"  # noqa: S608 - fixed SETs
    statements = [Statement(update, [*args, return_id])]
    if status != int(found["return_status_id"]) or params.comment:
        statements.append(Statement(
            "INSERT INTO {table_prefix}return_history (return_id, return_status_id, notify, comment, date_added) "
            "VALUES (?, ?, ?, ?, NOW())",
            [return_id, status, 1 if params.send_notifications else 0, encode_text(params.comment or "")]))
    await shop.bridge.batch(statements)
    return r.UpdatedItemsResult(updated_items=1)
