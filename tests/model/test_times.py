"""Times: timezone-aware UTC inside, API2Cart's A2CDateTime (or ISO text) on the wire."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from connectors.model import Order, Return
from tests.model.builders import order_payload


@pytest.mark.parametrize("naive", ["2025-03-01T10:00:00", "2025-03-01 10:00:00", datetime(2025, 3, 1, 10)])
def test_a_time_without_a_zone_is_refused(naive: object) -> None:
    with pytest.raises(ValidationError, match="timezone") as caught:
        Order.model_validate(order_payload(create_at=naive))
    assert caught.value.errors()[0]["loc"] == ("create_at",)


def test_garbage_time_is_refused() -> None:
    with pytest.raises(ValidationError, match="ISO 8601"):
        Order.model_validate(order_payload(create_at="yesterday"))


@pytest.mark.parametrize(
    "given",
    ["2025-03-01T12:00:00+02:00", "2025-03-01T10:00:00Z", {"value": "2025-03-01T05:00:00-05:00", "format": "x"},
     datetime(2025, 3, 1, 11, tzinfo=timezone(timedelta(hours=1)))],
)  # fmt: skip
def test_times_are_normalised_to_utc(given: object, make_order: Callable[..., Order]) -> None:
    order = make_order(create_at=given)
    assert order.create_at == datetime(2025, 3, 1, 10, tzinfo=UTC)
    assert order.create_at.tzinfo is UTC


def test_times_leave_as_a2c_datetime_objects_in_utc(make_order: Callable[..., Order]) -> None:
    wire = make_order(create_at="2025-03-01T12:00:00.750+02:00").model_dump(mode="json")
    assert wire["create_at"] == {"value": "2025-03-01T10:00:00+00:00", "format": "Y-m-d\\TH:i:sP"}
    assert datetime.fromisoformat(wire["create_at"]["value"]).utcoffset() == timedelta(0)


def test_return_times_are_plain_iso_strings_as_api2cart_types_them() -> None:
    returned = Return.model_validate(
        {"id": "1", "status": {"id": "1", "name": "Pending"}, "created_at": "2025-03-01T10:00:00-01:00"}
    )
    assert returned.model_dump(mode="json")["created_at"] == "2025-03-01T11:00:00+00:00"


def test_python_mode_keeps_datetime_objects(make_order: Callable[..., Order]) -> None:
    assert isinstance(make_order().model_dump()["create_at"], datetime)
