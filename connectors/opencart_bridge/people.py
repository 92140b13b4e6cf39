"""category.list / count / info and customer.list / count / info on OpenCart.

Categories come with their path from the ``category_path`` closure table (ids from the top, joined by
``/``); 4.1 keeps no category dates, so time filters answer 120 there. Customers have no
``date_modified`` in any version: a modified-time filter answers 120; addresses come in one query
per page (the default one is ``customer.address_id`` in 3.x and ``address.default`` in 4.x).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from connectors.model import Category, Customer
from connectors.model import results as r
from connectors.model.common import Address, Country, State
from connectors.model.customer import CustomerGroup
from connectors.opencart_bridge.language import scoped
from connectors.opencart_bridge.listing import Where, keyset_clause, next_state
from connectors.opencart_bridge.shop import Shop, open_shop, text, when
from connectors.spec import ConnectorContext
from gateway.errors import NotFound, NotSupported
from gateway.methods.table import Page

__all__ = ["category_count", "category_info", "category_list", "customer_count", "customer_info", "customer_list"]


# -- categories ----------------------------------------------------------------------------------
def _category_columns(shop: Shop) -> dict[str, Any]:
    dated = not shop.layout.codes_table  # 4.1 dropped the category dates
    return {
        "created_from": ("c.date_added", "after") if dated else None,
        "created_to": ("c.date_added", "to") if dated else None,
        "modified_from": ("c.date_modified", "after") if dated else None,
        "modified_to": ("c.date_modified", "to") if dated else None,
        "parent_id": ("c.parent_id", "eq_id"), "avail": None, "find_value": None, "find_where": None,
    }  # fmt: skip


async def _category_where(shop: Shop, params: Any) -> tuple[Shop, Where]:
    """The shop in ``lang_id`` and the filters, ``store_id`` by ``category_to_store`` (language.py)."""
    shop, rest, in_store = await scoped(shop, params, "category_to_store", "c.category_id")
    where = Where.of(rest, _category_columns(shop))
    return shop, Where(where.parts + in_store.parts, where.args + in_store.args)


def _category_sql(shop: Shop, where: str, keyset: str) -> str:
    dated = not shop.layout.codes_table
    dates = "c.date_added, c.date_modified" if dated else "NULL AS date_added, NULL AS date_modified"
    return f"""
SELECT c.category_id, c.parent_id, c.image, c.sort_order, c.status, {dates}, cd.name, cd.description,
  cd.meta_title, cd.meta_description, cd.meta_keyword,
  (SELECT GROUP_CONCAT(cp.path_id ORDER BY cp.level SEPARATOR '/') FROM {{table_prefix}}category_path cp
   WHERE cp.category_id = c.category_id) AS path,
  COUNT(*) OVER () AS total_count
