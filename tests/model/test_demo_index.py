"""Catalogue parameters as queries over the seeded shop's rows: each filter checked against a direct scan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from connectors.demo.index import (
    category_query,
    category_row,
    customer_query,
    customer_row,
    order_query,
    order_row,
    product_query,
    product_row,
    return_query,
    return_row,
    variant_query,
    variant_row,
)
from connectors.demo.query import Row, count, select
from connectors.demo.seed import DemoShop
from connectors.model.params import catalog, customers, orders, products, returns


@pytest.fixture(scope="module")
def rows(shop: DemoShop) -> dict[str, list[Row]]:
    return {
        "product": [product_row(p) for p in shop.products],
        "variant": [variant_row(v) for p in shop.products for v in p.children],
        "category": [category_row(c) for c in shop.categories],
        "customer": [customer_row(c) for c in shop.customers],
        "order": [order_row(o) for o in shop.orders],
        "return": [return_row(r) for r in shop.returns],
    }


def ids(found: list[Row]) -> list[str]:
    return [row.id for row in found]


def everything(all_rows: list[Row], params: Any, make: Any) -> list[Row]:
    query = make(params)
    page, state = select(all_rows, query, limit=37)
    out = list(page)
    while state is not None:
        page, state = select(all_rows, query, limit=37, after=state)
        out += page
    return out


def test_products_by_category_and_sku(shop: DemoShop, rows: dict[str, list[Row]]) -> None:
    leaf = shop.products[0].categories_ids[0]
    params = products.ProductCountParams(category_id=leaf)
    assert count(rows["product"], product_query(params)) == sum(leaf in p.categories_ids for p in shop.products)
    parent = next(p for p in shop.products if p.children)
    by_variant_sku = products.ProductListParams(sku=parent.children[0].sku)
    assert ids(select(rows["product"], product_query(by_variant_sku), limit=10)[0]) == [parent.id]


def test_product_find_matches_whole_words(shop: DemoShop, rows: dict[str, list[Row]]) -> None:
    word = (shop.products[0].name or "").split()[-1]
    found = select(rows["product"], product_query(products.ProductFindParams(find_value=word)), limit=250)[0]
    assert shop.products[0].id in ids(found)
    assert all(word.casefold() in (row.doc.name or "").casefold().split() for row in found)
    partial = products.ProductFindParams(find_value=word[:-1])
    assert count(rows["product"], product_query(partial)) < len(found) or not found


def test_product_list_sorted_by_price_descending(rows: dict[str, list[Row]]) -> None:
    params = products.ProductListParams(sort_by="price", sort_direction="desc")
    walked = everything(rows["product"], params, product_query)
    prices = [row.doc.price for row in walked]
    assert prices == sorted(prices, reverse=True) and len(walked) == len(rows["product"])


def test_orders_by_status_and_modified_window(shop: DemoShop, rows: dict[str, list[Row]]) -> None:
    lower = datetime.fromisoformat("2025-03-01T00:00:00+00:00")
    upper = datetime.fromisoformat("2025-06-01T00:00:00+00:00")
    params = orders.OrderListParams(order_status="completed", modified_from=lower, modified_to=upper,
                                    sort_by="modified_at")  # fmt: skip
    walked = everything(rows["order"], params, order_query)
    expected = {o.id for o in shop.orders if o.status.id == "completed" and o.modified_at
                and lower < o.modified_at <= upper}  # fmt: skip
    order_of = {row.id: (row.modified_at, int(row.id)) for row in rows["order"]}
    assert expected and ids(walked) == sorted(ids(walked), key=order_of.__getitem__)
    assert set(ids(walked)) == expected
    assert count(rows["order"], order_query(orders.OrderCountParams(order_status="completed", modified_from=lower,
                                                                     modified_to=upper))) == len(expected)  # fmt: skip


def test_orders_of_a_customer_by_email_any_case(shop: DemoShop, rows: dict[str, list[Row]]) -> None:
    email = shop.customers[0].email.upper()
    found = everything(rows["order"], orders.OrderListParams(customer_email=email), order_query)
    assert {row.id for row in found} == {o.id for o in shop.orders if o.customer.id == shop.customers[0].id}
    skipped = orders.OrderListParams(customer_email=email, skip_order_ids=found[0].id)
    assert len(everything(rows["order"], skipped, order_query)) == len(found) - 1


def test_customer_find_by_email(shop: DemoShop, rows: dict[str, list[Row]]) -> None:
    params = customers.CustomerFindParams(find_value="ADA.LOVELACE@example.com")
    assert ids(select(rows["customer"], customer_query(params), limit=5)[0]) == ["1"]


def test_categories_by_parent_and_variants_by_product(shop: DemoShop, rows: dict[str, list[Row]]) -> None:
    roots = count(rows["category"], category_query(catalog.CategoryCountParams(parent_id="0")))
    assert roots == sum(c.parent_id is None for c in shop.categories) == 4
    parent = next(p for p in shop.products if p.children)
    variants = everything(rows["variant"], products.ProductVariantListParams(product_id=parent.id), variant_query)
    assert ids(variants) == [v.id for v in parent.children]


def test_returns_by_order_and_status(shop: DemoShop, rows: dict[str, list[Row]]) -> None:
    first = shop.returns[0]
    found = select(rows["return"], return_query(returns.ReturnListParams(order_id=first.order_id)), limit=10)[0]
    assert first.id in ids(found)
    by_status = count(rows["return"], return_query(returns.ReturnCountParams(status=first.status.id)))
    assert by_status == sum(r.status.id == first.status.id for r in shop.returns)
