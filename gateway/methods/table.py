"""The one method table: name, parameter model, read or write, store needed, handler.

It alone drives request validation, ``cart.methods``, the OpenAPI document and the conformance
tests. A method either has a gateway ``handler`` (account and cart bookkeeping) or is dispatched
to the store's connector (``connectors.spec.ConnectorSpec.handlers``) by name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    from gateway.methods.call import Call

__all__ = [
    "BuiltinHandler",
    "ListParams",
    "MethodSpec",
    "MethodTable",
    "Page",
    "Params",
    "WriteParams",
]

BuiltinHandler = Callable[["Call", Any], Awaitable[Any]]


class Params(BaseModel):
    """Base of every method's parameters: unknown parameters are refused, naming them.

    ``params`` / ``exclude`` / ``response_fields`` are applied by the gateway to whatever the
    method returns, so every method takes them.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    params: str | None = Field(
        default=None, description="Comma-separated fields to return for each item, or force_all."
    )
    exclude: str | None = Field(default=None, description="Comma-separated fields to leave out.")
    response_fields: str | None = Field(
        default=None,
        description="Fields of the whole response to keep, e.g. {return_code,result{product{id,name}}}.",
    )


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ListParams(Params):
    """Paging and time filters shared by every list method.

    A handler reads ``ConnectorContext.cursor_state`` (the state it put in its previous
    ``Page.next_state``, verified by the gateway) instead of ``page_cursor``.
    """

    start: int = Field(default=0, ge=0, description="Offset of the first item (ignored with page_cursor).")
    count: int = Field(default=10, ge=1, le=250, description="Items per page (1-250).")
    page_cursor: str | None = Field(default=None, description="Opaque cursor from pagination.next.")
    created_from: datetime | None = Field(default=None, description="Created after (UTC); window (from, to].")
    created_to: datetime | None = Field(default=None, description="Created at or before (UTC).")
    modified_from: datetime | None = Field(default=None, description="Modified after (UTC); window (from, to].")
    modified_to: datetime | None = Field(default=None, description="Modified at or before (UTC).")

    @field_validator("created_from", "created_to", "modified_from", "modified_to")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)  # naive times are taken as UTC


class WriteParams(Params):
    """Every write takes an idempotency_key: the same key replays the first response (15 min)."""

    idempotency_key: str | None = Field(
        default=None, min_length=1, max_length=255, description="Replays the first response for 15 minutes."
    )


@dataclass(frozen=True, slots=True)
class Page:
    """What a list handler returns: the result and where the next/previous pages start."""

    result: Any
    next_state: dict[str, Any] | None = None
    previous_state: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """One row of the table."""

    name: str
    params: type[Params]
    write: bool
    needs_store: bool
    summary: str
    handler: BuiltinHandler | None = None
    items_field: str | None = None
    example: Mapping[str, Any] = field(default_factory=dict)
    tag: str = "store"

    def __post_init__(self) -> None:
        if self.write and not issubclass(self.params, WriteParams):
            raise TypeError(f"{self.name}: write methods take WriteParams (idempotency_key)")
        if not self.write and issubclass(self.params, WriteParams):
            raise TypeError(f"{self.name}: read methods must not take idempotency_key")


class MethodTable:
    """Methods by name; a duplicate or malformed row fails when the table is built."""

    def __init__(self, specs: Iterable[MethodSpec]) -> None:
        self._specs: dict[str, MethodSpec] = {}
        for spec in specs:
            if spec.name in self._specs:
                raise ValueError(f"method {spec.name} registered twice")
            self._specs[spec.name] = spec

    def get(self, name: str) -> MethodSpec | None:
        return self._specs.get(name)

    def __iter__(self) -> Iterator[MethodSpec]:
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    def names(self) -> list[str]:
        return sorted(self._specs)
