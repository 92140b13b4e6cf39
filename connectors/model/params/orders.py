"""Parameters of the order, shipment and refund methods (API2Cart's names).

``order.add`` holds the CartRover totals rules on what the caller sends (see
``connectors.model.order``): a breach is refused with InvalidParameter naming the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from connectors.model.money import check_amount, is_currency
from connectors.model.params.common import (
    CommonCountParams,
    CommonListParams,
    CommonParams,
    CommonWriteParams,
    EntityId,
    IdList,
    ParamTime,
    Quantity,
    WriteAmount,
)
from gateway.errors import InvalidParameter, MissingParameter

__all__ = [
    "OrderAddItemParam",
    "OrderAddParams",
    "OrderCountParams",
    "OrderInfoParams",
    "OrderListParams",
    "OrderRefundAddParams",
    "OrderShipmentAddParams",
    "OrderShipmentDeleteParams",
    "OrderShipmentInfoParams",
    "OrderShipmentListParams",
    "OrderShipmentUpdateParams",
    "OrderStatusListParams",
    "OrderUpdateParams",
    "RefundItemParam",
    "ShipmentItemParam",
    "TrackingNumberParam",
]

_ZERO = Decimal(0)


class _OrderFilters(BaseModel):
    ids: IdList | None = Field(default=None, description="Only these orders (by id), e.g. 24,25.")
    order_ids: IdList | None = Field(default=None, description="Only these orders (by order_id).")
    since_id: EntityId | None = None
    store_id: EntityId | None = None
    customer_id: EntityId | None = None
    customer_email: str | None = Field(default=None, min_length=3, max_length=254)
    order_status: str | None = Field(default=None, min_length=1, max_length=64, description="A status id.")
    financial_status: str | None = Field(default=None, max_length=64)
    fulfillment_status: str | None = Field(default=None, max_length=64)
    shipping_method: str | None = Field(default=None, max_length=255)


class OrderListParams(CommonListParams, _OrderFilters):
    """``order.list``."""

    currency_id: EntityId | None = None
    skip_order_ids: IdList | None = None
    sort_by: Literal["order_id", "id", "create_at", "modified_at"] = "order_id"
    sort_direction: Literal["asc", "desc"] = "asc"


class OrderCountParams(CommonCountParams, _OrderFilters):
    """``order.count``."""


class OrderInfoParams(CommonParams):
    """``order.info``: by ``id`` or by ``order_id`` (one of them is required)."""

    id: EntityId | None = None
    order_id: EntityId | None = None
    store_id: EntityId | None = None

    @model_validator(mode="after")
    def _one_id(self) -> OrderInfoParams:
        """Raises MissingParameter (114) when neither id nor order_id is given."""
        if self.id is None and self.order_id is None:
            raise MissingParameter("Parameter 'order_id' (or 'id') is required", field="order_id")
        return self


class OrderAddItemParam(BaseModel):
    """One ``order_item[]`` line of ``order.add``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    order_item_id: EntityId = Field(description="The product id.")
    order_item_name: str = Field(min_length=1, max_length=255)
    order_item_model: str | None = Field(default=None, max_length=255)
    order_item_price: WriteAmount
    order_item_quantity: int = Field(ge=1, le=1_000_000)
    order_item_variant_id: EntityId | None = None
    order_item_tax: WriteAmount | None = Field(default=None, description="Tax on the whole line.")
    order_item_weight: WriteAmount | None = None


