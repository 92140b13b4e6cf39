"""The Demo shop generator: big enough, realistic, deterministic and obeying every model rule."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, timedelta

import pytest

from connectors.demo.seed import DEMO_NOW, DemoShop, generate_shop, iter_variants
from connectors.model import check_totals
from connectors.model.category import check_tree
from connectors.model.reference import ids_of
from connectors.model.returns import returned_quantities


def test_the_default_shop_has_the_promised_sizes(shop: DemoShop) -> None:
    assert len(shop.products) >= 200
    assert len(shop.customers) >= 100
    assert len(shop.orders) >= 500
    assert len(shop.returns) >= 10
    assert sum(1 for product in shop.products if product.children) >= 40
    assert sum(1 for order in shop.orders if order.refunds) >= 10


def test_categories_form_a_three_level_tree(shop: DemoShop) -> None:
    assert check_tree(shop.categories) == []
    depths = Counter((category.path or "").count("/") + 1 for category in shop.categories)
    assert set(depths) == {1, 2, 3}
    known = {category.id for category in shop.categories}
    assert all(set(product.categories_ids) <= known for product in shop.products)


def test_stock_is_per_warehouse_and_adds_up(shop: DemoShop) -> None:
    warehouses = {warehouse.id for warehouse in shop.cart.warehouses}
    for product in shop.products:
        assert {row.warehouse_id for row in product.inventory} == warehouses
        assert product.quantity == sum(row.quantity for row in product.inventory)
        for warehouse in warehouses:
            if product.children:
                in_children = sum(row.quantity for child in product.children for row in child.inventory
                                  if row.warehouse_id == warehouse)  # fmt: skip
                assert in_children == sum(row.quantity for row in product.inventory if row.warehouse_id == warehouse)


def test_variants_point_at_their_options(shop: DemoShop) -> None:
    for product in shop.products:
        values = {(option.id, item.id) for option in product.product_options for item in option.option_items}
        for variant in product.children:
            assert variant.parent_id == product.id
            assert {(c.option_id, c.option_value_id) for c in variant.combination} <= values
    assert len({variant.id for variant in iter_variants(shop)}) == sum(len(p.children) for p in shop.products)


def test_every_order_obeys_the_totals_rules(shop: DemoShop) -> None:
    broken = {order.order_id: check_totals(order) for order in shop.orders if check_totals(order)}
    assert broken == {}
    assert any(order.totals.discount for order in shop.orders)
    assert any(item.discount_amount for order in shop.orders for item in order.order_products)


def test_orders_cover_every_status_over_two_years(shop: DemoShop) -> None:
    statuses = Counter(order.status.id for order in shop.orders)
    assert set(statuses) == ids_of(shop.order_statuses)
    created = sorted(order.create_at for order in shop.orders)
    assert created[-1] - created[0] > timedelta(days=600)
    assert created[-1] <= DEMO_NOW


def test_status_history_runs_forward_and_ends_at_the_current_status(shop: DemoShop) -> None:
    for order in shop.orders:
        history = order.status.history
        assert history[0].id == "pending" and history[-1].id == order.status.id
        times = [entry.modified_time for entry in history]
        assert times == sorted(times) and times[0] == order.create_at
        assert order.modified_at == times[-1]


def test_shipped_orders_have_shipments_and_refunded_orders_refunds(shop: DemoShop) -> None:
    for order in shop.orders:
        shipped = order.status.id in ("shipped", "completed", "refunded")
        assert bool(order.shipments) == shipped
        assert bool(order.refunds) == (order.status.id == "refunded")
        for refund in order.refunds:
            assert refund.total == order.totals.total
        for shipment in order.shipments:
            assert shipment.tracking_numbers and shipment.created_at is not None
            assert shipment.created_at >= order.create_at


def test_returns_fit_their_orders_and_reference_lists(shop: DemoShop) -> None:
    orders = {order.order_id: order for order in shop.orders}
    reasons, statuses, actions = ids_of(shop.return_reasons), ids_of(shop.return_statuses), ids_of(shop.return_actions)
    for returned in shop.returns:
        order = orders[returned.order_id or ""]
        assert returned.customer_id == order.customer.id
        assert returned.status.id in statuses
        for line in returned.order_products:
            assert line.reason.id in reasons and line.action is not None and line.action.id in actions
    lines = {item.order_product_id: item.quantity for order in shop.orders for item in order.order_products}
    for line_id, quantity in returned_quantities(shop.returns).items():
        assert quantity <= lines[line_id]


def test_customers_have_unique_emails_addresses_and_order_counts(shop: DemoShop) -> None:
    assert len({customer.email for customer in shop.customers}) == len(shop.customers)
    assert all(customer.address_book for customer in shop.customers)
    counted = Counter(order.customer.id for order in shop.orders)
    assert {c.id: c.orders_count for c in shop.customers if c.orders_count} == dict(counted)
    assert shop.customers[0].email == "ada.lovelace@example.com"


def test_every_time_is_aware_utc(shop: DemoShop) -> None:
    for order in shop.orders:
        assert order.create_at.tzinfo is UTC
        assert all(entry.modified_time.tzinfo is UTC for entry in order.status.history)
    assert all(product.create_at is not None and product.create_at.tzinfo is UTC for product in shop.products)


def test_the_same_seed_gives_the_same_shop_and_another_seed_another() -> None:
    first, again, other = (generate_shop(products=30, orders=40, seed=seed) for seed in (7, 7, 8))
    assert [o.model_dump(mode="json") for o in first.orders] == [o.model_dump(mode="json") for o in again.orders]
    assert [p.model_dump(mode="json") for p in first.products] == [p.model_dump(mode="json") for p in again.products]
    assert [o.model_dump(mode="json") for o in first.orders] != [o.model_dump(mode="json") for o in other.orders]


def test_sizes_scale_and_bad_arguments_are_refused() -> None:
    small = generate_shop(products=3, customers=2, orders=5)
    assert (len(small.products), len(small.customers), len(small.orders)) == (3, 2, 5)
    with pytest.raises(ValueError, match="at least 1"):
        generate_shop(products=0)
    with pytest.raises(ValueError, match="timezone"):
        generate_shop(now=DEMO_NOW.replace(tzinfo=None))
