"""product.add, product.update and product.delete on OpenCart, each as ONE bridge ``batch``.

Every refusal is decided by reads first (3.x tables are MyISAM: a failed batch keeps what it wrote), and the
rows are the ones admin/model/catalog/product.php writes at 3.0.3.8 / 4.1.0.4: ``addProduct`` (product,
a description per language, stores, 3.x's empty layout choices, categories, 4.1 codes, specials/discounts, SEO
keywords), ``editProduct``
(``date_modified = NOW()``; categories replaced) and ``deleteProduct`` (every table below).
"""

from __future__ import annotations

from typing import Any, Final

from connectors.model import results as r
from connectors.model.params.common import check_prices
from connectors.opencart_bridge import product_fields as f
from connectors.opencart_bridge.shop import Shop, open_shop
from connectors.opencart_bridge.write_checks import numeric_id, one_row, refuse_unsupported
from connectors.spec import ConnectorContext
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotFound, NotSupported

__all__ = ["product_add", "product_delete", "product_update"]

_SHARED: Final = frozenset({"sku", "upc", "ean", "isbn", "mpn", "gtin", "status", "categories_ids", "store_id",
                            "lang_id", "quantity", "manage_stock", "weight", "width", "height", "length",
                            "brand_name", "meta_title", "meta_keywords", "meta_description", "tax_class_id",
                            "is_virtual", "model", "name", "description", "price", "available_for_view",
                            "available_for_sale", "related_products_ids"})  # fmt: skip
_ADD_FIELDS: Final = _SHARED | {"stores_ids", "seo_url", "special_price", "sprice_create", "sprice_expire",
                                "tier_prices", "type", "created_at"}  # fmt: skip
_UPDATE_FIELDS: Final = _SHARED | {"id", "increase_quantity", "reduce_quantity", "seo_url", "special_price",
                                   "sprice_create", "sprice_expire", "tier_prices", "stores_ids"}  # fmt: skip
_SIZES: Final = ("weight", "length", "width", "height")


async def _common_checks(shop: Shop, params: Any) -> tuple[list[f.Language], int | None, dict[str, str]]:
    """Language, tax class and codes: (languages with the written one first, manufacturer id or None, codes)."""
    check_prices(params, shop.currency)
    f.check_sizes(params, _SIZES)
    langs = await f.languages(shop)
    if params.lang_id is not None:
        chosen = [lang for lang in langs if str(lang.language_id) == params.lang_id]
        if not chosen:
            raise InvalidParameter("Parameter 'lang_id' is not a language of this shop", field="lang_id")
        langs = chosen + [lang for lang in langs if lang is not chosen[0]]
    if params.tax_class_id is not None:
        await f.check_ids(shop, "tax_class", params.tax_class_id, "tax_class_id", zero=True)
    if params.model is not None:
        f.checked(params.model, "model", 64)
    brand = await f.manufacturer_of(shop, params.brand_name) if params.brand_name is not None else None
    return langs, brand, await f.codes_of(shop, params)


# -- product.add ---------------------------------------------------------------------------------
_DEFAULTS_SQL = """
SELECT
  (SELECT s.value FROM {table_prefix}setting s WHERE s.store_id = 0 AND s.`key` = 'config_stock_status_id' LIMIT 1)
    AS stock_status_id,
  (SELECT ss.stock_status_id FROM {table_prefix}stock_status ss WHERE ss.language_id = ? ORDER BY ss.name LIMIT 1)
    AS first_stock_status_id,
  (SELECT s.value FROM {table_prefix}setting s WHERE s.store_id = 0 AND s.`key` = 'config_weight_class_id' LIMIT 1)
    AS weight_class_id,
  (SELECT s.value FROM {table_prefix}setting s WHERE s.store_id = 0 AND s.`key` = 'config_length_class_id' LIMIT 1)
    AS length_class_id
"""


