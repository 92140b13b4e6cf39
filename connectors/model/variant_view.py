"""A variant seen as a product: what API2Cart's ``product.variant.*`` methods answer.

API2Cart answers ``product.variant.info`` / ``list`` with its ``Product`` schema (price,
quantity, u_sku ...), while ``product.child_item.*`` answer the ``Child`` schema. cartgate keeps
one ``Variant`` model (the ``Child`` shape) and derives the product-shaped view from it, so an
API2Cart client of either method family reads the field names it knows.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from connectors.model.money import Amount
from connectors.model.product import Combination, Product, Variant

__all__ = ["ProductFindItem", "ProductVariant", "variant_as_product"]


class ProductVariant(Product):
    """API2Cart ``Product`` for a variant; ``parent_id`` and ``combination`` are cartgate additions."""

    parent_id: str
    combination: list[Combination] = Field(default_factory=list)


class ProductFindItem(BaseModel):
    """One ``product.find`` match, as API2Cart answers it; ``u_sku``, ``u_model`` and ``parent_id``
    (set when the match is a variant) are cartgate additions."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str | None = None
    description: str | None = None
    price: Amount | None = None
    u_sku: str | None = None
    u_model: str | None = None
    parent_id: str | None = None

    @classmethod
    def of(cls, product: Product) -> ProductFindItem:
        """The match for a product or a product-shaped variant."""
        parent = product.parent_id if isinstance(product, ProductVariant) else None
        return cls(id=product.id, name=product.name, description=product.description, price=product.price,
                   u_sku=product.u_sku, u_model=product.u_model, parent_id=parent)  # fmt: skip


def variant_as_product(variant: Variant, parent: Product) -> ProductVariant:
    """The product-shaped view of ``variant`` (a child of ``parent``). Raises ValueError on a foreign parent."""
    if variant.parent_id != parent.id:
        raise ValueError("the variant belongs to another product")
    return ProductVariant(
        id=variant.id,
        parent_id=variant.parent_id,
        type="simple",
        u_model=variant.sku,
        u_sku=variant.sku,
        name=variant.name,
        description=variant.full_description,
        short_description=variant.short_description,
        price=variant.default_price,
        cost_price=variant.cost_price,
        quantity=variant.inventory_level,
        inventory=variant.inventory,
        categories_ids=parent.categories_ids,
        stores_ids=parent.stores_ids,
        url=variant.url,
        seo_url=variant.seo_url,
        meta_title=variant.meta_title,
        meta_keywords=variant.meta_keywords,
        meta_description=variant.meta_description,
        avail_sale=variant.avail_for_sale,
        avail_view=parent.avail_view,
        is_virtual=variant.is_virtual,
        weight=variant.weight,
        weight_unit=variant.weight_unit,
        sort_order=variant.sort_order,
        in_stock=variant.in_stock,
        backorders=None if variant.allow_backorders is None else ("allow" if variant.allow_backorders else "no"),
        manage_stock=None if variant.manage_stock is None else ("yes" if variant.manage_stock else "no"),
        is_stock_managed=variant.manage_stock,
        on_sale=variant.on_sale,
        create_at=variant.created_time,
        modified_at=variant.modified_time,
        tax_class_id=variant.tax_class_id,
        images=variant.images,
        u_upc=variant.upc,
        u_mpn=variant.mpn,
        u_gtin=variant.gtin,
        u_isbn=variant.isbn,
        u_ean=variant.ean,
        dimensions_unit=variant.dimensions_unit,
        width=variant.width,
        height=variant.height,
        length=variant.length,
        currency_code=variant.currency_code,
        combination=variant.combination,
    )
