"""order.add on OpenCart: the rows the checkout's ``addOrder`` plus its first ``addOrderHistory`` write, in ONE batch.

Sources: catalog/model/checkout/order.php ``addOrder`` / ``addOrderHistory`` (3.0.3.8) and ``addOrder`` /
``addProduct`` / ``addOption`` / ``addTotal`` / ``addHistory`` (4.1.0.4). The batch writes ``order`` (store,
buyer, both addresses with country/zone ids and names, methods, comment, total, status, currency, language;
``ip``/``user_agent``/``accept_language`` empty, as a call without a browser leaves them), one ``order_product``
per line (4.x with ``master_id``) with an ``order_option`` for a variant line, the ``order_total`` lines
(``sub_total``, ``shipping``, ``coupon`` as a negative line titled "Discount" - no code in brackets, so
``confirm()`` looks no coupon up -, ``tax``, ``total``) and the first ``order_history`` row. When the status is
one of ``config_processing_status`` / ``config_complete_status`` the stock leaves the shelf as
``addOrderHistory`` moves it (product, 4.x master product, option value; each where ``subtract = 1``).
Amounts are the shop's default currency (OpenCart keeps them so): another ``currency`` answers 109.
Every refusal is decided by reads first (``order_add_reads``); the totals pass the unified rules.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

from connectors.model import Order
from connectors.model import results as r
from connectors.model.customer import BaseCustomer
from connectors.model.money import check_amount
from connectors.model.order import OrderItem, OrderStatus, OrderTotals, require_valid_totals
from connectors.model.params.common import check_prices
from connectors.model.reference import Currency
from connectors.opencart_bridge import order_add_reads as reads
from connectors.opencart_bridge.shop import Shop, open_shop, text
from connectors.opencart_bridge.write_checks import numeric_id, one_row, refuse_unsupported
from connectors.spec import ConnectorContext
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter

__all__ = ["order_add"]

_FIELDS: Final = frozenset({
    "store_id", "order_status", "customer_email", "customer_first_name", "customer_last_name", "customer_phone",
    "order_payment_method", "order_shipping_method", "currency", "date", "comment", "send_notifications",
    "order_item", "bill_phone", "subtotal_price", "tax_price", "shipping_price", "discount", "total_price",
    *(f"bill_{name}" for name in ("first_name", "last_name", "address_1", "address_2", "city", "postcode", "state",
                                  "country", "company")),
    *(f"shipp_{name}" for name in ("first_name", "last_name", "address_1", "address_2", "city", "postcode", "state",
                                   "country")),
})  # fmt: skip
_OID: Final = "@cg_order_id"
_LINE: Final = "@cg_order_product_id"
_ZERO: Final = Decimal(0)
_UNIT_TAX: Final = Decimal("0.0001")  # order_product.tax is the tax on ONE unit, DECIMAL(15,4)
_MAX_STATEMENTS: Final = 1000
# fixed SQL: the f-strings below only name the session variable
_STOCK: Final = (
    ("UPDATE {table_prefix}product p JOIN (SELECT product_id, SUM(quantity) AS q FROM {table_prefix}order_product "  # noqa: S608
     f"WHERE order_id = {_OID} GROUP BY product_id) s ON s.product_id = p.product_id "
     "SET p.quantity = p.quantity - s.q WHERE p.subtract = 1"),
    ("UPDATE {table_prefix}product_option_value pov JOIN (SELECT oo.product_option_value_id, SUM(op.quantity) AS q "  # noqa: S608
     "FROM {table_prefix}order_option oo JOIN {table_prefix}order_product op ON op.order_product_id = "
     f"oo.order_product_id WHERE oo.order_id = {_OID} GROUP BY oo.product_option_value_id) s "
     "ON s.product_option_value_id = pov.product_option_value_id SET pov.quantity = pov.quantity - s.q "
     "WHERE pov.subtract = 1"),
)
# 4.1 addHistory also takes a variant product's units off its master product
_MASTER_STOCK: Final = (
    "UPDATE {table_prefix}product p JOIN (SELECT master_id, SUM(quantity) AS q FROM {table_prefix}order_product "  # noqa: S608
    f"WHERE order_id = {_OID} AND master_id > 0 GROUP BY master_id) s ON s.master_id = p.product_id "
    "SET p.quantity = p.quantity - s.q WHERE p.subtract = 1"
)


def _totals(params: Any, currency: str, lines: list[reads.Line]) -> tuple[OrderTotals, list[Decimal]]:
    """The order's totals by the unified rules, and each line's tax on one unit; 109 for a broken rule."""
    check_prices(params, currency)
    for index, item in enumerate(params.order_item):
        check_amount(item.order_item_price, currency, field=f"order_item.{index}.order_item_price")
        if item.order_item_tax is not None:
            check_amount(item.order_item_tax, currency, field=f"order_item.{index}.order_item_tax")
    subtotal = sum((item.order_item_price * item.order_item_quantity for item in params.order_item), _ZERO)
    line_tax = sum((item.order_item_tax or _ZERO for item in params.order_item), _ZERO)
    tax = params.tax_price if params.tax_price is not None else line_tax
    shipping, discount = params.shipping_price or _ZERO, params.discount or _ZERO
    totals = OrderTotals(subtotal=subtotal, shipping=shipping, tax=tax, discount=discount,
                         total=subtotal + tax + shipping - discount)  # fmt: skip
    if params.total_price is not None and params.total_price != totals.total:
        raise InvalidParameter("Parameter 'total_price' is not subtotal + tax + shipping - discount",
                               field="total_price")  # fmt: skip
    if totals.total < 0:
        raise InvalidParameter("Parameter 'discount' takes the total below zero", field="discount")
    items = [OrderItem(product_id=str(line.product_id), name=line.name, quantity=item.order_item_quantity,
                       price=item.order_item_price, total_price=item.order_item_price * item.order_item_quantity,
                       tax_value=item.order_item_tax)
             for line, item in zip(lines, params.order_item, strict=True)]  # fmt: skip
    require_valid_totals(Order(
        id="new", order_id="new", customer=BaseCustomer(id="0"), create_at=datetime.now(UTC),
        currency=Currency(id=currency, iso3=currency, default=True), status=OrderStatus(id="0", name="new"),
        totals=totals, order_products=items))  # fmt: skip
    unit_taxes = [((item.order_item_tax or _ZERO) / item.order_item_quantity).quantize(_UNIT_TAX)
                  for item in params.order_item]  # fmt: skip
    return totals, unit_taxes


def _method(shop: Shop, name: str | None, field: str) -> str:
    """3.x keeps the method's title (128); 4.x ``addOrder`` keeps ``json_encode`` of the chosen method, or ''."""
    stored = reads.checked(name, 128 if shop.layout.major == 3 else 65_535, field)
    if shop.layout.major == 3 or not stored:
        return stored
    return json.dumps({"name": stored, "code": ""})


