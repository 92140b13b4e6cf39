"""product.variant.add / delete on OpenCart: one ``product_option_value`` row added or removed, in ONE bridge batch.

A unified variant is an option value of a product (id ``<product_id>-<product_option_value_id>``). ``add`` names
it by ``attributes[0]``: an option of the shop (``attribute_name``, by name in the shop's language) and one of
its values (``attribute_value``); the product gets the ``product_option`` row too when it lacks that option
(``required`` 1, the admin form's first choice; 3.x ``value`` '', 4.x leaves it NULL as ``addOption`` does). The
value row carries what OpenCart keeps per value: ``quantity``, ``subtract`` (``manage_stock``, default 1 as the
form), the price as a delta to the product's (``price`` absolute, or ``attribute_price`` as the delta), points 0
and the ``weight`` delta; ``model`` is required by the unified model but an option value has no code: it is not
kept. ``delete`` leaves the rows as the admin's ``editProduct`` would after removing the value: the value row
goes, and so does its ``product_option`` when no value is left (``editProduct`` skips list options without
values; 4.1 keeps ``image`` options as it only skips select/radio/checkbox). Both move ``date_modified``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from connectors.model import results as r
from connectors.model.money import check_amount
from connectors.model.params.common import check_prices
from connectors.opencart_bridge.product_fields import MAX_STOCK
from connectors.opencart_bridge.shop import Shop, encode_text, is_id, open_shop
from connectors.opencart_bridge.variant_writes import _ids
from connectors.opencart_bridge.write_checks import one_row, refuse_unsupported
from connectors.spec import ConnectorContext
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotFound, NotSupported

__all__ = ["variant_add", "variant_delete"]

_ADD_FIELDS: Final = frozenset({"product_id", "model", "attributes", "price", "quantity", "manage_stock", "weight",
                                "store_id", "available_for_view", "available_for_sale"})  # fmt: skip
_LIST_TYPES: Final = ("select", "radio", "checkbox", "image")
_PO: Final = "@cg_product_option_id"
_MAX_WEIGHT: Final = Decimal("9999999.99999999")  # product_option_value.weight is DECIMAL(15,8)
_OPTION_SQL: Final = (
    "SELECT o.option_id, o.type FROM `{table_prefix}option` o JOIN {table_prefix}option_description od "
    "ON od.option_id = o.option_id AND od.language_id = ? WHERE od.name = ? "
    "ORDER BY o.type IN ('select', 'radio', 'checkbox', 'image') DESC, o.option_id"
)
_VALUE_SQL: Final = (
    "SELECT ov.option_value_id FROM {table_prefix}option_value ov JOIN {table_prefix}option_value_description ovd "
    "ON ovd.option_value_id = ov.option_value_id AND ovd.language_id = ? WHERE ov.option_id = ? AND ovd.name = ? "
    "ORDER BY ov.sort_order, ov.option_value_id"
)


def _refuse_store(store_id: str | None) -> None:
    if store_id not in (None, "0"):
        raise NotSupported("Parameter 'store_id': OpenCart option values belong to the product in every store",
                           field="store_id")  # fmt: skip


async def _option_value(shop: Shop, attribute: Any) -> tuple[int, int]:
    """(option_id, option_value_id) named by one ``attributes[]`` entry; 109 naming the part that is unknown."""
    option = await one_row(shop, _OPTION_SQL, [shop.language_id, encode_text(attribute.attribute_name)])
    if option is None or str(option["type"]) not in _LIST_TYPES:
        raise InvalidParameter("Parameter 'attributes.0.attribute_name' is not a list option of this shop "
                               "(select, radio, checkbox or image)", field="attributes.0.attribute_name")  # fmt: skip
    value = await one_row(shop, _VALUE_SQL, [shop.language_id, int(option["option_id"]),
                                             encode_text(attribute.attribute_value)])  # fmt: skip
    if value is None:
        raise InvalidParameter("Parameter 'attributes.0.attribute_value' is not a value of that option",
                               field="attributes.0.attribute_value")  # fmt: skip
    return int(option["option_id"]), int(value["option_value_id"])


def _price_columns(params: Any, product_price: Decimal) -> tuple[str, str]:
    """(price, price_prefix): an absolute ``price`` as the delta to the product's, else ``attribute_price``."""
    if params.price is not None:
        difference = Decimal(params.price) - product_price
        return str(abs(difference)), "-" if difference < 0 else "+"
    delta = params.attributes[0].attribute_price
    return str(delta or Decimal(0)), "+"


