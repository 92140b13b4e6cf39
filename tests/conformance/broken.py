"""Deliberately broken connectors: the Demo platform with one defect each, to prove the suite can fail.

Each entry names the check its defect must trip. The defects are the classic ones: a count that
disagrees with its list, a list refusing a window its count serves, a cursor that re-serves the last
row, a closed ``modified_from`` window, a listed method answering "not supported", amounts finer than
the currency, totals that do not add up, a write that is not stored, and a result the gateway cannot
apply field selection to.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from connectors.demo.platform import DEMO
from connectors.model import Order
from connectors.model import results as r
from connectors.spec import ConnectorContext, ConnectorSpec, Handler
from gateway.errors import NotSupported
from gateway.methods.table import Page

__all__ = ["BROKEN"]

H = DEMO.handlers


async def _count_plus_one(ctx: ConnectorContext, params: Any) -> Any:
    result = await H["product.count"](ctx, params)
    return r.ProductCountResult(products_count=result.products_count + 1)


async def _cursor_repeats_last(ctx: ConnectorContext, params: Any) -> Any:
    page = await H["product.list"](ctx, params)
    items = page.result.product
    if page.next_state is None or len(items) < 2:
        return page
    return Page(page.result, next_state={**page.next_state, "id": items[-2].id, "v": _value_of(page, items[-2])})


def _value_of(page: Page, item: Any) -> Any:
    state = page.next_state or {}
    if state.get("v") is None:
        return None
    return ["t", (item.modified_at or item.create_at).isoformat()]


async def _closed_window(ctx: ConnectorContext, params: Any, method: str) -> Any:
    if params.modified_from is not None:
        params = params.model_copy(update={"modified_from": params.modified_from - timedelta(microseconds=1)})
    return await H[method](ctx, params)


async def _order_list_closed(ctx: ConnectorContext, params: Any) -> Any:
    return await _closed_window(ctx, params, "order.list")


async def _order_count_closed(ctx: ConnectorContext, params: Any) -> Any:
    return await _closed_window(ctx, params, "order.count")


async def _refuses(ctx: ConnectorContext, params: Any) -> Any:
    raise NotSupported("Method is not supported")


async def _window_refused_by_list_only(ctx: ConnectorContext, params: Any) -> Any:
    if params.modified_from is not None:
        raise NotSupported("modified_from is not supported")
    return await H["customer.list"](ctx, params)


async def _fine_prices(ctx: ConnectorContext, params: Any) -> Any:
    page = await H["product.list"](ctx, params)
    items = [p.model_copy(update={"price": (p.price or Decimal(0)) + Decimal("0.005")}) for p in page.result.product]
    return Page(page.result.model_copy(update={"product": items}), next_state=page.next_state)


async def _bad_totals(ctx: ConnectorContext, params: Any) -> Any:
    page = await H["order.list"](ctx, params)
    orders: list[Order] = [
        o.model_copy(update={"totals": o.totals.model_copy(update={"total": o.totals.total + 1})})
        for o in page.result.order
    ]
    return Page(page.result.model_copy(update={"order": orders}), next_state=page.next_state)


async def _write_lost(ctx: ConnectorContext, params: Any) -> Any:
    return r.ProductAddResult(product_id="1")


def _broken(name: str, **handlers: Handler) -> ConnectorSpec:
    changed = {key.replace("__", "."): value for key, value in handlers.items()}
    return replace(DEMO, cart_id=f"Broken_{name}", display_name=f"Broken: {name}",
                   handlers={**DEMO.handlers, **changed})  # fmt: skip


# defect -> (connector, the check it must fail)
BROKEN: dict[str, tuple[ConnectorSpec, str]] = {
    "count_disagrees": (_broken("count", **{"product__count": _count_plus_one}), "list_count_agree"),
    "window_refused_by_list_only": (
        _broken("refused_window", **{"customer__list": _window_refused_by_list_only}),
        "list_count_agree",
    ),
    "cursor_repeats_a_row": (_broken("cursor", **{"product__list": _cursor_repeats_last}), "pagination_exactly_once"),
    "closed_modified_from": (
        _broken("window", **{"order__list": _order_list_closed, "order__count": _order_count_closed}),
        "modified_window",
    ),
    "listed_but_refuses": (_broken("refuses", **{"order__status__list": _refuses}), "unsupported_methods"),
    "amounts_too_fine": (_broken("money", **{"product__list": _fine_prices}), "money_and_time_formats"),
    "totals_do_not_add_up": (_broken("totals", **{"order__list": _bad_totals}), "order_totals"),
    "write_not_stored": (_broken("write", **{"product__add": _write_lost}), "write_then_read"),
}