async def _address_columns(shop: Shop, params: Any, kind: str) -> dict[str, Any]:
    """``payment_*`` (from ``bill_*``) or ``shipping_*`` (from ``shipp_*``, each falling back to ``bill_*``)."""
    source = "bill" if kind == "payment" else "shipp"

    def given(name: str) -> tuple[str | None, str]:
        value = getattr(params, f"{source}_{name}", None)  # there is no shipp_company
        if value is None and source == "shipp":
            return getattr(params, f"bill_{name}"), f"bill_{name}"
        return value, f"{source}_{name}"

    country, country_field = given("country")
    state, _ = given("state")
    place = await reads.address_of(shop, str(country), state, country_field.split("_")[0])
    widths = {"firstname": ("first_name", 32), "lastname": ("last_name", 32),
              "company": ("company", 40 if shop.layout.major == 3 and kind == "shipping" else 60),
              "address_1": ("address_1", 128), "address_2": ("address_2", 128), "city": ("city", 128),
              "postcode": ("postcode", 10)}  # fmt: skip
    columns: dict[str, Any] = {}
    for column, (name, width) in widths.items():
        value, field = given(name)
        columns[f"{kind}_{column}"] = reads.checked(value, width, field)
    columns |= {f"{kind}_{key}": value for key, value in place.items()}
    columns[f"{kind}_custom_field"] = "[]"
    if shop.layout.major == 4:
        columns[f"{kind}_address_id"] = 0
    return columns


