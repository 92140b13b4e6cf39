"""The unified model every connector speaks: API2Cart's result shapes as pydantic 2 models.

Money is ``Decimal`` (a JSON number on the wire, as API2Cart types it) with its currency on the
order or product; times are timezone-aware UTC (API2Cart's ``A2CDateTime`` on the wire); platform
ids are strings. See docs/model.md for the mapping to API2Cart's schema names.
"""

from connectors.model.base import A2CModel, UtcDateTime, UtcIsoString
from connectors.model.category import Category
from connectors.model.common import Address, Country, Image, State
from connectors.model.customer import BaseCustomer, Customer, CustomerGroup
from connectors.model.money import Amount, Money
from connectors.model.order import (
    Order,
    OrderItem,
    OrderItemOption,
    OrderStatus,
    OrderStatusHistoryItem,
    OrderTotal,
    OrderTotals,
    PaymentMethod,
    ShippingMethod,
    TotalsFinding,
    check_totals,
    report_totals,
    require_valid_totals,
)
from connectors.model.product import Combination, Product, ProductInventory, ProductOption, ProductOptionItem, Variant
from connectors.model.reference import (
    Currency,
    Language,
    OrderStatusRef,
    ReturnActionRef,
    ReturnReasonRef,
    ReturnStatusRef,
)
from connectors.model.refund import Refund, RefundItem
from connectors.model.returns import Return, ReturnOrderProduct
from connectors.model.shipment import Shipment, ShipmentItem, TrackingNumber
from connectors.model.store import Cart, StoreInfo, Warehouse
from connectors.model.variant_view import ProductFindItem, ProductVariant, variant_as_product

__all__ = [
    "A2CModel",
    "Address",
    "Amount",
    "BaseCustomer",
    "Cart",
    "Category",
    "Combination",
    "Country",
    "Currency",
    "Customer",
    "CustomerGroup",
    "Image",
    "Language",
    "Money",
    "Order",
    "OrderItem",
    "OrderItemOption",
    "OrderStatus",
    "OrderStatusHistoryItem",
    "OrderStatusRef",
    "OrderTotal",
    "OrderTotals",
    "PaymentMethod",
    "Product",
    "ProductFindItem",
    "ProductInventory",
    "ProductOption",
    "ProductOptionItem",
    "ProductVariant",
    "Refund",
    "RefundItem",
    "Return",
    "ReturnActionRef",
    "ReturnOrderProduct",
    "ReturnReasonRef",
    "ReturnStatusRef",
    "Shipment",
    "ShipmentItem",
    "ShippingMethod",
    "State",
    "StoreInfo",
    "TotalsFinding",
    "TrackingNumber",
    "UtcDateTime",
    "UtcIsoString",
    "Variant",
    "Warehouse",
    "check_totals",
    "report_totals",
    "require_valid_totals",
    "variant_as_product",
]
