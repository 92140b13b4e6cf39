"""return.list / count / info and the return reference lists (reasons, statuses, actions) on OpenCart.

An OpenCart return is one product of one order; its order line is found by (order_id, product_id),
the first matching line when an order holds the product twice. Reference names are read in the
shop's default language (3.x and 4.x number return actions differently, so ids are the shop's own).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from connectors.model import Return
from connectors.model import results as r
from connectors.model.base import iso_utc
from connectors.model.reference import ReturnActionRef, ReturnReasonRef, ReturnStatusRef
from connectors.model.returns import ReturnOrderProduct
from connectors.opencart_bridge.feeds import BY_ID, FeedOrder, return_order
from connectors.opencart_bridge.listing import Where, keyset_clause, next_state
from connectors.opencart_bridge.shop import Shop, is_id, open_shop, text, when
from connectors.spec import ConnectorContext
from gateway.errors import NotFound
from gateway.methods.table import Page

__all__ = ["load_return", "return_action_list", "return_count", "return_info", "return_list", "return_reason_list",
           "return_status_list"]  # fmt: skip

_COLUMNS: dict[str, Any] = {
    "created_from": ("r.date_added", "after"), "created_to": ("r.date_added", "to"),
    "modified_from": ("r.date_modified", "after"), "modified_to": ("r.date_modified", "to"),
    "order_ids": ("r.order_id", "ids"), "order_id": ("r.order_id", "eq_id"), "customer_id": ("r.customer_id", "eq_id"),
    "status": ("r.return_status_id", "eq_id"), "return_type": None, "store_id": None,
}  # fmt: skip

_PAGE_SQL = """
SELECT r.return_id, r.order_id, r.product_id, r.customer_id, r.product, r.model, r.quantity, r.opened, r.comment,
  r.return_reason_id, rr.name AS reason, r.return_status_id, rs.name AS status, r.return_action_id, ra.name AS action,
  r.date_added, r.date_modified,
  (SELECT MIN(op.order_product_id) FROM {table_prefix}order_product op
   WHERE op.order_id = r.order_id AND op.product_id = r.product_id) AS order_product_id,
  COUNT(*) OVER () AS total_count
