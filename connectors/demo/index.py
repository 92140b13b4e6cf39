"""What the Demo platform indexes of each record, and how catalogue parameters become a ``Query``.

``*_row`` functions turn a unified model object into a ``Row`` (filter keys, sort values, find
texts, times); a SQL store keeps the same keys as indexed columns. ``*_query`` functions turn a
method's validated parameters into a ``Query`` over those rows, so every storage filters alike.
Boolean keys are stored as "1"/"0"; emails are compared case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from connectors.demo.query import Query, Row, Window
from connectors.model import Category, Customer, Order, Product, Return, Variant
from connectors.model.params.common import split_ids

__all__ = [
    "EPOCH",
    "category_query",
    "category_row",
    "customer_query",
    "customer_row",
    "order_query",
    "order_row",
    "product_query",
    "product_row",
    "return_query",
    "return_row",
    "variant_query",
    "variant_row",
]

# Records without a time sort first and fall in no bounded window.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _flag(value: bool | None) -> tuple[str, ...]:
    return () if value is None else ("1" if value else "0",)


def _present(*values: str | None) -> tuple[str, ...]:
    return tuple(value for value in values if value)


def _query(params: Any, equals: dict[str, frozenset[str]], *, default_sort: str = "id", **more: Any) -> Query:
    """The query with the common time windows and sort order of ``params`` added."""
    return Query(
        equals=equals,
        created=Window(getattr(params, "created_from", None), getattr(params, "created_to", None)),
        modified=Window(getattr(params, "modified_from", None), getattr(params, "modified_to", None)),
        sort_by=getattr(params, "sort_by", default_sort),
        direction=getattr(params, "sort_direction", "asc"),
        **more,
    )


def _equals(**wanted: Iterable[str] | str | bool | None) -> dict[str, frozenset[str]]:
    """Only the filters that were given; a bool becomes "1"/"0", a str one value."""
    out: dict[str, frozenset[str]] = {}
    for key, value in wanted.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = frozenset(_flag(value))
        elif isinstance(value, str):
            out[key] = frozenset({value})
        else:
            values = frozenset(value)
            if values:
                out[key] = values
    return out


def _find(params: Any, default_where: str) -> tuple[tuple[str, ...], str, bool] | None:
    value = getattr(params, "find_value", None)
    if value is None:
        return None
    where = getattr(params, "find_where", None) or default_where
    whole = getattr(params, "find_params", "whole_words") == "whole_words"
    return ((where,), value, whole)


# -- rows ---------------------------------------------------------------------------------------


def product_row(product: Product) -> Row:
    """A product's row; its variants' SKUs are keys too, so ``sku=`` finds the parent."""
    created = product.create_at or EPOCH
    skus = _present(product.u_sku, *(child.sku for child in product.children))
    return Row(
        id=product.id, created_at=created, modified_at=product.modified_at or created,
        keys={"id": (product.id,), "category_id": tuple(product.categories_ids), "sku": skus,
              "store_id": tuple(product.stores_ids), "avail_view": _flag(product.avail_view),
              "avail_sale": _flag(product.avail_sale), "brand_name": _present(product.u_brand)},
        sort={"id": None, "name": product.name, "price": product.price, "create_at": created,
              "modified_at": product.modified_at or created},
        text={"id": product.id, "name": product.name or "", "sku": product.u_sku or "",
              "model": product.u_model or "", "description": product.description or ""},
        doc=product,
    )  # fmt: skip


def variant_row(variant: Variant) -> Row:
    created = variant.created_time or EPOCH
    return Row(
        id=variant.id, created_at=created, modified_at=variant.modified_time or created,
        keys={"id": (variant.id,), "product_id": (variant.parent_id,), "sku": _present(variant.sku),
              "avail_sale": _flag(variant.avail_for_sale)},
        sort={"id": None}, text={"id": variant.id, "name": variant.name or "", "sku": variant.sku or "",
                                 "model": variant.sku or ""},
        doc=variant,
    )  # fmt: skip


def category_row(category: Category) -> Row:
    created = category.created_at or EPOCH
    return Row(
        id=category.id, created_at=created, modified_at=category.modified_at or created,
        keys={"id": (category.id,), "parent_id": (category.parent_id or "0",),
              "store_id": tuple(category.stores_ids), "avail": _flag(category.avail)},
        sort={"id": None}, text={"id": category.id, "name": category.name}, doc=category,
    )  # fmt: skip


def customer_row(customer: Customer) -> Row:
    created = customer.created_time or EPOCH
    return Row(
        id=customer.id, created_at=created, modified_at=customer.modified_time or created,
        keys={"id": (customer.id,), "email": ((customer.email or "").casefold(),),
              "group_id": tuple(group.id for group in customer.group), "store_id": tuple(customer.stores_ids),
              "avail": _flag(customer.status != "disabled"), "guest": _flag(bool(customer.is_guest))},
        sort={"id": None, "created_time": created, "modified_time": customer.modified_time or created,
              "email": (customer.email or "").casefold()},
        text={"id": customer.id, "email": customer.email or "", "first_name": customer.first_name or "",
              "last_name": customer.last_name or "", "phone": customer.phone or ""},
        doc=customer,
    )  # fmt: skip


def order_row(order: Order) -> Row:
    modified = order.modified_at or order.create_at
    return Row(
        id=order.id, created_at=order.create_at, modified_at=modified,
        keys={"id": (order.id,), "order_id": (order.order_id,), "customer_id": (order.customer.id,),
              "customer_email": ((order.customer.email or "").casefold(),), "order_status": (order.status.id,),
              "store_id": _present(order.store_id),
              "shipping_method": _present(order.shipping_method.name if order.shipping_method else None),
              "currency_id": (order.currency.id,)},
        sort={"id": None, "order_id": None, "create_at": order.create_at, "modified_at": modified},
        text={"id": order.id}, doc=order,
    )  # fmt: skip


def return_row(returned: Return) -> Row:
    created = returned.created_at or EPOCH
    return Row(
        id=returned.id, created_at=created, modified_at=returned.modified_at or created,
        keys={"id": (returned.id,), "order_id": _present(returned.order_id),
              "customer_id": _present(returned.customer_id), "store_id": _present(returned.store_id),
              "status": (returned.status.id,)},
        sort={"id": None}, text={"id": returned.id}, doc=returned,
    )  # fmt: skip


# -- queries ------------------------------------------------------------------------------------


def product_query(params: Any) -> Query:
    """``product.list`` / ``product.count`` / ``product.find`` parameters as a query."""
    categories = split_ids(getattr(params, "categories_ids", None))
    if getattr(params, "category_id", None):
        categories.append(params.category_id)
    equals = _equals(
        id=split_ids(getattr(params, "product_ids", None)), category_id=categories,
        sku=getattr(params, "sku", None), store_id=getattr(params, "store_id", None),
        avail_view=getattr(params, "avail_view", None), avail_sale=getattr(params, "avail_sale", None),
        brand_name=getattr(params, "brand_name", None),
    )  # fmt: skip
    return _query(params, equals, find=_find(params, "name"), since_id=getattr(params, "since_id", None))


def variant_query(params: Any) -> Query:
    """``product.variant.*`` / ``product.child_item.*`` parameters as a query."""
    products = split_ids(getattr(params, "product_ids", None))
    if getattr(params, "product_id", None):
        products.append(params.product_id)
    equals = _equals(product_id=products, sku=getattr(params, "sku", None),
                     avail_sale=getattr(params, "avail_sale", None))  # fmt: skip
    return _query(params, equals, find=_find(params, "sku"))


def category_query(params: Any) -> Query:
    equals = _equals(parent_id=getattr(params, "parent_id", None), store_id=getattr(params, "store_id", None),
                     avail=getattr(params, "avail", None))  # fmt: skip
    return _query(params, equals, find=_find(params, "name"))


def customer_query(params: Any) -> Query:
    """``customer.list`` / ``count`` / ``find``; guests are left out unless ``include_guests``."""
    find = _find(params, "email")
    equals = _equals(
        id=split_ids(getattr(params, "ids", None)), group_id=getattr(params, "group_id", None),
        store_id=getattr(params, "store_id", None), avail=getattr(params, "avail", None),
        guest=None if getattr(params, "include_guests", False) else False,
    )  # fmt: skip
    return _query(params, equals, find=find, since_id=getattr(params, "since_id", None))


def order_query(params: Any) -> Query:
    email = getattr(params, "customer_email", None)
    equals = _equals(
        id=split_ids(getattr(params, "ids", None)), order_id=split_ids(getattr(params, "order_ids", None)),
        customer_id=getattr(params, "customer_id", None), customer_email=email.casefold() if email else None,
        order_status=getattr(params, "order_status", None), store_id=getattr(params, "store_id", None),
        shipping_method=getattr(params, "shipping_method", None),
    )  # fmt: skip
    skipped = frozenset(split_ids(getattr(params, "skip_order_ids", None)))
    return _query(params, equals, default_sort="order_id", since_id=getattr(params, "since_id", None),
                  exclude_ids=skipped)  # fmt: skip


def return_query(params: Any) -> Query:
    orders = split_ids(getattr(params, "order_ids", None))
    if getattr(params, "order_id", None):
        orders.append(params.order_id)
    equals = _equals(order_id=orders, customer_id=getattr(params, "customer_id", None),
                     store_id=getattr(params, "store_id", None), status=getattr(params, "status", None))  # fmt: skip
    return _query(params, equals)
