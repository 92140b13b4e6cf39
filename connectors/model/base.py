"""What every unified model shares: the pydantic base, UTC times and the id type.

Times are timezone-aware UTC ``datetime`` objects in Python. On the wire they take API2Cart's
``A2CDateTime`` shape, ``{"value": "2025-03-01T10:00:00+00:00", "format": "Y-m-d\\TH:i:sP"}``:
the value is ISO 8601 (RFC 3339) in UTC and ``format`` is the PHP date format naming it, as
API2Cart sends it. Where API2Cart types a time as a bare string (``Return.created_at``) the model
uses ``UtcIsoString`` and the wire carries the same ISO 8601 text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

__all__ = [
    "A2C_TIME_FORMAT",
    "A2CModel",
    "Extra",
    "UtcDateTime",
    "UtcIsoString",
    "iso_utc",
    "to_a2c_datetime",
]

# PHP date() format of the values cartgate emits: ISO 8601 with a +00:00 offset.
A2C_TIME_FORMAT = "Y-m-d\\TH:i:sP"


def iso_utc(value: datetime) -> str:
    """ISO 8601 text of an aware time, in UTC, whole seconds (``2025-03-01T10:00:00+00:00``)."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def to_a2c_datetime(value: datetime) -> dict[str, str]:
    """The ``A2CDateTime`` object API2Cart sends for a time."""
    return {"value": iso_utc(value), "format": A2C_TIME_FORMAT}


def parse_iso_time(text: str, error: str) -> datetime:
    """ISO 8601 text (a trailing Z means UTC) as a datetime; raises ValueError(error) otherwise."""
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(error) from None


def _aware_utc(value: Any) -> Any:
    """Accepts a datetime, ISO 8601 text or an A2CDateTime dict; refuses times without a zone."""
    if isinstance(value, Mapping):
        value = value.get("value")
    if isinstance(value, str):
        value = parse_iso_time(value, "time is not ISO 8601")
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("time has no timezone (give an offset, e.g. +00:00)")
        return value.astimezone(UTC)
    raise ValueError("time must be ISO 8601 text with an offset")


# A timezone-aware time, normalised to UTC; an A2CDateTime object on the wire.
UtcDateTime = Annotated[
    datetime,
    BeforeValidator(_aware_utc),
    PlainSerializer(to_a2c_datetime, return_type=dict[str, str], when_used="json"),
]

# The same time, where API2Cart's schema types it as a plain ISO 8601 string.
UtcIsoString = Annotated[
    datetime,
    BeforeValidator(_aware_utc),
    PlainSerializer(iso_utc, return_type=str, when_used="json"),
]

# API2Cart's open-ended extension objects on every schema.
Extra = dict[str, Any] | None


class A2CModel(BaseModel):
    """Base of every unified model: unknown fields refused, API2Cart's two extension objects.

    ``additional_fields`` carries platform data with no unified field (API2Cart's convention);
    ``custom_fields`` the store's own custom fields.
    """

    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)

    additional_fields: Extra = Field(default=None)
    custom_fields: Extra = Field(default=None)
