"""category.add / update / delete on OpenCart, as its admin model writes them, each as ONE bridge batch.

add: the category row (3.x ``top`` 0, ``column`` 1 and both dates, as the admin form's defaults), a
description in EVERY language of the shop (the text given; ``meta_title`` defaults to the name, as
both admins require one), the closure-table path (parent's path + itself), ``category_to_store`` (store 0
unless told) and, given ``seo_url``, a keyword for the write's language per store (3.x ``query =
'category_id=N'``; 4.1 ``key='path'`` with the parent's keyword as prefix).
update: only the fields given; text goes to ``lang_id`` (default: the shop's language); a new parent
rewrites the paths of the whole subtree (category_tree.py) and, on 4.1, its path-keyed SEO rows; 3.x
also sets ``date_modified`` (4.1 keeps no category dates).
delete: the category and its subtree with every row OpenCart's ``deleteCategory`` removes.
Every refusal is read and decided first (3.x tables are MyISAM: a rolled-back batch undoes nothing).
"""

from __future__ import annotations

from typing import Any

from connectors.model import results as r
from connectors.opencart_bridge import category_seo
from connectors.opencart_bridge.category_seo import NEW_ID
from connectors.opencart_bridge.category_tree import moved_paths, path_text, paths_by_category
from connectors.opencart_bridge.shop import Shop, encode_text, is_id, open_shop
from connectors.opencart_bridge.write_checks import (
    check_length,
    in_list,
    insert_rows,
    languages,
    numeric_id,
    one_row,
    refuse_unsupported,
    store_ids,
)
from connectors.spec import ConnectorContext
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotFound, NotSupported

__all__ = ["category_add", "category_delete", "category_update"]

_FIELDS = frozenset({"id", "name", "description", "parent_id", "avail", "sort_order", "meta_title", "meta_description",
                     "meta_keywords", "seo_url", "store_id", "stores_ids", "lang_id"})  # fmt: skip
_PATH_INSERT = "INSERT INTO {table_prefix}category_path (category_id, path_id, level) VALUES "


def _texts(shop: Shop, params: Any, stored: dict[str, Any] | None) -> dict[str, str]:
    """The description row: stored (already encoded) values, overridden by the given fields, encoded."""
    given = {"name": params.name, "description": params.description, "meta_title": params.meta_title,
             "meta_description": params.meta_description, "meta_keyword": params.meta_keywords}  # fmt: skip
    row = {column: str(stored.get(column) or "") if stored else "" for column in given}
    for column, value in given.items():
        if value is not None:
            row[column] = encode_text(value)
    if stored is None and params.meta_title is None:
        row["meta_title"] = row["name"]
    for column in ("name", "meta_title", "meta_description", "meta_keyword"):
        check_length(row[column], 255, "meta_keywords" if column == "meta_keyword" else column)
    if shop.layout.major == 3 and len(row["description"].encode()) > 65_535:  # 3.x: TEXT, 4.x MEDIUMTEXT
        raise InvalidParameter("Parameter 'description' is longer than OpenCart 3 keeps", field="description")
    return row


async def _path(shop: Shop, category_id: int) -> list[int]:
    rows, _ = await shop.bridge.query_dicts("SELECT path_id FROM {table_prefix}category_path WHERE category_id = ? "
                                            "ORDER BY level", [category_id], limit=1000)  # fmt: skip
    return [int(row["path_id"]) for row in rows]


async def _parent_path(shop: Shop, parent_id: str | None) -> tuple[int, list[int]]:
    """(parent id, its path). Raises InvalidParameter (109) for an unknown parent."""
    parent = 0 if parent_id is None else numeric_id(parent_id, "parent_id")
    if parent == 0:
        return 0, []
    if await one_row(shop, "SELECT 1 AS x FROM {table_prefix}category WHERE category_id = ?", [parent]) is None:
        raise InvalidParameter("Parameter 'parent_id' names an unknown category", field="parent_id")
    return parent, await _path(shop, parent) or [parent]


