"""The ``lang_id`` and ``store_id`` a read names, checked against the shop: a Shop reading in that language,
and the WHERE part that keeps products or categories of that store.

``lang_id`` is OpenCart's ``language_id`` (what cart.info lists as a store language's ``id``); an unknown
one answers 109, never the default language silently. Store 0 is the default store: every id the
shop's ``store`` table holds, plus 0, is a store.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from connectors.opencart_bridge.listing import Where
from connectors.opencart_bridge.shop import Shop
from gateway.errors import InvalidParameter, NotSupported

__all__ = ["in_language", "refuse_currency", "scoped", "store_condition"]


async def in_language(shop: Shop, lang_id: Any) -> Shop:
    """``shop`` reading names and descriptions in ``lang_id`` (None: the shop's default).

    Raises InvalidParameter (109) for an id the shop's ``language`` table does not hold.
    """
    if lang_id is None:
        return shop
    wanted = str(lang_id)
    if not wanted.isdigit():
        raise InvalidParameter("Parameter 'lang_id' is not a language of this shop", field="lang_id")
    rows, _ = await shop.bridge.query_dicts("SELECT language_id FROM {table_prefix}language WHERE language_id = ?",
                                            [int(wanted)], limit=1)  # fmt: skip
    if not rows:
        raise InvalidParameter("Parameter 'lang_id' is not a language of this shop", field="lang_id")
    return replace(shop, language_id=int(wanted))


def store_condition(store_id: Any, table: str, id_column: str) -> tuple[str, list[Any]]:
    """``id_column IN (ids of table's rows for the store)``, e.g. ("product_to_store", "p.product_id").

    Raises InvalidParameter (109) for a non-numeric store id. An unknown store simply holds nothing.
    """
    wanted = str(store_id)
    if not wanted.isdigit():
        raise InvalidParameter("Parameter 'store_id' must be a numeric OpenCart id", field="store_id")
    key = id_column.rsplit(".", 1)[-1]
    return (f"{id_column} IN (SELECT s.{key} FROM {{table_prefix}}{table} s WHERE s.store_id = ?)",  # noqa: S608
            [int(wanted)])  # fmt: skip


def refuse_currency(currency_id: Any) -> None:
    """Raises NotSupported (120) when a read names a currency: prices are answered in the shop's default."""
    if currency_id is not None:
        raise NotSupported("OpenCart reads answer prices in the shop's default currency only", field="currency_id")


async def scoped(shop: Shop, params: Any, store_table: str, id_column: str) -> tuple[Shop, Any, Where]:
    """A list's ``lang_id`` and ``store_id`` decided: (``shop`` in that language, ``params`` without the two for
    listing.Where, the store condition). ``store_id`` 0 filters too: OpenCart may keep a record out of the
    default store. Raises InvalidParameter (109) for an unknown language or a non-numeric store."""
    fields = type(params).model_fields
    own = {name: None for name in ("lang_id", "store_id") if name in fields}
    condition = Where([], [])
    if getattr(params, "store_id", None) is not None:
        sql, args = store_condition(params.store_id, store_table, id_column)
        condition = Where([sql], args)
    return await in_language(shop, getattr(params, "lang_id", None)), params.model_copy(update=own), condition
