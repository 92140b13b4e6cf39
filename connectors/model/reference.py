"""Reference lists: order statuses, return reasons/statuses/actions, currencies, languages.

Each platform has its own ids; the defaults below are the Demo platform's lists and the
unified vocabulary a connector maps its platform's states onto where it can.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field, field_validator

from connectors.model.base import A2CModel
from connectors.model.money import is_currency

__all__ = [
    "DEFAULT_ORDER_STATUSES",
    "DEFAULT_RETURN_ACTIONS",
    "DEFAULT_RETURN_REASONS",
    "DEFAULT_RETURN_STATUSES",
    "Currency",
    "Language",
    "OrderStatusRef",
    "ReturnActionRef",
    "ReturnReasonRef",
    "ReturnStatusRef",
    "ids_of",
]


class _Named(A2CModel):
    id: str = Field(min_length=1)
    name: str


class OrderStatusRef(_Named):
    """API2Cart ``Status``: one entry of ``order.status.list`` (``cart_order_statuses``)."""


class ReturnReasonRef(_Named):
    """One entry of ``return.reason.list`` (API2Cart ``Return_Reason``)."""


class ReturnStatusRef(_Named):
    """One entry of ``return.status.list`` (API2Cart ``Return_Status``)."""


class ReturnActionRef(_Named):
    """One entry of ``return.action.list`` (API2Cart ``Return_Action``)."""


class Currency(A2CModel):
    """API2Cart ``Currency``; ``iso3`` is an ISO 4217 code."""

    id: str
    name: str | None = None
    iso3: str
    symbol_left: str = ""
    symbol_right: str | None = None
    rate: float | None = Field(default=None, gt=0)
    avail: bool | None = True
    default: bool | None = False

    @field_validator("iso3")
    @classmethod
    def _known(cls, value: str) -> str:
        if not is_currency(value):
            raise ValueError("not a known ISO 4217 currency")
        return value


class Language(A2CModel):
    """API2Cart ``Language``; ``iso_code`` is an ISO 639-1 code (optionally with a region)."""

    id: str
    iso_code: str = Field(min_length=2, max_length=8)
    name: str


def ids_of(entries: Iterable[_Named]) -> frozenset[str]:
    """The ids of a reference list, to check a write's ids against it."""
    return frozenset(entry.id for entry in entries)


DEFAULT_ORDER_STATUSES: tuple[OrderStatusRef, ...] = tuple(
    OrderStatusRef(id=key, name=name)
    for key, name in (
        ("pending", "Pending"),
        ("processing", "Processing"),
        ("on_hold", "On hold"),
        ("shipped", "Shipped"),
        ("completed", "Completed"),
        ("canceled", "Canceled"),
        ("refunded", "Refunded"),
    )
)

DEFAULT_RETURN_REASONS: tuple[ReturnReasonRef, ...] = tuple(
    ReturnReasonRef(id=key, name=name)
    for key, name in (
        ("1", "Dead on arrival"),
        ("2", "Faulty, please supply details"),
        ("3", "Order error"),
        ("4", "Received wrong item"),
        ("5", "Other, please supply details"),
    )
)

DEFAULT_RETURN_STATUSES: tuple[ReturnStatusRef, ...] = tuple(
    ReturnStatusRef(id=key, name=name)
    for key, name in (("1", "Pending"), ("2", "Awaiting products"), ("3", "Complete"), ("4", "Rejected"))
)

DEFAULT_RETURN_ACTIONS: tuple[ReturnActionRef, ...] = tuple(
    ReturnActionRef(id=key, name=name)
    for key, name in (("1", "Credit issued"), ("2", "Refunded"), ("3", "Replacement sent"))
)