async def category_add(ctx: ConnectorContext, params: Any) -> r.CategoryAddResult:
    """A new category with descriptions in every language. Raises InvalidParameter (109) naming the field
    (unknown parent, store or language, a taken or malformed seo_url, text too long), NotSupported (120)."""
    refuse_unsupported(params, _FIELDS)
    shop = await open_shop(ctx)
    every, language = await languages(shop, params.lang_id)
    parent, parent_path = await _parent_path(shop, params.parent_id)
    stores = await store_ids(shop, params.store_id, params.stores_ids) or [0]
    text = _texts(shop, params, None)
    keyword = category_seo.checked_keyword(params)
    status, sort_order = 0 if params.avail is False else 1, params.sort_order or 0
    if shop.layout.major == 3:
        insert = Statement("INSERT INTO {table_prefix}category (image, parent_id, `top`, `column`, sort_order, status, "
                           "date_added, date_modified) VALUES ('', ?, 0, 1, ?, ?, NOW(), NOW())",
                           [parent, sort_order, status])  # fmt: skip
    else:
        insert = Statement("INSERT INTO {table_prefix}category (image, parent_id, sort_order, status) "
                           "VALUES ('', ?, ?, ?)", [parent, sort_order, status])  # fmt: skip
    statements = [insert, Statement(f"SET {NEW_ID} = LAST_INSERT_ID()")]
    statements += insert_rows("INSERT INTO {table_prefix}category_description (category_id, language_id, name, "
                              "description, meta_title, meta_description, meta_keyword) VALUES ",
                              [[one, *text.values()] for one in every], f"({NEW_ID}, ?, ?, ?, ?, ?, ?)")  # fmt: skip
    own_path = [[path_id, level] for level, path_id in enumerate(parent_path)]
    statements += insert_rows(_PATH_INSERT, own_path, f"({NEW_ID}, ?, ?)")
    statements += insert_rows(_PATH_INSERT, [[len(parent_path)]], f"({NEW_ID}, {NEW_ID}, ?)")
    statements += insert_rows("INSERT INTO {table_prefix}category_to_store (category_id, store_id) VALUES ",
                              [[store] for store in stores], f"({NEW_ID}, ?)")
    if keyword is not None:
        statements += await category_seo.add_keywords(shop, keyword, stores, language, parent_path)
    results = await shop.bridge.batch(statements)
    return r.CategoryAddResult(category_id=str(results[0].insert_id))


async def _category(shop: Shop, params: Any) -> dict[str, Any]:
    """The category row. Raises NotFound (112)."""
    if not is_id(params.id):
        raise NotFound("Category not found", field="id")
    found = await one_row(shop, "SELECT category_id, parent_id FROM {table_prefix}category WHERE category_id = ?",
                          [int(params.id)])  # fmt: skip
    if found is None:
        raise NotFound("Category not found", field="id")
    return found


async def _move(shop: Shop, category_id: int, parent_path: list[int]) -> tuple[list[int], list[Statement]]:
    """(the category's old path, the statements rewriting its subtree's paths under ``parent_path``).

    Raises InvalidParameter (109) for a parent inside the subtree, or a subtree too big for one batch.
    """
    if category_id in parent_path:
        raise InvalidParameter("Parameter 'parent_id' is the category itself or one of its descendants",
                               field="parent_id")  # fmt: skip
    rows, more = await shop.bridge.query_dicts(
        "SELECT cp.category_id, cp.path_id, cp.level FROM {table_prefix}category_path cp JOIN "
        "{table_prefix}category_path sub ON sub.category_id = cp.category_id AND sub.path_id = ?",
        [category_id], limit=10_000)  # fmt: skip
    if more:
        raise InvalidParameter("The category's subtree is too big to move in one write", field="parent_id")
    subtree = paths_by_category(rows)
    moved = moved_paths(category_id, subtree, parent_path)
    members = sorted(moved)
    statements = [in_list("DELETE FROM {table_prefix}category_path WHERE category_id IN", members)]
    statements += insert_rows(_PATH_INSERT, [[member, path_id, level] for member in members
                                             for level, path_id in enumerate(moved[member])], "(?, ?, ?)")  # fmt: skip
    return subtree.get(category_id, [category_id]), statements


