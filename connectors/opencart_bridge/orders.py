"""order.list / count / info and order.status.list on OpenCart, with totals mapped to CartRover's rules.

OpenCart's ``order_total`` lines map as: ``sub_total`` -> subtotal, ``shipping`` -> shipping, ``tax``
(one line per rate) -> tax, ``coupon`` + ``voucher`` + ``reward`` + ``credit`` (stored negative) ->
discount; any other line (``handling``, ``low_order_fee`` ...) is kept under
``additional_fields.other_totals``, and a breach of a rule is reported with ``report_totals``, never
fixed. Amounts are in the shop's default currency (OpenCart stores them so); the order's own
currency and rate are in ``additional_fields``. Only orders with a status (``order_status_id > 0``)
are orders, as in OpenCart's admin.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any, Literal

from connectors.model import Order
from connectors.model import results as r
from connectors.model.common import Address, Country, State
from connectors.model.customer import BaseCustomer
from connectors.model.order import (
    OrderItem,
    OrderItemOption,
    OrderStatus,
    OrderStatusHistoryItem,
    OrderTotal,
    OrderTotals,
    PaymentMethod,
    ShippingMethod,
    report_totals,
)
from connectors.model.reference import Currency, OrderStatusRef
from connectors.opencart_bridge.listing import Where, keyset_clause, next_state
from connectors.opencart_bridge.shop import Shop, is_id, money, open_shop, text, when
from connectors.spec import ConnectorContext
from gateway.errors import NotFound, NotSupported
from gateway.methods.table import Page

__all__ = ["history_join", "modified_column", "order_count", "order_info", "order_list", "order_status_list"]

_DISCOUNTS = frozenset({"coupon", "voucher", "reward", "credit"})
_ADDRESS = ("firstname", "lastname", "company", "address_1", "address_2", "city", "postcode", "country", "zone")


def modified_column(shop: Shop) -> str:
    """An order's last change: 4.x does not touch ``date_modified`` on a status change, its history row does."""
    if shop.layout.major == 3:
        return "o.date_modified"
    return "GREATEST(o.date_modified, COALESCE(hl.last_change, o.date_modified))"


def history_join(shop: Shop) -> str:
    """The join ``modified_column`` needs on 4.x: one grouped scan per query (history has no order_id index)."""
    if shop.layout.major == 3:
        return ""
    return (" LEFT JOIN (SELECT order_id, MAX(date_added) AS last_change FROM {table_prefix}order_history"
            " GROUP BY order_id) hl ON hl.order_id = o.order_id")


def _columns(shop: Shop) -> dict[str, Any]:
    modified = modified_column(shop)
    return {
        "created_from": ("o.date_added", "after"), "created_to": ("o.date_added", "to"),
        "modified_from": (modified, "after"), "modified_to": (modified, "to"),
        "ids": ("o.order_id", "ids"), "order_ids": ("o.order_id", "ids"), "since_id": ("o.order_id", "gt"),
        "skip_order_ids": ("o.order_id", "not_ids"), "customer_id": ("o.customer_id", "eq_id"),
        "customer_email": ("o.email", "eq"), "order_status": ("o.order_status_id", "eq_id"),
        "store_id": ("o.store_id", "eq_id"), "financial_status": None, "fulfillment_status": None,
        "shipping_method": None, "currency_id": None,
    }  # fmt: skip


def _address_columns(kind: str) -> str:
    fields = ", ".join(f"o.{kind}_{name} AS {kind}_{name}" for name in _ADDRESS)
    return (f"{fields}, {kind[0]}c.iso_code_2 AS {kind}_iso2, {kind[0]}c.iso_code_3 AS {kind}_iso3, "
            f"{kind[0]}z.code AS {kind}_zone_code")  # fmt: skip


