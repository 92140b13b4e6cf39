"""customer.add / update / find on OpenCart, as its admin model writes customers, each write ONE bridge batch.

The customer row carries what ``addCustomer`` writes (group, names, lower-cased e-mail on 4.x, phone,
newsletter, status, store, language, empty custom fields), the password hashed the way the version logs
in (passwords.py; without a password the account cannot log in until the customer resets it), and the
address book (customer_addresses.py). An e-mail another customer has is refused, as the admin does.
update changes only the fields given; an address with ``address_book_id`` changes that address, one
without is added. Customers have no ``date_modified`` in any OpenCart version, so no write shows in a
modified-time feed (those filters answer 120). Every refusal is decided before the batch (MyISAM on 3.x).
"""

from __future__ import annotations

import asyncio
from typing import Any

from connectors.model import results as r
from connectors.opencart_bridge.customer_addresses import AddressRow, checked_address
from connectors.opencart_bridge.listing import sql_time
from connectors.opencart_bridge.passwords import opencart3_password, opencart4_password
from connectors.opencart_bridge.shop import Shop, encode_text, is_id, open_shop, text
from connectors.opencart_bridge.write_checks import numeric_id, one_row, refuse_unsupported, store_ids
from connectors.spec import ConnectorContext
from gateway.bridge.client import Statement
from gateway.errors import InvalidParameter, NotFound, NotSupported

__all__ = ["customer_add", "customer_find", "customer_update"]

_FIELDS = frozenset({"id", "email", "first_name", "last_name", "password", "group_id", "status",
                     "news_letter_subscription", "phone", "store_id", "address", "created_time"})  # fmt: skip
_NEW_ID = "@cg_customer_id"
_ADDRESS_COLUMNS = ("firstname", "lastname", "company", "address_1", "address_2", "city", "postcode", "country_id",
                    "zone_id")  # fmt: skip


async def _password_columns(shop: Shop, password: Any) -> dict[str, Any]:
    if password is None:
        return {}
    secret = password.get_secret_value()
    if shop.layout.major == 3:
        salt, hashed = opencart3_password(secret)
        return {"salt": salt, "password": hashed}
    return {"password": await asyncio.to_thread(opencart4_password, secret)}  # bcrypt, off the event loop


async def _customer_columns(shop: Shop, params: Any, current: dict[str, Any] | None) -> dict[str, Any]:
    """The customer columns to write. Raises InvalidParameter (109) naming the field."""
    columns: dict[str, Any] = {}
    if params.email is not None:
        email = params.email.lower() if shop.layout.major == 4 else params.email
        if len(email) > 96:
            raise InvalidParameter("Parameter 'email' is longer than OpenCart keeps (96)", field="email")
        taken = await one_row(shop, "SELECT customer_id FROM {table_prefix}customer WHERE LCASE(email) = ? "
                                    "AND customer_id <> ?", [email.lower(), int((current or {}).get("customer_id", 0))])
        if taken is not None:
            raise InvalidParameter("Parameter 'email' is the e-mail of another customer", field="email")
        columns["email"] = encode_text(email)
    for column, name, value in (("firstname", "first_name", params.first_name),
                                ("lastname", "last_name", params.last_name), ("telephone", "phone", params.phone)):
        if value is None and current is None and column != "telephone":
            raise InvalidParameter(f"Parameter '{name}' is required (OpenCart keeps 1-32 characters)", field=name)
        if value is not None:
            encoded = encode_text(value)
            if not (0 if column == "telephone" else 1) <= len(encoded) <= 32:
                raise InvalidParameter(f"Parameter '{name}' must be 1-32 characters", field=name)
            columns[column] = encoded
    if params.group_id is not None:
        group = numeric_id(params.group_id, "group_id")
        if await one_row(shop, "SELECT 1 AS x FROM {table_prefix}customer_group WHERE customer_group_id = ?",
                         [group]) is None:  # fmt: skip
            raise InvalidParameter("Parameter 'group_id' is not a customer group of this shop", field="group_id")
        columns["customer_group_id"] = group
    if params.status is not None:
        columns["status"] = 1 if params.status == "enabled" else 0
    if params.news_letter_subscription is not None:
        columns["newsletter"] = int(params.news_letter_subscription)
    if (stores := await store_ids(shop, params.store_id, None)) is not None:
        columns["store_id"] = stores[0]
    return columns | await _password_columns(shop, params.password)


