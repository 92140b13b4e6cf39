"""Shipments as API2Cart's ``Shipment``: what left the warehouse for an order, with tracking."""

from __future__ import annotations

from pydantic import Field

from connectors.model.base import A2CModel, UtcDateTime
from connectors.model.money import Amount

__all__ = ["Shipment", "ShipmentItem", "TrackingNumber"]


class TrackingNumber(A2CModel):
    """API2Cart ``Shipment_TrackingNumber``."""

    carrier_id: str | None = None
    tracking_number: str | None = None


class ShipmentItem(A2CModel):
    """API2Cart ``Shipment_Item``: quantity of one order line in the parcel."""

    order_product_id: str | None = None
    product_id: str | None = None
    variant_id: str | None = None
    model: str | None = None
    name: str | None = None
    price: Amount | None = Field(default=None, ge=0)
    quantity: int | None = Field(default=None, ge=0)


class Shipment(A2CModel):
    """API2Cart ``Shipment``."""

    id: str
    order_id: str
    name: str | None = None
    warehouse_id: str | None = None
    shipment_provider: str | None = None
    tracking_numbers: list[TrackingNumber] = Field(default_factory=list)
    created_at: UtcDateTime | None = None
    modified_time: UtcDateTime | None = None
    items: list[ShipmentItem] = Field(default_factory=list)
    is_shipped: bool | None = True
    delivered_at: UtcDateTime | None = None
