"""Refusing what a platform cannot take: a parameter the caller set is applied or refused (109), never dropped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from gateway.errors import InvalidParameter, MissingParameter

__all__ = ["refuse_other_parameters", "single_tracking_number", "stock_quantity"]

# Parameters every method takes that shape the answer, not the write.
_ANSWER_SHAPING = frozenset({"params", "exclude", "response_fields", "idempotency_key"})


def _asks_for_something(value: Any) -> bool:
    return value not in (None, False, "", [], {})


def refuse_other_parameters(params: BaseModel, applied: Iterable[str], platform: str) -> None:
    """Raises InvalidParameter (109) naming the first parameter the caller set that the connector does not apply.

    A parameter sent with an empty value (None, false, "", [], {}) asks for nothing and passes.
    """
    allowed = _ANSWER_SHAPING | set(applied)
    for name in sorted(params.model_fields_set - allowed):
        if _asks_for_something(getattr(params, name, None)):
            raise InvalidParameter(f"{platform} cannot take '{name}' here", field=name)


def single_tracking_number(params: Any, platform: str) -> Any:
    """The one tracking number of an ``order.shipment.add`` (None when none is given).

    Raises InvalidParameter (109) for several: the platform records one per order.
    """
    numbers = [t for t in params.tracking_numbers or [] if getattr(t, "tracking_number", None)]
    if len(numbers) > 1:
        raise InvalidParameter(f"{platform} records one tracking number per order; send one",
                               field="tracking_numbers")  # fmt: skip
    return numbers[0] if numbers else None


def stock_quantity(params: BaseModel, platform: str) -> int:
    """The absolute ``quantity`` of a ``product.update`` on a platform that only sets stock.

    Raises InvalidParameter (109) naming any other field the caller set, MissingParameter (114) without quantity.
    """
    others = sorted(params.model_fields_set - _ANSWER_SHAPING - {"id", "quantity"})
    if others:
        raise InvalidParameter(f"{platform} can only change stock (quantity), not '{others[0]}'", field=others[0])
    quantity = getattr(params, "quantity", None)
    if quantity is None:
        raise MissingParameter(f"Parameter 'quantity' is required: {platform} updates set stock", field="quantity")
    return int(quantity)
