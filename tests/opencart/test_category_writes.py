"""category.add / update / delete through HTTP on shops of their own, checked by reading MariaDB as OpenCart would:
every language has a description, the closure table equals what OpenCart's repairCategories computes from
parent_id, SEO rows follow the version's scheme; refusals carry a code and leave every table as it was."""

from __future__ import annotations

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

_TABLES = ("category", "category_description", "category_path", "category_to_store", "seo_url", "product_to_category")


OWN_SHOP_SIZES = {"products_count": 60, "orders_count": 20, "customers_count": 5}  # own shops (conftest)


def repaired_paths(db: str) -> set[tuple[int, int, int]]:
    """The closure table OpenCart's repairCategories builds from ``parent_id`` alone."""
    parent_of = {int(c): int(p) for c, p in rows("SELECT category_id, parent_id FROM oc_category", db)}
    closure = set()
    for category in parent_of:
        chain = [category]
        while parent_of.get(chain[-1], 0) and len(chain) <= len(parent_of):
            chain.append(parent_of[chain[-1]])
        closure |= {(category, path_id, level) for level, path_id in enumerate(reversed(chain))}
    return closure


def stored_paths(db: str) -> set[tuple[int, int, int]]:
    return {(int(c), int(p), int(level)) for c, p, level in rows("SELECT category_id, path_id, level "
                                                                  "FROM oc_category_path", db)}  # fmt: skip


def counts(db: str) -> tuple[str, ...]:
    checksum = scalar("SELECT COALESCE(SUM(category_id * 1000 + path_id * 10 + level), 0) FROM oc_category_path", db)
    names = scalar("SELECT MD5(GROUP_CONCAT(CONCAT(category_id, name) ORDER BY category_id, language_id)) "
                   "FROM oc_category_description", db)  # fmt: skip
    return (*(scalar(f"SELECT COUNT(*) FROM oc_{table}", db) for table in _TABLES), checksum, names)


