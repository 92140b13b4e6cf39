"""product.list / count / info on OpenCart: one keyset query per page, one query for the page's children.

The children query is one ``UNION ALL`` over descriptions in every language, option values (the
unified variants), specials, quantity discounts, extra images and categories of the page's ids, so
a page of 250 products costs two bridge round trips whatever it holds.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from connectors.model import Product
from connectors.model import results as r
from connectors.model.common import Image
from connectors.model.product import Combination, ProductOption, ProductOptionItem, SpecialPrice, TierPrice, Variant
from connectors.opencart_bridge.feeds import BY_ID, FeedOrder, product_order
from connectors.opencart_bridge.language import refuse_currency, scoped
from connectors.opencart_bridge.listing import Where, keyset_clause, next_state
from connectors.opencart_bridge.shop import Layout, Shop, money, open_shop, text, when
from connectors.spec import ConnectorContext
from gateway.errors import NotFound
from gateway.methods.table import Page

__all__ = ["product_count", "product_info", "product_list"]


def _code(layout: Layout, code: str, column: str) -> str:
    if layout.codes_table:
        select = "(SELECT c.value FROM {table_prefix}product_code c WHERE c.product_id = p.product_id AND c.code = "
        return select + f"'{code}' LIMIT 1) AS {column}"
    return f"p.{column}"


def _columns(layout: Layout) -> dict[str, Any]:
    sku = ("EXISTS (SELECT 1 FROM {table_prefix}product_code c WHERE c.product_id = p.product_id "
           "AND c.code = 'SKU' AND c.value = ?)") if layout.codes_table else "p.sku = ?"  # fmt: skip
    return {
        "created_from": ("p.date_added", "after"), "created_to": ("p.date_added", "to"),
        "modified_from": ("p.date_modified", "after"), "modified_to": ("p.date_modified", "to"),
        "product_ids": ("p.product_id", "ids"), "since_id": ("p.product_id", "gt"),
        "category_id": ("p.product_id IN (SELECT pc.product_id FROM {table_prefix}product_to_category pc "
                        "WHERE pc.category_id = ?)", "sub_id"),
        "sku": (sku, "sub_text"), "currency_id": None, "categories_ids": None,
        "avail_view": None, "avail_sale": None, "brand_name": None, "find_value": None, "find_where": None,
    }  # fmt: skip


def _page_sql(layout: Layout, where: str, keyset: str, order_by: str = "p.product_id") -> str:
    codes = ", ".join(_code(layout, code, col) for code, col in
                      (("SKU", "sku"), ("UPC", "upc"), ("EAN", "ean"), ("MPN", "mpn"), ("ISBN", "isbn")))  # fmt: skip
    return f"""
SELECT p.product_id, p.model, {codes}, p.quantity, p.price, p.status, p.image, p.manufacturer_id,
  m.name AS brand, p.weight, p.length, p.width, p.height, p.tax_class_id, p.subtract, p.sort_order,
  p.date_added, p.date_modified, pd.name, pd.description, pd.meta_title, pd.meta_description, pd.meta_keyword,
  COUNT(*) OVER () AS total_count
FROM {{table_prefix}}product p
LEFT JOIN {{table_prefix}}product_description pd ON pd.product_id = p.product_id AND pd.language_id = ?
LEFT JOIN {{table_prefix}}manufacturer m ON m.manufacturer_id = p.manufacturer_id
WHERE {where}{keyset} ORDER BY {order_by} LIMIT ? OFFSET ?"""  # noqa: S608 - fixed SQL and ? marks only


def _children_sql(layout: Layout, ids: str) -> str:
    specials = (
        "SELECT 'special', product_id, price, date_start, date_end, priority, type, NULL, NULL, NULL "
        "FROM {table_prefix}product_discount WHERE special = 1 AND customer_group_id = ? AND product_id IN " + ids
        if layout.codes_table else
        "SELECT 'special', product_id, price, date_start, date_end, priority, 'F', NULL, NULL, NULL "
        "FROM {table_prefix}product_special WHERE customer_group_id = ? AND product_id IN " + ids
    )  # fmt: skip
    tiers_filter = " AND special = 0" if layout.codes_table else ""
    tier_type = "type" if layout.codes_table else "'F'"
    return f"""