FROM {{table_prefix}}category c
LEFT JOIN {{table_prefix}}category_description cd ON cd.category_id = c.category_id AND cd.language_id = ?
WHERE {where}{keyset} ORDER BY c.category_id LIMIT ? OFFSET ?"""  # noqa: S608 - fixed SQL and ? marks only


def _category(shop: Shop, row: dict[str, Any]) -> Category:
    parent = str(row["parent_id"] or 0)
    return Category(
        id=str(row["category_id"]), parent_id=None if parent == "0" else parent,
        name=text(row["name"]) or f"#{row['category_id']}", description=text(row["description"]) or None,
        meta_title=text(row["meta_title"]) or None, meta_description=text(row["meta_description"]) or None,
        keywords=text(row["meta_keyword"]) or None, avail=str(row["status"]) == "1", path=row["path"],
        sort_order=int(row["sort_order"] or 0), created_at=when(row["date_added"]),
        modified_at=when(row["date_modified"]),
    )  # fmt: skip


async def _categories(shop: Shop, where: Where, state: Any, limit: int, offset: int) -> list[dict[str, Any]]:
    keyset, after = keyset_clause(state, "c.category_id", None)
    rows, _ = await shop.bridge.query_dicts(_category_sql(shop, where.sql, keyset),
                                            [shop.language_id, *where.args, *after, limit, offset], limit=limit)
    return rows


async def category_list(ctx: ConnectorContext, params: Any) -> Page:
    """One page of categories by id. Raises NotSupported (120) for filters the shop cannot answer."""
    shop, where = await _category_where(await open_shop(ctx), params)
    state = ctx.cursor_state
    rows = await _categories(shop, where, state, params.count + 1, 0 if state else params.start)
    total = int(state.get("total", 0)) if state else int(rows[0]["total_count"]) if rows else 0
    if not rows and params.start and state is None:
        total = await _count(shop, "category c", where)
    categories = [_category(shop, row) for row in rows[: params.count]]
    return Page(r.CategoryListResult(categories_count=total, category=categories),
                next_state=next_state(rows, params.count, total, "category_id"))


async def _count(shop: Shop, table: str, where: Where) -> int:
    rows, _ = await shop.bridge.query_dicts(
        f"SELECT COUNT(*) AS n FROM {{table_prefix}}{table} WHERE {where.sql}", where.args, limit=1)  # noqa: S608
    return int(rows[0]["n"])


async def category_count(ctx: ConnectorContext, params: Any) -> r.CategoryCountResult:
    """How many categories pass the filters. Raises NotSupported (120)."""
    shop, where = await _category_where(await open_shop(ctx), params)
    return r.CategoryCountResult(categories_count=await _count(shop, "category c", where))


async def category_info(ctx: ConnectorContext, params: Any) -> Category:
    """One category, texts in ``lang_id``. Raises NotFound (112) for an unknown id or one not in ``store_id``,
    InvalidParameter (109) for an unknown ``lang_id``."""
    shop, _, in_store = await scoped(await open_shop(ctx), params, "category_to_store", "c.category_id")
    if not str(params.id).isdigit():
        raise NotFound("Category not found", field="id")
    where = Where(["c.category_id = ?", *in_store.parts], [int(params.id), *in_store.args])
    rows = await _categories(shop, where, None, 1, 0)
    if not rows:
        raise NotFound("Category not found", field="id")
    return _category(shop, rows[0])


# -- customers -----------------------------------------------------------------------------------
_CUSTOMER_COLUMNS: dict[str, Any] = {
    "created_from": ("c.date_added", "after"), "created_to": ("c.date_added", "to"),
    "modified_from": None, "modified_to": None, "ids": ("c.customer_id", "ids"), "since_id": ("c.customer_id", "gt"),
    "group_id": ("c.customer_group_id", "eq_id"), "store_id": ("c.store_id", "eq_id"), "avail": None,
    "include_guests": None, "find_value": None, "find_where": None,
}  # fmt: skip


def _customer_sql(shop: Shop, where: str, keyset: str, by_time: bool) -> str:
    order = "c.date_added, c.customer_id" if by_time else "c.customer_id"
    default = "c.address_id" if shop.layout.major == 3 else (
        "(SELECT a.address_id FROM {table_prefix}address a WHERE a.customer_id = c.customer_id AND a.`default` = 1 "
        "LIMIT 1)")  # fmt: skip
    return f"""
SELECT c.customer_id, c.customer_group_id, c.store_id, c.firstname, c.lastname, c.email, c.telephone, c.newsletter,
  c.ip, c.status, c.date_added, {default} AS default_address_id, COUNT(*) OVER () AS total_count