async def variant_add(ctx: ConnectorContext, params: Any) -> r.ProductVariantAddResult:
    """A new option value on the product (and its ``product_option`` if the product lacks the option).

    Raises NotFound (112) for an unknown product, InvalidParameter (109) naming the field for an unknown
    option/value, a value the product already has, stock past what OpenCart keeps or a price finer than the
    currency; NotSupported (120) for fields an option value does not keep or more than one attribute.
    """
    refuse_unsupported(params, _ADD_FIELDS)
    _refuse_store(params.store_id)
    for name in ("available_for_view", "available_for_sale"):
        if name in params.model_fields_set and getattr(params, name) is False:
            raise NotSupported(f"Parameter '{name}': OpenCart option values have no status of their own",
                               field=name)  # fmt: skip
    if not params.attributes:
        raise InvalidParameter("Parameter 'attributes' must name the option and value of the variant",
                               field="attributes")  # fmt: skip
    if len(params.attributes) > 1:
        raise NotSupported("Parameter 'attributes': an OpenCart option value stands for one option, give one",
                           field="attributes")  # fmt: skip
    shop = await open_shop(ctx)
    check_prices(params, shop.currency, ["price"])
    if params.attributes[0].attribute_price is not None:
        check_amount(params.attributes[0].attribute_price, shop.currency, field="attributes.0.attribute_price")
    if params.quantity is not None and params.quantity > MAX_STOCK:
        raise InvalidParameter("Parameter 'quantity' passes what OpenCart keeps", field="quantity")
    if params.weight is not None and params.weight > _MAX_WEIGHT:
        raise InvalidParameter("Parameter 'weight' is wider than OpenCart keeps (DECIMAL(15,8))", field="weight")
    if not is_id(params.product_id):
        raise NotFound("Product not found", field="product_id")
    product_id = int(params.product_id)
    product = await one_row(shop, "SELECT price FROM {table_prefix}product WHERE product_id = ?", [product_id])
    if product is None:
        raise NotFound("Product not found", field="product_id")
    option_id, value_id = await _option_value(shop, params.attributes[0])
    held = await one_row(shop, "SELECT po.product_option_id, (SELECT COUNT(*) FROM {table_prefix}product_option_value "
                               "pov WHERE pov.product_option_id = po.product_option_id AND pov.option_value_id = ?) "
                               "AS taken FROM {table_prefix}product_option po WHERE po.product_id = ? "
                               "AND po.option_id = ? ORDER BY po.product_option_id",
                         [value_id, product_id, option_id])  # fmt: skip
    if held is not None and int(held["taken"]):
        raise InvalidParameter("Parameter 'attributes.0.attribute_value': the product already has this option value",
                               field="attributes.0.attribute_value")  # fmt: skip
    statements: list[Statement] = []
    if held is None:
        insert = ("INSERT INTO {table_prefix}product_option (product_id, option_id, `value`, required) "
                  "VALUES (?, ?, '', 1)" if shop.layout.major == 3 else
                  "INSERT INTO {table_prefix}product_option (product_id, option_id, required) VALUES (?, ?, 1)")
        statements += [Statement(insert, [product_id, option_id]), Statement(f"SET {_PO} = LAST_INSERT_ID()")]
    else:
        statements.append(Statement(f"SET {_PO} = ?", [int(held["product_option_id"])]))
    price, prefix = _price_columns(params, Decimal(str(product["price"])))
    weight = params.weight if params.weight is not None else Decimal(0)
    statements.append(Statement(
        "INSERT INTO {table_prefix}product_option_value (product_option_id, product_id, option_id, option_value_id, "  # noqa: S608
        "quantity, subtract, price, price_prefix, points, points_prefix, weight, weight_prefix) "
        f"VALUES ({_PO}, ?, ?, ?, ?, ?, ?, ?, 0, '+', ?, '+')",
        [product_id, option_id, value_id, int(params.quantity or 0), 0 if params.manage_stock is False else 1, price,
         prefix, str(weight)]))  # fmt: skip
    statements.append(Statement("UPDATE {table_prefix}product SET date_modified = NOW() WHERE product_id = ?",
                                [product_id]))  # fmt: skip
    results = await shop.bridge.batch(statements)
    return r.ProductVariantAddResult(product_variant_id=f"{product_id}-{results[-2].insert_id}")


async def variant_delete(ctx: ConnectorContext, params: Any) -> r.DeletedFlagResult:
    """The option value goes; its ``product_option`` too when it was the option's last value (as ``editProduct``).

    Raises NotFound (112) for an unknown variant or one of another product; NotSupported (120) for a store_id.
    """
    refuse_unsupported(params, frozenset({"id", "product_id", "store_id"}))
    _refuse_store(params.store_id)
    product_id, value_id = _ids(params.id, params.product_id)
    shop = await open_shop(ctx)
    found = await one_row(shop, "SELECT pov.product_option_id, o.type, (SELECT COUNT(*) FROM "
                                "{table_prefix}product_option_value other WHERE other.product_option_id = "
                                "pov.product_option_id) AS siblings FROM {table_prefix}product_option_value pov "
                                "LEFT JOIN `{table_prefix}option` o ON o.option_id = pov.option_id "
                                "WHERE pov.product_option_value_id = ? AND pov.product_id = ?",
                          [value_id, product_id])  # fmt: skip
    if found is None:
        raise NotFound("Variant not found", field="id")
    statements = [Statement("DELETE FROM {table_prefix}product_option_value WHERE product_option_value_id = ? "
                            "AND product_id = ?", [value_id, product_id])]  # fmt: skip
    dropped = _LIST_TYPES if shop.layout.major == 3 else _LIST_TYPES[:3]
    if int(found["siblings"]) == 1 and str(found["type"]) in dropped:
        statements.append(Statement("DELETE FROM {table_prefix}product_option WHERE product_option_id = ? "
                                    "AND product_id = ?", [int(found["product_option_id"]), product_id]))  # fmt: skip
    statements.append(Statement("UPDATE {table_prefix}product SET date_modified = NOW() WHERE product_id = ?",
                                [product_id]))  # fmt: skip
    await shop.bridge.batch(statements)
    return r.DeletedFlagResult(deleted=True)
