"""Returns (RMAs) as API2Cart's ``Return`` schema, and the checks a return request must pass.

A return names order lines, quantities, a reason, a status and an action, each from the
platform's reference lists (``return.reason.list`` ...). ``check_return_request`` is what every
connector runs before writing one, so the same bad input gets the same coded error everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import Field

from connectors.model.base import A2CModel, UtcIsoString
from connectors.model.order import Order
from connectors.model.reference import ReturnActionRef, ReturnReasonRef, ReturnStatusRef
from gateway.errors import InvalidParameter

__all__ = ["Return", "ReturnLine", "ReturnOrderProduct", "check_return_request", "returned_quantities"]


class ReturnOrderProduct(A2CModel):
    """API2Cart ``Return_OrderProduct``: one order line being returned."""

    product_id: str | None = None
    order_product_id: str
    sku: str | None = None
    name: str | None = None
    quantity: int = Field(ge=1)
    reason: ReturnReasonRef
    action: ReturnActionRef | None = None
    condition: str | None = None
    customer_comment: str | None = None


class Return(A2CModel):
    """API2Cart ``Return``; its times are plain ISO 8601 strings, as API2Cart types them."""

    id: str
    name: str | None = None
    order_id: str | None = None
    customer_id: str | None = None
    store_id: str | None = None
    created_at: UtcIsoString | None = None
    modified_at: UtcIsoString | None = None
    status: ReturnStatusRef
    order_products: list[ReturnOrderProduct] = Field(default_factory=list)
    comment: str | None = None
    staff_note: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnLine:
    """One requested line of ``order.return.add`` / ``update`` (API2Cart's ``order_products[]``)."""

    order_product_id: str
    quantity: int
    reason_id: str | None = None
    action_id: str | None = None


def returned_quantities(returns: Iterable[Return], *, skip_return_id: str | None = None) -> dict[str, int]:
    """Units already under return per order line (a return being updated is left out)."""
    counts: dict[str, int] = {}
    for existing in returns:
        if existing.id == skip_return_id:
            continue
        for line in existing.order_products:
            counts[line.order_product_id] = counts.get(line.order_product_id, 0) + line.quantity
    return counts


def _known(value: str | None, allowed: frozenset[str], field: str) -> None:
    if value is not None and value not in allowed:
        raise InvalidParameter(f"Parameter '{field}' names no entry of the platform's list", field=field)


def check_return_request(
    order: Order,
    lines: Sequence[ReturnLine],
    *,
    status_id: str | None,
    reason_id: str | None,
    action_id: str | None,
    statuses: Iterable[ReturnStatusRef],
    reasons: Iterable[ReturnReasonRef],
    actions: Iterable[ReturnActionRef],
    already_returned: Mapping[str, int] | None = None,
) -> None:
    """Refuses a return the order cannot hold; returns None when it can.

    Raises InvalidParameter (109) naming the field: an unknown status/reason/action id, a line
    that is not in the order, a quantity below 1, or more units than were ordered minus those
    already under return. Nothing is written by this function.
    """
    status_ids = frozenset(entry.id for entry in statuses)
    reason_ids = frozenset(entry.id for entry in reasons)
    action_ids = frozenset(entry.id for entry in actions)
    _known(status_id, status_ids, "return_status_id")
    _known(reason_id, reason_ids, "return_reason_id")
    _known(action_id, action_ids, "return_action_id")
    if not lines:
        raise InvalidParameter("Parameter 'order_products' must name at least one line", field="order_products")
    ordered = {item.order_product_id: item.quantity for item in order.order_products if item.order_product_id}
    taken = dict(already_returned or {})
    for index, line in enumerate(lines):
        prefix = f"order_products.{index}."
        if line.order_product_id not in ordered:
            field = prefix + "order_product_id"
            raise InvalidParameter(f"Parameter '{field}' is not a line of this order", field=field)
        _known(line.reason_id, reason_ids, prefix + "order_product_reason_id")
        _known(line.action_id, action_ids, prefix + "order_product_action_id")
        if line.reason_id is None and reason_id is None:
            field = prefix + "order_product_reason_id"
            raise InvalidParameter(f"Parameter '{field}' is required without return_reason_id", field=field)
        field = prefix + "order_product_quantity"
        if line.quantity < 1:
            raise InvalidParameter(f"Parameter '{field}' must be at least 1", field=field)
        taken[line.order_product_id] = taken.get(line.order_product_id, 0) + line.quantity
        if taken[line.order_product_id] > ordered[line.order_product_id]:
            raise InvalidParameter(f"Parameter '{field}' returns more units than the order line holds", field=field)