async def category_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Change the given fields; a new parent moves the whole subtree. Raises NotFound (112), InvalidParameter
    (109) naming the field (a parent inside the subtree, unknown store/language, taken seo_url ...), NotSupported
    (120)."""
    refuse_unsupported(params, _FIELDS)
    shop = await open_shop(ctx)
    found = await _category(shop, params)
    category_id = int(found["category_id"])
    _, language = await languages(shop, params.lang_id)
    keyword = category_seo.checked_keyword(params)
    stores = await store_ids(shop, params.store_id, params.stores_ids)
    statements: list[Statement] = []
    sets: list[str] = []
    args: list[Any] = []
    for column, value in (("status", None if params.avail is None else int(params.avail)),
                          ("sort_order", params.sort_order)):  # fmt: skip
        if value is not None:
            sets.append(f"{column} = ?")
            args.append(value)
    old_path = await _path(shop, category_id) or [category_id]
    new_path = old_path
    if params.parent_id is not None and numeric_id(params.parent_id, "parent_id") != int(found["parent_id"]):
        parent, parent_path = await _parent_path(shop, params.parent_id)
        old_path, moves = await _move(shop, category_id, parent_path)
        new_path = [*parent_path, category_id]
        sets.append("parent_id = ?")
        args.append(parent)
        statements += moves
    texts = {"name", "description", "meta_title", "meta_description", "meta_keywords"} & params.model_fields_set
    if texts:
        stored = await one_row(shop, "SELECT name, description, meta_title, meta_description, meta_keyword FROM "
                                     "{table_prefix}category_description WHERE category_id = ? AND language_id = ?",
                               [category_id, language])  # fmt: skip
        if stored is None and params.name is None:
            raise InvalidParameter("The category has no text in this language yet: give its name", field="name")
        statements.append(Statement("REPLACE INTO {table_prefix}category_description (category_id, language_id, name, "
                                    "description, meta_title, meta_description, meta_keyword) VALUES "
                                    "(?, ?, ?, ?, ?, ?, ?)",
                                    [category_id, language, *_texts(shop, params, stored).values()]))  # fmt: skip
    if stores is not None:
        statements.append(Statement("DELETE FROM {table_prefix}category_to_store WHERE category_id = ?", [category_id]))
        statements += insert_rows("INSERT INTO {table_prefix}category_to_store (category_id, store_id) VALUES ",
                                  [[category_id, store] for store in stores], "(?, ?)")
    seo_stores = stores or await _stores_of(shop, category_id)
    if shop.layout.major == 3 and keyword is not None:
        statements += await category_seo.keyword_v3(shop, category_id, keyword, seo_stores, language)
    elif shop.layout.major == 4 and (keyword is not None or new_path != old_path):
        statements += await category_seo.rewrite_v4(shop, old_path, new_path, keyword, seo_stores, language)
    if not statements and not sets:
        raise InvalidParameter("Nothing to change: give a field to write", field="id")
    if shop.layout.major == 3:  # 3.x's editCategory stamps date_modified (4.1 categories keep no dates)
        sets.insert(0, "date_modified = NOW()")
    if sets:  # the row first, as editCategory writes it
        statements.insert(0, Statement(f"UPDATE {{table_prefix}}category SET {', '.join(sets)} "  # noqa: S608
                                       "WHERE category_id = ?", [*args, category_id]))  # fmt: skip
    await shop.bridge.batch(statements)
    return r.UpdatedItemsResult(updated_items=1)


async def _stores_of(shop: Shop, category_id: int) -> list[int]:
    rows, _ = await shop.bridge.query_dicts(
        "SELECT store_id FROM {table_prefix}category_to_store WHERE category_id = ?", [category_id], limit=1000)
    return sorted(int(row["store_id"]) for row in rows) or [0]


# deleteCategory's tables, per category of the subtree (4.1 removes the same rows through its other models)
_DELETE_FROM = ("category", "category_description", "category_filter", "category_to_store", "category_to_layout",
                "product_to_category", "coupon_category")  # fmt: skip


async def category_delete(ctx: ConnectorContext, params: Any) -> r.CategoryDeleteResult:
    """The category, its descendants and every row OpenCart's ``deleteCategory`` removes with them (their
    product links, store and layout rows, coupon links, paths and SEO keywords); products stay.
    Raises NotFound (112), InvalidParameter (109) for a subtree too big for one batch."""
    refuse_unsupported(params, frozenset({"id", "store_id"}))
    if params.store_id not in (None, "0"):  # deleting from one store only would be an unlink, not deleteCategory
        raise NotSupported("OpenCart deletes a category from every store; omit store_id", field="store_id")
    shop = await open_shop(ctx)
    category_id = int((await _category(shop, params))["category_id"])
    rows, more = await shop.bridge.query_dicts("SELECT DISTINCT category_id FROM {table_prefix}category_path "
                                               "WHERE path_id = ?", [category_id], limit=10_000)  # fmt: skip
    if more:
        raise InvalidParameter("The category's subtree is too big to delete in one write", field="id")
    members = sorted({category_id, *(int(row["category_id"]) for row in rows)})
    statements = [in_list(f"DELETE FROM {{table_prefix}}{table} WHERE category_id IN", members)  # noqa: S608
                  for table in (*_DELETE_FROM, "category_path")]  # fmt: skip
    if shop.layout.major == 3:
        queries = [f"category_id={member}" for member in members]
        statements.append(in_list("DELETE FROM {table_prefix}seo_url WHERE query IN", queries))
    else:
        path = path_text(await _path(shop, category_id) or [category_id])
        statements.append(Statement("DELETE FROM {table_prefix}seo_url WHERE `key` = 'path' AND (`value` = ? OR "
                                    "`value` LIKE ?)", [path, path.replace("_", "\\_") + "\\_%"]))  # fmt: skip
    await shop.bridge.batch(statements)
    return r.CategoryDeleteResult(delete_items=True)