async def _addresses(shop: Shop, params: Any, names: dict[str, Any], customer_id: int | None) -> list[AddressRow]:
    """Every ``address[]`` entry checked; on update an entry's id must be one of the customer's addresses."""
    rows: list[AddressRow] = []
    for index, entry in enumerate(params.address or []):
        stored = None
        if entry.address_book_id is not None:
            if customer_id is None:
                raise InvalidParameter(f"Parameter 'address.{index}.address_book_id' names an address, but a new "
                                       "customer has none yet", field=f"address.{index}.address_book_id")  # fmt: skip
            stored = await one_row(shop, "SELECT * FROM {table_prefix}address WHERE address_id = ? AND customer_id = ?",
                                   [numeric_id(entry.address_book_id, f"address.{index}.address_book_id"),
                                    customer_id])  # fmt: skip
            if stored is None:
                raise InvalidParameter(f"Parameter 'address.{index}.address_book_id' is not an address of this "
                                       "customer", field=f"address.{index}.address_book_id")  # fmt: skip
        rows.append(await checked_address(shop, entry, index, names, stored))
    return rows


def _address_statements(shop: Shop, rows: list[AddressRow], customer: str, customer_args: list[Any],
                        first_is_default: bool) -> list[Statement]:  # fmt: skip
    """INSERT/UPDATE the rows; the default one becomes ``customer.address_id`` (3.x) / ``default = 1`` (4.x)."""
    chosen = next((row for row in rows if row.default), rows[0] if first_is_default and rows else None)
    statements: list[Statement] = []
    for row in rows:
        values = [row.values[column] for column in _ADDRESS_COLUMNS]
        if row.address_id is None:
            extra = ", `default`" if shop.layout.major == 4 else ""
            sql = (f"INSERT INTO {{table_prefix}}address (customer_id, {', '.join(_ADDRESS_COLUMNS)}, custom_field"  # noqa: S608
                   f"{extra}) VALUES ({customer}, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]'{', 0' if extra else ''})")
            statements.append(Statement(sql, [*customer_args, *values]))
        else:
            sets = ", ".join(f"{column} = ?" for column in _ADDRESS_COLUMNS)
            statements.append(Statement(f"UPDATE {{table_prefix}}address SET {sets} WHERE address_id = ?",  # noqa: S608
                                        [*values, row.address_id]))  # fmt: skip
        if row is chosen:
            target = "LAST_INSERT_ID()" if row.address_id is None else "?"
            target_args = [] if row.address_id is None else [row.address_id]
            if shop.layout.major == 3:
                statements.append(Statement(f"UPDATE {{table_prefix}}customer SET address_id = {target} "  # noqa: S608
                                            f"WHERE customer_id = {customer}", [*target_args, *customer_args]))
            else:
                statements.append(Statement(f"UPDATE {{table_prefix}}address SET `default` = (address_id = {target}) "  # noqa: S608
                                            f"WHERE customer_id = {customer}",
                                            [*target_args, *customer_args]))  # fmt: skip
    return statements


async def customer_add(ctx: ConnectorContext, params: Any) -> r.CustomerAddResult:
    """A new customer with an address book. Raises InvalidParameter (109) naming the field (e-mail taken,
    unknown group/store/country/zone, a name or address OpenCart's form refuses), NotSupported (120)."""
    refuse_unsupported(params, _FIELDS)
    shop = await open_shop(ctx)
    columns = {"customer_group_id": shop.customer_group_id, "store_id": 0, "language_id": shop.language_id,
               "telephone": "", "newsletter": 0, "status": 1, "safe": 0, "custom_field": "[]", "ip": "", "token": "",
               "code": "", "password": "", **({"salt": "", "fax": ""} if shop.layout.major == 3 else {})}  # fmt: skip
    columns |= await _customer_columns(shop, params, None)
    addresses = await _addresses(shop, params, columns, None)
    added = sql_time(params.created_time) if params.created_time is not None else None
    names = ", ".join(f"`{column}`" for column in columns)
    statements = [
        Statement(f"INSERT INTO {{table_prefix}}customer ({names}, date_added) "  # noqa: S608 - fixed columns
                  f"VALUES ({', '.join('?' for _ in columns)}, {'?' if added else 'NOW()'})",
                  [*columns.values(), *([added] if added else [])]),
        Statement(f"SET {_NEW_ID} = LAST_INSERT_ID()"),
        *_address_statements(shop, addresses, _NEW_ID, [], first_is_default=True),
    ]  # fmt: skip
    results = await shop.bridge.batch(statements)
    return r.CustomerAddResult(customer_id=str(results[0].insert_id))


