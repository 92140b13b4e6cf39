"""product.find on OpenCart: products (or option-value variants) whose name, SKU, model, description or id matches.

SQL narrows with ``LIKE`` on the stored (entity-encoded) text; the match itself is decided in Python on the
decoded text, the same rule as every connector (``find_params=whole_words``: the value as a whole word,
case-insensitive; ``regular``: any substring), so ``amp`` never matches the ``&amp;`` OpenCart stores.
Variants (``find_what=child/each``) are found by their name (``<product> - <value>``) or id; OpenCart's
option values have no SKU, model or description of their own, so those searches find no variants.
"""

from __future__ import annotations

import re
from typing import Any, Final

from connectors.model import results as r
from connectors.model.variant_view import ProductFindItem, variant_as_product
from connectors.opencart_bridge import products
from connectors.opencart_bridge.listing import Where
from connectors.opencart_bridge.shop import Shop, encode_text, is_id, money, open_shop, text
from gateway.errors import InvalidParameter

__all__ = ["product_find"]

_MAX_MATCHES: Final = 1000  # a find answers one list; more than this is a list filter's job
_CHUNK: Final = 250


def _like(value: str) -> str:
    escaped = encode_text(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matcher(value: str, whole_words: bool) -> re.Pattern[str]:
    """The rule every connector's find uses (see connectors/demo/query.py), on casefolded text."""
    needle = re.escape(value.casefold())
    return re.compile(r"(?<!\w)" + needle + r"(?!\w)" if whole_words else needle)


def _condition(shop: Shop, where: str, value: str) -> tuple[str, list[Any]]:
    if where == "id":
        return ("p.product_id = ?", [int(value)]) if is_id(value) else ("1 = 0", [])
    if where == "sku":
        if shop.layout.codes_table:
            return ("EXISTS (SELECT 1 FROM {table_prefix}product_code c WHERE c.product_id = p.product_id "
                    "AND c.code = 'SKU' AND c.value LIKE ?)", [_like(value)])  # fmt: skip
        return "p.sku LIKE ?", [_like(value)]
    column = {"name": "pd.name", "model": "p.model", "description": "pd.description"}[where]
    return f"{column} LIKE ?", [_like(value)]


async def _language(shop: Shop, lang_id: str | None) -> int:
    if lang_id is None:
        return shop.language_id
    rows, _ = await shop.bridge.query_dicts("SELECT language_id FROM {table_prefix}language WHERE language_id = ?",
                                            [int(lang_id) if is_id(lang_id) else -1], limit=1)  # fmt: skip
    if not rows:
        raise InvalidParameter("Parameter 'lang_id' is not a language of this shop", field="lang_id")
    return int(rows[0]["language_id"])


async def product_find(ctx: Any, params: Any) -> r.ProductFindResult:
    """Up to 1,000 matches, products by id then their variants. Raises InvalidParameter (109) for an unknown
    ``lang_id`` or a non-numeric ``store_id``."""
    shop = await open_shop(ctx)
    language = await _language(shop, params.lang_id)
    pattern = matcher(params.find_value, params.find_params == "whole_words")
    where, args = _condition(shop, params.find_where, params.find_value)
    if params.store_id is not None:
        if not is_id(params.store_id):
            raise InvalidParameter("Parameter 'store_id' must be a numeric OpenCart id", field="store_id")
        where += (" AND p.product_id IN (SELECT ps.product_id FROM {table_prefix}product_to_store ps "
                  "WHERE ps.store_id = ?)")
        args.append(int(params.store_id))
    found: list[ProductFindItem] = []
    if params.find_what in ("product", "each"):
        found += await _products(shop, language, where, args, params.find_where, pattern)
    if params.find_what in ("child", "each") and params.find_where in ("name", "id"):
        found += await _variants(shop, params, pattern)
    return r.ProductFindResult(product=found[:_MAX_MATCHES])


async def _products(shop: Shop, language: int, where: str, args: list[Any], field: str,
                    pattern: re.Pattern[str]) -> list[ProductFindItem]:  # fmt: skip
    sku = ("(SELECT c.value FROM {table_prefix}product_code c WHERE c.product_id = p.product_id AND c.code = 'SKU' "
           "LIMIT 1)") if shop.layout.codes_table else "p.sku"  # fmt: skip
    rows, _ = await shop.bridge.query_dicts(
        f"SELECT p.product_id, p.model, {sku} AS sku, p.price, pd.name, pd.description FROM {{table_prefix}}product p "  # noqa: S608
        "LEFT JOIN {table_prefix}product_description pd ON pd.product_id = p.product_id AND pd.language_id = ? "
        f"WHERE {where} ORDER BY p.product_id LIMIT {_MAX_MATCHES * 4}",
        [language, *args], limit=_MAX_MATCHES * 4)  # fmt: skip
    items: list[ProductFindItem] = []
    for row in rows:
        texts = {"id": str(row["product_id"]), "name": text(row["name"]), "model": text(row["model"]),
                 "description": text(row["description"]), "sku": text(row["sku"])}  # fmt: skip
        if field == "id" or pattern.search(texts[field].casefold()):
            items.append(ProductFindItem(id=texts["id"], name=texts["name"], description=texts["description"],
                                         price=money(row["price"]), u_sku=texts["sku"] or None,
                                         u_model=texts["model"]))  # fmt: skip
    return items


async def _variants(shop: Shop, params: Any, pattern: re.Pattern[str]) -> list[ProductFindItem]:
    """Variants whose ``<product> - <value>`` name (in the shop's default language, as the reads name them) or
    ``<product>-<value>`` id matches."""
    language = shop.language_id
    head, _, tail = params.find_value.partition("-")
    where: str
    args: list[Any]
    if params.find_where == "id":
        where, args = ("pov.product_id = ? AND pov.product_option_value_id = ?",
                       [int(head), int(tail)]) if is_id(head) and is_id(tail) else ("1 = 0", [])  # fmt: skip
    else:
        where, args = "CONCAT(pd.name, ' - ', ovd.name) LIKE ?", [_like(params.find_value)]
    rows, _ = await shop.bridge.query_dicts(
        "SELECT DISTINCT pov.product_id FROM {table_prefix}product_option_value pov "  # noqa: S608
        "LEFT JOIN {table_prefix}product_description pd ON pd.product_id = pov.product_id AND pd.language_id = ? "
        "LEFT JOIN {table_prefix}option_value_description ovd ON ovd.option_value_id = pov.option_value_id "
        f"AND ovd.language_id = ? WHERE {where} ORDER BY pov.product_id LIMIT {_MAX_MATCHES}",
        [language, language, *args], limit=_MAX_MATCHES)  # fmt: skip
    ids = [int(row["product_id"]) for row in rows]
    items: list[ProductFindItem] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        page = await products._select(shop, Where([f"p.product_id IN ({marks})"], chunk), None, len(chunk), 0)
        for parent in await products._products(shop, page):
            for child in parent.children:
                target = child.id if params.find_where == "id" else child.name or ""
                if (child.id == params.find_value) if params.find_where == "id" else pattern.search(target.casefold()):
                    items.append(ProductFindItem.of(variant_as_product(child, parent)))
    return items