def _page_sql(shop: Shop, where: str, keyset: str, order_by: str) -> str:
    return f"""
SELECT o.order_id, o.store_id, o.customer_id, o.email, o.firstname, o.lastname, o.telephone, o.comment, o.total,
  o.order_status_id, os.name AS status_name, o.currency_code, o.currency_value, o.payment_method, o.shipping_method,
  o.date_added, {modified_column(shop)} AS changed, {_address_columns("payment")}, {_address_columns("shipping")},
  COUNT(*) OVER () AS total_count
FROM `{{table_prefix}}order` o
LEFT JOIN {{table_prefix}}order_status os ON os.order_status_id = o.order_status_id AND os.language_id = ?
LEFT JOIN {{table_prefix}}country pc ON pc.country_id = o.payment_country_id
LEFT JOIN {{table_prefix}}zone pz ON pz.zone_id = o.payment_zone_id
LEFT JOIN {{table_prefix}}country sc ON sc.country_id = o.shipping_country_id
LEFT JOIN {{table_prefix}}zone sz ON sz.zone_id = o.shipping_zone_id{history_join(shop)}
WHERE {where}{keyset} ORDER BY {order_by} LIMIT ? OFFSET ?"""  # noqa: S608 - fixed SQL and ? marks only


def _children_sql(ids: str) -> str:
    return f"""
SELECT 'item' AS kind, op.order_id, op.order_product_id AS a, op.product_id AS b, op.name AS c, op.model AS d,
  op.quantity AS e, op.price AS f, op.total AS g, op.tax AS h
FROM {{table_prefix}}order_product op WHERE op.order_id IN {ids}
UNION ALL
SELECT 'option', oo.order_id, oo.order_product_id, oo.product_option_value_id, oo.name, oo.value, oo.type,
  oo.product_option_id, NULL, NULL
FROM {{table_prefix}}order_option oo WHERE oo.order_id IN {ids}
UNION ALL
SELECT 'total', ot.order_id, ot.order_total_id, ot.code, ot.title, ot.value, ot.sort_order, NULL, NULL, NULL
FROM {{table_prefix}}order_total ot WHERE ot.order_id IN {ids}
UNION ALL
SELECT 'history', h.order_id, h.order_history_id, h.order_status_id, os.name, h.notify, h.comment, h.date_added,
  NULL, NULL
FROM {{table_prefix}}order_history h
LEFT JOIN {{table_prefix}}order_status os ON os.order_status_id = h.order_status_id AND os.language_id = ?
WHERE h.order_id IN {ids}
ORDER BY 2, 1, 3"""  # noqa: S608 - fixed SQL and ? marks only


def _method(value: Any) -> str | None:
    """3.x stores the method's name, 4.x a JSON object with ``name``."""
    raw = str(value or "").strip()
    if raw.startswith("{"):
        try:
            raw = str(json.loads(raw).get("name") or "")
        except (ValueError, AttributeError):
            pass
    return text(raw) or None


def _address(row: dict[str, Any], kind: str, address_type: Literal["billing", "shipping"]) -> Address | None:
    iso2, iso3 = row[f"{kind}_iso2"], row[f"{kind}_iso3"]
    if not iso2 or not iso3 or not row[f"{kind}_address_1"]:
        return None  # e.g. no shipping address on an order of downloads
    zone = text(row[f"{kind}_zone"])
    return Address(
        id=f"{row['order_id']}-{kind}", type=address_type, first_name=text(row[f"{kind}_firstname"]),
        last_name=text(row[f"{kind}_lastname"]), company=text(row[f"{kind}_company"]) or None,
        address1=text(row[f"{kind}_address_1"]), address2=text(row[f"{kind}_address_2"]) or None,
        city=text(row[f"{kind}_city"]), postcode=text(row[f"{kind}_postcode"]),
        country=Country(code2=str(iso2), code3=str(iso3), name=text(row[f"{kind}_country"])),
        state=State(code=str(row[f"{kind}_zone_code"] or zone), name=zone) if zone else None,
    )  # fmt: skip


