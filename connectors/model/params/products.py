"""Parameters of the product, variant and child-item methods (API2Cart's names)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from connectors.model.params.common import (
    CommonCountParams,
    CommonListParams,
    CommonParams,
    CommonWriteParams,
    EntityId,
    IdList,
    ParamTime,
    Quantity,
    WriteAmount,
)

__all__ = [
    "ChildItemInfoParams",
    "ChildItemListParams",
    "ProductAddParams",
    "ProductCountParams",
    "ProductDeleteParams",
    "ProductFindParams",
    "ProductInfoParams",
    "ProductListParams",
    "ProductUpdateParams",
    "ProductVariantAddParams",
    "ProductVariantCountParams",
    "ProductVariantDeleteParams",
    "ProductVariantInfoParams",
    "ProductVariantListParams",
    "ProductVariantUpdateParams",
    "TierPriceParam",
    "VariantAttributeParam",
    "VariantOptionParam",
]

ProductFindWhere = Literal["name", "sku", "model", "description", "id"]
SortDirection = Literal["asc", "desc"]


class _ProductFilters(BaseModel):
    product_ids: IdList | None = Field(default=None, description="Only these products, e.g. 4,5.")
    since_id: EntityId | None = Field(default=None, description="Only products with a greater id.")
    categories_ids: IdList | None = Field(default=None, description="Products in any of these categories.")
    category_id: EntityId | None = None
    store_id: EntityId | None = None
    lang_id: EntityId | None = None
    avail_view: bool | None = None
    avail_sale: bool | None = None
    sku: str | None = Field(default=None, min_length=1, max_length=255)
    brand_name: str | None = Field(default=None, max_length=255)
    find_value: str | None = Field(default=None, min_length=1, max_length=255)
    find_where: ProductFindWhere | None = None


class ProductListParams(CommonListParams, _ProductFilters):
    """``product.list``."""

    currency_id: EntityId | None = None
    sort_by: Literal["id", "name", "price", "create_at", "modified_at"] = "id"
    sort_direction: SortDirection = "asc"


class ProductCountParams(CommonCountParams, _ProductFilters):
    """``product.count``."""


class ProductInfoParams(CommonParams):
    """``product.info``."""

    id: EntityId
    store_id: EntityId | None = None
    lang_id: EntityId | None = None
    currency_id: EntityId | None = None


class ProductFindParams(CommonParams):
    """``product.find``: products (or variants) whose field matches ``find_value``."""

    find_value: str = Field(min_length=1, max_length=255)
    find_where: ProductFindWhere = "name"
    find_params: Literal["whole_words", "regular"] = "whole_words"
    find_what: Literal["product", "child", "each"] = "product"
    lang_id: EntityId | None = None
    store_id: EntityId | None = None


class TierPriceParam(BaseModel):
    """One ``tier_prices[]`` entry: unit price from ``quantity`` up."""

    model_config = ConfigDict(extra="forbid")

    quantity: int = Field(ge=1)
    price: WriteAmount


class _ProductWriteFields(BaseModel):
    sku: str | None = Field(default=None, min_length=1, max_length=255)
    short_description: str | None = None
    status: Literal["enabled", "disabled"] | None = None
    categories_ids: IdList | None = None
    store_id: EntityId | None = None
    stores_ids: IdList | None = None
    lang_id: EntityId | None = None
    special_price: WriteAmount | None = None
    cost_price: WriteAmount | None = None
    sprice_create: ParamTime | None = None
    sprice_expire: ParamTime | None = None
    tier_prices: list[TierPriceParam] | None = Field(default=None, max_length=100)
    quantity: Quantity | None = None
    warehouse_id: EntityId | None = None
    in_stock: bool | None = None
    manage_stock: bool | None = None
    backorder_status: Literal["no", "allow", "notify"] | None = None
    weight: WriteAmount | None = None
    weight_unit: str | None = Field(default=None, max_length=16)
    width: WriteAmount | None = None
    height: WriteAmount | None = None
    length: WriteAmount | None = None
    dimensions_unit: str | None = Field(default=None, max_length=16)
    upc: str | None = Field(default=None, max_length=64)
    ean: str | None = Field(default=None, max_length=64)
    isbn: str | None = Field(default=None, max_length=64)
    gtin: str | None = Field(default=None, max_length=64)
    mpn: str | None = Field(default=None, max_length=64)
    brand_name: str | None = Field(default=None, max_length=255)
    related_products_ids: IdList | None = None
    up_sell_products_ids: IdList | None = None
    cross_sell_products_ids: IdList | None = None
    meta_title: str | None = Field(default=None, max_length=255)
    meta_keywords: str | None = Field(default=None, max_length=1000)
    meta_description: str | None = Field(default=None, max_length=1000)
    seo_url: str | None = Field(default=None, max_length=255)
    tax_class_id: EntityId | None = None
    is_virtual: bool | None = None


class ProductAddParams(CommonWriteParams, _ProductWriteFields):
    """``product.add``: name, model, description and price are required, as in API2Cart."""

    money_fields: ClassVar[tuple[str, ...]] = ("price", "special_price", "cost_price")

    name: str = Field(min_length=1, max_length=255)
    model: str = Field(min_length=1, max_length=255)
    description: str = Field(max_length=65535)
    price: WriteAmount
    type: Literal["simple", "configurable", "virtual", "downloadable"] = "simple"
    available_for_view: bool = True
    available_for_sale: bool = True
    image_url: str | None = Field(default=None, max_length=2048)
    additional_image_urls: list[str] | None = Field(default=None, max_length=50)
    created_at: ParamTime | None = None


class ProductUpdateParams(CommonWriteParams, _ProductWriteFields):
    """``product.update``: only the fields given change."""

    money_fields: ClassVar[tuple[str, ...]] = ("price", "special_price", "cost_price")

    id: EntityId
    model: str | None = Field(default=None, min_length=1, max_length=255)
    name: str | None = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=65535)
    price: WriteAmount | None = None
    increase_quantity: Quantity | None = None
    reduce_quantity: Quantity | None = None
    available_for_view: bool | None = None
    available_for_sale: bool | None = None


class ProductDeleteParams(CommonWriteParams):
    """``product.delete``."""

    id: EntityId
    store_id: EntityId | None = None


class ProductVariantListParams(CommonListParams):
    """``product.variant.list``."""

    product_id: EntityId | None = None
    category_id: EntityId | None = None
    store_id: EntityId | None = None


class ProductVariantCountParams(CommonCountParams):
    """``product.variant.count``: product_id is required, as in API2Cart."""

    product_id: EntityId
    category_id: EntityId | None = None
    store_id: EntityId | None = None


class ProductVariantInfoParams(CommonParams):
    """``product.variant.info``."""

    id: EntityId
    store_id: EntityId | None = None


class VariantAttributeParam(BaseModel):
    """One ``attributes[]`` entry of ``product.variant.add``: an option value this variant stands for."""

    model_config = ConfigDict(extra="forbid")

    attribute_name: str = Field(min_length=1, max_length=255)
    attribute_value: str = Field(min_length=1, max_length=255)
    attribute_price: WriteAmount | None = None


class VariantOptionParam(BaseModel):
    """One ``options[]`` entry of ``product.variant.update``."""

    model_config = ConfigDict(extra="forbid")

    option_name: str = Field(min_length=1, max_length=255)
    option_value: str = Field(min_length=1, max_length=255)


class _VariantWriteFields(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=65535)
    short_description: str | None = None
    sku: str | None = Field(default=None, min_length=1, max_length=255)
    store_id: EntityId | None = None
    lang_id: EntityId | None = None
    price: WriteAmount | None = None
    special_price: WriteAmount | None = None
    cost_price: WriteAmount | None = None
    quantity: Quantity | None = None
    warehouse_id: EntityId | None = None
    in_stock: bool | None = None
    manage_stock: bool | None = None
    weight: WriteAmount | None = None
    weight_unit: str | None = Field(default=None, max_length=16)
    barcode: str | None = Field(default=None, max_length=64)
    upc: str | None = Field(default=None, max_length=64)
    ean: str | None = Field(default=None, max_length=64)
    gtin: str | None = Field(default=None, max_length=64)
    mpn: str | None = Field(default=None, max_length=64)
    isbn: str | None = Field(default=None, max_length=64)
    meta_title: str | None = Field(default=None, max_length=255)
    meta_description: str | None = Field(default=None, max_length=1000)
    meta_keywords: str | None = Field(default=None, max_length=1000)
    is_virtual: bool | None = None


class ProductVariantAddParams(CommonWriteParams, _VariantWriteFields):
    """``product.variant.add``: model (the variant's code) and its parent product are required."""

    money_fields: ClassVar[tuple[str, ...]] = ("price", "special_price", "cost_price")

    product_id: EntityId
    model: str = Field(min_length=1, max_length=255)
    attributes: list[VariantAttributeParam] = Field(default_factory=list, max_length=20)
    available_for_view: bool = True
    available_for_sale: bool = True


class ProductVariantUpdateParams(CommonWriteParams, _VariantWriteFields):
    """``product.variant.update``: only the fields given change."""

    money_fields: ClassVar[tuple[str, ...]] = ("price", "special_price", "cost_price")

    id: EntityId
    product_id: EntityId | None = None
    model: str | None = Field(default=None, min_length=1, max_length=255)
    options: list[VariantOptionParam] | None = Field(default=None, max_length=20)
    increase_quantity: Quantity | None = None
    reduce_quantity: Quantity | None = None
    available_for_sale: bool | None = None


class ProductVariantDeleteParams(CommonWriteParams):
    """``product.variant.delete``: the variant and its product, as API2Cart requires both."""

    id: EntityId
    product_id: EntityId
    store_id: EntityId | None = None


class ChildItemListParams(CommonListParams):
    """``product.child_item.list``: API2Cart's current name for variant listing."""

    product_id: EntityId | None = None
    product_ids: IdList | None = None
    sku: str | None = Field(default=None, min_length=1, max_length=255)
    store_id: EntityId | None = None
    lang_id: EntityId | None = None
    currency_id: EntityId | None = None
    avail_sale: bool | None = None
    find_value: str | None = Field(default=None, min_length=1, max_length=255)
    find_where: Literal["sku", "name", "model"] | None = None


class ChildItemInfoParams(CommonParams):
    """``product.child_item.info``."""

    product_id: EntityId
    id: EntityId
    store_id: EntityId | None = None
    lang_id: EntityId | None = None
    currency_id: EntityId | None = None
