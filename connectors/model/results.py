"""Result shapes of the catalogue methods: API2Cart's ``Response_*_Result`` wrappers.

List results carry the total count and the items under API2Cart's names (``product.list``
answers ``{products_count, product: [...]}``); writes answer the new id or a changed count.
"""

from __future__ import annotations

from pydantic import Field

from connectors.model.base import A2CModel
from connectors.model.category import Category
from connectors.model.customer import Customer
from connectors.model.order import Order
from connectors.model.product import Product, Variant
from connectors.model.reference import OrderStatusRef, ReturnActionRef, ReturnReasonRef, ReturnStatusRef
from connectors.model.returns import Return
from connectors.model.shipment import Shipment

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


class ProductListResult(A2CModel):
    products_count: int = Field(ge=0)
    product: list[Product]


class ProductCountResult(A2CModel):
    products_count: int = Field(ge=0)


class ProductAddResult(A2CModel):
    product_id: str


class ProductDeleteResult(A2CModel):
    delete_items: int = Field(ge=0)


class ProductFindResult(A2CModel):
    product: list[Product]


class VariantListResult(A2CModel):
    """``variants_count`` is a cartgate addition, so list and count can be compared."""

    variants_count: int | None = Field(default=None, ge=0)
    variant: list[Variant]


class VariantCountResult(A2CModel):
    variants_count: int = Field(ge=0)


class ProductVariantAddResult(A2CModel):
    product_variant_id: str


class ChildItemListResult(A2CModel):
    total_count: int = Field(ge=0)
    children: list[Variant]


class CategoryListResult(A2CModel):
    categories_count: int = Field(ge=0)
    category: list[Category]


class CategoryCountResult(A2CModel):
    categories_count: int = Field(ge=0)


class CategoryAddResult(A2CModel):
    category_id: str


class CategoryDeleteResult(A2CModel):
    delete_items: bool


class CustomerListResult(A2CModel):
    customers_count: int = Field(ge=0)
    customer: list[Customer]


class CustomerCountResult(A2CModel):
    customers_count: int = Field(ge=0)


class CustomerAddResult(A2CModel):
    customer_id: str


class CustomerDeleteResult(A2CModel):
    delete_items: int = Field(ge=0)


class CustomerFindResult(A2CModel):
    """API2Cart answers the first match's id, email and names (not a list)."""

    id: str
    email: str
    first_name: str | None = None
    last_name: str | None = None


class OrderListResult(A2CModel):
    orders_count: int = Field(ge=0)
    order: list[Order]


class OrderCountResult(A2CModel):
    orders_count: int = Field(ge=0)


class OrderAddResult(A2CModel):
    order_id: str
    id: str | None = None
    customer_id: str | None = None


class OrderStatusListResult(A2CModel):
    cart_order_statuses: list[OrderStatusRef]


class OrderShipmentListResult(A2CModel):
    shipment_count: int = Field(ge=0)
    shipment: list[Shipment]


class OrderShipmentAddResult(A2CModel):
    shipment_id: str


class OrderRefundAddResult(A2CModel):
    refund_id: str
    additional_refund_ids: str | None = None


class OrderReturnAddResult(A2CModel):
    return_id: str


class ReturnListResult(A2CModel):
    total_count: int = Field(ge=0)
    returns: list[Return]


class ReturnCountResult(A2CModel):
    returns_count: int = Field(ge=0)


class ReturnReasonListResult(A2CModel):
    return_reasons: list[ReturnReasonRef]


class ReturnStatusListResult(A2CModel):
    return_statuses: list[ReturnStatusRef]


class ReturnActionListResult(A2CModel):
    return_actions: list[ReturnActionRef]


class UpdatedItemsResult(A2CModel):
    updated_items: int = Field(ge=0)


class DeletedFlagResult(A2CModel):
    deleted: bool


class DeletedItemsResult(A2CModel):
    deleted_items: int = Field(ge=0)


class EmptyResult(A2CModel):
    """API2Cart answers ``{}`` (category.assign / unassign)."""
