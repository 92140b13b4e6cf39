"""product.variant.list / count / info and product.child_item.list / info on OpenCart.

A variant is one option value of a product (``product_option_value``), id ``<product_id>-<value_id>``,
exactly the children product.info answers (products.py builds both, so they cannot differ). A page is
one keyset query on the value id plus products.py's two queries for the page's parents.
Option values keep no dates, SKU or availability of their own: those filters answer 120.
"""

from __future__ import annotations

from typing import Any, Final

from connectors.model import Product
from connectors.model import results as r
from connectors.model.product import Variant
from connectors.model.variant_view import ProductVariant, variant_as_product
from connectors.opencart_bridge.language import refuse_currency, scoped
from connectors.opencart_bridge.listing import Where, keyset_clause, next_state
from connectors.opencart_bridge.products import _products, _select
from connectors.opencart_bridge.shop import Shop, open_shop
from connectors.spec import ConnectorContext
from gateway.errors import NotFound
from gateway.methods.table import Page

__all__ = ["child_item_info", "child_item_list", "variant_count", "variant_info", "variant_list"]

_IN_CATEGORY: Final = ("pov.product_id IN (SELECT pc.product_id FROM {table_prefix}product_to_category pc "
                       "WHERE pc.category_id = ?)")  # fmt: skip
_COLUMNS: Final[dict[str, Any]] = {
    "product_id": ("pov.product_id", "eq_id"), "product_ids": ("pov.product_id", "ids"),
    "category_id": (_IN_CATEGORY, "sub_id"),
    "created_from": None, "created_to": None, "modified_from": None, "modified_to": None,
    "sku": None, "avail_sale": None, "find_value": None, "find_where": None,
}  # fmt: skip

# The same joins as products.py's children query: a value without a name in the language is no child there.
_FROM: Final = """FROM {table_prefix}product_option_value pov
JOIN {table_prefix}product p ON p.product_id = pov.product_id
JOIN {table_prefix}product_option po ON po.product_option_id = pov.product_option_id
JOIN `{table_prefix}option` o ON o.option_id = pov.option_id
JOIN {table_prefix}option_description od ON od.option_id = pov.option_id AND od.language_id = ?
JOIN {table_prefix}option_value_description ovd ON ovd.option_value_id = pov.option_value_id AND ovd.language_id = ?"""


async def _where(ctx: ConnectorContext, params: Any) -> tuple[Shop, Where]:
    """The shop in the asked language and the filters. Raises NotSupported (120), InvalidParameter (109)."""
    refuse_currency(getattr(params, "currency_id", None))
    shop, rest, in_store = await scoped(await open_shop(ctx), params, "product_to_store", "pov.product_id")
    where = Where.of(rest, _COLUMNS)
    return shop, Where(where.parts + in_store.parts, where.args + in_store.args)


async def _page(ctx: ConnectorContext, params: Any) -> tuple[list[Variant], int, dict[str, Any] | None,
                                                             dict[str, Product]]:  # fmt: skip
    shop, where = await _where(ctx, params)
    state = ctx.cursor_state
    keyset, after = keyset_clause(state, "pov.product_option_value_id", None)
    sql = (f"SELECT pov.product_option_value_id AS vid, pov.product_id, COUNT(*) OVER () AS total_count {_FROM} "
           f"WHERE {where.sql}{keyset} ORDER BY pov.product_option_value_id LIMIT ? OFFSET ?")
    limit = params.count + 1
    rows, _ = await shop.bridge.query_dicts(
        sql, [shop.language_id, shop.language_id, *where.args, *after, limit, 0 if state else params.start],
        limit=limit)  # fmt: skip
    total = int(state.get("total", 0)) if state else int(rows[0]["total_count"]) if rows else 0
    if not rows and params.start and state is None:
        total = await _count(shop, where)
    page = rows[: params.count]
    parents = await _parents(shop, sorted({int(row["product_id"]) for row in page}))
    variants = [_child(parents, str(row["product_id"]), str(row["vid"])) for row in page]
    return variants, total, next_state(rows, params.count, total, "vid"), parents


