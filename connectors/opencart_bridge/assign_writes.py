"""category.assign / unassign, customer.delete and order.return.delete on OpenCart, each as ONE bridge batch.

assign / unassign: one ``product_to_category`` row added or removed and the product's ``date_modified``
set, as the admin's ``editProduct`` does when its category list changes. Assigning a product already in
the category, or unassigning one that is not, changes nothing and answers ``{}`` (as the Demo platform).
customer.delete: every row OpenCart's admin ``deleteCustomer`` removes, per version (3.0.3.8
``admin/model/customer/customer.php``; 4.1.0.4 adds authorize, token, wishlist and affiliate-report
rows). order.return.delete: the return and its history, as ``deleteReturn`` in both versions.
Every refusal is read and decided first (3.x tables are MyISAM: a rolled-back batch undoes nothing).
"""

from __future__ import annotations

import json
from typing import Any, Final

from connectors.model import results as r
from connectors.opencart_bridge.shop import Shop, open_shop
from connectors.opencart_bridge.write_checks import in_list, insert_rows, numeric_id, one_row, refuse_unsupported
from connectors.spec import ConnectorContext
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotFound, NotSupported

__all__ = ["category_assign", "category_unassign", "customer_delete", "order_return_delete"]

# What deleteCustomer removes besides the customer row, by major version (admin model, see above).
_CUSTOMER_TABLES: Final = {
    3: ("customer_activity", "customer_affiliate", "customer_approval", "customer_history", "customer_reward",
        "customer_transaction", "customer_ip", "address"),
    4: ("customer_activity", "address", "customer_authorize", "customer_history", "customer_reward",
        "customer_transaction", "customer_wishlist", "customer_ip", "customer_token", "customer_affiliate",
        "customer_affiliate_report", "customer_approval"),
}  # fmt: skip


def _default_store_only(params: Any, what: str) -> None:
    """Raises NotSupported (120) for a store other than the default: OpenCart keeps ``what`` once for all stores."""
    if params.store_id is not None and str(params.store_id) != "0":
        raise NotSupported(f"OpenCart keeps {what} once for every store; 'store_id' cannot narrow it",
                           field="store_id")  # fmt: skip


async def _assign(ctx: ConnectorContext, params: Any, *, add: bool) -> r.EmptyResult:
    refuse_unsupported(params, frozenset({"category_id", "product_id", "store_id"}))
    _default_store_only(params, "a product's categories")
    shop = await open_shop(ctx)
    category_id = numeric_id(params.category_id, "category_id")
    product_id = numeric_id(params.product_id, "product_id")
    found = await one_row(shop, """
SELECT (SELECT COUNT(*) FROM {table_prefix}category WHERE category_id = ?) AS category,
  (SELECT COUNT(*) FROM {table_prefix}product WHERE product_id = ?) AS product,
  (SELECT COUNT(*) FROM {table_prefix}product_to_category WHERE product_id = ? AND category_id = ?) AS linked""",
                          [category_id, product_id, product_id, category_id])  # fmt: skip
    if found is None or not int(found["category"]):
        raise NotFound("Category not found", field="category_id")
    if not int(found["product"]):
        raise NotFound("Product not found", field="product_id")
    if bool(int(found["linked"])) == add:
        return r.EmptyResult()
    members = [product_id, *await _followers(shop, product_id)]
    statements = [in_list("DELETE FROM {table_prefix}product_to_category WHERE category_id = ? AND product_id IN",
                          members, [category_id])]  # fmt: skip
    if add:
        statements += insert_rows("INSERT INTO {table_prefix}product_to_category (product_id, category_id) VALUES ",
                                  [[member, category_id] for member in members], "(?, ?)")  # fmt: skip
    statements.append(in_list("UPDATE {table_prefix}product SET date_modified = NOW() WHERE product_id IN", members))
    await shop.bridge.batch(statements)
    return r.EmptyResult()


def _overrides_categories(override: Any) -> bool:
    """Whether a 4.x variant product keeps categories of its own (``override`` JSON names ``product_category``)."""
    try:
        decoded = json.loads(str(override or "") or "{}")
    except ValueError:
        return False  # PHP's json_decode gives null: nothing overridden
    return isinstance(decoded, dict) and "product_category" in decoded