async def order_add(ctx: ConnectorContext, params: Any) -> r.OrderAddResult:
    """An order as OpenCart's checkout writes it, with its first status and that status's stock effect.

    Raises InvalidParameter (109) naming the field for an unknown store/status/currency/country/zone/product/
    variant, totals that break the rules, text wider than its column, or stock the shop would not sell;
    NotSupported (120) for fields OpenCart's order rows do not keep (``order_id``, ``total_paid``, line weights).
    """
    refuse_unsupported(params, _FIELDS)
    reads.refuse_line_fields(params.order_item)
    shop = await open_shop(ctx)
    currency = params.currency or shop.currency
    if currency != shop.currency:
        raise InvalidParameter(f"Parameter 'currency' must be the shop's currency ({shop.currency}): OpenCart keeps "
                               "amounts in it", field="currency")  # fmt: skip
    store_id = numeric_id(params.store_id or "0", "store_id")
    settings = await reads.settings_of(shop, store_id)
    lines = await reads.lines_of(shop, params.order_item, settings.values.get("config_stock_checkout") == "1")
    totals, unit_taxes = _totals(params, currency, lines)
    store_name, store_url = await reads.store_of(shop, store_id, settings)
    status = await reads.status_of(shop, params.order_status)
    money = await one_row(shop, "SELECT currency_id, code, value FROM {table_prefix}currency WHERE code = ?",
                          [currency])  # fmt: skip
    if money is None:
        raise InvalidParameter("Parameter 'currency' is not a currency of this shop", field="currency")
    buyer = await reads.buyer_of(shop, params.customer_email)
    known = buyer or {}
    # the customer's stored names are entity-encoded already: decoded here, encoded once by ``checked``
    first = params.customer_first_name or text(known.get("firstname")) or params.bill_first_name
    last = params.customer_last_name or text(known.get("lastname")) or params.bill_last_name
    phone = params.customer_phone or params.bill_phone or text(known.get("telephone"))
    columns: dict[str, Any] = {"invoice_no": 0, "invoice_prefix": settings.values.get("config_invoice_prefix", ""),
                               "store_id": store_id, "store_name": store_name, "store_url": store_url,
                               "customer_id": int(known.get("customer_id") or 0),
                               "customer_group_id": int(known.get("customer_group_id") or shop.customer_group_id),
                               "firstname": reads.checked(first, 32, "customer_first_name"),
                               "lastname": reads.checked(last, 32, "customer_last_name"),
                               "email": reads.checked(params.customer_email, 96, "customer_email"),
                               "telephone": reads.checked(phone, 32, "customer_phone"), "custom_field": "[]"}
    if shop.layout.major == 3:
        columns |= {"fax": ""}
    else:
        columns |= {"subscription_id": 0, "transaction_id": ""}
    columns |= await _address_columns(shop, params, "payment")
    columns |= await _address_columns(shop, params, "shipping")
    columns |= {"payment_method": _method(shop, params.order_payment_method, "order_payment_method"),
                "shipping_method": _method(shop, params.order_shipping_method, "order_shipping_method")}
    if shop.layout.major == 3:
        columns |= {"payment_code": "", "shipping_code": ""}
    else:
        language = await one_row(shop, "SELECT code FROM {table_prefix}language WHERE language_id = ?",
                                 [shop.language_id])  # fmt: skip
        columns["language_code"] = str((language or {}).get("code") or "")
    columns |= {"comment": reads.checked(params.comment, 65_535, "comment"), "total": str(totals.total),
                "order_status_id": status, "affiliate_id": 0, "commission": "0", "marketing_id": 0, "tracking": "",
                "language_id": shop.language_id, "currency_id": int(money["currency_id"]),
                "currency_code": str(money["code"]), "currency_value": str(money["value"]), "ip": "",
                "forwarded_ip": "", "user_agent": "", "accept_language": ""}  # fmt: skip
    added = params.date.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if params.date else None
    statements = [Statement(
        f"INSERT INTO `{{table_prefix}}order` ({', '.join(columns)}, date_added, date_modified) "  # noqa: S608
        f"VALUES ({', '.join('?' for _ in columns)}, COALESCE(?, NOW()), NOW())", [*columns.values(), added]),
        Statement(f"SET {_OID} = LAST_INSERT_ID()")]  # fmt: skip
    statements += _line_statements(shop, lines, params.order_item, unit_taxes)
    statements.append(_total_statement(shop, settings, totals, params.order_shipping_method))
    statements.append(Statement(
        "INSERT INTO {table_prefix}order_history (order_id, order_status_id, notify, comment, date_added) "  # noqa: S608
        f"VALUES ({_OID}, ?, ?, '', COALESCE(?, NOW()))", [status, 1 if params.send_notifications else 0, added]))
    if status in settings.active:
        statements += [Statement(sql) for sql in _STOCK]
        if shop.layout.major == 4:
            statements.append(Statement(_MASTER_STOCK))
    if len(statements) > _MAX_STATEMENTS:
        raise InvalidParameter("Too many variant lines for one OpenCart batch", field="order_item")
    results = await shop.bridge.batch(statements)
    order_id = str(results[0].insert_id)
    return r.OrderAddResult(order_id=order_id, id=order_id, customer_id=str(known.get("customer_id") or 0))