FROM `{table_prefix}return` r
LEFT JOIN {table_prefix}return_reason rr ON rr.return_reason_id = r.return_reason_id AND rr.language_id = ?
LEFT JOIN {table_prefix}return_status rs ON rs.return_status_id = r.return_status_id AND rs.language_id = ?
LEFT JOIN {table_prefix}return_action ra ON ra.return_action_id = r.return_action_id AND ra.language_id = ?
WHERE """

_HISTORY_SQL = """
SELECT h.return_id, h.return_history_id, h.return_status_id, rs.name, h.notify, h.comment, h.date_added
FROM {table_prefix}return_history h
LEFT JOIN {table_prefix}return_status rs ON rs.return_status_id = h.return_status_id AND rs.language_id = ?
WHERE h.return_id IN """


def _iso(value: Any) -> str | None:
    moment = when(value)
    return iso_utc(moment) if moment is not None else None


def _build(row: dict[str, Any], history: list[dict[str, Any]]) -> Return:
    action = None
    if int(row["return_action_id"] or 0):
        action = ReturnActionRef(id=str(row["return_action_id"]), name=text(row["action"]))
    line = ReturnOrderProduct(
        product_id=str(row["product_id"]), order_product_id=str(row["order_product_id"] or ""), sku=text(row["model"]),
        name=text(row["product"]), quantity=max(int(row["quantity"]), 1),
        reason=ReturnReasonRef(id=str(row["return_reason_id"]), name=text(row["reason"])), action=action,
        condition="opened" if str(row["opened"]) == "1" else "unopened",
    )  # fmt: skip
    return Return(
        id=str(row["return_id"]), order_id=str(row["order_id"]), customer_id=str(row["customer_id"]),
        created_at=_iso(row["date_added"]), modified_at=_iso(row["date_modified"]),
        status=ReturnStatusRef(id=str(row["return_status_id"]), name=text(row["status"])), order_products=[line],
        comment=text(row["comment"]) or None,
        additional_fields={"history": [
            {"id": str(h["return_history_id"]), "status_id": str(h["return_status_id"]), "status": text(h["name"]),
             "notify": str(h["notify"]) == "1", "comment": text(h["comment"]), "created_at": _iso(h["date_added"])}
            for h in history]},
    )  # fmt: skip


async def _select(shop: Shop, where: Where, state: Any, limit: int, offset: int,
                  order: FeedOrder = BY_ID) -> list[dict[str, Any]]:  # fmt: skip
    keyset, after = keyset_clause(state, "r.return_id", order.time_column)
    language = shop.language_id
    sql = _PAGE_SQL + where.sql + keyset + f" ORDER BY {order.order_by('r.return_id')} LIMIT ? OFFSET ?"
    rows, _ = await shop.bridge.query_dicts(sql, [language, language, language, *where.args, *after, limit, offset],
                                            limit=limit)  # fmt: skip
    return rows


async def _returns(shop: Shop, rows: list[dict[str, Any]]) -> list[Return]:
    if not rows:
        return []
    ids = [int(row["return_id"]) for row in rows]
    sql = _HISTORY_SQL + "(" + ", ".join("?" for _ in ids) + ") ORDER BY h.return_id, h.return_history_id"
    history, _ = await shop.bridge.query_dicts(sql, [shop.language_id, *ids], limit=10_000)
    by_return: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in history:
        by_return[int(item["return_id"])].append(item)
    return [_build(row, by_return[int(row["return_id"])]) for row in rows]


async def return_list(ctx: ConnectorContext, params: Any) -> Page:
    """One page of returns by id; a modified-time window pages by (date_modified, id), the change feed
    (feeds.py). Raises NotSupported (120) for filters OpenCart cannot answer, InvalidCursor (119)."""
    shop = await open_shop(ctx)
    state = ctx.cursor_state
    where = Where.of(params, _COLUMNS)
    order = return_order(params)
    rows = await _select(shop, where, state, params.count + 1, 0 if state else params.start, order)
    total = int(state.get("total", 0)) if state else int(rows[0]["total_count"]) if rows else 0
    if not rows and params.start and state is None:
        total = await _count(shop, where)
    return Page(r.ReturnListResult(total_count=total, returns=await _returns(shop, rows[: params.count])),
                next_state=next_state(rows, params.count, total, "return_id", order.time_key))  # fmt: skip


async def _count(shop: Shop, where: Where) -> int:
    rows, _ = await shop.bridge.query_dicts(
        "SELECT COUNT(*) AS n FROM `{table_prefix}return` r WHERE " + where.sql,  # noqa: S608 - ? marks only
        where.args, limit=1)
    return int(rows[0]["n"])


async def return_count(ctx: ConnectorContext, params: Any) -> r.ReturnCountResult:
    """How many returns pass the filters. Raises NotSupported (120)."""
    return r.ReturnCountResult(returns_count=await _count(await open_shop(ctx), Where.of(params, _COLUMNS)))


async def load_return(shop: Shop, return_id: str | None, order_id: str | None = None) -> Return:
    """One return. Raises NotFound (112) for an unknown id or one of another order."""
    if not return_id or not is_id(return_id):
        raise NotFound("Return not found", field="id")
    rows = await _select(shop, Where(["r.return_id = ?"], [int(return_id)]), None, 1, 0)
    if not rows or (order_id is not None and str(rows[0]["order_id"]) != str(order_id)):
        raise NotFound("Return not found", field="id")
    return (await _returns(shop, rows))[0]


async def return_info(ctx: ConnectorContext, params: Any) -> Return:
    """One return with its history (of an order of ``store_id`` when given). Raises NotFound (112)."""
    shop = await open_shop(ctx)
    found = await load_return(shop, params.id, params.order_id)
    if params.store_id is not None:
        rows, _ = await shop.bridge.query_dicts("SELECT store_id FROM `{table_prefix}order` WHERE order_id = ?",
                                                [int(found.order_id or 0)], limit=1)  # fmt: skip
        if not rows or str(rows[0]["store_id"]) != str(params.store_id):
            raise NotFound("Return not found", field="id")
    return found


async def _named(ctx: ConnectorContext, table: str) -> list[tuple[str, str]]:
    shop = await open_shop(ctx)
    page = await shop.bridge.query(
        f"SELECT {table}_id, name FROM {{table_prefix}}{table} WHERE language_id = ? ORDER BY {table}_id",  # noqa: S608
        [shop.language_id], limit=1000)  # fmt: skip
    return [(str(row[0]), text(row[1])) for row in page.rows]


async def return_reason_list(ctx: ConnectorContext, params: Any) -> r.ReturnReasonListResult:
    """The shop's return reasons."""
    return r.ReturnReasonListResult(
        return_reasons=[ReturnReasonRef(id=i, name=n) for i, n in await _named(ctx, "return_reason")])


async def return_status_list(ctx: ConnectorContext, params: Any) -> r.ReturnStatusListResult:
    """The shop's return statuses."""
    return r.ReturnStatusListResult(
        return_statuses=[ReturnStatusRef(id=i, name=n) for i, n in await _named(ctx, "return_status")])


async def return_action_list(ctx: ConnectorContext, params: Any) -> r.ReturnActionListResult:
    """The shop's return actions (3.x and 4.x number them differently)."""
    return r.ReturnActionListResult(
        return_actions=[ReturnActionRef(id=i, name=n) for i, n in await _named(ctx, "return_action")])
