"""product.variant.* and product.child_item.* reads through HTTP on both OpenCart schemas, compared with MariaDB:
a walk sees every option value once, a variant is the same child product.info answers, filters narrow or answer
their code. Read-only: the session shops."""

from __future__ import annotations

import html

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

_VALUES = ("SELECT CONCAT(pov.product_id, '-', pov.product_option_value_id) FROM oc_product_option_value pov "
           "JOIN oc_option_value_description ovd ON ovd.option_value_id = pov.option_value_id AND ovd.language_id = 1 "
           "{where} ORDER BY pov.product_option_value_id")  # fmt: skip


async def _walk(store: Connected, method: str, items: str, **params: object) -> tuple[list[str], int]:
    body = await store.raw(method, count=250, **params)
    assert body["return_code"] == 0, body
    total = body["result"]["variants_count" if items == "variant" else "total_count"]
    seen = [v["id"] for v in body["result"][items]]
    cursor = body["pagination"]["next"]
    while cursor:
        body = await store.raw(method, page_cursor=cursor, count=250)
        assert body["return_code"] == 0, body
        seen += [v["id"] for v in body["result"][items]]
        cursor = body["pagination"]["next"]
    return seen, total


@pytest.mark.parametrize("version", VERSIONS)
async def test_variant_walk_sees_every_option_value_once(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    expected = [row[0] for row in rows(_VALUES.format(where=""), store.shop.database)]
    assert len(expected) > 250  # more than one page
    seen, total = await _walk(store, "product.variant.list", "variant")
    assert (seen, total) == (expected, len(expected))
    children, total = await _walk(store, "product.child_item.list", "children")
    assert (children, total) == (expected, len(expected))


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_variant_is_the_child_product_info_answers(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    db = store.shop.database
    pid = scalar("SELECT product_id FROM oc_product_option_value GROUP BY product_id HAVING COUNT(*) > 1 "
                 "ORDER BY product_id LIMIT 1", db)  # fmt: skip
    product = await store.ok("product.info", id=pid)
    listed = await store.ok("product.child_item.list", product_id=pid, count=250)
    assert listed["children"] == product["children"]
    assert listed["total_count"] == len(product["children"]) > 1
    count = await store.ok("product.variant.count", product_id=pid)
    assert count["variants_count"] == len(product["children"])
    child = product["children"][1]
    assert await store.ok("product.child_item.info", product_id=pid, id=child["id"]) == child
    view = await store.ok("product.variant.info", id=child["id"])
    value_id = child["id"].split("-")[1]
    quantity, price, prefix = rows(f"SELECT quantity, price, price_prefix FROM oc_product_option_value "
                                   f"WHERE product_option_value_id = {value_id}", db)[0]  # fmt: skip
    base = float(scalar(f"SELECT price FROM oc_product WHERE product_id = {pid}", db))
    signed = float(price) if prefix == "+" else -float(price)
    assert (view["id"], view["parent_id"], view["quantity"]) == (child["id"], pid, max(int(quantity), 0))
    assert float(view["price"]) == pytest.approx(max(base + signed, 0))
    listed_views = await store.ok("product.variant.list", product_id=pid, count=250)
    assert [v["id"] for v in listed_views["variant"]] == [c["id"] for c in product["children"]]


@pytest.mark.parametrize("version", VERSIONS)
async def test_variant_filters_narrow_by_category_store_and_language(stores: dict[Version, Connected],
                                                                     version: Version) -> None:  # fmt: skip
    store = stores[version]
    db = store.shop.database
    category = scalar("SELECT pc.category_id FROM oc_product_to_category pc JOIN oc_product_option_value pov "
                      "ON pov.product_id = pc.product_id GROUP BY pc.category_id ORDER BY COUNT(*) DESC LIMIT 1", db)
    members = f"SELECT product_id FROM oc_product_to_category WHERE category_id = {category}"
    in_category = [row[0] for row in rows(_VALUES.format(where=f"WHERE pov.product_id IN ({members})"), db)]
    seen, total = await _walk(store, "product.variant.list", "variant", category_id=category)
    assert (seen, total) == (in_category, len(in_category)) and in_category
    # every generated product is in store 0 and none in store 4
    assert (await store.ok("product.child_item.list", store_id="4"))["total_count"] == 0
    assert (await store.ok("product.child_item.list", store_id="0", count=1))["total_count"] == len(
        rows(_VALUES.format(where=""), db))
    pid, value_id = rows("SELECT product_id, product_option_value_id FROM oc_product_option_value "
                         "ORDER BY product_option_value_id LIMIT 1", db)[0]  # fmt: skip
    german = scalar(f"SELECT ovd.name FROM oc_option_value_description ovd JOIN oc_product_option_value pov "
                    f"ON pov.option_value_id = ovd.option_value_id WHERE ovd.language_id = 2 "
                    f"AND pov.product_option_value_id = {value_id}", db)  # fmt: skip
    child = await store.ok("product.child_item.info", product_id=pid, id=f"{pid}-{value_id}", lang_id="2")
    assert child["name"].endswith(" - " + html.unescape(german))
    assert (await store.raw("product.variant.info", id=f"{pid}-{value_id}", store_id="4"))["return_code"] == 112


@pytest.mark.parametrize("version", VERSIONS)
async def test_variant_refusals_are_coded(stores: dict[Version, Connected], version: Version) -> None:
    store = stores[version]
    pid = scalar("SELECT MIN(product_id) FROM oc_product_option_value", store.shop.database)
    cases = [
        ("product.child_item.list", {"sku": "X-1"}, 120),  # option values have no SKU
        ("product.child_item.list", {"avail_sale": True}, 120),
        ("product.variant.list", {"modified_from": "2020-01-01T00:00:00+00:00"}, 120),  # nor dates
        ("product.child_item.list", {"lang_id": "99"}, 109),
        ("product.child_item.list", {"currency_id": "2"}, 120),
        ("product.variant.count", {"product_id": "999999"}, 112),
        ("product.variant.info", {"id": "999999-1"}, 112),
        ("product.variant.info", {"id": "nonsense"}, 112),
        ("product.child_item.info", {"product_id": str(int(pid) + 1), "id": f"{pid}-1"}, 112),  # another product's
    ]
    for method, params, code in cases:
        body = await store.raw(method, **params)
        assert body["return_code"] == code, (method, params, body["return_message"])
