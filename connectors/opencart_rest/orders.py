"""``order.add`` through OpenCart's checkout session and ``order.update`` through its order history.

order.add, in every dialect: customer (a guest), products, payment and shipping addresses, the shipping
method on offer that the caller named (or the first), the payment method likewise, then the cart's totals
are compared with the caller's before ``confirm`` (totals.py): OpenCart prices an order from its own
catalogue, so an order whose amounts would differ from what the caller sent is refused (109) rather than
created. 3.x and 4.0 use a session of their own for each order; 4.1 keeps nothing, so each call posts the
whole checkout.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.model import results as r
from connectors.opencart_rest.client import OpenCartApi, OrderSession
from connectors.opencart_rest.dialects import Step, error_text
from connectors.opencart_rest.order_plan import OrderPlan
from connectors.opencart_rest.reference import order_status_id
from connectors.opencart_rest.totals import check_totals
from gateway.errors import InvalidParameter, MissingParameter, NotFound, StoreApiError

__all__ = ["place_order", "update_order"]

Record = dict[str, Any]
_CENT = Decimal("0.01")

# Where a field error of a step points among the unified parameters (else the step's own, _STEP_FIELD).
_FIELDS: dict[str, Mapping[str, str]] = {
    "customer": {"firstname": "customer_first_name", "lastname": "customer_last_name", "email": "customer_email",
                 "telephone": "customer_phone", "warning": "customer_email", "customer_group": "customer_email"},
    "confirm": {"customer": "customer_email", "product": "order_item", "shipping_address": "shipp_address_1",
                "shipping_method": "order_shipping_method", "payment_method": "order_payment_method",
                "payment_address": "bill_address_1"},
}  # fmt: skip
_STEP_FIELD: dict[str, str] = {"cart_add": "order_item", "shipping_methods": "order_shipping_method",
                               "shipping_method": "order_shipping_method", "payment_methods": "order_payment_method",
                               "payment_method": "order_payment_method", "cart": "order_item",
                               "customer": "customer_email", "confirm": "order_item"}  # fmt: skip
_ADDRESS_KEYS = {"firstname": "first_name", "lastname": "last_name", "address_1": "address_1", "city": "city",
                 "postcode": "postcode", "country": "country", "zone": "state"}  # fmt: skip


def _field(step: str, key: str) -> str:
    if step in ("payment_address", "shipping_address"):
        unified = "bill_" if step == "payment_address" else "shipp_"
        bare = key.removeprefix("payment_").removeprefix("shipping_")
        return unified + _ADDRESS_KEYS.get(bare, "address_1")
    return _FIELDS.get(step, {}).get(key, _STEP_FIELD.get(step, "order_item"))


def _checked(step: Step, body: Any) -> Record:
    """The answer of a step, or InvalidParameter (109) naming the parameter OpenCart's error is about."""
    if not isinstance(body, dict):
        raise StoreApiError(f"OpenCart answered {step} with something other than a JSON object")
    error = body.get("error")
    field: str | None = None
    named = [key for key, value in error.items() if value] if isinstance(error, dict) else []
    if named:
        field = _field(step, named[0])
    elif isinstance(error, str) and error:
        field = _STEP_FIELD.get(step, "order_item")
    if field is not None:
        raise InvalidParameter(f"Parameter '{field}': OpenCart refused the order ({step}): {error_text(body)}",
                               field=field)  # fmt: skip
    return body


def _quotes(body: Record) -> list[Record]:
    """Every shipping quote of ``{"shipping_methods": {group: {"quote": {code: {...}}}}}`` in sort order."""
    groups = body.get("shipping_methods")
    rows: list[tuple[float, Record]] = []
    for group in groups.values() if isinstance(groups, dict) else []:
        if not isinstance(group, dict) or group.get("error"):
            continue
        for quote in (group.get("quote") or {}).values():
            if isinstance(quote, dict) and quote.get("code"):
                rows.append((float(group.get("sort_order") or 0), {**quote, "title": group.get("title")}))
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def _payments(body: Record) -> list[Record]:
    methods = body.get("payment_methods")
    rows = [m for m in (methods.values() if isinstance(methods, dict) else []) if isinstance(m, dict) and m.get("code")]
    return sorted(rows, key=lambda m: float(m.get("sort_order") or 0))


def _pick(offered: list[Record], wanted: str | None, field: str, what: str) -> Record:
    if not offered:
        raise InvalidParameter(f"OpenCart offers no {what} for this order", field=field)
    if wanted is None:
        return offered[0]
    needle = wanted.casefold()
    for row in offered:
        names = {str(row.get(k, "")).casefold() for k in ("code", "name", "title")}
        if needle in names or needle == str(row.get("code", "")).split(".")[0].casefold():
            return row
    codes = ", ".join(str(row["code"]) for row in offered)
    raise InvalidParameter(f"Parameter '{field}': the shop offers {what}s {codes}", field=field)


