"""A category's SEO keyword on OpenCart: 3.x one flat row per store and language, 4.1 path-keyed rows.

3.x: ``query = 'category_id=N'``, the keyword as given (the admin refuses a keyword another page of the
same store uses). 4.1: ``key = 'path'``, ``value = '20_27'``, ``keyword = parent keyword/own keyword``
(``addCategory``), and a move or a new keyword rewrites the rows of the whole subtree (``editCategory``).
A keyword is one path segment (1-64 of ``A-Za-z0-9_-``, what 4.1's ``oc_validate_path`` allows); it is
written for one language (the write's ``lang_id`` or the shop's default), since 3.x's admin refuses one
keyword for two languages of a store.
"""

from __future__ import annotations

import re
from typing import Any, Final

from connectors.opencart_bridge.category_tree import SeoRow, moved_seo, path_text
from connectors.opencart_bridge.shop import Shop
from connectors.opencart_bridge.write_checks import in_list, insert_rows, marks, one_row
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter

__all__ = ["NEW_ID", "add_keywords", "checked_keyword", "keyword_v3", "rewrite_v4"]

NEW_ID: Final = "@cg_category_id"  # a new category's id inside its batch (a variable of the bridge's link)
_KEYWORD: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
_V3_INSERT: Final = "INSERT INTO {table_prefix}seo_url (store_id, language_id, query, keyword) VALUES "
_V4_INSERT: Final = ("INSERT INTO {table_prefix}seo_url (store_id, language_id, `key`, `value`, keyword, sort_order) "
                     "VALUES ")  # fmt: skip


def checked_keyword(params: Any) -> str | None:
    """``seo_url`` if given. Raises InvalidParameter (109) for a keyword OpenCart's admin would refuse."""
    keyword: str | None = params.seo_url
    if keyword is not None and not _KEYWORD.fullmatch(keyword):
        raise InvalidParameter("Parameter 'seo_url' must be 1-64 letters, digits, '-' or '_'", field="seo_url")
    return keyword


async def _refuse_taken(shop: Shop, keyword: str, stores: list[int], own_sql: str, own_args: list[Any]) -> None:
    sql = f"SELECT 1 AS x FROM {{table_prefix}}seo_url WHERE keyword = ? AND store_id IN {marks(stores)} AND NOT ({own_sql})"  # noqa: E501, S608 - fixed SQL and ? marks only
    if await one_row(shop, sql, [keyword, *stores, *own_args]) is not None:
        raise InvalidParameter("Parameter 'seo_url' is already the keyword of another page", field="seo_url")


async def _keywords_at(shop: Shop, path: list[int]) -> dict[tuple[int, int], str]:
    """4.1: the keyword per (store, language) of the category at ``path`` ({} for the top)."""
    if not path:
        return {}
    rows, _ = await shop.bridge.query_dicts("SELECT store_id, language_id, keyword FROM {table_prefix}seo_url "
                                            "WHERE `key` = 'path' AND `value` = ?", [path_text(path)],
                                            limit=1000)  # fmt: skip
    return {(int(row["store_id"]), int(row["language_id"])): str(row["keyword"]) for row in rows}


async def add_keywords(shop: Shop, keyword: str, stores: list[int], language: int,
                       parent_path: list[int]) -> list[Statement]:  # fmt: skip
    """The rows ``addCategory`` writes for a new category (id in ``NEW_ID``). Raises InvalidParameter (109)."""
    if shop.layout.major == 3:
        await _refuse_taken(shop, keyword, stores, "1 = 0", [])
        return insert_rows(_V3_INSERT, [[store, language, keyword] for store in stores],
                           f"(?, ?, CONCAT('category_id=', {NEW_ID}), ?)")  # fmt: skip
    prefixes = await _keywords_at(shop, parent_path)
    rows: list[list[Any]] = []
    for store in stores:
        full = f"{prefixes[store, language]}/{keyword}" if prefixes.get((store, language)) else keyword
        await _refuse_taken(shop, full, [store], "1 = 0", [])
        rows.append([store, language, path_text(parent_path) + "_" if parent_path else "", full])
    return insert_rows(_V4_INSERT, rows, f"(?, ?, 'path', CONCAT(?, {NEW_ID}), ?, 0)")


async def keyword_v3(shop: Shop, category_id: int, keyword: str, stores: list[int], language: int) -> list[Statement]:
    """3.x: replace the category's keyword in ``language`` for ``stores``. Raises InvalidParameter (109)."""
    query = f"category_id={category_id}"
    await _refuse_taken(shop, keyword, stores, "query = ?", [query])
    delete = "DELETE FROM {table_prefix}seo_url WHERE query = ? AND language_id = ? AND store_id IN"
    return [in_list(delete, stores, [query, language]),
            *insert_rows(_V3_INSERT, [[store, language, query, keyword] for store in stores], "(?, ?, ?, ?)")]


async def rewrite_v4(shop: Shop, old_path: list[int], new_path: list[int], keyword: str | None, stores: list[int],
                     language: int) -> list[Statement]:  # fmt: skip
    """4.1: the subtree's path-keyed rows after a move and/or a new keyword, as ``editCategory`` rewrites them.

    Raises InvalidParameter (109) for a new keyword another page of the store already has.
    """
    old = path_text(old_path)
    rows, more = await shop.bridge.query_dicts(
        "SELECT seo_url_id, store_id, language_id, `value`, keyword FROM {table_prefix}seo_url WHERE `key` = 'path' "
        "AND (`value` = ? OR `value` LIKE ?)", [old, old.replace("_", "\\_") + "\\_%"], limit=10_000)  # fmt: skip
    if more:  # rewriting only some would leave the rest pointing at the old path
        raise InvalidParameter("The category's subtree has too many SEO keywords to rewrite in one write",
                               field="parent_id")  # fmt: skip
    own = {(store, language): keyword for store in stores} if keyword is not None else {}
    current = [SeoRow(int(x["store_id"]), int(x["language_id"]), str(x["value"]), str(x["keyword"])) for x in rows]
    after = moved_seo(old, path_text(new_path), current, await _keywords_at(shop, new_path[:-1]), own)
    for row in after:
        if row.value == path_text(new_path) and (row.store_id, row.language_id) in own:
            await _refuse_taken(shop, row.keyword, [row.store_id], "`key` = 'path' AND `value` = ?", [old])
    ids = [int(x["seo_url_id"]) for x in rows]
    statements = [in_list("DELETE FROM {table_prefix}seo_url WHERE seo_url_id IN", ids)] if ids else []
    return statements + insert_rows(_V4_INSERT, [[x.store_id, x.language_id, x.value, x.keyword] for x in after],
                                    "(?, ?, 'path', ?, ?, 0)")  # fmt: skip