@pytest.mark.parametrize("version", VERSIONS)
async def test_category_add_writes_every_language_its_path_and_seo_row(writable: dict[Version, Connected],
                                                                      version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    parent = scalar("SELECT category_id FROM oc_category_path GROUP BY category_id HAVING MAX(level) = 1 "
                    "ORDER BY category_id LIMIT 1", db)  # fmt: skip
    added = await store.ok("category.add", name='Tea & "Coffee"', parent_id=parent, description="<p>Hot</p>",
                           sort_order=4, seo_url="tea-and-coffee")  # fmt: skip
    new_id = added["category_id"]
    languages = int(scalar("SELECT COUNT(*) FROM oc_language", db))
    described = rows(f"SELECT name, description, meta_title FROM oc_category_description WHERE category_id = {new_id}",
                     db)  # fmt: skip
    assert len(described) == languages == 2
    assert all(row == ["Tea &amp; &quot;Coffee&quot;", "&lt;p&gt;Hot&lt;/p&gt;", "Tea &amp; &quot;Coffee&quot;"]
               for row in described)  # fmt: skip
    assert stored_paths(db) == repaired_paths(db)
    grand = scalar(f"SELECT parent_id FROM oc_category WHERE category_id = {parent}", db)
    assert [r[0] for r in rows(f"SELECT path_id FROM oc_category_path WHERE category_id = {new_id} ORDER BY level",
                               db)] == [grand, parent, new_id]  # fmt: skip
    assert scalar(f"SELECT GROUP_CONCAT(store_id) FROM oc_category_to_store WHERE category_id = {new_id}", db) == "0"
    if version == "3":
        seo = scalar(f"SELECT CONCAT(store_id, '|', language_id, '|', keyword) FROM oc_seo_url "
                     f"WHERE query = 'category_id={new_id}'", db)  # fmt: skip
        assert seo == "0|1|tea-and-coffee"
        assert scalar(f"SELECT date_modified > NOW() - INTERVAL 1 MINUTE FROM oc_category WHERE category_id = {new_id}",
                      db) == "1"  # fmt: skip
    else:
        parent_keyword = scalar(f"SELECT keyword FROM oc_seo_url WHERE `key` = 'path' AND `value` = '{grand}_{parent}' "
                                "AND language_id = 1", db)  # fmt: skip
        seo = scalar(f"SELECT keyword FROM oc_seo_url WHERE `key` = 'path' AND `value` = '{grand}_{parent}_{new_id}'",
                     db)  # fmt: skip
        assert seo == f"{parent_keyword}/tea-and-coffee"
    info = await store.ok("category.info", id=new_id)
    assert (info["name"], info["parent_id"], info["path"]) == ('Tea & "Coffee"', parent, f"{grand}/{parent}/{new_id}")


@pytest.mark.parametrize("version", VERSIONS)
async def test_moving_a_subtree_rebuilds_paths_as_repair_categories_would(writable: dict[Version, Connected],
                                                                         version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    # a second-level category with children, moved under another top category
    moved = scalar("SELECT cp.path_id FROM oc_category_path cp WHERE cp.level = 1 GROUP BY cp.path_id "
                   "HAVING COUNT(*) > 2 ORDER BY cp.path_id LIMIT 1", db)  # fmt: skip
    old_top = scalar(f"SELECT parent_id FROM oc_category WHERE category_id = {moved}", db)
    new_top = scalar(f"SELECT MIN(category_id) FROM oc_category WHERE parent_id = 0 AND category_id <> {old_top}", db)
    children = [r[0] for r in rows(f"SELECT category_id FROM oc_category WHERE parent_id = {moved}", db)]
    checkpoint = scalar("SELECT NOW() - INTERVAL 1 SECOND", db).replace(" ", "T") + "+00:00"
    await store.ok("category.update", id=moved, parent_id=new_top, name="Moved here")
    assert scalar(f"SELECT parent_id FROM oc_category WHERE category_id = {moved}", db) == new_top
    assert stored_paths(db) == repaired_paths(db)
    for child in children:
        assert (await store.ok("category.info", id=child))["path"] == f"{new_top}/{moved}/{child}"
    # the name changed in the shop's language only; the other language keeps its own
    names = dict(rows(f"SELECT language_id, name FROM oc_category_description WHERE category_id = {moved}", db))
    assert names["1"] == "Moved here" and names["2"] != "Moved here"
    if version == "3":
        feed = await store.ok("category.list", modified_from=checkpoint, count=250)
        assert moved in [c["id"] for c in feed["category"]]
    else:  # 4.1 keeps no category dates: the modified-time filter says so instead of guessing
        assert (await store.raw("category.list", modified_from=checkpoint))["return_code"] == 120
        top_keyword = scalar(f"SELECT keyword FROM oc_seo_url WHERE `key` = 'path' AND `value` = '{new_top}' "
                             "AND language_id = 1", db)  # fmt: skip
        for child in children:
            keyword = scalar(f"SELECT keyword FROM oc_seo_url WHERE `key` = 'path' AND language_id = 1 "
                             f"AND `value` = '{new_top}_{moved}_{child}'", db)  # fmt: skip
            assert keyword.startswith(f"{top_keyword}/") and keyword.count("/") == 2
        stale = scalar(f"SELECT COUNT(*) FROM oc_seo_url WHERE `key` = 'path' AND `value` LIKE '{old_top}\\_{moved}%'",
                       db)  # fmt: skip
        assert stale == "0"


@pytest.mark.parametrize("version", VERSIONS)
async def test_bad_category_writes_are_refused_with_a_code_and_write_nothing(writable: dict[Version, Connected],
                                                                           version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    top = scalar("SELECT MIN(category_id) FROM oc_category WHERE parent_id = 0", db)
    descendant = scalar(f"SELECT MAX(category_id) FROM oc_category_path WHERE path_id = {top} AND level = 2", db)
    taken = scalar("SELECT keyword FROM oc_seo_url WHERE keyword NOT LIKE '%/%' ORDER BY seo_url_id LIMIT 1", db)
    before = counts(db)
    refusals = [
        ("category.update", {"id": top, "parent_id": descendant}, 109, "parent_id"),
        ("category.update", {"id": top, "parent_id": top}, 109, "parent_id"),
        ("category.update", {"id": "99999999", "name": "Ghost"}, 112, "id"),
        ("category.update", {"id": top, "lang_id": "9", "name": "Neu"}, 109, "lang_id"),
        ("category.add", {"name": "Orphan", "parent_id": "99999999"}, 109, "parent_id"),
        ("category.add", {"name": "Elsewhere", "store_id": "7"}, 109, "store_id"),
        ("category.add", {"name": "Slashed", "seo_url": "a/b"}, 109, "seo_url"),
        ("category.add", {"name": "Copycat", "seo_url": taken}, 109, "seo_url"),
        ("category.add", {"name": "Long", "meta_description": "&" * 60}, 109, "meta_description"),
        ("category.add", {"name": "Short", "short_description": "not kept"}, 120, "short_description"),
        ("category.delete", {"id": "99999999"}, 112, "id"),
        ("category.delete", {"id": descendant, "store_id": "1"}, 120, "store_id"),  # deleteCategory: every store
        ("category.update", {"id": top}, 109, "Nothing to change"),  # on 3.x too (it stamps date_modified)
        ("category.update", {"id": "²", "name": "Sup"}, 112, "id"),  # str.isdigit says yes, int() says no
    ]  # fmt: skip
    for method, params, code, field in refusals:
        body = await store.raw(method, **params)
        assert (body["return_code"], field in body["return_message"] or code == 112) == (code, True), (method, body)
    assert counts(db) == before


@pytest.mark.parametrize("version", VERSIONS)
async def test_category_delete_removes_the_subtree_and_its_rows(writable: dict[Version, Connected],
                                                               version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    doomed = scalar("SELECT MAX(path_id) FROM oc_category_path WHERE level = 1", db)
    subtree = [r[0] for r in rows(f"SELECT category_id FROM oc_category_path WHERE path_id = {doomed}", db)]
    assert len(subtree) > 1
    products = int(scalar("SELECT COUNT(*) FROM oc_product", db))
    ids = ", ".join(subtree)
    assert (await store.ok("category.delete", id=doomed))["delete_items"] is True
    for table in ("category", "category_description", "category_path", "category_to_store", "product_to_category"):
        assert scalar(f"SELECT COUNT(*) FROM oc_{table} WHERE category_id IN ({ids})", db) == "0", table
    assert scalar(f"SELECT COUNT(*) FROM oc_category_path WHERE path_id IN ({ids})", db) == "0"
    seo = ("query IN (" + ", ".join(f"'category_id={c}'" for c in subtree) + ")" if version == "3" else
           f"`key` = 'path' AND `value` REGEXP '(^|_){doomed}(_|$)'")  # fmt: skip
    assert scalar(f"SELECT COUNT(*) FROM oc_seo_url WHERE {seo}", db) == "0"
    assert int(scalar("SELECT COUNT(*) FROM oc_product", db)) == products
    assert stored_paths(db) == repaired_paths(db)
    assert (await store.raw("category.info", id=doomed))["return_code"] == 112


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_new_keyword_replaces_the_old_one_and_4_1_re_prefixes_the_subtree(writable: dict[Version, Connected],
                                                                                version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    top = (await store.ok("category.add", name="Garden", seo_url="garden-top", avail=False))["category_id"]
    child = (await store.ok("category.add", name="Hoses", parent_id=top, seo_url="hoses"))["category_id"]
    assert rows(f"SELECT parent_id, status FROM oc_category WHERE category_id = {top}", db) == [["0", "0"]]
    await store.ok("category.update", id=top, seo_url="garden")
    if version == "3":
        keywords = rows("SELECT query, keyword FROM oc_seo_url WHERE query IN "
                        f"('category_id={top}', 'category_id={child}') ORDER BY query", db)  # fmt: skip
        assert sorted(map(tuple, keywords)) == sorted([(f"category_id={top}", "garden"),
                                                       (f"category_id={child}", "hoses")])  # fmt: skip
    else:
        keywords = rows(f"SELECT `value`, keyword FROM oc_seo_url WHERE `key` = 'path' AND `value` IN ('{top}', "
                        f"'{top}_{child}') ORDER BY `value`", db)  # fmt: skip
        assert keywords == [[top, "garden"], [f"{top}_{child}", "garden/hoses"]]
    assert scalar("SELECT COUNT(*) FROM oc_seo_url WHERE keyword LIKE 'garden-top%'", db) == "0"
