"""Parameters of the return (RMA) methods and their reference lists (API2Cart's names)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from connectors.model.params.common import (
    CommonCountParams,
    CommonListParams,
    CommonParams,
    CommonWriteParams,
    EntityId,
    IdList,
    WriteAmount,
)
from connectors.model.returns import ReturnLine

__all__ = [
    "CartInfoParams",
    "OrderReturnAddParams",
    "OrderReturnDeleteParams",
    "OrderReturnUpdateParams",
    "ReturnAddLineParam",
    "ReturnCountParams",
    "ReturnInfoParams",
    "ReturnListParams",
    "ReturnReferenceListParams",
    "ReturnUpdateLineParam",
]


class ReturnAddLineParam(BaseModel):
    """One ``order_products[]`` line of ``order.return.add``; reason and action are required per line."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    order_product_id: EntityId
    order_product_quantity: int = Field(ge=1, le=1_000_000)
    order_product_reason_id: EntityId
    order_product_action_id: EntityId
    order_product_customer_comment: str | None = Field(default=None, max_length=65535)
    order_product_condition: str | None = Field(default=None, max_length=255)
    order_product_status: str | None = Field(default=None, max_length=64)


class ReturnUpdateLineParam(BaseModel):
    """One ``order_products[]`` line of ``order.return.update``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    order_product_id: EntityId
    order_product_quantity: int = Field(ge=1, le=1_000_000)
    order_product_action_id: EntityId
    order_product_status: str | None = Field(default=None, max_length=64)


class _ReturnWriteFields(BaseModel):
    store_id: EntityId | None = None
    item_restock: bool = False
    staff_note: str | None = Field(default=None, max_length=65535)
    comment: str | None = Field(default=None, max_length=65535)
    message: str | None = Field(default=None, max_length=65535)
    send_notifications: bool = False
    reject_reason: str | None = Field(default=None, max_length=255)
    fee_price: WriteAmount | None = None
    shipping_price: WriteAmount | None = None


class OrderReturnAddParams(CommonWriteParams, _ReturnWriteFields):
    """``order.return.add``: order, lines with quantities, reason, status and action are required.

    The ids are checked against the platform's lists and the quantities against the order by
    ``connectors.model.returns.check_return_request`` once the connector has loaded them.
    """

    order_id: EntityId
    return_status_id: EntityId
    return_action_id: EntityId
    return_reason_id: EntityId
    order_products: list[ReturnAddLineParam] = Field(min_length=1, max_length=500)

    def lines(self) -> list[ReturnLine]:
        return [
            ReturnLine(line.order_product_id, line.order_product_quantity,
                       line.order_product_reason_id, line.order_product_action_id)
            for line in self.order_products
        ]  # fmt: skip


class OrderReturnUpdateParams(CommonWriteParams, _ReturnWriteFields):
    """``order.return.update``: new status, action or quantities of an existing return."""

    return_id: EntityId
    order_id: EntityId | None = None
    return_status_id: EntityId | None = None
    return_reason_id: EntityId | None = None
    return_action_id: EntityId | None = None
    order_products: list[ReturnUpdateLineParam] = Field(min_length=1, max_length=500)

    def lines(self) -> list[ReturnLine]:
        return [
            ReturnLine(line.order_product_id, line.order_product_quantity, None, line.order_product_action_id)
            for line in self.order_products
        ]


class OrderReturnDeleteParams(CommonWriteParams):
    """``order.return.delete``."""

    return_id: EntityId
    order_id: EntityId
    store_id: EntityId | None = None


class _ReturnFilters(BaseModel):
    order_ids: IdList | None = None
    customer_id: EntityId | None = None
    store_id: EntityId | None = None
    status: EntityId | None = Field(default=None, description="A return status id.")
    return_type: Literal["RMA", "FBA"] | None = None


class ReturnListParams(CommonListParams, _ReturnFilters):
    """``return.list``."""

    order_id: EntityId | None = None


class ReturnCountParams(CommonCountParams, _ReturnFilters):
    """``return.count``."""


class ReturnInfoParams(CommonParams):
    """``return.info``."""

    id: EntityId
    order_id: EntityId | None = None
    store_id: EntityId | None = None


class ReturnReferenceListParams(CommonParams):
    """``return.reason.list``, ``return.status.list``, ``return.action.list``."""

    store_id: EntityId | None = None


class CartInfoParams(CommonParams):
    """``cart.info``."""

    store_id: EntityId | None = None
