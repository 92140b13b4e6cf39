"""A customer's ``address[]`` entries checked and turned into OpenCart ``address`` rows, before any write.

The rules are the ones OpenCart's admin and account forms apply: first/last name 1-32 characters,
``address_1`` 3-128, city 2-128, a postcode (2-10) where the country requires one, a known country
(ISO 3166 alpha-2 or alpha-3) and, where the country has zones, a zone given by code or name. OpenCart
addresses have no type and no phone: ``address_book_type`` is accepted (every OpenCart address serves
billing and shipping), ``address_book_phone`` answers 120. The default address is ``customer.address_id``
in 3.x and ``address.default = 1`` in 4.x; without an explicit default the first new address is it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from connectors.opencart_bridge.shop import Shop, encode_text
from connectors.opencart_bridge.write_checks import one_row
from gateway.errors import InvalidParameter, NotSupported

__all__ = ["AddressRow", "checked_address"]

_COLUMNS = ("firstname", "lastname", "company", "address_1", "address_2", "city", "postcode")


@dataclass
class AddressRow:
    """One ``address`` row to write: ``values`` maps columns to stored (encoded) values."""

    address_id: int | None  # an existing address of the customer, or None for a new one
    values: dict[str, Any] = field(default_factory=dict)
    default: bool = False


def _length(value: str, low: int, high: int, name: str) -> None:
    if not low <= len(value) <= high:
        raise InvalidParameter(f"Parameter '{name}' must be {low}-{high} characters", field=name)


async def _country(shop: Shop, code: str, name: str) -> dict[str, Any]:
    column = "iso_code_2" if len(code) == 2 else "iso_code_3"
    found = await one_row(shop, f"SELECT country_id, postcode_required FROM {{table_prefix}}country "  # noqa: S608
                                f"WHERE {column} = ? AND status = 1", [code])  # fmt: skip
    if found is None:
        raise InvalidParameter(f"Parameter '{name}' is not a country of this shop", field=name)
    return found


async def _zone(shop: Shop, country_id: int, state: str | None, name: str) -> int:
    by_name = ("EXISTS (SELECT 1 FROM {table_prefix}zone_description zd WHERE zd.zone_id = z.zone_id AND zd.name = ?)"
               if shop.layout.codes_table else "z.name = ?")  # 4.1 keeps zone names per language
    if state is None:
        zones = await one_row(shop, "SELECT COUNT(*) AS n FROM {table_prefix}zone WHERE country_id = ? AND status = 1",
                              [country_id])  # fmt: skip
        if zones is not None and int(zones["n"]):
            raise InvalidParameter(f"Parameter '{name}' is required for this country", field=name)
        return 0
    sql = f"SELECT z.zone_id FROM {{table_prefix}}zone z WHERE z.country_id = ? AND z.status = 1 AND (z.code = ? OR {by_name}) ORDER BY z.zone_id"  # noqa: E501, S608 - fixed SQL
    found = await one_row(shop, sql, [country_id, state, encode_text(state)])
    if found is None:
        raise InvalidParameter(f"Parameter '{name}' is not a zone of this country", field=name)
    return int(found["zone_id"])


async def checked_address(shop: Shop, entry: Any, index: int, customer: dict[str, Any],
                          stored: dict[str, Any] | None) -> AddressRow:  # fmt: skip
    """The row for ``address[index]``; ``stored`` is the existing address it changes (None: a new one).

    ``customer`` holds the customer's (new or stored) ``firstname``/``lastname`` for names not given.
    Raises InvalidParameter (109) naming ``address.<index>.<field>``, NotSupported (120) for a phone.
    """
    prefix = f"address.{index}.address_book_"
    if entry.address_book_phone:
        raise NotSupported("OpenCart addresses have no phone (the customer's phone is 'phone')", field=prefix + "phone")
    given = {"firstname": entry.address_book_first_name, "lastname": entry.address_book_last_name,
             "company": entry.address_book_company, "address_1": entry.address_book_address1,
             "address_2": entry.address_book_address2, "city": entry.address_book_city,
             "postcode": entry.address_book_postcode}  # fmt: skip
    base = {column: str((stored or {}).get(column) or "") for column in _COLUMNS}
    if stored is None:
        base["firstname"], base["lastname"] = customer["firstname"], customer["lastname"]
    values: dict[str, Any] = {column: base[column] if value is None else encode_text(value)
                              for column, value in given.items()}
    wire = {"firstname": "first_name", "lastname": "last_name", "address_1": "address1", "city": "city",
            "postcode": "postcode", "company": "company", "address_2": "address2"}  # fmt: skip
    for column, (low, high) in {"firstname": (1, 32), "lastname": (1, 32), "address_1": (3, 128),
                                "city": (2, 128), "address_2": (0, 128)}.items():  # fmt: skip
        _length(values[column], low, high, prefix + wire[column])
    _length(values["company"], 0, 40 if shop.layout.major == 3 else 60, prefix + "company")
    if entry.address_book_country is not None:
        country = await _country(shop, entry.address_book_country, prefix + "country")
    elif stored is not None:
        country = {"country_id": stored["country_id"], "postcode_required": 0}
    else:
        raise InvalidParameter(f"Parameter '{prefix}country' is required for a new address", field=prefix + "country")
    values["country_id"] = int(country["country_id"])
    if entry.address_book_country is not None or entry.address_book_state is not None or stored is None:
        values["zone_id"] = await _zone(shop, values["country_id"], entry.address_book_state, prefix + "state")
    else:
        values["zone_id"] = int(stored["zone_id"])
    if str(country["postcode_required"]) == "1" or values["postcode"]:
        _length(values["postcode"], 2, 10, prefix + "postcode")
    return AddressRow(None if stored is None else int(stored["address_id"]), values,
                      bool(entry.address_book_default))  # fmt: skip
