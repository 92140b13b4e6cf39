"""The conformance checks: what every connector must hold, spoken through the gateway's HTTP API.

Each check is ``async def check_x(target) -> None`` and fails with AssertionError naming what
broke. A check that needs a method the connector does not support skips that part (a connector
without writes still has its reads checked); ``CHECKS`` lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from decimal import Decimal
from typing import Any

from connectors.catalogue import CATALOGUE, catalogue_by_name
from connectors.model import Order
from connectors.model.money import minor_units
from connectors.model.order import check_totals
from tests.conformance.target import Target

__all__ = ["CHECKS", "walk"]

Check = Callable[[Target], Awaitable[None]]
# (list method, count method) pairs of the catalogue
PAIRS = [(m.name, m.name.replace(".list", ".count")) for m in CATALOGUE
         if m.kind == "list" and m.name.replace(".list", ".count") in {c.name for c in CATALOGUE}
         and m.name.count(".") == 1]  # fmt: skip
_BY_NAME = catalogue_by_name()
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$")
_AMOUNT = re.compile(r"(^|_)(price|total|subtotal|shipping|tax|discount|amount|cost)$")


def _items(method: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    field = _BY_NAME[method].items_field
    assert field is not None
    items: list[dict[str, Any]] = result[field]
    return items


def _total(method: str, result: dict[str, Any]) -> int:
    field = _BY_NAME[method].count_field
    assert field is not None
    return int(result[field])


Between = Callable[[int], Awaitable[None]]


async def walk(target: Target, method: str, *, per_page: int = 7, during: Between | None = None,
               **params: Any) -> list[str]:  # fmt: skip
    """Every id a list hands out, following ``pagination.next`` to the end; ``during(page)`` runs between pages."""
    ids: list[str] = []
    body = await target.call(method, count=per_page, **params)
    for page in range(10_000):
        assert body["return_code"] == 0, body
        ids += [str(item["id"]) for item in _items(method, body["result"])]
        cursor = body["pagination"]["next"]
        if cursor is None:
            return ids
        if during is not None:
            await during(page)
        body = await target.call(method, count=per_page, page_cursor=cursor, **params)
    raise AssertionError(f"{method}: pagination never ends")


# -- checks -----------------------------------------------------------------------------------
async def check_list_count_agree(target: Target) -> None:
    """A list's total, the count method and the number of items walked are the same number.

    Also inside a ``modified_from`` window, unless list and count both answer 120 for it (no modified time).
    """
    for list_name, count_name in PAIRS:
        if not (target.supports(list_name) and target.supports(count_name)):
            continue
        for window in ({}, {"modified_from": "2025-06-01T00:00:00+00:00"}):
            if window and (await target.call(list_name, count=1, **window))["return_code"] == 120:
                # The platform keeps no modified time for this record type (OpenCart customers): refusing the
                # filter is honest, but then list and count must both refuse it.
                refused = await target.call(count_name, **window)
                assert refused["return_code"] == 120, f"{count_name} {window} answers {refused['return_code']} " \
                                                      f"where {list_name} answers 120"  # fmt: skip
                continue
            listed = _total(list_name, await target.ok(list_name, count=1, **window))
            counted = next(v for k, v in (await target.ok(count_name, **window)).items() if k.endswith("_count"))
            walked = await walk(target, list_name, per_page=50, **window)
            assert listed == counted == len(walked), f"{list_name} {window}: list {listed}, count {counted}, " \
                                                     f"walked {len(walked)}"  # fmt: skip


async def check_pagination_exactly_once(target: Target) -> None:
    """A cursor walk hands out every record exactly once, also while records are added during the walk."""
    for method in ("product.list", "order.list", "customer.list"):
        if not target.supports(method):
            continue
        before = await walk(target, method)
        assert len(before) == len(set(before)), f"{method}: a record came twice"
        total = _total(method, await target.ok(method, count=1))
        assert len(before) == total, f"{method}: walked {len(before)} of {total}"
    if target.supports("product.add") and target.supports("product.list"):
        before = await walk(target, "product.list", sort_by="modified_at")

        async def add(page: int) -> None:
            if page < 3:
                await target.ok(
                    "product.add",
                    name=f"Added {page}",
                    model=f"ADD-{page}",
                    price="1.00",
                    quantity=1,
                    description="Added during a walk.",
                )

        during = await walk(target, "product.list", during=add, sort_by="modified_at")
        assert len(during) == len(set(during)), "product.list: a record came twice while records were added"
        missing = set(before) - set(during)
        assert not missing, f"product.list: {len(missing)} records skipped while records were added"


def _time(value: Any) -> str:
    assert isinstance(value, dict) and set(value) >= {"value", "format"}, f"not an A2CDateTime: {value!r}"
    return str(value["value"])


async def check_modified_window(target: Target) -> None:
    """``modified_from`` is exclusive and ``modified_to`` inclusive: (from, to] windows never share a record."""
    for list_name, count_name, field in (("order.list", "order.count", "modified_at"),
                                         ("product.list", "product.count", "modified_at")):  # fmt: skip
        if not (target.supports(list_name) and target.supports(count_name)):
            continue
        items = _items(list_name, await target.ok(list_name, count=30))
        moments = sorted({_time(item[field]) for item in items if item.get(field)})
        assert len(moments) >= 2, f"{list_name}: too few modified times to check"
        middle = moments[len(moments) // 2]
        chosen = next(str(item["id"]) for item in items if item.get(field) and _time(item[field]) == middle)
        after = await walk(target, list_name, per_page=100, modified_from=middle)
        upto = await walk(target, list_name, per_page=100, modified_to=middle)
        assert chosen not in after, f"{list_name}: modified_from={middle} includes a record modified at {middle}"
        assert chosen in upto, f"{list_name}: modified_to={middle} leaves out a record modified at {middle}"
        everything = _total(list_name, await target.ok(list_name, count=1))
        assert not set(after) & set(upto), f"{list_name}: windows (.., t] and (t, ..) share records"
        assert len(after) + len(upto) == everything, f"{list_name}: (.., t] + (t, ..) != all"


async def check_field_selection(target: Target) -> None:
    """``params`` keeps only the named fields; ``exclude`` drops them."""
    for method in ("product.list", "order.list", "customer.list"):
        if not target.supports(method):
            continue
        for item in _items(method, await target.ok(method, count=5, params="id,modified_at")):
            assert set(item) <= {"id", "modified_at"} and "id" in item, f"{method} params=id,...: {sorted(item)}"
        for item in _items(method, await target.ok(method, count=5, exclude="id")):
            assert "id" not in item and len(item) > 1, f"{method} exclude=id: {sorted(item)}"


async def check_write_then_read(target: Target) -> None:
    """What a write stores is what a read returns."""
    if target.supports("product.add") and target.supports("product.info"):
        added = await target.ok("product.add", name="Conformance mug", model="CONF-MUG", price="12.50", quantity=7,
                                description="A mug.")  # fmt: skip
        product = await target.ok("product.info", id=added["product_id"])
        assert (product["name"], product["u_model"], Decimal(product["price"]), product["quantity"]) == (
            "Conformance mug",
            "CONF-MUG",
            Decimal("12.50"),
            7,
        ), f"product.add then product.info: {product}"
        if target.supports("product.update"):
            await target.ok("product.update", id=added["product_id"], price="13.00", quantity=3)
            product = await target.ok("product.info", id=added["product_id"])
            assert (Decimal(product["price"]), product["quantity"]) == (Decimal(13), 3), "product.update lost"
    if target.supports("customer.add") and target.supports("customer.info"):
        added = await target.ok("customer.add", email="conformance@example.com", first_name="Con", last_name="Form")
        customer = await target.ok("customer.info", id=added["customer_id"])
        assert (customer["email"], customer["first_name"]) == ("conformance@example.com", "Con"), customer


async def check_unsupported_methods(target: Target) -> None:
    """Methods cart.methods lists never answer 120; every other catalogue method answers 120."""
    listed = set((await target.ok("cart.methods"))["methods"])
    for method in CATALOGUE:
        body = await target.call(method.name, **dict(method.example))
        if method.name in listed:
            assert body["return_code"] != 120, f"{method.name} is listed but answers 120"
        else:
            assert body["return_code"] == 120, f"{method.name} is not listed but answers {body['return_code']}"


def _amounts(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if _AMOUNT.search(key) and not isinstance(value, dict | list):
                yield f"{path}.{key}", value
            yield from _amounts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _amounts(value, f"{path}.{index}")


def _times(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if set(node) == {"value", "format"}:
            yield node
        for value in node.values():
            yield from _times(value)
    elif isinstance(node, list):
        for value in node:
            yield from _times(value)


async def check_money_and_time_formats(target: Target) -> None:
    """Amounts are JSON numbers within the currency's decimals; times are ISO 8601 UTC A2CDateTime."""
    for method in ("product.list", "order.list"):
        if not target.supports(method):
            continue
        for item in _items(method, await target.ok(method, count=25)):
            currency = (item.get("currency") or {}).get("id") or item.get("currency_code") or "USD"
            places = minor_units(currency)
            for path, value in _amounts(item):
                if value is None:
                    continue
                assert isinstance(value, int | Decimal) and not isinstance(value, bool), f"{method}{path}: {value!r}"
                exponent = Decimal(value).normalize().as_tuple().exponent
                assert isinstance(exponent, int) and -exponent <= places, f"{method}{path}={value} ({currency})"
            for moment in _times(item):
                assert _TIME.match(moment["value"]) and moment["format"] == "Y-m-d\\TH:i:sP", f"{method}: {moment}"


async def check_order_totals(target: Target) -> None:
    """Every listed order obeys the totals rules (line sums, subtotal, grand total, taxes)."""
    if not target.supports("order.list"):
        return
    for item in _items("order.list", await target.ok("order.list", count=100)):
        findings = check_totals(Order.model_validate(item))
        assert not findings, f"order {item['id']}: {findings[0]}"


CHECKS: dict[str, Check] = {
    "list_count_agree": check_list_count_agree,
    "pagination_exactly_once": check_pagination_exactly_once,
    "modified_window": check_modified_window,
    "field_selection": check_field_selection,
    "write_then_read": check_write_then_read,
    "unsupported_methods": check_unsupported_methods,
    "money_and_time_formats": check_money_and_time_formats,
    "order_totals": check_order_totals,
}