async def _parents(shop: Shop, ids: list[int]) -> dict[str, Product]:
    if not ids:
        return {}
    where = Where(["p.product_id IN (" + ", ".join("?" for _ in ids) + ")"], list(ids))
    products = await _products(shop, await _select(shop, where, None, len(ids), 0))
    return {product.id: product for product in products}


def _child(parents: dict[str, Product], product_id: str, value_id: str) -> Variant:
    parent = parents.get(product_id)
    wanted = f"{product_id}-{value_id}"
    for child in parent.children if parent is not None else []:
        if child.id == wanted:
            return child
    raise NotFound("Variant not found", field="id")


async def _count(shop: Shop, where: Where) -> int:
    rows, _ = await shop.bridge.query_dicts(f"SELECT COUNT(*) AS n {_FROM} WHERE {where.sql}",
                                            [shop.language_id, shop.language_id, *where.args], limit=1)  # fmt: skip
    return int(rows[0]["n"])


async def variant_list(ctx: ConnectorContext, params: Any) -> Page:
    """Variants by value id, product-shaped. Raises NotSupported (120) for filters option values cannot
    answer, InvalidParameter (109) for an unknown ``lang_id``, InvalidCursor (119)."""
    variants, total, state, parents = await _page(ctx, params)
    views = [variant_as_product(variant, parents[variant.parent_id]) for variant in variants]
    return Page(r.VariantListResult(variants_count=total, variant=views), next_state=state)


async def child_item_list(ctx: ConnectorContext, params: Any) -> Page:
    """Variants by value id, as API2Cart's ``Child``. Raises as ``variant_list``."""
    variants, total, state, _ = await _page(ctx, params)
    return Page(r.ChildItemListResult(total_count=total, children=variants), next_state=state)


async def variant_count(ctx: ConnectorContext, params: Any) -> r.VariantCountResult:
    """How many variants the product has. Raises NotFound (112) for an unknown product, NotSupported (120)."""
    shop, where = await _where(ctx, params)
    product_id = str(params.product_id)
    found, _ = await shop.bridge.query_dicts("SELECT 1 AS x FROM {table_prefix}product WHERE product_id = ?",
                                             [int(product_id) if product_id.isdigit() else -1], limit=1)  # fmt: skip
    if not found:
        raise NotFound("Product not found", field="product_id")
    return r.VariantCountResult(variants_count=await _count(shop, where))


async def _one(ctx: ConnectorContext, params: Any, product_id: str | None) -> tuple[Variant, Product]:
    """The variant ``params.id`` (of ``product_id`` when given). Raises NotFound (112)."""
    parent_id, _, value_id = str(params.id).partition("-")
    if not (parent_id.isdigit() and value_id.isdigit()) or product_id not in (None, parent_id):
        raise NotFound("Variant not found", field="id")
    refuse_currency(getattr(params, "currency_id", None))
    shop, _, in_store = await scoped(await open_shop(ctx), params, "product_to_store", "p.product_id")
    where = Where(["p.product_id = ?", *in_store.parts], [int(parent_id), *in_store.args])
    parents = {product.id: product for product in await _products(shop, await _select(shop, where, None, 1, 0))}
    return _child(parents, parent_id, value_id), parents[parent_id]


async def variant_info(ctx: ConnectorContext, params: Any) -> ProductVariant:
    """One variant, product-shaped. Raises NotFound (112) for an unknown id or one not in ``store_id``."""
    variant, parent = await _one(ctx, params, None)
    return variant_as_product(variant, parent)


async def child_item_info(ctx: ConnectorContext, params: Any) -> Variant:
    """One variant of ``product_id``. Raises NotFound (112), InvalidParameter (109) for an unknown ``lang_id``,
    NotSupported (120) for ``currency_id``."""
    return (await _one(ctx, params, str(params.product_id)))[0]