async def product_add(ctx: ConnectorContext, params: Any) -> r.ProductAddResult:
    """A product as the admin's form saves it: descriptions for EVERY language (the text given), the stores
    (``stores_ids`` / ``store_id``, default 0), categories, codes, stock, price, special and tier prices, and
    SEO keywords (see ``product_fields.seo_statements``).

    Raises InvalidParameter (109) naming the field for an unknown category/store/tax class/brand/language, a
    taken keyword or a value wider than its column; NotSupported (120) for fields OpenCart does not keep.
    """
    refuse_unsupported(params, _ADD_FIELDS)
    if params.type != "simple":
        raise NotSupported("OpenCart products are added as simple products (options are written separately)",
                           field="type")  # fmt: skip
    shop = await open_shop(ctx)
    langs, brand, codes = await _common_checks(shop, params)
    text = f.description_row(shop, params, params.name)
    named = ",".join(str(part) for part in (params.store_id, params.stores_ids) if part)  # both count
    stores = await f.check_ids(shop, "store", named or "0", "stores_ids", zero=True)
    categories = await f.check_ids(shop, "category", params.categories_ids, "categories_ids")
    related = await f.check_ids(shop, "product", params.related_products_ids, "related_products_ids")
    seo = await f.seo_statements(shop, params, params.name, langs, stores)
    defaults = await one_row(shop, _DEFAULTS_SQL, [langs[0].language_id]) or {}
    columns: dict[str, Any] = {
        "model": f.checked(params.model, "model", 64), "location": "", "quantity": params.quantity or 0,
        "minimum": 1, "subtract": 0 if params.manage_stock is False else 1,
        "stock_status_id": int(defaults.get("stock_status_id") or defaults.get("first_stock_status_id") or 0),
        "manufacturer_id": brand or 0, "shipping": 0 if params.is_virtual else 1, "price": str(params.price),
        "points": 0, "weight_class_id": int(defaults.get("weight_class_id") or 0),
        "length_class_id": int(defaults.get("length_class_id") or 0), "status": f.status_of(params),
        "tax_class_id": int(params.tax_class_id or 0), "sort_order": 1,
        **{size: str(getattr(params, size) or 0) for size in _SIZES},
    }  # fmt: skip
    if shop.layout.major == 4:
        columns |= {"master_id": 0, "variant": "", "override": ""}
    if not shop.layout.codes_table:
        columns |= {"jan": ""} | {name: codes.get(name, "") for name in f.CODE_FIELDS}
    # 3.x's addProduct stores the form's (empty) image field; 4.x's writes it only when one is given
    columns["image"] = "" if shop.layout.major == 3 else None
    added = params.created_at.strftime("%Y-%m-%d %H:%M:%S") if params.created_at else None
    names = ", ".join(columns)
    insert = (f"INSERT INTO {{table_prefix}}product ({names}, date_available, date_added, date_modified) "  # noqa: S608
              f"VALUES ({', '.join('?' for _ in columns)}, CURDATE(), COALESCE(?, NOW()), NOW())")
    statements = [Statement(insert, [*columns.values(), added]),
                  Statement(f"SET {f.PID} = LAST_INSERT_ID()")]  # fmt: skip
    statements.append(Statement(
        "INSERT INTO {table_prefix}product_description (product_id, language_id, name, description, tag, meta_title, "  # noqa: S608
        "meta_description, meta_keyword) VALUES " + ", ".join(f"({f.PID}, ?, ?, ?, '', ?, ?, ?)" for _ in langs),
        [item for lang in langs for item in (lang.language_id, *text.values())]))  # fmt: skip
    statements.append(Statement("INSERT INTO {table_prefix}product_to_store (product_id, store_id) VALUES "  # noqa: S608
                                + ", ".join(f"({f.PID}, ?)" for _ in stores), stores))  # fmt: skip
    if categories:
        statements.append(Statement("INSERT INTO {table_prefix}product_to_category (product_id, category_id) VALUES "  # noqa: S608
                                    + ", ".join(f"({f.PID}, ?)" for _ in categories), categories))  # fmt: skip
    if shop.layout.major == 3:  # 3.x's form posts an empty layout choice per store, which addProduct stores as 0
        statements.append(Statement("INSERT INTO {table_prefix}product_to_layout (product_id, store_id, layout_id) "  # noqa: S608
                                    f"SELECT {f.PID}, 0, 0 UNION SELECT {f.PID}, store_id, 0 "
                                    "FROM {table_prefix}store"))  # fmt: skip
    statements += f.code_statements(shop, codes, replace=False) + f.price_statements(shop, params) + seo
    statements += f.related_statements(related, replace=False)
    results = await shop.bridge.batch(statements)
    return r.ProductAddResult(product_id=str(results[0].insert_id))


