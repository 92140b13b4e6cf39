"""Category and customer writes: the tree stays a tree, emails stay unique, addresses are complete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from connectors.demo.seed import DemoShop
from connectors.demo.writes_people import new_category, new_customer, updated_category, updated_customer
from connectors.model.category import check_tree
from connectors.model.params.catalog import CategoryAddParams, CategoryUpdateParams
from connectors.model.params.customers import CustomerAddParams, CustomerUpdateParams
from gateway.errors import CartgateError, DuplicateRecord, InvalidParameter, MissingParameter

NOW = datetime(2026, 1, 2, tzinfo=UTC)


def field_of(error: type[CartgateError], call: Callable[[], object]) -> str | None:
    with pytest.raises(error) as caught:
        call()
    return caught.value.field


def test_category_add_nests_under_its_parent(shop: DemoShop) -> None:
    leaf = next(c for c in shop.categories if (c.path or "").count("/") == 2)
    made = new_category(CategoryAddParams(name="Linen", parent_id=leaf.id), category_id="500", now=NOW,
                        categories=shop.categories)  # fmt: skip
    assert made.path == f"{leaf.path}/500" and check_tree([*shop.categories, made]) == []
    assert field_of(InvalidParameter, lambda: new_category(CategoryAddParams(name="x", parent_id="999"),
                                                           category_id="501", now=NOW,
                                                           categories=shop.categories)) == "parent_id"  # fmt: skip


def test_a_category_cannot_move_under_its_own_descendant(shop: DemoShop) -> None:
    root = next(c for c in shop.categories if c.parent_id is None)
    child = next(c for c in shop.categories if c.parent_id == root.id)
    params = CategoryUpdateParams(id=root.id, parent_id=child.id)
    assert field_of(InvalidParameter, lambda: updated_category(root, params, now=NOW,
                                                               categories=shop.categories)) == "parent_id"  # fmt: skip
    renamed = updated_category(child, CategoryUpdateParams(id=child.id, name="Renamed", parent_id="0"), now=NOW,
                               categories=shop.categories)  # fmt: skip
    assert (renamed.name, renamed.parent_id, renamed.path, renamed.modified_at) == ("Renamed", None, child.id, NOW)


def test_customer_emails_are_unique_in_any_case(shop: DemoShop) -> None:
    taken = CustomerAddParams(email=shop.customers[0].email.upper())
    assert field_of(DuplicateRecord, lambda: new_customer(taken, customer_id="900", now=NOW,
                                                          customers=shop.customers)) == "email"  # fmt: skip
    other = shop.customers[1]
    steal = CustomerUpdateParams(id=other.id, email=shop.customers[0].email)
    assert field_of(DuplicateRecord, lambda: updated_customer(other, steal, now=NOW,
                                                              customers=shop.customers)) == "email"  # fmt: skip
    same = updated_customer(other, CustomerUpdateParams(id=other.id, email=other.email.upper()), now=NOW,
                            customers=shop.customers)  # fmt: skip
    assert same.email == other.email.upper()


def test_customer_add_keeps_addresses_and_never_the_password(shop: DemoShop) -> None:
    params = CustomerAddParams.model_validate({
        "email": "new.buyer@example.com", "first_name": "Grace", "password": "correct horse battery",
        "address": [{"address_book_address1": "1 Main St", "address_book_city": "Arlington",
                     "address_book_country": "USA", "address_book_postcode": "22201"}],
    })  # fmt: skip
    made = new_customer(params, customer_id="900", now=NOW, customers=shop.customers)
    assert made.address_book[0].country.code2 == "US" and made.address_book[0].default
    assert "correct horse" not in made.model_dump_json()
    incomplete = CustomerAddParams.model_validate({"email": "x@example.com", "address": [{"address_book_city": "X"}]})
    field = field_of(MissingParameter, lambda: new_customer(incomplete, customer_id="901", now=NOW, customers=[]))
    assert field == "address.0.address_book_address1"
