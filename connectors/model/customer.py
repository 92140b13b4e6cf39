"""Customers as API2Cart's ``Customer`` schema, with their address book and groups."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from connectors.model.base import A2CModel, UtcDateTime
from connectors.model.common import Address

__all__ = ["BaseCustomer", "Customer", "CustomerGroup"]


def _email(value: str) -> str:
    # Deliberately loose (platforms store odd but deliverable addresses); only the shape is checked.
    local, at, domain = value.partition("@")
    if not (local and at and "." in domain and " " not in value):
        raise ValueError("not an email address")
    return value


class CustomerGroup(A2CModel):
    """API2Cart ``Customer_Group``."""

    id: str
    name: str | None = None


class BaseCustomer(A2CModel):
    """API2Cart ``BaseCustomer``: the customer as an order names it."""

    id: str
    # API2Cart types it as an optional string: marketplace orders (OneCart) carry no buyer e-mail.
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        return None if value is None else _email(value)


class Customer(BaseCustomer):
    """API2Cart ``Customer``."""

    created_time: UtcDateTime | None = None
    modified_time: UtcDateTime | None = None
    group: list[CustomerGroup] = Field(default_factory=list)
    login: str | None = None
    last_login: UtcDateTime | None = None
    birth_day: UtcDateTime | None = None
    status: Literal["enabled", "disabled"] | None = "enabled"
    is_guest: bool | None = False
    news_letter_subscription: bool | None = None
    gender: str | None = None
    stores_ids: list[str] = Field(default_factory=list)
    website: str | None = None
    fax: str | None = None
    company: str | None = None
    ip_address: str | None = None
    address_book: list[Address] = Field(default_factory=list)
    lang_id: str | None = None
    orders_count: int | None = Field(default=None, ge=0)
    last_order_id: str | None = None
