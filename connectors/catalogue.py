"""The unified method catalogue: one declarative row per store method, for the gateway's table.

Each row names the method (API2Cart's spelling), whether it writes, its parameter model (only
the method's own parameters on top of the common bases), its result model (API2Cart's result
shape), the list field and count field where it lists, API2Cart's default ``params`` and an
example request. The gateway builds its ``MethodSpec`` rows from these mechanically:
``wire_params(row.params, gateway_base)`` puts the gateway's own Params/ListParams/WriteParams
under the method's fields (see docs/model.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel

from connectors.model import Cart, Category, Customer, Order, Product, Return, Shipment, Variant
from connectors.model import results as r
from connectors.model.params import catalog as cat
from connectors.model.params import customers as cus
from connectors.model.params import orders as o
from connectors.model.params import products as p
from connectors.model.params import returns as ret
from connectors.model.params.common import (
    CommonCountParams,
    CommonListParams,
    CommonParams,
    CommonWriteParams,
    check_prices,
    method_fields,
)
from connectors.model.variant_view import ProductVariant

__all__ = [
    "CATALOGUE",
    "CatalogueMethod",
    "CommonCountParams",
    "CommonListParams",
    "CommonParams",
    "CommonWriteParams",
    "MethodKind",
    "catalogue_by_name",
    "check_prices",
    "iter_write_methods",
    "method_fields",
    "wire_params",
]

MethodKind = Literal["list", "count", "info", "find", "add", "update", "delete", "reference"]


@dataclass(frozen=True, slots=True)
class CatalogueMethod:
    """One store method. ``items_field``/``count_field`` name where a list result keeps its rows."""

    name: str
    kind: MethodKind
    summary: str
    params: type[CommonParams]
    result: type[BaseModel]
    example: Mapping[str, Any]
    items_field: str | None = None
    count_field: str | None = None
    default_params: str | None = None
    needs_store: bool = True
    tag: str = field(default="")

    @property
    def write(self) -> bool:
        return self.kind in ("add", "update", "delete")

    def __post_init__(self) -> None:
        if self.write != issubclass(self.params, CommonWriteParams):
            raise TypeError(f"{self.name}: write methods (and only they) take CommonWriteParams")
        if self.kind == "list" and not issubclass(self.params, CommonListParams):
            raise TypeError(f"{self.name}: list methods take CommonListParams")
        if (self.kind == "list") != (self.items_field is not None):
            raise TypeError(f"{self.name}: items_field is given exactly for list methods")
        if self.items_field is not None and self.items_field not in self.result.model_fields:
            raise TypeError(f"{self.name}: {self.items_field} is not a field of {self.result.__name__}")
        if self.count_field is not None and self.count_field not in self.result.model_fields:
            raise TypeError(f"{self.name}: {self.count_field} is not a field of {self.result.__name__}")
        self.params.model_validate(dict(self.example))  # an example that does not validate fails at import
        if not self.tag:
            object.__setattr__(self, "tag", self.name.split(".")[0])


def _m(name: str, kind: MethodKind, summary: str, params: type[CommonParams], result: type[BaseModel],
       example: Mapping[str, Any], *, items: str | None = None, count: str | None = None,
       default_params: str | None = None) -> CatalogueMethod:  # fmt: skip
    return CatalogueMethod(name, kind, summary, params, result, MappingProxyType(dict(example)),
                           items, count, default_params)  # fmt: skip


# The examples name records of the default Demo shop (generate_shop(), seed 20260101) and succeed
# when run in this order against a fresh one (tests/gateway/test_api.py runs them): deletes take
# records no later example needs (product 240, variant 1-8, category 41, return 41).
_PRODUCT_DEFAULT = "id,name,description,price,categories_ids"
_ORDER_DEFAULT = "order_id,customer,totals,address,items,bundles,status"
_SINCE = "2025-01-01T00:00:00+00:00"

CATALOGUE: tuple[CatalogueMethod, ...] = (
    # products
    _m("product.list", "list", "Products, filtered and paged.", p.ProductListParams, r.ProductListResult,
       {"count": 20, "modified_from": _SINCE, "params": "id,name,price,quantity"},
       items="product", count="products_count", default_params=_PRODUCT_DEFAULT),
    _m("product.count", "count", "How many products match the filters.", p.ProductCountParams,
       r.ProductCountResult, {"category_id": "3"}, count="products_count"),
    _m("product.info", "info", "One product with its variants, images and stock.", p.ProductInfoParams, Product,
       {"id": "1", "params": "force_all"}, default_params=_PRODUCT_DEFAULT),
    _m("product.find", "find", "Products whose name, SKU or model matches.", p.ProductFindParams,
       r.ProductFindResult, {"find_value": "DEMO-0001", "find_where": "sku"}),
    _m("product.add", "add", "Create a product.", p.ProductAddParams, r.ProductAddResult,
       {"name": "Linen shirt", "model": "LS-01", "description": "Light linen shirt.", "price": "39.90",
        "quantity": 12, "categories_ids": "3,7"}),
    _m("product.update", "update", "Change a product's fields, price or stock.", p.ProductUpdateParams,
       r.UpdatedItemsResult, {"id": "1", "price": "42.00", "quantity": 10}),
    _m("product.delete", "delete", "Delete a product and its variants.", p.ProductDeleteParams,
       r.ProductDeleteResult, {"id": "240"}),
    _m("product.variant.list", "list", "Variants, of one product or all.", p.ProductVariantListParams,
       r.VariantListResult, {"product_id": "1"}, items="variant", count="variants_count"),
    _m("product.variant.count", "count", "How many variants a product has.", p.ProductVariantCountParams,
       r.VariantCountResult, {"product_id": "1"}, count="variants_count"),
    _m("product.variant.info", "info", "One variant.", p.ProductVariantInfoParams, ProductVariant,
       {"id": "1-1"}),
    _m("product.variant.add", "add", "Add a variant to a product.", p.ProductVariantAddParams,
       r.ProductVariantAddResult,
       {"product_id": "1", "model": "LS-01-XL", "price": "41.90", "quantity": 3,
        "attributes": [{"attribute_name": "Size", "attribute_value": "XL"}]}),
    _m("product.variant.update", "update", "Change a variant's price, stock or fields.",
       p.ProductVariantUpdateParams, r.UpdatedItemsResult, {"id": "1-1", "quantity": 5}),
    _m("product.variant.delete", "delete", "Delete a variant.", p.ProductVariantDeleteParams,
       r.DeletedFlagResult, {"id": "1-8", "product_id": "1"}),
    _m("product.child_item.list", "list", "Variants (API2Cart's current name).", p.ChildItemListParams,
       r.ChildItemListResult, {"product_id": "1"}, items="children", count="total_count",
       default_params="force_all"),
    _m("product.child_item.info", "info", "One variant (API2Cart's current name).", p.ChildItemInfoParams,
       Variant, {"product_id": "1", "id": "1-1"}, default_params="force_all"),
    # categories
    _m("category.list", "list", "Categories, filtered and paged.", cat.CategoryListParams,
       r.CategoryListResult, {"parent_id": "1"}, items="category", count="categories_count",
       default_params="id,parent_id,name,description"),
    _m("category.count", "count", "How many categories match.", cat.CategoryCountParams,
       r.CategoryCountResult, {}, count="categories_count"),
    _m("category.info", "info", "One category.", cat.CategoryInfoParams, Category, {"id": "1"}),
    _m("category.add", "add", "Create a category.", cat.CategoryAddParams, r.CategoryAddResult,
       {"name": "Summer", "parent_id": "1"}),
    _m("category.update", "update", "Change a category.", cat.CategoryUpdateParams, r.UpdatedItemsResult,
       {"id": "1", "name": "Summer sale"}),
    _m("category.delete", "delete", "Delete a category.", cat.CategoryDeleteParams, r.CategoryDeleteResult,
       {"id": "41"}),
    _m("category.assign", "update", "Put a product in a category.", cat.CategoryAssignParams, r.EmptyResult,
       {"category_id": "3", "product_id": "1"}),
    _m("category.unassign", "update", "Take a product out of a category.", cat.CategoryAssignParams,
       r.EmptyResult, {"category_id": "3", "product_id": "1"}),
    # customers
    _m("customer.list", "list", "Customers, filtered and paged.", cus.CustomerListParams,
       r.CustomerListResult, {"created_from": _SINCE}, items="customer", count="customers_count",
       default_params="id,email,first_name,last_name"),
    _m("customer.count", "count", "How many customers match.", cus.CustomerCountParams,
       r.CustomerCountResult, {}, count="customers_count"),
    _m("customer.info", "info", "One customer with their address book.", cus.CustomerInfoParams, Customer,
       {"id": "1"}),
    _m("customer.find", "find", "The customer whose email (or other field) matches.", cus.CustomerFindParams,
       r.CustomerFindResult, {"find_value": "ada.lovelace@example.com"}),
    _m("customer.add", "add", "Create a customer.", cus.CustomerAddParams, r.CustomerAddResult,
       {"email": "new.buyer@example.com", "first_name": "Grace", "last_name": "Hopper",
        "address": [{"address_book_type": "billing", "address_book_address1": "1 Main St",
                     "address_book_city": "Arlington", "address_book_country": "US",
                     "address_book_postcode": "22201"}]}),
    _m("customer.update", "update", "Change a customer.", cus.CustomerUpdateParams, r.UpdatedItemsResult,
       {"id": "1", "phone": "+1 555 0100"}),
    _m("customer.delete", "delete", "Delete a customer.", cus.CustomerDeleteParams, r.CustomerDeleteResult,
       {"id": "1"}),
    # orders
    _m("order.list", "list", "Orders, filtered and paged.", o.OrderListParams, r.OrderListResult,
       {"order_status": "processing", "modified_from": _SINCE}, items="order", count="orders_count",
       default_params=_ORDER_DEFAULT),
    _m("order.count", "count", "How many orders match.", o.OrderCountParams, r.OrderCountResult,
       {"order_status": "completed"}, count="orders_count"),
    _m("order.info", "info", "One order with items, totals, status history and shipments.",
       o.OrderInfoParams, Order, {"order_id": "1"}, default_params=_ORDER_DEFAULT),
    _m("order.add", "add", "Create an order; its totals must obey the totals rules.", o.OrderAddParams,
       r.OrderAddResult,
       {"order_status": "pending", "customer_email": "ada.lovelace@example.com", "currency": "USD",
        "bill_first_name": "Ada", "bill_last_name": "Lovelace", "bill_address_1": "12 St James's Sq",
        "bill_city": "London", "bill_postcode": "SW1Y 4JH", "bill_state": "London", "bill_country": "GB",
        "order_item": [{"order_item_id": "1", "order_item_name": "Linen shirt", "order_item_price": "39.90",
                        "order_item_quantity": 2}],
        "subtotal_price": "79.80", "shipping_price": "5.00", "tax_price": "0", "total_price": "84.80"}),
    _m("order.update", "update", "Change an order's status or comments.", o.OrderUpdateParams,
       r.UpdatedItemsResult, {"order_id": "1", "order_status": "shipped"}),
    _m("order.status.list", "reference", "The order statuses of the store.", o.OrderStatusListParams,
       r.OrderStatusListResult, {}),
    _m("order.shipment.list", "list", "Shipments of an order.", o.OrderShipmentListParams,
       r.OrderShipmentListResult, {"order_id": "1"}, items="shipment", count="shipment_count"),
    _m("order.shipment.info", "info", "One shipment.", o.OrderShipmentInfoParams, Shipment,
       {"id": "1", "order_id": "1"}),
    _m("order.shipment.add", "add", "Ship order lines, with tracking.", o.OrderShipmentAddParams,
       r.OrderShipmentAddResult,
       {"order_id": "13", "items": [{"order_product_id": "13-1", "quantity": 1}],
        "tracking_numbers": [{"carrier_id": "ups", "tracking_number": "1Z999AA10123456784"}]}),
    _m("order.shipment.update", "update", "Change a shipment's tracking or delivery.",
       o.OrderShipmentUpdateParams, r.UpdatedItemsResult, {"shipment_id": "1", "order_id": "1", "is_shipped": True}),
    _m("order.shipment.delete", "delete", "Delete a shipment.", o.OrderShipmentDeleteParams,
       r.DeletedItemsResult, {"shipment_id": "1", "order_id": "1"}),
    _m("order.refund.add", "add", "Refund order lines or an amount.", o.OrderRefundAddParams,
       r.OrderRefundAddResult, {"order_id": "1", "items": [{"order_product_id": "1-1", "quantity": 1}]}),
    # returns
    _m("order.return.add", "add", "Open a return: order lines, quantities, reason, status and action.",
       ret.OrderReturnAddParams, r.OrderReturnAddResult,
       {"order_id": "1", "return_status_id": "1", "return_action_id": "2", "return_reason_id": "4",
        "order_products": [{"order_product_id": "1-1", "order_product_quantity": 1,
                            "order_product_reason_id": "4", "order_product_action_id": "2"}]}),
    _m("order.return.update", "update", "Change a return's status, action or quantities.",
       ret.OrderReturnUpdateParams, r.UpdatedItemsResult,
       {"return_id": "1", "order_id": "21", "return_status_id": "3",
        "order_products": [{"order_product_id": "21-2", "order_product_quantity": 1, "order_product_action_id": "2"}]}),
    _m("order.return.delete", "delete", "Delete a return.", ret.OrderReturnDeleteParams, r.DeletedFlagResult,
       {"return_id": "41", "order_id": "579"}),
    _m("return.list", "list", "Returns, filtered and paged.", ret.ReturnListParams, r.ReturnListResult,
       {"status": "1"}, items="returns", count="total_count", default_params="id,order_products"),
    _m("return.count", "count", "How many returns match.", ret.ReturnCountParams, r.ReturnCountResult,
       {}, count="returns_count"),
    _m("return.info", "info", "One return.", ret.ReturnInfoParams, Return, {"id": "1"}),
    _m("return.reason.list", "reference", "Return reasons of the store.", ret.ReturnReferenceListParams,
       r.ReturnReasonListResult, {}),
    _m("return.status.list", "reference", "Return statuses of the store.", ret.ReturnReferenceListParams,
       r.ReturnStatusListResult, {}),
    _m("return.action.list", "reference", "Return actions of the store.", ret.ReturnReferenceListParams,
       r.ReturnActionListResult, {}),
    # the store
    _m("cart.info", "info", "The store: name, version, storefronts, currencies, languages, warehouses.",
       ret.CartInfoParams, Cart, {}),
)  # fmt: skip


def catalogue_by_name() -> Mapping[str, CatalogueMethod]:
    """The rows by method name. Raises ValueError if a name appears twice."""
    rows: dict[str, CatalogueMethod] = {}
    for row in CATALOGUE:
        if row.name in rows:
            raise ValueError(f"method {row.name} listed twice")
        rows[row.name] = row
    return MappingProxyType(rows)


def wire_params(params: type[CommonParams], base: type[BaseModel]) -> type[BaseModel]:
    """``params`` with the gateway's ``base`` (Params, ListParams or WriteParams) under it.

    ``params`` comes first in the MRO, so its fields (including the common ones of this module's
    bases, declared with the same names and limits as the gateway's) and validators win; the
    gateway's validators and behaviour (``isinstance(model, ListParams)``, UTC filters) still apply.
    """
    return type(params.__name__, (params, base), {"__module__": params.__module__, "__doc__": params.__doc__})


def iter_write_methods() -> Iterator[CatalogueMethod]:
    """The rows that change the store (they take an idempotency_key)."""
    return (row for row in CATALOGUE if row.write)
