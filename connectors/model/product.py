"""Products and their variants, following API2Cart's ``Product`` and ``Child`` schemas.

Prices are in the store's default currency, named once in ``currency_code`` (a cartgate
addition: API2Cart leaves it implicit). Stock is per warehouse in ``inventory`` where the
platform has warehouses; ``quantity`` is always the sum over them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from connectors.model.base import A2CModel, UtcDateTime
from connectors.model.common import Image
from connectors.model.money import Amount, excess_decimals, is_currency

__all__ = [
    "Combination",
    "Product",
    "ProductInventory",
    "ProductOption",
    "ProductOptionItem",
    "SpecialPrice",
    "TierPrice",
    "Variant",
]

NonNegative = Field(default=None, ge=0)


class ProductInventory(A2CModel):
    """API2Cart ``Product_Inventory``: stock of one product or variant in one warehouse."""

    warehouse_id: str
    quantity: int = Field(ge=0)
    in_stock: bool | None = None
    priority: int | None = None


class ProductOptionItem(A2CModel):
    """API2Cart ``Product_Option_Item``: one value of an option (e.g. ``Red``)."""

    id: str
    product_option_item_id: str | None = None
    name: str
    sort_order: int | None = None
    price: Amount | None = None
    weight: float | None = None
    quantity: int | None = Field(default=None, ge=0)
    type_price: Literal["fixed", "percent"] | None = None
    sku: str | None = None
    is_default: bool | None = None


class ProductOption(A2CModel):
    """API2Cart ``Product_Option``: a choice offered on the product (Size, Colour ...)."""

    id: str
    product_option_id: str | None = None
    name: str
    description: str | None = None
    sort_order: int | None = None
    type: Literal["select", "radio", "checkbox", "text", "textarea", "swatch"] = "select"
    required: bool | None = None
    available: bool | None = None
    used_in_combination: bool | None = None
    option_items: list[ProductOptionItem] = Field(default_factory=list)


class SpecialPrice(A2CModel):
    """API2Cart ``SpecialPrice``: a sale price with its validity window."""

    value: Amount = Field(ge=0)
    avail: bool = True
    created_at: UtcDateTime | None = None
    modified_at: UtcDateTime | None = None
    expired_at: UtcDateTime | None = None


class TierPrice(A2CModel):
    """API2Cart ``Product_TierPrice``: unit price from a quantity up."""

    qty: int = Field(ge=1)
    price: Amount = Field(ge=0)


class Combination(A2CModel):
    """API2Cart ``Product_ChildItem_Combination``: which option value a variant stands for."""

    option_id: str
    option_value_id: str


class _Priced(A2CModel):
    currency_code: str = Field(default="USD", description="ISO 4217 code of every price (cartgate addition).")

    def _money_fields(self) -> dict[str, Decimal | None]:
        return {}

    @field_validator("currency_code")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if not is_currency(value):
            raise ValueError("not a known ISO 4217 currency")
        return value

    def price_findings(self) -> list[str]:
        """Prices with more decimals than the currency allows (OpenCart keeps 4): reported, not refused."""
        return excess_decimals(self._money_fields(), self.currency_code)


class Variant(_Priced):
    """API2Cart ``Child`` (``product.child_item.*``; also what ``product.variant.*`` answer)."""

    id: str
    parent_id: str
    sku: str | None = None
    upc: str | None = None
    ean: str | None = None
    mpn: str | None = None
    gtin: str | None = None
    isbn: str | None = None
    url: str | None = None
    seo_url: str | None = None
    sort_order: int | None = None
    created_time: UtcDateTime | None = None
    modified_time: UtcDateTime | None = None
    name: str | None = None
    short_description: str | None = None
    full_description: str | None = None
    images: list[Image] = Field(default_factory=list)
    combination: list[Combination] = Field(default_factory=list)
    default_price: Amount | None = NonNegative
    cost_price: Amount | None = NonNegative
    list_price: Amount | None = NonNegative
    wholesale_price: Amount | None = NonNegative
    tax_class_id: str | None = None
    avail_for_sale: bool | None = None
    allow_backorders: bool | None = None
    in_stock: bool | None = None
    on_sale: bool | None = None
    manage_stock: bool | None = None
    inventory_level: int | None = NonNegative
    inventory: list[ProductInventory] = Field(default_factory=list)
    min_quantity: int | None = NonNegative
    low_stock_threshold: int | None = NonNegative
    weight_unit: str | None = None
    weight: float | None = NonNegative
    dimensions_unit: str | None = None
    width: float | None = NonNegative
    height: float | None = NonNegative
    length: float | None = NonNegative
    meta_title: str | None = None
    meta_description: str | None = None
    meta_keywords: str | None = None
    is_virtual: bool | None = None

    def _money_fields(self) -> dict[str, Decimal | None]:
        return {
            "default_price": self.default_price,
            "cost_price": self.cost_price,
            "list_price": self.list_price,
            "wholesale_price": self.wholesale_price,
        }

    @model_validator(mode="after")
    def _stock_adds_up(self) -> Variant:
        if self.inventory and self.inventory_level is not None:
            if sum(row.quantity for row in self.inventory) != self.inventory_level:
                raise ValueError("inventory_level is not the sum of inventory quantities")
        return self


class Product(_Priced):
    """API2Cart ``Product``; ``children`` (its variants) is a cartgate addition on ``*.info``/``*.list``."""

    id: str
    type: Literal["simple", "configurable", "bundle", "grouped", "virtual", "downloadable"] | None = "simple"
    u_model: str | None = None
    u_sku: str | None = None
    name: str | None = None
    description: str | None = None
    short_description: str | None = None
    price: Amount | None = NonNegative
    cost_price: Amount | None = NonNegative
    quantity: int | None = NonNegative
    inventory: list[ProductInventory] = Field(default_factory=list)
    u_brand_id: str | None = None
    u_brand: str | None = None
    categories_ids: list[str] = Field(default_factory=list)
    stores_ids: list[str] = Field(default_factory=list)
    url: str | None = None
    seo_url: str | None = None
    meta_title: str | None = None
    meta_keywords: str | None = None
    meta_description: str | None = None
    avail_sale: bool | None = None
    avail_view: bool | None = None
    is_virtual: bool | None = None
    is_downloadable: bool | None = None
    weight: float | None = NonNegative
    weight_unit: str | None = None
    sort_order: int | None = None
    in_stock: bool | None = None
    backorders: Literal["no", "allow", "notify"] | None = None
    manage_stock: Literal["yes", "no"] | None = None  # API2Cart types it as a string
    is_stock_managed: bool | None = None
    on_sale: bool | None = None
    create_at: UtcDateTime | None = None
    modified_at: UtcDateTime | None = None
    tax_class_id: str | None = None
    special_price: SpecialPrice | None = None
    tier_price: list[TierPrice] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    product_options: list[ProductOption] = Field(default_factory=list)
    u_upc: str | None = None
    u_mpn: str | None = None
    u_gtin: str | None = None
    u_isbn: str | None = None
    u_ean: str | None = None
    related_products_ids: list[str] = Field(default_factory=list)
    up_sell_products_ids: list[str] = Field(default_factory=list)
    cross_sell_products_ids: list[str] = Field(default_factory=list)
    dimensions_unit: str | None = None
    width: float | None = NonNegative
    height: float | None = NonNegative
    length: float | None = NonNegative
    children: list[Variant] = Field(default_factory=list)

    def _money_fields(self) -> dict[str, Decimal | None]:
        money: dict[str, Decimal | None] = {"price": self.price, "cost_price": self.cost_price}
        if self.special_price is not None:
            money["special_price.value"] = self.special_price.value
        for index, tier in enumerate(self.tier_price):
            money[f"tier_price.{index}.price"] = tier.price
        return money

    @model_validator(mode="after")
    def _consistent(self) -> Product:
        if self.inventory and self.quantity is not None:
            if sum(row.quantity for row in self.inventory) != self.quantity:
                raise ValueError("quantity is not the sum of inventory quantities")
        for child in self.children:
            if child.parent_id != self.id:
                raise ValueError("a variant's parent_id differs from the product id")
            if child.currency_code != self.currency_code:
                raise ValueError("a variant's currency differs from the product's")
        return self