class OrderAddParams(CommonWriteParams):
    """``order.add``: API2Cart's required fields; totals, when given, must obey the rules."""

    order_id: EntityId | None = None
    store_id: EntityId | None = None
    order_status: str = Field(min_length=1, max_length=64)
    customer_email: str = Field(min_length=3, max_length=254)
    customer_first_name: str | None = Field(default=None, max_length=255)
    customer_last_name: str | None = Field(default=None, max_length=255)
    customer_phone: str | None = Field(default=None, max_length=64)
    order_payment_method: str | None = Field(default=None, max_length=255)
    order_shipping_method: str | None = Field(default=None, max_length=255)
    currency: str | None = Field(default=None, description="ISO 4217 code; the store's default if absent.")
    date: ParamTime | None = None
    bill_first_name: str = Field(min_length=1, max_length=255)
    bill_last_name: str = Field(min_length=1, max_length=255)
    bill_address_1: str = Field(min_length=1, max_length=255)
    bill_address_2: str | None = Field(default=None, max_length=255)
    bill_city: str = Field(min_length=1, max_length=255)
    bill_postcode: str = Field(min_length=1, max_length=32)
    bill_state: str = Field(min_length=1, max_length=255)
    bill_country: str = Field(min_length=2, max_length=3)
    bill_company: str | None = Field(default=None, max_length=255)
    bill_phone: str | None = Field(default=None, max_length=64)
    shipp_first_name: str | None = Field(default=None, max_length=255)
    shipp_last_name: str | None = Field(default=None, max_length=255)
    shipp_address_1: str | None = Field(default=None, max_length=255)
    shipp_address_2: str | None = Field(default=None, max_length=255)
    shipp_city: str | None = Field(default=None, max_length=255)
    shipp_postcode: str | None = Field(default=None, max_length=32)
    shipp_state: str | None = Field(default=None, max_length=255)
    shipp_country: str | None = Field(default=None, min_length=2, max_length=3)
    subtotal_price: WriteAmount | None = None
    tax_price: WriteAmount | None = None
    shipping_price: WriteAmount | None = None
    discount: WriteAmount | None = Field(default=None, description="Positive amount taken off the total.")
    total_price: WriteAmount | None = None
    total_paid: WriteAmount | None = None
    comment: str | None = Field(default=None, max_length=65535)
    send_notifications: bool = False
    order_item: list[OrderAddItemParam] = Field(min_length=1, max_length=500)

    money_fields: ClassVar[tuple[str, ...]] = (
        "subtotal_price", "tax_price", "shipping_price", "discount", "total_price", "total_paid",
    )  # fmt: skip

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str | None) -> str | None:
        if value is not None and not is_currency(value):
            raise ValueError("not a known ISO 4217 currency")
        return value

    @model_validator(mode="after")
    def _totals_rules(self) -> OrderAddParams:
        """Raises InvalidParameter (109) naming the first amount that breaks a rule or the decimals."""
        if self.currency is not None:
            for name in self.money_fields:
                value = getattr(self, name)
                if value is not None:
                    check_amount(value, self.currency, field=name)
            for index, item in enumerate(self.order_item):
                check_amount(item.order_item_price, self.currency, field=f"order_item.{index}.order_item_price")
        subtotal = sum((item.order_item_price * item.order_item_quantity for item in self.order_item), _ZERO)
        if self.subtotal_price is not None and self.subtotal_price != subtotal:
            raise InvalidParameter(
                "Parameter 'subtotal_price' is not the sum of order_item price x quantity", field="subtotal_price"
            )
        line_taxes = [item.order_item_tax for item in self.order_item]
        if self.tax_price is not None and all(tax is not None for tax in line_taxes):
            if sum((tax for tax in line_taxes if tax is not None), _ZERO) != self.tax_price:
                raise InvalidParameter("Parameter 'tax_price' is not the sum of order_item_tax", field="tax_price")
        if self.total_price is not None:
            base = self.subtotal_price if self.subtotal_price is not None else subtotal
            grand = base + (self.tax_price or _ZERO) + (self.shipping_price or _ZERO) - (self.discount or _ZERO)
            if grand != self.total_price:
                raise InvalidParameter(
                    "Parameter 'total_price' is not subtotal + tax + shipping - discount", field="total_price"
                )
        return self


class OrderUpdateParams(CommonWriteParams):
    """``order.update``: status, comments and dates of an existing order."""

    order_id: EntityId
    store_id: EntityId | None = None
    order_status: str | None = Field(default=None, min_length=1, max_length=64)
    financial_status: str | None = Field(default=None, max_length=64)
    fulfillment_status: str | None = Field(default=None, max_length=64)
    cancellation_reason: str | None = Field(default=None, max_length=255)
    comment: str | None = Field(default=None, max_length=65535)
    admin_comment: str | None = Field(default=None, max_length=65535)
    date_modified: ParamTime | None = None
    date_finished: ParamTime | None = None
    send_notifications: bool = False


