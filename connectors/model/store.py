"""What ``cart.info`` answers: the shop, its stores, warehouses, currencies and languages."""

from __future__ import annotations

from pydantic import Field

from connectors.model.base import A2CModel
from connectors.model.common import Address
from connectors.model.reference import Currency, Language

__all__ = ["Cart", "StoreInfo", "StoreOwnerInfo", "Warehouse"]


class StoreOwnerInfo(A2CModel):
    """API2Cart ``Info``: the merchant's public contact data."""

    owner: str | None = None
    country: str | None = None
    state: str | None = None
    state_code: str | None = None
    city: str | None = None
    street_address: str | None = None
    street_address_line_2: str | None = None
    zip_code: str | None = None
    email: str | None = None
    phone: str | None = None


class Warehouse(A2CModel):
    """API2Cart ``Cart_Warehouse``: a stock location products count their inventory in."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    avail: bool | None = True
    address: Address | None = None
    carriers_ids: list[str] = Field(default_factory=list)
    stores_ids: list[str] = Field(default_factory=list)


class StoreInfo(A2CModel):
    """API2Cart ``Cart_StoreInfo``: one storefront of the shop."""

    store_id: str
    name: str | None = None
    language: str | None = None
    store_languages: list[Language] = Field(default_factory=list)
    currency: Currency
    store_currencies: list[Currency] = Field(default_factory=list)
    timezone: str | None = "UTC"
    country: str | None = None
    root_category_id: str | None = None
    multi_store_url: str | None = None
    active: bool | None = True
    weight_unit: str | None = None
    dimension_unit: str | None = None
    prices_include_tax: bool | None = False
    store_owner_info: StoreOwnerInfo | None = None
    default_warehouse_id: str | None = None


class Cart(A2CModel):
    """API2Cart ``Cart``: the result of ``cart.info``."""

    name: str | None = None
    url: str | None = None
    version: str | None = None
    bridge_version: str | None = None
    default_rounding_precision: int | None = Field(default=None, ge=0, le=6)
    db_prefix: str | None = None
    stores_info: list[StoreInfo] = Field(default_factory=list)
    warehouses: list[Warehouse] = Field(default_factory=list)
