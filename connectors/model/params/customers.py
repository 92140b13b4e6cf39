"""Parameters of the customer methods (API2Cart's names, including ``address_book_*``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from connectors.model.params.common import (
    CommonCountParams,
    CommonListParams,
    CommonParams,
    CommonWriteParams,
    EntityId,
    IdList,
    ParamTime,
)

__all__ = [
    "CustomerAddParams",
    "CustomerAddressParam",
    "CustomerCountParams",
    "CustomerDeleteParams",
    "CustomerFindParams",
    "CustomerInfoParams",
    "CustomerListParams",
    "CustomerUpdateParams",
]

CustomerFindWhere = Literal["email", "first_name", "last_name", "phone", "id"]


def _email(value: str | None) -> str | None:
    if value is None:
        return None
    local, at, domain = value.partition("@")
    if not (local and at and "." in domain and " " not in value and len(value) <= 254):
        raise ValueError("not an email address")
    return value


class _CustomerFilters(BaseModel):
    ids: IdList | None = Field(default=None, description="Only these customers, e.g. 24,25.")
    since_id: EntityId | None = None
    group_id: EntityId | None = None
    store_id: EntityId | None = None
    avail: bool | None = None
    include_guests: bool = False
    find_value: str | None = Field(default=None, min_length=1, max_length=255)
    find_where: CustomerFindWhere | None = None


class CustomerListParams(CommonListParams, _CustomerFilters):
    """``customer.list``."""

    sort_by: Literal["id", "created_time", "modified_time", "email"] = "created_time"
    sort_direction: Literal["asc", "desc"] = "asc"


class CustomerCountParams(CommonCountParams, _CustomerFilters):
    """``customer.count``."""


class CustomerInfoParams(CommonParams):
    """``customer.info``."""

    id: EntityId
    store_id: EntityId | None = None


class CustomerFindParams(CommonParams):
    """``customer.find``: customers whose field matches ``find_value`` (email by default)."""

    find_value: str = Field(min_length=1, max_length=255)
    find_where: CustomerFindWhere = "email"
    find_params: Literal["whole_words", "regular"] = "whole_words"
    store_id: EntityId | None = None
    include_guests: bool = False


class CustomerAddressParam(BaseModel):
    """One ``address[]`` entry: API2Cart prefixes every field with ``address_book_``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    address_book_id: EntityId | None = Field(default=None, description="Only on update: the address to change.")
    address_book_type: Literal["billing", "shipping"] | None = None
    address_book_first_name: str | None = Field(default=None, max_length=255)
    address_book_last_name: str | None = Field(default=None, max_length=255)
    address_book_company: str | None = Field(default=None, max_length=255)
    address_book_phone: str | None = Field(default=None, max_length=64)
    address_book_address1: str | None = Field(default=None, max_length=255)
    address_book_address2: str | None = Field(default=None, max_length=255)
    address_book_city: str | None = Field(default=None, max_length=255)
    address_book_country: str | None = Field(default=None, min_length=2, max_length=3, description="ISO 3166 code.")
    address_book_state: str | None = Field(default=None, max_length=255)
    address_book_postcode: str | None = Field(default=None, max_length=32)
    address_book_default: bool | None = None

    @field_validator("address_book_country")
    @classmethod
    def _iso_country(cls, value: str | None) -> str | None:
        if value is not None and not value.isalpha():
            raise ValueError("an ISO 3166-1 alpha-2 or alpha-3 code")
        return None if value is None else value.upper()


class _CustomerWriteFields(BaseModel):
    first_name: str | None = Field(default=None, max_length=255)
    last_name: str | None = Field(default=None, max_length=255)
    password: SecretStr | None = Field(default=None, min_length=8, max_length=255)
    group_id: EntityId | None = None
    status: Literal["enabled", "disabled"] | None = None
    birth_day: ParamTime | None = None
    news_letter_subscription: bool | None = None
    gender: Literal["male", "female", "other"] | None = None
    website: str | None = Field(default=None, max_length=2048)
    company: str | None = Field(default=None, max_length=255)
    phone: str | None = Field(default=None, max_length=64)
    store_id: EntityId | None = None
    address: list[CustomerAddressParam] | None = Field(default=None, max_length=50)


class CustomerAddParams(CommonWriteParams, _CustomerWriteFields):
    """``customer.add``: an email is required; the password is never echoed or logged."""

    email: str = Field(min_length=3, max_length=254)
    created_time: ParamTime | None = None

    _check_email = field_validator("email")(_email)


class CustomerUpdateParams(CommonWriteParams, _CustomerWriteFields):
    """``customer.update``: only the fields given change."""

    id: EntityId
    email: str | None = Field(default=None, min_length=3, max_length=254)

    _check_email = field_validator("email")(_email)


class CustomerDeleteParams(CommonWriteParams):
    """``customer.delete``."""

    id: EntityId
    store_id: EntityId | None = None