SELECT 'desc' AS kind, pd.product_id, l.code AS a, pd.name AS b, pd.description AS c, pd.meta_title AS d,
  NULL AS e, NULL AS f, NULL AS g, NULL AS h
FROM {{table_prefix}}product_description pd JOIN {{table_prefix}}language l ON l.language_id = pd.language_id
WHERE pd.product_id IN {ids}
UNION ALL
SELECT 'option', pov.product_id, pov.product_option_value_id, pov.product_option_id, od.name, ovd.name,
  pov.quantity, CONCAT(pov.price_prefix, pov.price), CONCAT(o.type, ':', po.required, ':', pov.subtract),
  CONCAT(pov.option_id, ':', pov.option_value_id)
FROM {{table_prefix}}product_option_value pov
JOIN {{table_prefix}}product_option po ON po.product_option_id = pov.product_option_id
JOIN `{{table_prefix}}option` o ON o.option_id = pov.option_id
JOIN {{table_prefix}}option_description od ON od.option_id = pov.option_id AND od.language_id = ?
JOIN {{table_prefix}}option_value_description ovd ON ovd.option_value_id = pov.option_value_id AND ovd.language_id = ?
WHERE pov.product_id IN {ids}
UNION ALL
{specials}
UNION ALL
SELECT 'tier', product_id, price, date_start, date_end, priority, {tier_type}, quantity, NULL, NULL
FROM {{table_prefix}}product_discount WHERE quantity > 1{tiers_filter} AND customer_group_id = ? AND product_id IN {ids}
UNION ALL
SELECT 'image', product_id, product_image_id, image, sort_order, NULL, NULL, NULL, NULL, NULL
FROM {{table_prefix}}product_image WHERE product_id IN {ids}
UNION ALL
SELECT 'category', product_id, category_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM {{table_prefix}}product_to_category WHERE product_id IN {ids}
ORDER BY 1, 2, 3"""  # noqa: S608 - fixed SQL and ? marks only


def _now_applies(start: Any, end: Any, now: datetime) -> bool:
    begins, ends = when(start), when(end)
    return (begins is None or begins <= now) and (ends is None or ends > now)


def _priced(base: Decimal, price: Decimal, kind: str) -> Decimal:
    """4.1's discount types: F fixed price, S subtract from the price, P percent off."""
    if kind == "S":
        return max(base - price, Decimal(0))
    if kind == "P":
        return money((base * (Decimal(100) - price) / Decimal(100)).quantize(Decimal("0.0001")))
    return price


def _image(shop: Shop, path: Any, sort_order: Any, kind: str, image_id: Any = None) -> Image:
    return Image(id=None if image_id is None else str(image_id), http_path=f"{shop.store_url}/image/{path}",
                 file_name=str(path).rsplit("/", 1)[-1], sort_order=int(sort_order or 0), type=kind)