def _line_statements(shop: Shop, lines: list[reads.Line], items: list[Any],
                     unit_taxes: list[Decimal]) -> list[Statement]:  # fmt: skip
    statements: list[Statement] = []
    master = ", master_id" if shop.layout.major == 4 else ""
    for line, item, unit_tax in zip(lines, items, unit_taxes, strict=True):
        values = [line.product_id, *([line.master_id] if master else []), line.name, line.model, line.quantity,
                  str(item.order_item_price), str(item.order_item_price * item.order_item_quantity), str(unit_tax)]
        statements.append(Statement(
            f"INSERT INTO {{table_prefix}}order_product (order_id, product_id{master}, name, model, quantity, price, "  # noqa: S608
            f"total, tax, reward) VALUES ({_OID}, {', '.join('?' for _ in values)}, 0)", values))
        if line.option is not None:
            option = line.option
            statements += [Statement(f"SET {_LINE} = LAST_INSERT_ID()"), Statement(
                "INSERT INTO {table_prefix}order_option (order_id, order_product_id, product_option_id, "  # noqa: S608
                f"product_option_value_id, name, `value`, `type`) VALUES ({_OID}, {_LINE}, ?, ?, ?, ?, ?)",
                [option["product_option_id"], option["product_option_value_id"], option["name"], option["value"],
                 option["type"]])]  # fmt: skip
    return statements


def _total_statement(shop: Shop, settings: reads.OrderSettings, totals: OrderTotals,
                     shipping_method: str | None) -> Statement:  # fmt: skip
    """The ``order_total`` lines, each with the sort order its total extension is configured with."""
    tax = totals.tax or _ZERO
    discount = totals.discount or _ZERO
    wanted = [("sub_total", "Sub-Total", totals.subtotal, True),
              ("shipping", reads.checked(shipping_method, 255, "order_shipping_method") or "Shipping",
               totals.shipping, bool(totals.shipping or shipping_method)),
              ("coupon", "Discount", -discount, bool(discount)), ("tax", "Tax", tax, bool(tax)),
              ("total", "Total", totals.total, True)]  # fmt: skip
    rows = [(code, title, value) for code, title, value, keep in wanted if keep]
    extension = "?, " if shop.layout.major == 4 else ""
    head = ("INSERT INTO {table_prefix}order_total (order_id, " + ("extension, " if extension else "")  # noqa: S608
            + "code, title, `value`, sort_order) VALUES ")
    args: list[Any] = []
    for code, title, value in rows:
        args += [*(["opencart"] if extension else []), code, title, str(value), settings.sort_order(code)]
    return Statement(head + ", ".join(f"({_OID}, {extension}?, ?, ?, ?)" for _ in rows), args)