class OrderStatusListParams(CommonParams):
    """``order.status.list``."""

    store_id: EntityId | None = None
    action: Literal["add", "update"] | None = None


class OrderShipmentListParams(CommonListParams):
    """``order.shipment.list``: the shipments of one order."""

    order_id: EntityId
    store_id: EntityId | None = None


class OrderShipmentInfoParams(CommonParams):
    """``order.shipment.info``."""

    id: EntityId
    order_id: EntityId
    store_id: EntityId | None = None


class ShipmentItemParam(BaseModel):
    """One ``items[]`` line: units of an order line in the parcel."""

    model_config = ConfigDict(extra="forbid")

    order_product_id: EntityId
    quantity: int = Field(ge=1, le=1_000_000)


class TrackingNumberParam(BaseModel):
    """One ``tracking_numbers[]`` entry."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    carrier_id: str = Field(min_length=1, max_length=64)
    tracking_number: str = Field(min_length=1, max_length=255)


class OrderShipmentAddParams(CommonWriteParams):
    """``order.shipment.add``: no items means every unit not yet shipped."""

    order_id: EntityId
    warehouse_id: EntityId | None = None
    store_id: EntityId | None = None
    shipment_provider: str | None = Field(default=None, max_length=255)
    shipping_method: str | None = Field(default=None, max_length=255)
    items: list[ShipmentItemParam] | None = Field(default=None, max_length=500)
    tracking_numbers: list[TrackingNumberParam] | None = Field(default=None, max_length=50)
    tracking_link: str | None = Field(default=None, max_length=2048)
    is_shipped: bool = True
    send_notifications: bool = False
    adjust_stock: bool = False


class OrderShipmentUpdateParams(CommonWriteParams):
    """``order.shipment.update``: tracking and delivery state of a shipment."""

    shipment_id: EntityId
    order_id: EntityId
    store_id: EntityId | None = None
    shipment_provider: str | None = Field(default=None, max_length=255)
    tracking_numbers: list[TrackingNumberParam] | None = Field(default=None, max_length=50)
    tracking_link: str | None = Field(default=None, max_length=2048)
    is_shipped: bool | None = None
    delivered_at: ParamTime | None = None
    replace: bool = Field(default=True, description="Replace the tracking numbers instead of adding them.")


class OrderShipmentDeleteParams(CommonWriteParams):
    """``order.shipment.delete``."""

    shipment_id: EntityId
    order_id: EntityId
    store_id: EntityId | None = None


class RefundItemParam(BaseModel):
    """One ``items[]`` line of ``order.refund.add``."""

    model_config = ConfigDict(extra="forbid")

    order_product_id: EntityId
    quantity: Quantity
    price: WriteAmount | None = Field(default=None, description="Amount refunded for the line.")


class OrderRefundAddParams(CommonWriteParams):
    """``order.refund.add``: per item, or a whole amount with ``total_price``."""

    money_fields: ClassVar[tuple[str, ...]] = ("total_price", "shipping_price", "fee_price")

    order_id: EntityId
    store_id: EntityId | None = None
    items: list[RefundItemParam] | None = Field(default=None, max_length=500)
    total_price: WriteAmount | None = None
    shipping_price: WriteAmount | None = None
    fee_price: WriteAmount | None = None
    message: str | None = Field(default=None, max_length=65535)
    item_restock: bool = False
    send_notifications: bool = False
    date: ParamTime | None = None
    is_online: bool = False

    @model_validator(mode="after")
    def _something_to_refund(self) -> OrderRefundAddParams:
        """Raises MissingParameter (114) when neither items nor total_price is given."""
        if not self.items and self.total_price is None:
            raise MissingParameter("Parameter 'items' (or 'total_price') is required", field="items")
        return self