def _build(shop: Shop, row: dict[str, Any], children: list[dict[str, Any]]) -> Order:
    oid = str(row["order_id"])
    items: dict[str, OrderItem] = {}
    sums: dict[str, Decimal] = defaultdict(Decimal)
    lines: list[dict[str, Any]] = []
    history: list[OrderStatusHistoryItem] = []
    for child in children:
        kind = child["kind"]
        if kind == "item":
            quantity, unit_tax = int(child["e"]), money(child["h"])
            items[str(child["a"])] = OrderItem(
                product_id=str(child["b"]), order_product_id=str(child["a"]), name=text(child["c"]),
                model=text(child["d"]), quantity=quantity, price=money(child["f"]), total_price=money(child["g"]),
                # no tax_value: OpenCart's tax lines also hold the shipping's tax, which no line carries
                price_inc_tax=money(money(child["f"]) + unit_tax),
            )  # fmt: skip
        elif kind == "option" and str(child["a"]) in items:
            items[str(child["a"])].options.append(OrderItemOption(
                option_id=str(child["g"]), name=text(child["c"]), value=text(child["d"]), type=str(child["e"]),
                product_option_value_id=str(child["b"]) if int(child["b"] or 0) else None))  # fmt: skip
        elif kind == "total":
            code, value = str(child["b"]), Decimal(str(child["d"]))
            sums[code if code in ("sub_total", "shipping", "tax", "total") or code in _DISCOUNTS else "other"] += value
            lines.append({"code": code, "title": text(child["c"]), "value": str(money(value))})
        elif kind == "history":
            history.append(OrderStatusHistoryItem(
                id=str(child["b"]), name=text(child["c"]) or str(child["b"]), modified_time=when(child["f"]),
                notify=str(child["d"]) == "1", comment=text(child["e"]) or None))
    discount = money(-sum((sums[code] for code in _DISCOUNTS), Decimal(0)))
    grand = money(sums["total"] if "total" in sums else row["total"])
    totals = OrderTotals(subtotal=money(sums["sub_total"]), shipping=money(sums["shipping"]), tax=money(sums["tax"]),
                         discount=discount, total=grand)
    extra: dict[str, Any] = {"order_total_lines": lines, "order_currency": row["currency_code"],
                             "order_currency_rate": str(row["currency_value"])}  # fmt: skip
    if sums["other"]:
        extra["other_totals"] = str(money(sums["other"]))
    order = Order(
        id=oid, order_id=oid, store_id=str(row["store_id"]),
        customer=BaseCustomer(id=str(row["customer_id"]), email=text(row["email"]),
                              first_name=text(row["firstname"]), last_name=text(row["lastname"]),
                              phone=text(row["telephone"]) or None),
        create_at=when(row["date_added"]), modified_at=when(row["changed"]),
        currency=Currency(id=shop.currency, iso3=shop.currency, default=True),
        billing_address=_address(row, "payment", "billing"), shipping_address=_address(row, "shipping", "shipping"),
        payment_method=PaymentMethod(name=name) if (name := _method(row["payment_method"])) else None,
        shipping_method=ShippingMethod(name=name) if (name := _method(row["shipping_method"])) else None,
        status=OrderStatus(id=str(row["order_status_id"]), name=text(row["status_name"]), history=history),
        totals=totals, order_products=list(items.values()), comment=text(row["comment"]) or None,
        total=OrderTotal(subtotal_ex_tax=totals.subtotal, shipping_ex_tax=totals.shipping, total_tax=totals.tax or 0,
                         total_discount=discount, total=totals.total),
        additional_fields=extra,
    )  # fmt: skip
    return report_totals(order)


async def _orders(shop: Shop, rows: list[dict[str, Any]]) -> list[Order]:
    if not rows:
        return []
    ids = [int(row["order_id"]) for row in rows]
    marks = "(" + ", ".join("?" for _ in ids) + ")"
    children, _ = await shop.bridge.query_dicts(_children_sql(marks), [*ids, *ids, *ids, shop.language_id, *ids],
                                                limit=10_000)  # fmt: skip
    by_order: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for child in children:
        by_order[int(child["order_id"])].append(child)
    return [_build(shop, row, by_order[int(row["order_id"])]) for row in rows]


_SORTS = {"order_id": None, "id": None, "modified_at": "changed", "create_at": "date_added"}