def _build(shop: Shop, row: dict[str, Any], children: list[dict[str, Any]]) -> Product:
    pid = str(row["product_id"])
    price = money(row["price"])
    stock = int(row["quantity"] or 0)
    extra: dict[str, Any] = {"languages": {}}
    options: dict[str, ProductOption] = {}
    variants: list[Variant] = []
    specials: list[tuple[int, Decimal, dict[str, Any]]] = []
    tiers: list[TierPrice] = []
    images = [_image(shop, row["image"], 0, "base")] if row["image"] else []
    categories: list[str] = []
    now = datetime.now(UTC)
    for child in children:
        kind = child["kind"]
        if kind == "desc":
            extra["languages"][str(child["a"])] = {"name": text(child["b"]), "description": text(child["c"]),
                                                  "meta_title": text(child["d"])}  # fmt: skip
        elif kind == "option":
            option_type, required, subtract = str(child["g"]).split(":")
            option_id, value_id = str(child["h"]).split(":")
            signed = Decimal(str(child["f"]).replace("+", ""))
            quantity = int(child["e"] or 0)
            option = options.setdefault(str(child["b"]), ProductOption(
                id=str(child["b"]), product_option_id=str(child["b"]), name=text(child["c"]),
                type="swatch" if option_type == "image" else option_type if option_type in (
                    "select", "radio", "checkbox") else "select", required=required == "1"))  # fmt: skip
            option.option_items.append(ProductOptionItem(
                id=str(child["a"]), product_option_item_id=str(child["a"]), name=text(child["d"]),
                price=money(signed), quantity=max(quantity, 0)))  # fmt: skip
            variants.append(Variant(
                id=f"{pid}-{child['a']}", parent_id=pid, name=f"{text(row['name'])} - {text(child['d'])}",
                default_price=max(money(price + signed), Decimal(0)), inventory_level=max(quantity, 0),
                manage_stock=subtract == "1", in_stock=quantity > 0, currency_code=shop.currency,
                combination=[Combination(option_id=option_id, option_value_id=value_id)]))  # fmt: skip
        elif kind == "special" and _now_applies(child["b"], child["c"], now):
            value = _priced(price, money(child["a"]), str(child["e"]))
            specials.append((int(child["d"] or 0), value, child))
        elif kind == "tier" and _now_applies(child["b"], child["c"], now):
            tiers.append(TierPrice(qty=int(child["f"]), price=_priced(price, money(child["a"]), str(child["e"]))))
        elif kind == "image":
            images.append(_image(shop, child["b"], child["c"], "additional", child["a"]))
        elif kind == "category":
            categories.append(str(child["a"]))
    special = None
    if specials:
        _, value, chosen = min(specials, key=lambda item: (item[0], item[1]))
        special = SpecialPrice(value=value, avail=True, expired_at=when(chosen["c"]))
    if stock < 0:
        extra["opencart_quantity"] = stock  # OpenCart lets stock go below zero; the model does not
    return Product(
        id=pid, u_model=text(row["model"]), u_sku=row["sku"] or None, name=text(row["name"]),
        description=text(row["description"]), price=price, quantity=max(stock, 0),
        u_brand_id=str(row["manufacturer_id"]) if int(row["manufacturer_id"] or 0) else None,
        u_brand=text(row["brand"]) or None, categories_ids=categories, meta_title=text(row["meta_title"]) or None,
        meta_description=text(row["meta_description"]) or None, meta_keywords=text(row["meta_keyword"]) or None,
        avail_sale=str(row["status"]) == "1", avail_view=str(row["status"]) == "1",
        weight=max(float(row["weight"] or 0), 0.0), width=max(float(row["width"] or 0), 0.0),
        height=max(float(row["height"] or 0), 0.0), length=max(float(row["length"] or 0), 0.0),
        sort_order=int(row["sort_order"] or 0), in_stock=stock > 0,
        manage_stock="yes" if str(row["subtract"]) == "1" else "no", is_stock_managed=str(row["subtract"]) == "1",
        create_at=when(row["date_added"]), modified_at=when(row["date_modified"]),
        tax_class_id=str(row["tax_class_id"]), special_price=special, on_sale=special is not None,
        tier_price=tiers, images=images, product_options=list(options.values()), children=variants,
        u_upc=row["upc"] or None, u_ean=row["ean"] or None, u_mpn=row["mpn"] or None, u_isbn=row["isbn"] or None,
        type="configurable" if variants else "simple", currency_code=shop.currency, additional_fields=extra,
    )  # fmt: skip


