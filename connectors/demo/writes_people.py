"""The Demo platform's category and customer writes as pure functions (tree and uniqueness rules).

Like ``writes.py``: validated parameters and the records they touch in, the new record out, or a
coded error before anything could be stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from connectors.demo.writes import country_of
from connectors.model import Address, Category, Customer
from connectors.model.category import category_paths, check_tree
from connectors.model.params.catalog import CategoryAddParams, CategoryUpdateParams
from connectors.model.params.common import split_ids
from connectors.model.params.customers import CustomerAddParams, CustomerAddressParam, CustomerUpdateParams
from gateway.errors import DuplicateRecord, InvalidParameter, MissingParameter

__all__ = ["new_category", "new_customer", "updated_category", "updated_customer"]


def new_category(params: CategoryAddParams, *, category_id: str, now: datetime,
                 categories: Sequence[Category]) -> Category:  # fmt: skip
    """The category ``category.add`` creates. Raises InvalidParameter (109) for an unknown parent."""
    known = {category.id for category in categories}
    if params.parent_id not in (None, "0") and params.parent_id not in known:
        raise InvalidParameter("Parameter 'parent_id' names no category", field="parent_id")
    category = Category(
        id=category_id, parent_id=None if params.parent_id in (None, "0") else params.parent_id, name=params.name,
        description=params.description, short_description=params.short_description,
        avail=True if params.avail is None else params.avail, sort_order=params.sort_order,
        meta_title=params.meta_title, meta_description=params.meta_description, keywords=params.meta_keywords,
        seo_url=params.seo_url, stores_ids=split_ids(params.stores_ids) or ["1"], created_at=now, modified_at=now,
    )  # fmt: skip
    category.path = category_paths([*categories, category])[category.id]
    return category


def updated_category(category: Category, params: CategoryUpdateParams, *, now: datetime,
                     categories: Sequence[Category]) -> Category:  # fmt: skip
    """The category after ``category.update``. Raises InvalidParameter (109) naming ``parent_id`` for an
    unknown parent or one that would make the category its own ancestor."""
    changes: dict[str, object] = {"modified_at": now}
    for name in ("name", "description", "short_description", "avail", "sort_order", "meta_title",
                 "meta_description", "seo_url"):  # fmt: skip
        value = getattr(params, name)
        if value is not None:
            changes[name] = value
    if params.meta_keywords is not None:
        changes["keywords"] = params.meta_keywords
    if params.parent_id is not None:
        changes["parent_id"] = None if params.parent_id == "0" else params.parent_id
    moved = category.model_copy(update=changes)
    tree = [moved if other.id == category.id else other for other in categories]
    if params.parent_id is not None and check_tree(tree):
        raise InvalidParameter("Parameter 'parent_id' would not leave a tree (unknown parent or a cycle)",
                               field="parent_id")  # fmt: skip
    return moved.model_copy(update={"path": category_paths(tree)[category.id]})


def _addresses(customer_id: str, entries: Iterable[CustomerAddressParam], first: str | None,
               last: str | None) -> list[Address]:  # fmt: skip
    book = []
    for index, entry in enumerate(entries):
        prefix = f"address.{index}."
        for name in ("address_book_address1", "address_book_city", "address_book_postcode", "address_book_country"):
            if getattr(entry, name) is None:
                raise MissingParameter(f"Parameter '{prefix}{name}' is required", field=prefix + name)
        assert entry.address_book_country is not None and entry.address_book_address1 is not None
        assert entry.address_book_city is not None and entry.address_book_postcode is not None
        kind = entry.address_book_type or "billing_and_shipping"
        book.append(Address(
            id=entry.address_book_id or f"{customer_id}-{index + 1}", type=kind,
            first_name=entry.address_book_first_name or first, last_name=entry.address_book_last_name or last,
            company=entry.address_book_company, phone=entry.address_book_phone,
            address1=entry.address_book_address1, address2=entry.address_book_address2,
            city=entry.address_book_city, postcode=entry.address_book_postcode,
            country=country_of(entry.address_book_country, prefix + "address_book_country"),
            default=bool(entry.address_book_default) or index == 0,
        ))  # fmt: skip
    return book


def _email_taken(email: str, customers: Iterable[Customer], except_id: str | None = None) -> bool:
    wanted = email.casefold()
    return any((other.email or "").casefold() == wanted and other.id != except_id for other in customers)


def new_customer(params: CustomerAddParams, *, customer_id: str, now: datetime,
                 customers: Iterable[Customer]) -> Customer:  # fmt: skip
    """The customer ``customer.add`` creates (the password is never kept in the record).

    Raises DuplicateRecord (116) for an email already taken (any case), MissingParameter (114) or
    InvalidParameter (109) naming an address field.
    """
    if _email_taken(params.email, customers):
        raise DuplicateRecord("A customer with this email already exists", field="email")
    return Customer(
        id=customer_id, email=params.email, first_name=params.first_name, last_name=params.last_name,
        phone=params.phone, created_time=params.created_time or now, modified_time=now, login=params.email,
        status=params.status or "enabled", is_guest=False, news_letter_subscription=params.news_letter_subscription,
        gender=params.gender, website=params.website, company=params.company, birth_day=params.birth_day,
        stores_ids=[params.store_id or "1"], orders_count=0,
        address_book=_addresses(customer_id, params.address or [], params.first_name, params.last_name),
    )  # fmt: skip


def updated_customer(customer: Customer, params: CustomerUpdateParams, *, now: datetime,
                     customers: Iterable[Customer]) -> Customer:  # fmt: skip
    """The customer after ``customer.update``; given addresses replace the address book.

    Raises DuplicateRecord (116) for an email another customer has.
    """
    if params.email is not None and _email_taken(params.email, customers, except_id=customer.id):
        raise DuplicateRecord("A customer with this email already exists", field="email")
    changes: dict[str, object] = {"modified_time": now}
    for name in ("email", "first_name", "last_name", "phone", "status", "news_letter_subscription", "gender",
                 "website", "company", "birth_day"):  # fmt: skip
        value = getattr(params, name)
        if value is not None:
            changes[name] = value
    if params.address is not None:
        changes["address_book"] = _addresses(customer.id, params.address, customer.first_name, customer.last_name)
    return Customer.model_validate({**customer.model_dump(), **changes})
