"""The reads that decide an OpenCart order.add before anything is written: settings, buyer, addresses, lines.

3.x tables are MyISAM (a failed batch keeps its first half), so every refusal of ``order.add`` is found
here, naming the parameter: an unknown store, status, currency, country, zone, product or variant, a value
wider than OpenCart's column, or stock the shop would not sell (``config_stock_checkout`` = 0, as the
checkout's ``cart->hasStock()`` refuses it: product stock below the units ordered, or an option value with
``subtract`` below them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from connectors.opencart_bridge.shop import Shop, encode_text, is_id, text
from connectors.opencart_bridge.write_checks import numeric_id, one_row
from gateway.errors import InvalidParameter, NotSupported

__all__ = ["Line", "OrderSettings", "address_of", "buyer_of", "checked", "lines_of", "refuse_line_fields",
           "settings_of", "status_of", "store_of"]  # fmt: skip

_SETTING_KEYS: Final = ("config_name", "config_invoice_prefix", "config_stock_checkout", "config_processing_status",
                        "config_complete_status", "total_sub_total_sort_order", "total_shipping_sort_order",
                        "total_coupon_sort_order", "total_tax_sort_order", "total_total_sort_order")  # fmt: skip


def checked(value: str | None, limit: int, name: str) -> str:
    """``value`` entity-encoded as OpenCart's Request stores it; 109 naming ``name`` past the column's width."""
    stored = encode_text(value or "")
    if len(stored) > limit:
        raise InvalidParameter(f"Parameter '{name}' is longer than OpenCart keeps ({limit} characters)", field=name)
    return stored


@dataclass(frozen=True, slots=True)
class OrderSettings:
    """The store-0 settings an order is written with."""

    values: dict[str, str]
    active: frozenset[int]  # config_processing_status ∪ config_complete_status: stock leaves the shelf

    def sort_order(self, code: str) -> int:
        return int(self.values.get(f"total_{code}_sort_order") or 0)


async def settings_of(shop: Shop, store_id: int) -> OrderSettings:
    """The settings as the catalog of ``store_id`` loads them: store 0's, overridden by the store's own."""
    marks = ", ".join("?" for _ in _SETTING_KEYS)
    rows, _ = await shop.bridge.query_dicts(
        f"SELECT `key`, `value` FROM {{table_prefix}}setting WHERE store_id IN (0, ?) AND `key` IN ({marks}) "  # noqa: S608
        "ORDER BY store_id", [store_id, *_SETTING_KEYS], limit=200)  # fmt: skip
    values = {str(row["key"]): str(row["value"] or "") for row in rows}
    active: set[int] = set()
    for key in ("config_processing_status", "config_complete_status"):
        try:
            active.update(int(item) for item in json.loads(values.get(key) or "[]"))
        except (ValueError, TypeError):
            continue
    return OrderSettings(values, frozenset(active))


async def store_of(shop: Shop, wanted: int, settings: OrderSettings) -> tuple[str, str]:
    """(store_name, store_url) as the checkout of that store writes them; 109 for an unknown store."""
    if wanted == 0:  # the catalog's startup sets config_url to HTTP_SERVER for the default store
        return settings.values.get("config_name", ""), shop.store_url + "/"
    found = await one_row(shop, "SELECT name, url FROM {table_prefix}store WHERE store_id = ?", [wanted])
    if found is None:
        raise InvalidParameter("Parameter 'store_id' names an unknown store", field="store_id")
    return str(found["name"]), str(found["url"])


async def status_of(shop: Shop, status: str) -> int:
    """The order status named by id or name (in the shop's language); 109 naming ``order_status`` otherwise."""
    found = await one_row(shop, "SELECT order_status_id FROM {table_prefix}order_status WHERE language_id = ? "
                                "AND (CAST(order_status_id AS CHAR) = ? OR name = ?) ORDER BY order_status_id",
                          [shop.language_id, status, encode_text(status)])  # fmt: skip
    if found is None or not int(found["order_status_id"]):
        raise InvalidParameter("Parameter 'order_status' is not a status of this shop", field="order_status")
    return int(found["order_status_id"])


async def buyer_of(shop: Shop, email: str) -> dict[str, Any] | None:
    """The registered customer with this e-mail (the lowest id), or None: the order is a guest's."""
    return await one_row(shop, "SELECT customer_id, customer_group_id, firstname, lastname, telephone "
                               "FROM {table_prefix}customer WHERE LOWER(email) = LOWER(?) ORDER BY customer_id",
                         [email])  # fmt: skip


async def address_of(shop: Shop, country: str, state: str | None, prefix: str) -> dict[str, Any]:
    """Country and zone ids and names (in the shop's language) and the address format an order row keeps.

    Raises InvalidParameter (109) naming ``<prefix>_country`` / ``<prefix>_state``.
    """
    column = "c.iso_code_2" if len(country) == 2 else "c.iso_code_3"
    if shop.layout.codes_table:  # 4.1: names per language, formats in their own table
        sql = ("SELECT c.country_id, cd.name, COALESCE(af.address_format, '') AS address_format "  # noqa: S608
               "FROM {table_prefix}country c LEFT JOIN {table_prefix}country_description cd "
               "ON cd.country_id = c.country_id AND cd.language_id = ? LEFT JOIN {table_prefix}address_format af "
               f"ON af.address_format_id = c.address_format_id WHERE {column} = ? AND c.status = 1")
        args: list[Any] = [shop.language_id, country.upper()]
    elif shop.layout.major == 4:
        sql = ("SELECT c.country_id, c.name, COALESCE(af.address_format, '') AS address_format FROM "  # noqa: S608
               "{table_prefix}country c LEFT JOIN {table_prefix}address_format af ON af.address_format_id = "
               f"c.address_format_id WHERE {column} = ? AND c.status = 1")
        args = [country.upper()]
    else:
        sql = f"SELECT c.country_id, c.name, c.address_format FROM {{table_prefix}}country c WHERE {column} = ? AND c.status = 1"  # noqa: E501, S608
        args = [country.upper()]
    found = await one_row(shop, sql, args)
    if found is None:
        raise InvalidParameter(f"Parameter '{prefix}_country' is not a country of this shop", field=f"{prefix}_country")
    country_id = int(found["country_id"])
    if shop.layout.codes_table:
        zone_sql = ("SELECT z.zone_id, COALESCE(zd.name, z.code) AS name FROM {table_prefix}zone z LEFT JOIN "
                    "{table_prefix}zone_description zd ON zd.zone_id = z.zone_id AND zd.language_id = ? "
                    "WHERE z.country_id = ? AND z.status = 1 AND (z.code = ? OR EXISTS (SELECT 1 FROM "
                    "{table_prefix}zone_description zn WHERE zn.zone_id = z.zone_id AND zn.name = ?)) "
                    "ORDER BY z.zone_id")
        zone_args: list[Any] = [shop.language_id, country_id, state or "", encode_text(state or "")]
    else:
        zone_sql = ("SELECT z.zone_id, z.name FROM {table_prefix}zone z WHERE z.country_id = ? AND z.status = 1 "
                    "AND (z.code = ? OR z.name = ?) ORDER BY z.zone_id")
        zone_args = [country_id, state or "", encode_text(state or "")]
    zone = await one_row(shop, zone_sql, zone_args) if state else None
    if zone is None:
        any_zone = await one_row(shop, "SELECT 1 AS x FROM {table_prefix}zone WHERE country_id = ? AND status = 1",
                                 [country_id])  # fmt: skip
        if any_zone is not None:  # the checkout's address form requires a zone where the country has them
            raise InvalidParameter(f"Parameter '{prefix}_state' is not a zone of this country", field=f"{prefix}_state")
    return {"country_id": country_id, "country": str(found["name"] or ""),
            "zone_id": int(zone["zone_id"]) if zone else 0, "zone": str(zone["name"]) if zone else "",
            "address_format": str(found["address_format"] or "")}  # fmt: skip


@dataclass
class Line:
    """One ``order_item`` checked against the catalogue: its ``order_product`` and ``order_option`` values."""

    product_id: int
    master_id: int
    name: str
    model: str
    quantity: int
    option: dict[str, Any] | None = None  # product_option_id, product_option_value_id, name, value, type


_PRODUCTS_SQL = ("SELECT p.product_id, p.model, p.quantity, {master} AS master_id FROM {{table_prefix}}product p "
                 "WHERE p.product_id IN ({marks})")
_VALUES_SQL = (
    "SELECT pov.product_option_value_id, pov.product_id, pov.product_option_id, pov.quantity, pov.subtract, "
    "od.name AS option_name, ovd.name AS value_name, o.type FROM {table_prefix}product_option_value pov "
    "JOIN `{table_prefix}option` o ON o.option_id = pov.option_id "
    "LEFT JOIN {table_prefix}option_description od ON od.option_id = pov.option_id AND od.language_id = ? "
    "LEFT JOIN {table_prefix}option_value_description ovd ON ovd.option_value_id = pov.option_value_id "
    "AND ovd.language_id = ? WHERE pov.product_option_value_id IN ({marks})"
)


async def lines_of(shop: Shop, items: list[Any], stock_checkout: bool) -> list[Line]:
    """Each item's product (and option value, ``order_item_variant_id`` = ``<product>-<value>``).

    Raises InvalidParameter (109) naming ``order_item.<i>.<field>`` for an unknown product or variant, a
    model wider than 64, or (unless ``stock_checkout``) more units than the shop holds.
    """
    ids: dict[int, int] = {}
    values: dict[int, int] = {}
    for index, item in enumerate(items):
        ids[index] = numeric_id(item.order_item_id, f"order_item.{index}.order_item_id")
        if item.order_item_variant_id is not None:
            head, _, tail = str(item.order_item_variant_id).partition("-")
            if not (is_id(tail) and head == str(ids[index])):
                name = f"order_item.{index}.order_item_variant_id"
                raise InvalidParameter(f"Parameter '{name}' is not a variant of this product", field=name)
            values[index] = int(tail)
    wanted = sorted(set(ids.values()))
    master = "p.master_id" if shop.layout.major == 4 else "0"
    rows, _ = await shop.bridge.query_dicts(_PRODUCTS_SQL.format(master=master, marks=", ".join("?" for _ in wanted)),
                                            wanted, limit=1000)  # fmt: skip
    products = {int(row["product_id"]): row for row in rows}
    found: dict[int, dict[str, Any]] = {}
    if values:
        chosen = sorted(set(values.values()))
        value_rows, _ = await shop.bridge.query_dicts(_VALUES_SQL.replace("{marks}", ", ".join("?" for _ in chosen)),
                                                      [shop.language_id, shop.language_id, *chosen], limit=1000)
        found = {int(row["product_option_value_id"]): row for row in value_rows}
    lines: list[Line] = []
    ordered: dict[int, int] = {}
    ordered_values: dict[int, int] = {}
    for index, item in enumerate(items):
        product = products.get(ids[index])
        if product is None:
            name = f"order_item.{index}.order_item_id"
            raise InvalidParameter(f"Parameter '{name}' is not a product of this shop", field=name)
        model = item.order_item_model or text(product["model"])  # stored encoded: encoded once again below
        line = Line(ids[index], int(product["master_id"] or 0),
                    checked(item.order_item_name, 255, f"order_item.{index}.order_item_name"),
                    checked(model, 64, f"order_item.{index}.order_item_model"), item.order_item_quantity)
        if index in values:
            value = found.get(values[index])
            if value is None or int(value["product_id"]) != ids[index]:
                name = f"order_item.{index}.order_item_variant_id"
                raise InvalidParameter(f"Parameter '{name}' is not a variant of this product", field=name)
            line.option = {"product_option_id": int(value["product_option_id"]),
                           "product_option_value_id": values[index],
                           "name": str(value["option_name"] or ""), "value": str(value["value_name"] or ""),
                           "type": str(value["type"])}  # fmt: skip
            if str(value["subtract"]) == "1":
                ordered_values[values[index]] = ordered_values.get(values[index], 0) + item.order_item_quantity
                if not stock_checkout and ordered_values[values[index]] > int(value["quantity"]):
                    name = f"order_item.{index}.order_item_quantity"
                    raise InvalidParameter(f"Parameter '{name}': the shop does not sell more units of this variant "
                                           "than it holds", field=name)  # fmt: skip
        ordered[ids[index]] = ordered.get(ids[index], 0) + item.order_item_quantity
        if not stock_checkout and ordered[ids[index]] > int(product["quantity"]):
            name = f"order_item.{index}.order_item_quantity"
            raise InvalidParameter(f"Parameter '{name}': the shop does not sell more units of this product than it "
                                   "holds", field=name)  # fmt: skip
        lines.append(line)
    return lines


def refuse_line_fields(items: list[Any]) -> None:
    """OpenCart's order lines keep no weight: 120 naming it rather than dropping it."""
    for index, item in enumerate(items):
        if item.order_item_weight is not None:
            name = f"order_item.{index}.order_item_weight"
            raise NotSupported(f"Parameter '{name}': OpenCart order lines keep no weight", field=name)
