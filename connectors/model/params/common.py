"""Shared parameter pieces: the common paging/selection bases, id types and write amounts.

The gateway core owns the common parameters (``gateway.methods.table.Params`` / ``ListParams``
/ ``WriteParams``). The bases below declare the same fields with the same names so the models
here validate on their own; the gateway swaps them for its own with ``rebase`` (see
docs/model.md), which keeps only the method's own fields from these models.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from connectors.model.base import parse_iso_time
from connectors.model.money import MAX_MINOR_UNITS, check_amount, decimals_of

__all__ = [
    "CommonCountParams",
    "CommonListParams",
    "CommonParams",
    "CommonWriteParams",
    "EntityId",
    "IdList",
    "ParamTime",
    "Quantity",
    "WriteAmount",
    "check_prices",
    "method_fields",
    "split_ids",
]


def _filter_time(value: object) -> object:
    # API2Cart documents "Y-m-d H:i:s" without a zone for filters: such a time is taken as UTC.
    if isinstance(value, str):
        value = parse_iso_time(value, "time is not ISO 8601 (e.g. 2025-01-31T10:00:00+00:00)")
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


# A filter or write time: ISO 8601, naive taken as UTC, always stored aware in UTC.
ParamTime = Annotated[datetime, BeforeValidator(_filter_time)]

# Platform ids are strings: digits on most carts, GIDs on Shopify (gid://shopify/Product/1).
EntityId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


def split_ids(value: str | None) -> list[str]:
    """``"4, 5,6"`` as ``["4", "5", "6"]``; None or "" as []."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _id_list(value: str) -> str:
    ids = split_ids(value)
    if not ids:
        raise ValueError("give at least one id, comma-separated")
    if len(ids) > 250:
        raise ValueError("at most 250 ids")
    if any(len(one) > 255 for one in ids):
        raise ValueError("an id is longer than 255 characters")
    return ",".join(ids)


# Comma-separated ids, as API2Cart takes them (product_ids=4,5).
IdList = Annotated[str, AfterValidator(_id_list)]


def _max_decimals(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("not a finite amount")
    if decimals_of(value) > MAX_MINOR_UNITS:
        raise ValueError(f"more than {MAX_MINOR_UNITS} decimals")
    return value


# An amount on a write: not negative, at most 4 decimals; the currency's own rule is checked by
# ``check_prices`` once the store currency is known.
WriteAmount = Annotated[Decimal, Field(ge=0, le=Decimal("99999999999")), AfterValidator(_max_decimals)]

# Units of a product: whole and not negative.
Quantity = Annotated[int, Field(ge=0, le=1_000_000_000)]


class CommonParams(BaseModel):
    """Mirrors ``gateway.methods.table.Params``: unknown parameters refused; field selection."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    params: str | None = Field(default=None, description="Comma-separated fields to return, or force_all.")
    exclude: str | None = Field(default=None, description="Comma-separated fields to leave out.")
    response_fields: str | None = Field(default=None, description="Fields of the whole response to keep.")


class CommonCountParams(CommonParams):
    """Time filters of list and count methods (count methods take no paging)."""

    # Windows are half-open, inclusive at the right end (from < t <= to), as the issue states, so
    # consecutive windows never share a record.
    created_from: ParamTime | None = Field(default=None, description="Created after this time (exclusive, UTC).")
    created_to: ParamTime | None = Field(default=None, description="Created at or before (inclusive, UTC).")
    modified_from: ParamTime | None = Field(default=None, description="Modified after this time (exclusive, UTC).")
    modified_to: ParamTime | None = Field(default=None, description="Modified at or before (inclusive, UTC).")


class CommonListParams(CommonCountParams):
    """Mirrors ``gateway.methods.table.ListParams``: paging plus the time filters."""

    start: int = Field(default=0, ge=0, description="Offset of the first item (ignored with page_cursor).")
    count: int = Field(default=10, ge=1, le=250, description="Items per page (1-250).")
    page_cursor: str | None = Field(default=None, description="Opaque cursor from pagination.next.")


class CommonWriteParams(CommonParams):
    """Mirrors ``gateway.methods.table.WriteParams``: every write takes an idempotency_key.

    ``money_fields`` names the amounts ``check_prices`` holds to the store currency's decimals.
    """

    money_fields: ClassVar[tuple[str, ...]] = ()

    idempotency_key: str | None = Field(
        default=None, min_length=1, max_length=255, description="Replays the first response for 15 minutes."
    )


_COMMON_FIELDS = frozenset(CommonListParams.model_fields) | frozenset(CommonWriteParams.model_fields)


def method_fields(model: type[BaseModel]) -> list[str]:
    """The fields a method declares itself (what is left after the common bases)."""
    return [name for name in model.model_fields if name not in _COMMON_FIELDS]


def check_prices(params: CommonWriteParams, currency: str, fields: Iterable[str] | None = None) -> None:
    """Holds each amount named in ``money_fields`` to ``currency``'s decimals.

    Raises InvalidParameter (109) naming the first amount that does not fit (or ``currency``).
    """
    for name in fields if fields is not None else params.money_fields:
        value = getattr(params, name, None)
        if isinstance(value, Decimal):
            check_amount(value, currency, field=name)