FROM {{table_prefix}}customer c
WHERE {where}{keyset} ORDER BY {order} LIMIT ? OFFSET ?"""  # noqa: S608 - fixed SQL and ? marks only


def _address_sql(shop: Shop, marks: str) -> str:
    # 4.1 keeps country and zone names per language in *_description tables
    if shop.layout.codes_table:
        names = ("cd.name AS country, zd.name AS zone FROM {table_prefix}address a"
                 " LEFT JOIN {table_prefix}country_description cd"
                 " ON cd.country_id = a.country_id AND cd.language_id = ?"
                 " LEFT JOIN {table_prefix}zone_description zd ON zd.zone_id = a.zone_id AND zd.language_id = ?")
    else:
        names = "co.name AS country, z.name AS zone FROM {table_prefix}address a"
    return ("SELECT a.address_id, a.customer_id, a.firstname, a.lastname, a.company, a.address_1, a.address_2, a.city,"
            " a.postcode, co.iso_code_2, co.iso_code_3, z.code AS zone_code, " + names +
            " LEFT JOIN {table_prefix}country co ON co.country_id = a.country_id"
            " LEFT JOIN {table_prefix}zone z ON z.zone_id = a.zone_id"
            " WHERE a.customer_id IN " + marks + " ORDER BY a.customer_id, a.address_id")  # fmt: skip


def _address(row: dict[str, Any], default_id: str) -> Address | None:
    if not row["iso_code_2"] or not row["iso_code_3"]:
        return None
    zone = text(row["zone"]) if row["zone"] else ""
    return Address(
        id=str(row["address_id"]), first_name=text(row["firstname"]), last_name=text(row["lastname"]),
        company=text(row["company"]) or None, address1=text(row["address_1"]),
        address2=text(row["address_2"]) or None, city=text(row["city"]), postcode=text(row["postcode"]),
        country=Country(code2=str(row["iso_code_2"]), code3=str(row["iso_code_3"]), name=text(row["country"])),
        state=State(code=str(row["zone_code"] or zone), name=zone) if zone else None,
        default=str(row["address_id"]) == default_id,
    )  # fmt: skip


async def _customers(shop: Shop, rows: list[dict[str, Any]]) -> list[Customer]:
    if not rows:
        return []
    ids = [int(row["customer_id"]) for row in rows]
    sql = _address_sql(shop, "(" + ", ".join("?" for _ in ids) + ")")
    languages = [shop.language_id, shop.language_id] if shop.layout.codes_table else []
    addresses, _ = await shop.bridge.query_dicts(sql, [*languages, *ids], limit=10_000)
    by_customer: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for address in addresses:
        by_customer[int(address["customer_id"])].append(address)
    customers = []
    for row in rows:
        default_id = str(row["default_address_id"] or "")
        book = [a for a in (_address(x, default_id) for x in by_customer[int(row["customer_id"])]) if a is not None]
        customers.append(Customer(
            id=str(row["customer_id"]), email=text(row["email"]), first_name=text(row["firstname"]),
            last_name=text(row["lastname"]), phone=text(row["telephone"]) or None,
            created_time=when(row["date_added"]), group=[CustomerGroup(id=str(row["customer_group_id"]))],
            status="enabled" if str(row["status"]) == "1" else "disabled", is_guest=False,
            news_letter_subscription=str(row["newsletter"]) == "1", stores_ids=[str(row["store_id"])],
            ip_address=row["ip"] or None, address_book=book))  # fmt: skip
    return customers


async def _select_customers(shop: Shop, where: Where, state: Any, limit: int, offset: int,
                            by_time: bool) -> list[dict[str, Any]]:  # fmt: skip
    keyset, after = keyset_clause(state, "c.customer_id", "c.date_added" if by_time else None)
    rows, _ = await shop.bridge.query_dicts(_customer_sql(shop, where.sql, keyset, by_time),
                                            [*where.args, *after, limit, offset], limit=limit)  # fmt: skip
    return rows


async def customer_list(ctx: ConnectorContext, params: Any) -> Page:
    """One page, by created time (the default) or id. Raises NotSupported (120), InvalidCursor (119)."""
    shop = await open_shop(ctx)
    sort = getattr(params, "sort_by", "created_time")
    if sort not in ("created_time", "id") or getattr(params, "sort_direction", "asc") != "asc":
        raise NotSupported("OpenCart customer lists are sorted by created_time or id, ascending", field="sort_by")
    by_time = sort == "created_time"
    state = ctx.cursor_state
    where = Where.of(params, _CUSTOMER_COLUMNS)
    rows = await _select_customers(shop, where, state, params.count + 1, 0 if state else params.start, by_time)
    total = int(state.get("total", 0)) if state else int(rows[0]["total_count"]) if rows else 0
    if not rows and params.start and state is None:
        total = await _count(shop, "customer c", where)
    customers = await _customers(shop, rows[: params.count])
    return Page(r.CustomerListResult(customers_count=total, customer=customers),
                next_state=next_state(rows, params.count, total, "customer_id", "date_added" if by_time else None))


async def customer_count(ctx: ConnectorContext, params: Any) -> r.CustomerCountResult:
    """How many customers pass the filters. Raises NotSupported (120)."""
    shop = await open_shop(ctx)
    return r.CustomerCountResult(customers_count=await _count(shop, "customer c", Where.of(params, _CUSTOMER_COLUMNS)))


async def customer_info(ctx: ConnectorContext, params: Any) -> Customer:
    """One customer with the address book. Raises NotFound (112), also for a customer of another ``store_id``."""
    shop = await open_shop(ctx)
    if not str(params.id).isdigit():
        raise NotFound("Customer not found", field="id")
    where = Where(["c.customer_id = ?"], [int(params.id)])
    if params.store_id is not None:  # a customer belongs to the store they registered in (customer.store_id)
        where.add("c.store_id", "eq_id", params.store_id, "store_id")
    rows = await _select_customers(shop, where, None, 1, 0, False)
    if not rows:
        raise NotFound("Customer not found", field="id")
    return (await _customers(shop, rows))[0]
