"""Order charges: the seed's "Order Charge Field Definitions" and cartgate's totals rules, checked both ways.

CartRover -> cartgate: every figure lands in its unified field unchanged, and a CartRover order that obeys the
seed obeys cartgate's rules. cartgate -> CartRover: the seed's formulas recomputed from the unified figures give
CartRover's own, and each CartRover field that breaks a formula comes back as a finding naming both fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.cartrover.shop import CartRoverShop


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


async def test_every_order_maps_its_charges_unchanged_and_obeys_both_rule_sets(shop: CartRoverShop) -> None:
    orders = await shop.walk("order.list", "order", count=100, params="force_all")
    assert len(orders) == 400
    for order in orders:
        raw = shop.state.data["orders"][order["id"]]
        totals = order["totals"]
        pairs = {"total": "grand_total", "subtotal": "sub_total", "shipping": "shipping_handling",
                 "tax": "sales_tax", "discount": "order_discount"}  # fmt: skip
        assert {k: _d(totals[k]) for k in pairs} == {k: _d(raw[v]) for k, v in pairs.items()}, order["id"]
        assert "totals_findings" not in order["additional_fields"], order["additional_fields"]
        # back the other way: the seed's formulas over the unified figures give CartRover's own
        lines = order["order_products"]
        for line, raw_line in zip(lines, raw["items"], strict=True):
            extended = (_d(line["price"]) - _d(line["discount_amount"])) * line["quantity"]
            assert extended == _d(raw_line["extended_amount"]) and _d(line["tax_value"]) == _d(raw_line["tax"])
        assert sum((_d(line["total_price"]) for line in lines), Decimal(0)) == _d(raw["sub_total"])
        grand = _d(totals["subtotal"]) + _d(totals["tax"]) + _d(totals["shipping"]) - _d(totals["discount"])
        assert grand == _d(raw["grand_total"])
        addl = sum((_d(i["addl_discount"]) for i in raw["items"]), Decimal(0))
        assert _d(totals["discount"]) >= addl  # order_discount = order-level + sum(addl_discount)


BREACHES = [
    ("grand_total", lambda o: o.update(grand_total=Decimal(o["grand_total"]) + 1), {("totals.total", "grand_total")}),
    ("sub_total", lambda o: o.update(sub_total=Decimal(o["sub_total"]) + 1),
     {("totals.subtotal", "sub_total"), ("totals.total", "grand_total")}),
    ("extended_amount", lambda o: o["items"][0].update(extended_amount=Decimal(o["items"][0]["extended_amount"]) + 1),
     {("order_products.0.total_price", "items.0.extended_amount"), ("totals.subtotal", "sub_total")}),
    ("sales_tax", lambda o: o.update(sales_tax=Decimal(o["sales_tax"]) + 1),
     {("totals.tax", "sales_tax"), ("totals.total", "grand_total")}),
    ("order_discount", lambda o: o.update(order_discount=Decimal(0)),
     {("totals.discount", "order_discount"), ("totals.total", "grand_total")}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "breach", "expected"), BREACHES, ids=[b[0] for b in BREACHES])
async def test_a_cartrover_field_that_breaks_a_formula_is_reported_and_kept(
    shop: CartRoverShop, name: str, breach: Any, expected: set[tuple[str, str]]
) -> None:
    orders = shop.state.data["orders"].values()
    raw = next(
        o for o in orders if Decimal(o["order_discount"]) and any(Decimal(i["addl_discount"]) for i in o["items"])
    )
    breach(raw)
    order = await shop.ok("order.info", order_id=raw["cust_ref"], params="force_all")
    findings = order["additional_fields"]["totals_findings"]
    assert {(f["field"], f["cartrover_field"]) for f in findings} == expected
    for finding in findings:  # CartRover's figure is kept and named; the formula's figure is beside it
        assert finding["actual"] is not None or finding["rule"] == "currency_decimals"
    if name == "grand_total":
        assert _d(order["totals"]["total"]) == _d(raw["grand_total"])
        assert Decimal(findings[0]["expected"]) == _d(raw["grand_total"]) - 1