async def _products(shop: Shop, rows: list[dict[str, Any]]) -> list[Product]:
    if not rows:
        return []
    ids = [int(row["product_id"]) for row in rows]
    marks = "(" + ", ".join("?" for _ in ids) + ")"
    language, group = shop.language_id, shop.customer_group_id
    args = [*ids, language, language, *ids, group, *ids, group, *ids, *ids, *ids]
    children, _ = await shop.bridge.query_dicts(_children_sql(shop.layout, marks), args, limit=10_000)
    by_product: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for child in children:
        by_product[int(child["product_id"])].append(child)
    return [_build(shop, row, by_product[int(row["product_id"])]) for row in rows]


async def _select(shop: Shop, where: Where, state: Any, limit: int, offset: int,
                  order: FeedOrder = BY_ID) -> list[dict[str, Any]]:  # fmt: skip
    # the change feed pages on (time, id), so ties on a second are broken by id (feeds.py)
    keyset, after = keyset_clause(state, "p.product_id", order.time_column)
    sql = _page_sql(shop.layout, where.sql, keyset, order.order_by("p.product_id"))
    rows, _ = await shop.bridge.query_dicts(sql, [shop.language_id, *where.args, *after, limit, offset],
                                            limit=max(limit, 1))  # fmt: skip
    return rows


async def _where(shop: Shop, params: Any) -> tuple[Shop, Where]:
    """The shop in ``lang_id`` and the filters, ``store_id`` by ``product_to_store`` (language.py)."""
    product_order(params)
    shop, rest, in_store = await scoped(shop, params, "product_to_store", "p.product_id")
    where = Where.of(rest, _columns(shop.layout))
    return shop, Where(where.parts + in_store.parts, where.args + in_store.args)


async def product_list(ctx: ConnectorContext, params: Any) -> Page:
    """One page; ``sort_by=modified_at`` with ``modified_from`` is the change feed (feeds.py). Raises
    NotSupported (120) for a filter or sort OpenCart cannot answer, InvalidCursor (119)."""
    shop, where = await _where(await open_shop(ctx), params)
    state = ctx.cursor_state
    order = product_order(params)
    rows = await _select(shop, where, state, params.count + 1, 0 if state else params.start, order)
    if state is not None:
        total = int(state.get("total", 0))
    elif rows:
        total = int(rows[0]["total_count"])
    else:
        total = await _count(shop, where) if params.start else 0
    products = await _products(shop, rows[: params.count])
    return Page(r.ProductListResult(products_count=total, product=products),
                next_state=next_state(rows, params.count, total, "product_id", order.time_key))  # fmt: skip


async def _count(shop: Shop, where: Where) -> int:
    rows, _ = await shop.bridge.query_dicts(
        f"SELECT COUNT(*) AS n FROM {{table_prefix}}product p WHERE {where.sql}",  # noqa: S608 - ? placeholders
        where.args, limit=1)
    return int(rows[0]["n"])


async def product_count(ctx: ConnectorContext, params: Any) -> r.ProductCountResult:
    """How many products pass the filters. Raises NotSupported (120) for filters OpenCart cannot answer."""
    shop, where = await _where(await open_shop(ctx), params)
    return r.ProductCountResult(products_count=await _count(shop, where))


async def product_info(ctx: ConnectorContext, params: Any) -> Product:
    """One product with its children, texts in ``lang_id``. Raises NotFound (112) for an unknown or non-numeric
    id or one not in ``store_id``, InvalidParameter (109) for an unknown ``lang_id``, NotSupported (120) for
    ``currency_id`` (prices are the default currency's)."""
    refuse_currency(params.currency_id)
    shop, _, in_store = await scoped(await open_shop(ctx), params, "product_to_store", "p.product_id")
    if not str(params.id).isdigit():
        raise NotFound("Product not found", field="id")
    where = Where(["p.product_id = ?", *in_store.parts], [int(params.id), *in_store.args])
    rows = await _select(shop, where, None, 1, 0)
    if not rows:
        raise NotFound("Product not found", field="id")
    return (await _products(shop, rows))[0]
