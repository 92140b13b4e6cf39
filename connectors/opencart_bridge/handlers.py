"""Every unified method the OpenCart connector answers, by name."""

from __future__ import annotations

from connectors.opencart_bridge import (
    assign_writes,
    category_writes,
    customer_writes,
    order_add,
    orders,
    people,
    product_find,
    product_writes,
    products,
    returns,
    shop_info,
    variant_add,
    variant_writes,
    variants,
    writes,
)
from connectors.spec import Handler

__all__ = ["HANDLERS"]

HANDLERS: dict[str, Handler] = {
    "product.list": products.product_list, "product.count": products.product_count,
    "product.info": products.product_info,
    "category.list": people.category_list, "category.count": people.category_count,
    "category.info": people.category_info,
    "customer.list": people.customer_list, "customer.count": people.customer_count,
    "customer.info": people.customer_info,
    "order.list": orders.order_list, "order.count": orders.order_count, "order.info": orders.order_info,
    "order.status.list": orders.order_status_list,
    "return.list": returns.return_list, "return.count": returns.return_count, "return.info": returns.return_info,
    "return.reason.list": returns.return_reason_list, "return.status.list": returns.return_status_list,
    "return.action.list": returns.return_action_list,
    "order.update": writes.order_update, "order.return.add": writes.order_return_add,
    "order.return.update": writes.order_return_update,
    "product.add": product_writes.product_add, "product.update": product_writes.product_update,
    "product.delete": product_writes.product_delete, "product.variant.update": variant_writes.variant_update,
    "product.find": product_find.product_find, "order.add": order_add.order_add,
    "product.variant.add": variant_add.variant_add, "product.variant.delete": variant_add.variant_delete,
    "category.add": category_writes.category_add, "category.update": category_writes.category_update,
    "category.delete": category_writes.category_delete,
    "customer.add": customer_writes.customer_add, "customer.update": customer_writes.customer_update,
    "customer.find": customer_writes.customer_find,
    "cart.info": shop_info.cart_info,
    "category.assign": assign_writes.category_assign, "category.unassign": assign_writes.category_unassign,
    "customer.delete": assign_writes.customer_delete, "order.return.delete": assign_writes.order_return_delete,
    "product.variant.list": variants.variant_list, "product.variant.count": variants.variant_count,
    "product.variant.info": variants.variant_info, "product.child_item.list": variants.child_item_list,
    "product.child_item.info": variants.child_item_info,
}  # fmt: skip