def _sort(params: Any) -> str | None:
    """The time column a list is sorted by (None: order_id). Raises NotSupported (120) for a descending sort."""
    sort = getattr(params, "sort_by", "order_id")
    if sort not in _SORTS or getattr(params, "sort_direction", "asc") != "asc":
        raise NotSupported("OpenCart order lists are sorted ascending by order_id, create_at or modified_at",
                           field="sort_by")  # fmt: skip
    return _SORTS[sort]


def _where(shop: Shop, params: Any) -> Where:
    _sort(params)
    return Where.of(params, _columns(shop), base="o.order_status_id > 0")


async def _select(shop: Shop, where: Where, state: Any, limit: int, offset: int,
                  by: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    # the change feed: (time, id) keyset, so ties on a second are broken by id and never skipped or repeated
    column = {None: None, "changed": modified_column(shop), "date_added": "o.date_added"}[by]
    keyset, after = keyset_clause(state, "o.order_id", column)
    order_by = f"{column}, o.order_id" if column else "o.order_id"
    rows, _ = await shop.bridge.query_dicts(_page_sql(shop, where.sql, keyset, order_by),
                                            [shop.language_id, *where.args, *after, limit, offset], limit=limit)
    return rows


async def order_list(ctx: ConnectorContext, params: Any) -> Page:
    """One page; ``sort_by=modified_at`` with ``modified_from`` is the change feed (half-open windows
    ``(from, to]``, ties broken by id). Raises NotSupported (120) for a filter OpenCart cannot answer,
    InvalidCursor (119)."""
    shop = await open_shop(ctx)
    state = ctx.cursor_state
    where = _where(shop, params)
    by = _sort(params)
    rows = await _select(shop, where, state, params.count + 1, 0 if state else params.start, by)
    if state is not None:
        total = int(state.get("total", 0))
    elif rows:
        total = int(rows[0]["total_count"])
    else:
        total = await _count(shop, where) if params.start else 0
    orders = await _orders(shop, rows[: params.count])
    return Page(r.OrderListResult(orders_count=total, order=orders),
                next_state=next_state(rows, params.count, total, "order_id", by))


async def _count(shop: Shop, where: Where) -> int:
    rows, _ = await shop.bridge.query_dicts(
        f"SELECT COUNT(*) AS n FROM `{{table_prefix}}order` o{history_join(shop)} WHERE {where.sql}",  # noqa: S608
        where.args, limit=1)
    return int(rows[0]["n"])


async def order_count(ctx: ConnectorContext, params: Any) -> r.OrderCountResult:
    """How many orders pass the filters. Raises NotSupported (120) for filters OpenCart cannot answer."""
    shop = await open_shop(ctx)
    return r.OrderCountResult(orders_count=await _count(shop, _where(shop, params)))


async def load_order(shop: Shop, order_id: str | None, store_id: str | None = None) -> Order:
    """One order (of ``store_id`` when given). Raises NotFound (112) for an unknown, status-less or non-numeric
    id, or an order of another store."""
    if not order_id or not is_id(order_id) or (store_id is not None and not is_id(store_id)):
        raise NotFound("Order not found", field="order_id")
    where = Where(["o.order_status_id > 0", "o.order_id = ?"], [int(order_id)])
    if store_id is not None:
        where = Where([*where.parts, "o.store_id = ?"], [*where.args, int(store_id)])
    rows = await _select(shop, where, None, 1, 0)
    if not rows:
        raise NotFound("Order not found", field="order_id")
    return (await _orders(shop, rows))[0]


async def order_info(ctx: ConnectorContext, params: Any) -> Order:
    """One order with lines, options, totals and status history. Raises NotFound (112)."""
    return await load_order(await open_shop(ctx), params.order_id or params.id, params.store_id)


async def order_status_list(ctx: ConnectorContext, params: Any) -> r.OrderStatusListResult:
    """The shop's order statuses in its default language."""
    shop = await open_shop(ctx)
    rows, _ = await shop.bridge.query_dicts(
        "SELECT order_status_id, name FROM {table_prefix}order_status WHERE language_id = ? ORDER BY order_status_id",
        [shop.language_id], limit=1000)  # fmt: skip
    return r.OrderStatusListResult(
        cart_order_statuses=[OrderStatusRef(id=str(row["order_status_id"]), name=text(row["name"])) for row in rows])
