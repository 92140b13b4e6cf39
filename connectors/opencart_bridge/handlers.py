"""Every unified method the OpenCart connector answers, by name."""

from __future__ import annotations

from connectors.opencart_bridge import products
from connectors.spec import Handler

__all__ = ["HANDLERS"]

HANDLERS: dict[str, Handler] = {
    "product.list": products.product_list, "product.count": products.product_count,
    "product.info": products.product_info,
}  # fmt: skip
