"""Small shapes shared by several models: images, countries, states and postal addresses."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from connectors.model.base import A2CModel, UtcDateTime

__all__ = ["Address", "Country", "Image", "State"]


class Image(A2CModel):
    """API2Cart ``Image``: a product, variant or category picture."""

    id: str | None = None
    http_path: str
    file_name: str | None = None
    mime_type: str | None = Field(default=None, alias="mime-type")
    size: int | None = Field(default=None, ge=0)
    create_at: UtcDateTime | None = None
    modified_at: UtcDateTime | None = None
    alt: str | None = None
    avail: bool = True
    sort_order: int | None = None
    type: Literal["base", "additional", "thumbnail", "small", "swatch"] = "base"


class Country(A2CModel):
    """API2Cart ``Country``: ISO 3166-1 codes and an English name."""

    code2: str = Field(min_length=2, max_length=2)
    code3: str = Field(min_length=3, max_length=3)
    name: str

    @field_validator("code2", "code3")
    @classmethod
    def _upper(cls, value: str) -> str:
        if not value.isalpha():
            raise ValueError("country codes are letters")
        return value.upper()


class State(A2CModel):
    """API2Cart ``State``: a region code (ISO 3166-2 subdivision where there is one)."""

    code: str
    name: str


class Address(A2CModel):
    """API2Cart ``Customer_Address``: billing, shipping or address-book entry."""

    id: str
    type: Literal["billing", "shipping", "billing_and_shipping"] = "billing_and_shipping"
    first_name: str | None = None
    last_name: str | None = None
    postcode: str
    address1: str
    address2: str | None = None
    phone: str | None = None
    phone_mobile: str | None = None
    city: str
    country: Country
    state: State | None = None
    company: str | None = None
    fax: str | None = None
    website: str | None = None
    gender: str | None = None
    region: str | None = None
    default: bool = False
    tax_id: str | None = None
    identification_number: str | None = None
    alias: str | None = None