async def customer_update(ctx: ConnectorContext, params: Any) -> r.UpdatedItemsResult:
    """Change the given fields and addresses. Raises NotFound (112), InvalidParameter (109) naming the
    field, NotSupported (120)."""
    refuse_unsupported(params, _FIELDS)
    shop = await open_shop(ctx)
    if not is_id(params.id):
        raise NotFound("Customer not found", field="id")
    current = await one_row(shop, "SELECT customer_id, firstname, lastname FROM {table_prefix}customer "
                                  "WHERE customer_id = ?", [int(params.id)])  # fmt: skip
    if current is None:
        raise NotFound("Customer not found", field="id")
    customer_id = int(current["customer_id"])
    columns = await _customer_columns(shop, params, current)
    addresses = await _addresses(shop, params, current | columns, customer_id)
    statements: list[Statement] = []
    if columns:
        sets = ", ".join(f"`{column}` = ?" for column in columns)
        statements.append(Statement(f"UPDATE {{table_prefix}}customer SET {sets} WHERE customer_id = ?",  # noqa: S608
                                    [*columns.values(), customer_id]))  # fmt: skip
    has_default = await one_row(shop, "SELECT 1 AS x FROM {table_prefix}address WHERE customer_id = ?", [customer_id])
    statements += _address_statements(shop, addresses, "?", [customer_id], first_is_default=has_default is None)
    if not statements:
        raise InvalidParameter("Nothing to change: give a field to write", field="id")
    await shop.bridge.batch(statements)
    return r.UpdatedItemsResult(updated_items=1)


_FIND_COLUMNS = {"email": "c.email", "first_name": "c.firstname", "last_name": "c.lastname", "phone": "c.telephone",
                 "id": "c.customer_id"}  # fmt: skip


async def customer_find(ctx: ConnectorContext, params: Any) -> r.CustomerFindResult:
    """The first customer (lowest id) whose field equals ``find_value`` (``regular``: contains it), without
    regard to case. Raises NotFound (112) when none matches, NotSupported (120) for ``include_guests``
    (OpenCart guests exist only as order copies)."""
    if params.include_guests:
        raise NotSupported("OpenCart cannot find by 'include_guests': it keeps guests only on their orders",
                           field="include_guests")
    shop = await open_shop(ctx)
    column = _FIND_COLUMNS[params.find_where]
    value = encode_text(params.find_value)
    if params.find_params == "regular" and params.find_where != "id":
        condition, argument = f"LCASE({column}) LIKE ?", "%" + value.lower().replace("\\", "\\\\").replace(
            "%", "\\%").replace("_", "\\_") + "%"  # fmt: skip
    else:
        condition, argument = f"LCASE({column}) = ?", value.lower()
    where, args = [condition], list[Any]([argument])
    if (stores := await store_ids(shop, params.store_id, None)) is not None:
        where.append("c.store_id = ?")
        args.append(stores[0])
    sql = "SELECT c.customer_id, c.email, c.firstname, c.lastname FROM {table_prefix}customer c WHERE "
    found = await one_row(shop, sql + " AND ".join(where) + " ORDER BY c.customer_id", args)
    if found is None:
        raise NotFound("No customer matches", field="find_value")
    return r.CustomerFindResult(id=str(found["customer_id"]), email=text(found["email"]),
                                first_name=text(found["firstname"]) or None, last_name=text(found["lastname"]) or None)
