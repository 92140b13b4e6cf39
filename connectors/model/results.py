"""Result shapes of the catalogue methods: API2Cart's ``Response_*_Result`` wrappers.

List results carry the total count and the items under API2Cart's names (``product.list``
answers ``{products_count, product: [...]}``); writes answer the new id or a changed count.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from connectors.model.base import A2CModel
from connectors.model.category import Category
from connectors.model.customer import Customer
from connectors.model.order import Order
from connectors.model.product import Product, Variant
from connectors.model.reference import OrderStatusRef, ReturnActionRef, ReturnReasonRef, ReturnStatusRef
from connectors.model.returns import Return
from connectors.model.shipment import Shipment
from connectors.model.variant_view import ProductFindItem, ProductVariant

__all__ = [
    "CategoryAddResult",
    "CategoryCountResult",
    "CategoryDeleteResult",
    "CategoryListResult",
    "ChildItemListResult",
    "CustomerAddResult",
    "CustomerCountResult",
    "CustomerDeleteResult",
    "CustomerFindResult",
    "CustomerListResult",
    "DeletedFlagResult",
    "DeletedItemsResult",
    "EmptyResult",
    "OrderAddResult",
    "OrderCountResult",
    "OrderListResult",
    "OrderRefundAddResult",
    "OrderReturnAddResult",
    "OrderShipmentAddResult",
    "OrderShipmentListResult",
    "OrderStatusListResult",
    "ProductAddResult",
    "ProductCountResult",
    "ProductDeleteResult",
    "ProductFindResult",
    "ProductListResult",
    "ProductVariantAddResult",
    "ReturnActionListResult",
    "ReturnCountResult",
    "ReturnListResult",
    "ReturnReasonListResult",
    "ReturnStatusListResult",
    "UpdatedItemsResult",
    "VariantCountResult",
    "VariantListResult",
]


class _Result(BaseModel):
    """Base of results API2Cart types inline: no additional_fields / custom_fields, unknown fields refused."""

    model_config = ConfigDict(extra="forbid")


class ProductListResult(A2CModel):
    products_count: int = Field(ge=0)
    product: list[Product]


class ProductCountResult(_Result):
    products_count: int = Field(ge=0)


class ProductAddResult(_Result):
    product_id: str


class ProductDeleteResult(_Result):
    delete_items: int = Field(ge=0)


class ProductFindResult(_Result):
    product: list[ProductFindItem]


class VariantListResult(_Result):
    """``variants_count`` is a cartgate addition, so list and count can be compared."""

    variants_count: int | None = Field(default=None, ge=0)
    variant: list[ProductVariant]


class VariantCountResult(_Result):
    variants_count: int = Field(ge=0)


class ProductVariantAddResult(_Result):
    product_variant_id: str


class ChildItemListResult(A2CModel):
    total_count: int = Field(ge=0)
    children: list[Variant]


class CategoryListResult(A2CModel):
    categories_count: int = Field(ge=0)
    category: list[Category]


class CategoryCountResult(_Result):
    categories_count: int = Field(ge=0)


class CategoryAddResult(_Result):
    category_id: str


class CategoryDeleteResult(_Result):
    delete_items: bool


class CustomerListResult(A2CModel):
    customers_count: int = Field(ge=0)
    customer: list[Customer]


class CustomerCountResult(_Result):
    customers_count: int = Field(ge=0)


class CustomerAddResult(_Result):
    customer_id: str


class CustomerDeleteResult(_Result):
    delete_items: int = Field(ge=0)


class CustomerFindResult(_Result):
    """API2Cart answers the first match's id, email and names (not a list)."""

    id: str
    email: str
    first_name: str | None = None
    last_name: str | None = None


class OrderListResult(A2CModel):
    orders_count: int = Field(ge=0)
    order: list[Order]


class OrderCountResult(_Result):
    orders_count: int = Field(ge=0)


class OrderAddResult(_Result):
    order_id: str
    id: str | None = None
    customer_id: str | None = None


class OrderStatusListResult(A2CModel):
    cart_order_statuses: list[OrderStatusRef]


class OrderShipmentListResult(A2CModel):
    shipment_count: int = Field(ge=0)
    shipment: list[Shipment]


class OrderShipmentAddResult(_Result):
    shipment_id: str


class OrderRefundAddResult(_Result):
    refund_id: str
    additional_refund_ids: str | None = None


class OrderReturnAddResult(_Result):
    return_id: str


class ReturnListResult(A2CModel):
    total_count: int = Field(ge=0)
    returns: list[Return]


class ReturnCountResult(_Result):
    returns_count: int = Field(ge=0)


class ReturnReasonListResult(_Result):
    return_reasons: list[ReturnReasonRef]


class ReturnStatusListResult(_Result):
    return_statuses: list[ReturnStatusRef]


class ReturnActionListResult(_Result):
    return_actions: list[ReturnActionRef]


class UpdatedItemsResult(_Result):
    updated_items: int = Field(ge=0)


class DeletedFlagResult(_Result):
    deleted: bool


class DeletedItemsResult(_Result):
    deleted_items: int = Field(ge=0)


class EmptyResult(_Result):
    """API2Cart answers ``{}`` (category.assign / unassign)."""