async def _followers(shop: Shop, product_id: int) -> list[int]:
    """4.x: the variant products that take their categories from ``product_id`` (``editVariants`` copies the
    master's categories to every variant whose ``override`` does not name them). Raises InvalidParameter (109)
    when ``product_id`` is itself such a variant: the admin would put its master's categories back."""
    if shop.layout.major != 4:
        return []
    rows, more = await shop.bridge.query_dicts(
        "SELECT product_id, master_id, override FROM {table_prefix}product WHERE product_id = ? OR master_id = ? "
        "ORDER BY product_id", [product_id, product_id], limit=5_000)  # fmt: skip
    if more:
        raise InvalidParameter("The product has too many variant products to change in one write", field="product_id")
    for row in rows:
        master = int(row["master_id"] or 0)
        if int(row["product_id"]) == product_id and master and not _overrides_categories(row["override"]):
            raise InvalidParameter(f"This OpenCart variant product takes its categories from product {master}",
                                   field="product_id")  # fmt: skip
    return [int(row["product_id"]) for row in rows
            if int(row["product_id"]) != product_id and not _overrides_categories(row["override"])]


async def category_assign(ctx: ConnectorContext, params: Any) -> r.EmptyResult:
    """Put the product in the category. Raises NotFound (112) naming the unknown one, InvalidParameter (109)
    for non-numeric ids, NotSupported (120) for a store other than 0."""
    return await _assign(ctx, params, add=True)


async def category_unassign(ctx: ConnectorContext, params: Any) -> r.EmptyResult:
    """Take the product out of the category. Raises as ``category_assign``."""
    return await _assign(ctx, params, add=False)


async def _customer(shop: Shop, params: Any) -> int:
    if not str(params.id).isdigit():
        raise NotFound("Customer not found", field="id")
    found = await one_row(shop, "SELECT customer_id, store_id FROM {table_prefix}customer WHERE customer_id = ?",
                          [int(params.id)])  # fmt: skip
    if found is None or (params.store_id is not None and str(found["store_id"]) != str(params.store_id)):
        raise NotFound("Customer not found", field="id")
    return int(found["customer_id"])


async def customer_delete(ctx: ConnectorContext, params: Any) -> r.CustomerDeleteResult:
    """The customer and every row the admin's ``deleteCustomer`` removes with them; their orders and returns
    stay (as in OpenCart). Raises NotFound (112) for an unknown customer or one of another store."""
    refuse_unsupported(params, frozenset({"id", "store_id"}))
    shop = await open_shop(ctx)
    customer_id = await _customer(shop, params)
    tables = ("customer", *_CUSTOMER_TABLES[shop.layout.major])
    await shop.bridge.batch([Statement(f"DELETE FROM {{table_prefix}}{table} WHERE customer_id = ?",  # noqa: S608
                                       [customer_id]) for table in tables])  # fmt: skip
    return r.CustomerDeleteResult(delete_items=1)


async def order_return_delete(ctx: ConnectorContext, params: Any) -> r.DeletedFlagResult:
    """The return and its history rows. Raises NotFound (112) for an unknown return, one of another order
    or (given ``store_id``) of an order of another store."""
    refuse_unsupported(params, frozenset({"return_id", "order_id", "store_id"}))
    shop = await open_shop(ctx)
    if not str(params.return_id).isdigit():
        raise NotFound("Return not found", field="return_id")
    found = await one_row(shop, "SELECT r.return_id, r.order_id, o.store_id FROM `{table_prefix}return` r "
                          "LEFT JOIN `{table_prefix}order` o ON o.order_id = r.order_id WHERE r.return_id = ?",
                          [int(params.return_id)])  # fmt: skip
    if (found is None or str(found["order_id"]) != str(params.order_id)
            or (params.store_id is not None and str(found["store_id"]) != str(params.store_id))):  # fmt: skip
        raise NotFound("Return not found", field="return_id")
    return_id = int(found["return_id"])
    await shop.bridge.batch([
        Statement("DELETE FROM `{table_prefix}return` WHERE return_id = ?", [return_id]),
        Statement("DELETE FROM {table_prefix}return_history WHERE return_id = ?", [return_id]),
    ])  # fmt: skip
    return r.DeletedFlagResult(deleted=True)