# -- product.update ------------------------------------------------------------------------------
async def product_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Price and stock (``quantity`` or ``increase_quantity`` / ``reduce_quantity``), status, model, codes, sizes,
    tax class, brand, categories, stores, related products, SEO keywords and the default group's special and tier prices
    (replaced, as ``editProduct`` does), and the name/description/meta texts of ONE language (``lang_id``, default
    the shop's); ``date_modified = NOW()``.

    Raises NotFound (112) for an unknown product, InvalidParameter (109) naming the field for stock below zero,
    a price finer than the currency, an unknown id or a value wider than its column; NotSupported (120) otherwise.
    """
    refuse_unsupported(params, _UPDATE_FIELDS)
    shop = await open_shop(ctx)
    product_id = numeric_id(params.id, "id")
    found = await one_row(shop, "SELECT quantity FROM {table_prefix}product WHERE product_id = ?", [product_id])
    if found is None:
        raise NotFound("Product not found", field="id")
    # OpenCart's product fields are shared by its stores: store_id only names where the product must be found.
    in_store = "SELECT 1 AS x FROM {table_prefix}product_to_store WHERE product_id = ? AND store_id = ?"
    if params.store_id is not None and await one_row(
            shop, in_store, [product_id, numeric_id(params.store_id, "store_id")]) is None:  # fmt: skip
        raise NotFound("Product not found in this store", field="store_id")
    langs, brand, codes = await _common_checks(shop, params)
    stock = int(params.quantity) if params.quantity is not None else int(found["quantity"])
    stock += int(params.increase_quantity or 0) - int(params.reduce_quantity or 0)
    if stock < 0:
        raise InvalidParameter("Stock would go below zero", field="reduce_quantity")
    if stock > f.MAX_STOCK:
        raise InvalidParameter("Stock would pass what OpenCart keeps", field="increase_quantity")
    categories = (await f.check_ids(shop, "category", params.categories_ids, "categories_ids")
                  if params.categories_ids is not None else None)  # fmt: skip
    related = (await f.check_ids(shop, "product", params.related_products_ids, "related_products_ids")
               if params.related_products_ids is not None else None)  # fmt: skip
    if related is not None and product_id in related:
        raise InvalidParameter("A product cannot be related to itself", field="related_products_ids")
    stores = (await f.check_ids(shop, "store", params.stores_ids, "stores_ids", zero=True)
              if params.stores_ids is not None else None)  # fmt: skip
    seo: list[Statement] = []
    if params.seo_url is not None:  # the product's keywords in every store it is in, as editProduct rewrites them
        seo_stores = stores if stores is not None else await _stores_of(shop, product_id)
        seo = await f.seo_statements(shop, params, "", langs, seo_stores, own=product_id)
    sets: dict[str, Any] = {}
    if params.price is not None:
        sets["price = ?"] = str(params.price)
    if {"quantity", "increase_quantity", "reduce_quantity"} & params.model_fields_set:
        # relative to the stored stock at write time, so a concurrent order's subtraction is not lost
        delta = int(params.increase_quantity or 0) - int(params.reduce_quantity or 0)
        sets["quantity = ?" if params.quantity is not None else "quantity = quantity + ?"] = (
            int(params.quantity) + delta if params.quantity is not None else delta)
    plain = {"model": params.model and f.checked(params.model, "model", 64), "status": f.status_of(params),
             "manufacturer_id": brand, "tax_class_id": params.tax_class_id and int(params.tax_class_id),
             "subtract": None if params.manage_stock is None else int(params.manage_stock),
             "shipping": None if params.is_virtual is None else int(not params.is_virtual),
             **{size: None if getattr(params, size) is None else str(getattr(params, size)) for size in _SIZES},
             **({} if shop.layout.codes_table else codes)}  # fmt: skip
    sets |= {f"{column} = ?": value for column, value in plain.items() if value is not None}
    texts = _text_sets(shop, params)
    prices = f.price_statements(shop, params, replace=True)
    links = [*_replace_links("product_to_category", "category_id", categories),
             *_replace_links("product_to_store", "store_id", stores)]  # fmt: skip
    if not sets and not texts and not codes and not links and related is None and not seo and not prices:
        raise InvalidParameter("Nothing to change: give a field to update", field="id")
    assignments = ", ".join([*sets, "date_modified = NOW()"])
    statements = [Statement(f"SET {f.PID} = ?", [product_id]), Statement(
        f"UPDATE {{table_prefix}}product SET {assignments} WHERE product_id = {f.PID}",  # noqa: S608 - fixed SETs
        list(sets.values()))]  # fmt: skip
    if texts:
        statements.append(Statement(
            f"UPDATE {{table_prefix}}product_description SET {', '.join(texts)} "  # noqa: S608 - fixed SETs
            f"WHERE product_id = {f.PID} AND language_id = ?", [*texts.values(), langs[0].language_id]))
    statements += f.code_statements(shop, codes, replace=True) + links
    if related is not None:
        statements += f.related_statements(related, replace=True)
    await shop.bridge.batch(statements + seo + prices)
    return r.UpdatedItemsResult(updated_items=1)


async def _stores_of(shop: Shop, product_id: int) -> list[int]:
    rows, _ = await shop.bridge.query_dicts("SELECT store_id FROM {table_prefix}product_to_store WHERE product_id = ? "
                                            "ORDER BY store_id", [product_id], limit=1000)  # fmt: skip
    return [int(row["store_id"]) for row in rows] or [0]


def _replace_links(table: str, column: str, ids: list[int] | None) -> list[Statement]:
    """``editProduct``'s way with a link table: the product's rows go, the given ones come (None: untouched)."""
    if ids is None:
        return []
    statements = [Statement(f"DELETE FROM {{table_prefix}}{table} WHERE product_id = {f.PID}")]  # noqa: S608
    if ids:
        statements.append(Statement(f"INSERT INTO {{table_prefix}}{table} (product_id, {column}) VALUES "  # noqa: S608
                                    + ", ".join(f"({f.PID}, ?)" for _ in ids), ids))  # fmt: skip
    return statements


def _text_sets(shop: Shop, params: Any) -> dict[str, str]:
    sets: dict[str, str] = {}
    if params.name is not None:
        sets["name = ?"] = f.checked(params.name, "name", 255)
    if params.description is not None:
        limit = 65_535 if shop.layout.major == 3 else 16_777_215
        sets["description = ?"] = f.checked(params.description, "description", limit, in_bytes=True)
    for field, column in (("meta_title", "meta_title"), ("meta_description", "meta_description"),
                          ("meta_keywords", "meta_keyword")):  # fmt: skip
        if getattr(params, field) is not None:
            sets[f"{column} = ?"] = f.checked(getattr(params, field), field, 255)
    return sets


# -- product.delete ------------------------------------------------------------------------------
_DELETED_EVERYWHERE: Final = ("product", "product_attribute", "product_description", "product_discount",
                              "product_filter", "product_image", "product_option", "product_option_value",
                              "product_related", "product_reward", "product_to_category", "product_to_download",
                              "product_to_layout", "product_to_store", "review", "coupon_product")  # fmt: skip


def delete_tables(shop: Shop) -> tuple[str, ...]:
    """The tables ``deleteProduct`` clears by ``product_id`` in this version (3.0.3.8, 4.0.2.3, 4.1.0.4)."""
    if shop.layout.major == 3:
        return (*_DELETED_EVERYWHERE, "product_special", "product_recurring")
    extra = ("product_code",) if shop.layout.codes_table else ("product_special",)
    return (*_DELETED_EVERYWHERE, *extra, "product_subscription", "product_report")


async def product_delete(ctx: ConnectorContext, params: Any) -> r.ProductDeleteResult:
    """Every row ``deleteProduct`` removes: the product, its rows in the tables of ``delete_tables``, related
    links in both directions and its SEO keywords. On 4.x the variant products of a deleted master become
    masters of their own (``master_id = 0``), which 4.1's ``editMasterId($product_id, 0)`` means to do.

    Raises NotFound (112) for an unknown product, NotSupported (120) for a ``store_id`` other than 0.
    """
    refuse_unsupported(params, frozenset({"id", "store_id"}))
    if params.store_id not in (None, "0"):  # deleting from one store only would be an unlink, not deleteProduct
        raise NotSupported("OpenCart deletes a product from every store; omit store_id", field="store_id")
    shop = await open_shop(ctx)
    product_id = numeric_id(params.id, "id")
    if await one_row(shop, "SELECT 1 AS x FROM {table_prefix}product WHERE product_id = ?", [product_id]) is None:
        raise NotFound("Product not found", field="id")
    statements = [Statement(f"DELETE FROM {{table_prefix}}{table} WHERE product_id = ?", [product_id])  # noqa: S608
                  for table in delete_tables(shop)]  # fmt: skip
    statements.append(Statement("DELETE FROM {table_prefix}product_related WHERE related_id = ?", [product_id]))
    if shop.layout.major == 3:
        statements.append(Statement("DELETE FROM {table_prefix}seo_url WHERE query = ?", [f"product_id={product_id}"]))
    else:
        statements.append(Statement("DELETE FROM {table_prefix}seo_url WHERE `key` = 'product_id' AND `value` = ?",
                                    [str(product_id)]))  # fmt: skip
        statements.append(Statement("UPDATE {table_prefix}product SET master_id = 0, date_modified = NOW() "
                                    "WHERE master_id = ?", [product_id]))  # fmt: skip
    await shop.bridge.batch(statements)
    return r.ProductDeleteResult(delete_items=1)
