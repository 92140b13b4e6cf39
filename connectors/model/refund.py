"""Refunds as API2Cart's ``Order_Refund``: money given back on an order, per item or as a whole."""

from __future__ import annotations

from pydantic import Field

from connectors.model.base import A2CModel, UtcDateTime
from connectors.model.money import Amount

__all__ = ["Refund", "RefundItem"]


class RefundItem(A2CModel):
    """API2Cart ``Order_Status_Refund_Item``: quantity and amount refunded for one order line."""

    product_id: str | None = None
    variant_id: str | None = None
    order_product_id: str | None = None
    qty: int | None = Field(default=None, ge=0)
    refund: Amount | None = Field(default=None, ge=0)


class Refund(A2CModel):
    """API2Cart ``Order_Refund``; ``total`` includes ``shipping`` and ``fee``."""

    id: str | None = None
    shipping: Amount | None = Field(default=None, ge=0)
    fee: Amount | None = Field(default=None, ge=0)
    tax: Amount | None = Field(default=None, ge=0)
    total: Amount | None = Field(default=None, ge=0)
    modified_time: UtcDateTime | None = None
    comment: str | None = None
    items: list[RefundItem] = Field(default_factory=list)