def _money(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(_CENT)
    except (InvalidOperation, ValueError):
        return None


async def _step(api: OpenCartApi, session: OrderSession, step: Step, form: Mapping[str, Any]) -> Record:
    return _checked(step, await api.call(step, form, order=session))


async def place_order(api: OpenCartApi, plan: OrderPlan) -> r.OrderAddResult:
    """Runs the checkout and confirms it. Raises InvalidParameter (109) for what the shop refused or prices
    differently, StoreApiError (100) for refused credentials."""
    session = await api.open_order()
    products = [{"product_id": str(pid), "quantity": str(qty)} for pid, qty in plan.products]
    if session.token is None:
        return await _place_stateless(api, session, plan, products)
    await _step(api, session, "customer", plan.customer)
    if api.current_dialect == "3.x":
        await _step(api, session, "cart_add", {"product": products})
    else:
        for product in products:  # 4.0.2.3 api/sale/cart.add takes one product a call
            await _step(api, session, "cart_add", product)
    await _step(api, session, "payment_address", plan.payment_address.fields())
    await _step(api, session, "shipping_address", plan.shipping_address.fields())
    shipping = await api.call("shipping_methods", {}, order=session)
    quote = _choose_shipping(plan, shipping)
    if quote is not None:
        await _step(api, session, "shipping_method", {"shipping_method": quote["code"]})
    payment = _pick(_payments(await _step(api, session, "payment_methods", {})), plan.payment_method,
                    "order_payment_method", "payment method")  # fmt: skip
    await _step(api, session, "payment_method", {"payment_method": payment["code"]})
    check_totals(plan, (await _step(api, session, "cart", {})).get("totals"), api.currency)
    confirm = {"order_status_id": str(plan.order_status_id), "comment": plan.comment}
    return _confirmed(await _step(api, session, "confirm", confirm))


def _choose_shipping(plan: OrderPlan, answer: Any) -> Record | None:
    """The quote to use, or None when the shop offers none and the caller asked for no shipping (a cart of
    downloads). Raises InvalidParameter (109) when the caller asked for shipping the shop does not offer."""
    offered = _quotes(answer) if isinstance(answer, dict) else []
    if offered:
        if plan.shipping_method is None and plan.shipping_price is not None:
            priced = [q for q in offered if _money(q.get("cost")) == plan.shipping_price.quantize(_CENT)]
            offered = priced or offered
        return _pick(offered, plan.shipping_method, "order_shipping_method", "shipping method")
    if plan.shipping_method is not None or (plan.shipping_price or 0) > 0:
        reason = error_text(answer) or "none is offered"
        raise InvalidParameter(f"OpenCart offers no shipping for this order: {reason}", field="order_shipping_method")
    return None


async def _place_stateless(api: OpenCartApi, session: OrderSession, plan: OrderPlan,
                           products: list[dict[str, str]]) -> r.OrderAddResult:  # fmt: skip
    """4.1: each call carries the whole checkout so far (api/order.php loads it from the POST every time)."""
    form: dict[str, Any] = {**plan.customer, "product": products, **plan.payment_address.fields("payment_"),
                            **plan.shipping_address.fields("shipping_")}  # fmt: skip
    quote = _choose_shipping(plan, await api.call("shipping_methods", form, order=session))
    if quote is not None:
        form["shipping_method"] = {"name": str(quote.get("name") or quote.get("title") or quote["code"]),
                                   "code": str(quote["code"]), "cost": str(quote.get("cost", 0)),
                                   "tax_class_id": str(quote.get("tax_class_id", 0))}  # fmt: skip
    payment = _pick(_payments(await _step(api, session, "payment_methods", form)), plan.payment_method,
                    "order_payment_method", "payment method")  # fmt: skip
    form["payment_method"] = {"name": str(payment.get("name") or payment["code"]), "code": str(payment["code"])}
    check_totals(plan, (await _step(api, session, "cart", form)).get("totals"), api.currency)
    confirm = {**form, "order_status_id": str(plan.order_status_id), "comment": plan.comment}
    return _confirmed(await _step(api, session, "confirm", confirm))


def _confirmed(body: Record) -> r.OrderAddResult:
    order_id = body.get("order_id")
    if not order_id:
        raise StoreApiError("OpenCart confirmed the order without an order_id")
    return r.OrderAddResult(order_id=str(order_id), id=str(order_id))


_NOT_CHANGEABLE = ("financial_status", "fulfillment_status", "cancellation_reason", "admin_comment",
                   "date_modified", "date_finished")  # fmt: skip


async def update_order(api: OpenCartApi, params: Any) -> r.UpdatedItemsResult:
    """A history row with the new status, comment and notify flag (OpenCart's only way to change an order).

    Raises MissingParameter (114) without order_status (the API cannot read the current one),
    InvalidParameter (109) for fields it cannot change or an unknown status, NotFound (112).
    """
    for name in _NOT_CHANGEABLE:
        if getattr(params, name, None) is not None:
            raise InvalidParameter(f"OpenCart's API cannot change '{name}'", field=name)
    if params.order_status is None:
        raise MissingParameter("OpenCart's API records changes as a history row with a status and cannot read the "
                               "current one: give order_status (and comment)", field="order_status")  # fmt: skip
    status = order_status_id(params.order_status)
    order_id = str(params.order_id)
    if not (order_id.isascii() and order_id.isdigit()):
        raise NotFound(f"OpenCart has no order '{order_id}'", field="order_id")
    form = {"order_id": order_id, "order_status_id": str(status), "comment": params.comment or "",
            "notify": "1" if params.send_notifications else "0", "override": "0"}  # fmt: skip
    # 3.x reads order_id from the query, 4.x from the form; 4.1 signs only its own query fields
    body = await api.call("history", form, query={"order_id": order_id})
    error = error_text(body)
    if error is not None:
        if "found" in error.lower():
            raise NotFound(f"OpenCart: {error}", field="order_id")
        raise InvalidParameter(f"OpenCart refused the change: {error}", field="order_status")
    if not isinstance(body, dict) or not body.get("success"):
        raise StoreApiError("OpenCart answered the history change without success or error")
    return r.UpdatedItemsResult(updated_items=1)
