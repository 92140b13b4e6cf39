"""Result shapes against API2Cart's published openapi.json: same names, nesting and JSON types.

cartgate may add fields, never rename them: every field it emits that API2Cart's schema lacks
must be listed under "cartgate additions" in docs/model.md.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from connectors.catalogue import CATALOGUE, CatalogueMethod, method_fields
from connectors.demo.seed import DemoShop
from connectors.model import results as r
from connectors.model import variant_as_product
from tests.model.a2c_schema import (
    documented_additions,
    json_vs_schema,
    method_parameters,
    model_vs_schema,
    required_parameters,
    result_schema,
)

ROWS = [pytest.param(row, id=row.name) for row in CATALOGUE]


def undocumented(additions: set[tuple[str, str]]) -> list[str]:
    listed = documented_additions()
    return sorted(f"{owner}.{name}" for owner, name in additions if f"{owner}.{name}" not in listed)


@pytest.mark.parametrize("row", ROWS)
def test_every_catalogue_method_is_an_api2cart_method(row: CatalogueMethod) -> None:
    assert result_schema(row.name) is not None or f"method:{row.name}" in documented_additions()


@pytest.mark.parametrize("row", ROWS)
def test_result_fields_exist_in_api2carts_schema_or_are_documented_additions(row: CatalogueMethod) -> None:
    found = result_schema(row.name)
    assert found is not None
    additions, conflicts = model_vs_schema(row.result, *found)
    assert conflicts == []
    assert undocumented(additions) == []


@pytest.mark.parametrize("row", ROWS)
def test_parameter_names_are_api2carts_or_documented_additions(row: CatalogueMethod) -> None:
    known = method_parameters(row.name) or set()
    extra = [f"{row.name}:{name}" for name in method_fields(row.params) if name not in known]
    assert sorted(set(extra) - documented_additions()) == []


@pytest.mark.parametrize("row", ROWS)
def test_required_parameters_are_api2carts_plus_documented_ones(row: CatalogueMethod) -> None:
    required = {name for name, info in row.params.model_fields.items() if info.is_required()}
    theirs = required_parameters(row.name)
    assert theirs <= required, f"API2Cart requires {sorted(theirs - required)}"
    stricter = {f"{row.name}:{name}" for name in required - theirs}
    assert sorted(stricter - documented_additions("Stricter than API2Cart")) == []


def test_list_results_nest_items_as_api2cart_does() -> None:
    assert set(r.ProductListResult.model_fields) >= {"products_count", "product"}
    product_list = result_schema("product.list")
    assert product_list is not None and product_list[0] == "Response_Product_List_Result"
    assert set(product_list[1]["properties"]) >= {"products_count", "product"}


def the_shops_results(shop: DemoShop) -> list[tuple[str, BaseModel]]:
    """Real results built from the seeded shop, one per method family, with every nested part present."""
    configurable = [p for p in shop.products if p.children][:5]
    products = configurable + [p for p in shop.products if not p.children][:5]
    refunded = [o for o in shop.orders if o.refunds][:3]
    orders = refunded + [o for o in shop.orders if o.shipments and not o.refunds][:3] + shop.orders[:3]
    parent = configurable[0]
    variants = [variant_as_product(child, parent) for child in parent.children]
    return [
        ("product.list", r.ProductListResult(products_count=len(shop.products), product=products)),
        ("product.info", products[0]),
        ("product.variant.list", r.VariantListResult(variants_count=len(variants), variant=variants)),
        ("product.variant.info", variants[0]),
        ("product.child_item.list", r.ChildItemListResult(total_count=len(parent.children), children=parent.children)),
        ("category.list", r.CategoryListResult(categories_count=len(shop.categories), category=shop.categories)),
        ("customer.list", r.CustomerListResult(customers_count=len(shop.customers), customer=shop.customers[:20])),
        ("order.list", r.OrderListResult(orders_count=len(shop.orders), order=orders)),
        ("order.info", refunded[0]),
        ("order.shipment.list", r.OrderShipmentListResult(shipment_count=1, shipment=refunded[0].shipments)),
        ("order.status.list", r.OrderStatusListResult(cart_order_statuses=list(shop.order_statuses))),
        ("return.list", r.ReturnListResult(total_count=len(shop.returns), returns=shop.returns[:20])),
        ("return.reason.list", r.ReturnReasonListResult(return_reasons=list(shop.return_reasons))),
        ("cart.info", shop.cart),
    ]


def test_serialised_results_fit_api2carts_json_types(shop: DemoShop) -> None:
    all_additions: set[tuple[str, str]] = set()
    for method, result in the_shops_results(shop):
        found = result_schema(method)
        assert found is not None
        additions, conflicts = json_vs_schema(result.model_dump(mode="json", by_alias=True), *found)
        assert conflicts == [], method
        all_additions |= additions
    assert undocumented(all_additions) == []


def walk_values(node: Any, key: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [pair for k, v in node.items() for pair in walk_values(v, k)]
    if isinstance(node, list):
        return [pair for v in node for pair in walk_values(v, key)]
    return [(key, node)]


def test_money_leaves_as_json_numbers_and_times_as_utc(shop: DemoShop) -> None:
    order = shop.orders[0].model_dump(mode="json")
    for name in ("total", "subtotal", "shipping", "tax", "discount"):
        assert isinstance(order["totals"][name], int | float) and not isinstance(order["totals"][name], bool)
    stamps = [value for key, value in walk_values(order) if key == "value"]
    assert stamps and all(value.endswith("+00:00") for value in stamps)


def test_every_seeded_record_reads_back_equal_from_its_json(shop: DemoShop) -> None:
    """What cartgate writes on the wire parses back to the same object: money, times and nesting survive."""
    groups: list[tuple[type[BaseModel], list[Any]]] = [
        (type(shop.orders[0]), shop.orders), (type(shop.products[0]), shop.products),
        (type(shop.customers[0]), shop.customers), (type(shop.categories[0]), shop.categories),
        (type(shop.returns[0]), shop.returns), (type(shop.cart), [shop.cart]),
    ]  # fmt: skip
    for model, records in groups:
        for record in records:
            wire = json.loads(json.dumps(record.model_dump(mode="json")))
            assert model.model_validate(wire) == record
