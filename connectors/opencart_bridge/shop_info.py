"""cart.info on OpenCart: the default store 0 (from its ``setting`` rows) and every ``store`` row, with the
shop's languages and currencies, in one bridge query for the settings and one per reference table.

OpenCart keeps languages and currencies once for every store; each store's own ``config_language``
(4.x ``config_language_catalog``) and ``config_currency`` pick its defaults (a store without its own rows
falls back to store 0's, as OpenCart's catalog does). Store 0 has no ``store`` row and no URL setting:
its URL is the one the shop was connected with. Only enabled languages and currencies are listed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from connectors.model.money import is_currency
from connectors.model.reference import Currency, Language
from connectors.model.store import Cart, StoreInfo, StoreOwnerInfo
from connectors.opencart_bridge.shop import Shop, open_shop, text
from connectors.spec import ConnectorContext
from gateway.errors import InvalidParameter

__all__ = ["cart_info"]

_KEYS: Final = ("config_name", "config_owner", "config_address", "config_email", "config_telephone",
                "config_country_id", "config_zone_id", "config_language", "config_language_catalog",
                "config_currency", "config_timezone", "config_weight_class_id", "config_length_class_id")  # fmt: skip


def _places_sql(shop: Shop) -> str:
    if shop.layout.codes_table:  # 4.1: names per language in *_description tables
        return """
SELECT 'country' AS kind, c.country_id AS id, c.iso_code_2 AS code, cd.name FROM {table_prefix}country c
LEFT JOIN {table_prefix}country_description cd ON cd.country_id = c.country_id AND cd.language_id = ?
WHERE c.country_id IN (SELECT value FROM {table_prefix}setting WHERE `key` = 'config_country_id')
UNION ALL
SELECT 'zone', z.zone_id, z.code, zd.name FROM {table_prefix}zone z
LEFT JOIN {table_prefix}zone_description zd ON zd.zone_id = z.zone_id AND zd.language_id = ?
WHERE z.zone_id IN (SELECT value FROM {table_prefix}setting WHERE `key` = 'config_zone_id')"""
    return """
SELECT 'country' AS kind, country_id AS id, iso_code_2 AS code, name FROM {table_prefix}country
WHERE country_id IN (SELECT value FROM {table_prefix}setting WHERE `key` = 'config_country_id')
UNION ALL
SELECT 'zone', zone_id, code, name FROM {table_prefix}zone
WHERE zone_id IN (SELECT value FROM {table_prefix}setting WHERE `key` = 'config_zone_id')"""


_UNITS_SQL: Final = """
SELECT 'weight' AS kind, weight_class_id AS id, unit FROM {table_prefix}weight_class_description WHERE language_id = ?
UNION ALL
SELECT 'length', length_class_id, unit FROM {table_prefix}length_class_description WHERE language_id = ?"""


async def _rows(shop: Shop, sql: str, args: list[Any] | None = None) -> list[dict[str, Any]]:
    rows, _ = await shop.bridge.query_dicts(sql, args or [], limit=10_000)
    return rows


def _currencies(rows: list[dict[str, Any]]) -> dict[str, Currency]:
    """Enabled currencies by code; a code that is not ISO 4217 is left out (the model keeps ISO codes only)."""
    found = {}
    for row in rows:
        code = str(row["code"] or "")
        if is_currency(code):
            rate = float(row["value"] or 0)
            found[code] = Currency(id=str(row["currency_id"]), name=text(row["title"]) or None, iso3=code,
                                   symbol_left=text(row["symbol_left"]), symbol_right=text(row["symbol_right"]) or None,
                                   rate=rate if rate > 0 else None, avail=True)  # fmt: skip
    return found


def _store(store_id: int, name: str, url: str, own: dict[str, str], default: dict[str, str],
           languages: list[Language], codes: dict[str, str], currencies: dict[str, Currency],
           places: dict[tuple[str, str], dict[str, Any]], units: dict[tuple[str, str], str]) -> StoreInfo:  # fmt: skip
    def setting(key: str) -> str:
        return own.get(key) or default.get(key) or ""

    language_code = setting("config_language_catalog") or setting("config_language")
    currency_code = setting("config_currency")
    listed = [one.model_copy(update={"default": one.iso3 == currency_code}) for one in currencies.values()]
    chosen = next((one for one in listed if one.default), None) or Currency(id=currency_code or "USD",
                                                                         iso3=currency_code or "USD", default=True)
    country = places.get(("country", setting("config_country_id")), {})
    zone = places.get(("zone", setting("config_zone_id")), {})
    owner = StoreOwnerInfo(owner=text(setting("config_owner")) or None, country=country.get("code") or None,
                           state=text(zone.get("name")) or None, state_code=zone.get("code") or None,
                           street_address=text(setting("config_address")) or None,
                           email=setting("config_email") or None, phone=text(setting("config_telephone")) or None)
    return StoreInfo(
        store_id=str(store_id), name=text(name) or None,
        language=language_code if language_code in codes else None, store_languages=languages,
        currency=chosen, store_currencies=listed, timezone=setting("config_timezone") or "UTC",
        country=country.get("code") or None, multi_store_url=url.rstrip("/") or None, active=True,
        weight_unit=units.get(("weight", setting("config_weight_class_id"))),
        dimension_unit=units.get(("length", setting("config_length_class_id"))),
        prices_include_tax=False, store_owner_info=owner,
    )  # fmt: skip


async def cart_info(ctx: ConnectorContext, params: Any) -> Cart:
    """The shop and its stores. Raises InvalidParameter (109) for a ``store_id`` the shop does not have."""
    shop = await open_shop(ctx)
    marks = ", ".join("?" for _ in _KEYS)
    settings_rows = await _rows(shop, "SELECT store_id, `key`, value FROM {table_prefix}setting "  # noqa: S608
                                f"WHERE code = 'config' AND `key` IN ({marks})", list(_KEYS))  # fmt: skip
    settings: dict[int, dict[str, str]] = defaultdict(dict)
    for row in settings_rows:
        settings[int(row["store_id"])][str(row["key"])] = str(row["value"] or "")
    stores = await _rows(shop, "SELECT store_id, name, url FROM {table_prefix}store ORDER BY store_id")
    language_rows = await _rows(shop, "SELECT language_id, name, code FROM {table_prefix}language WHERE status = 1 "
                                      "ORDER BY sort_order, language_id")  # fmt: skip
    currency_rows = await _rows(shop, "SELECT currency_id, title, code, symbol_left, symbol_right, value "
                                      "FROM {table_prefix}currency WHERE status = 1 ORDER BY currency_id")  # fmt: skip
    places = {(str(row["kind"]), str(row["id"])): row
              for row in await _rows(shop, _places_sql(shop),
                                   [shop.language_id] * 2 if shop.layout.codes_table else [])}  # fmt: skip
    units = {(str(row["kind"]), str(row["id"])): text(row["unit"])
             for row in await _rows(shop, _UNITS_SQL, [shop.language_id, shop.language_id])}  # fmt: skip
    languages = [Language(id=str(row["language_id"]), iso_code=str(row["code"]), name=text(row["name"]))
                 for row in language_rows if 2 <= len(str(row["code"] or "")) <= 8]  # fmt: skip
    codes = {one.iso_code: one.id for one in languages}
    currencies = _currencies(currency_rows)
    default = settings.get(0, {})
    every = [(0, default.get("config_name", ""), ctx.store.store_url),
             *((int(row["store_id"]), str(row["name"] or ""), str(row["url"] or "")) for row in stores)]
    if params.store_id is not None:
        every = [one for one in every if str(one[0]) == str(params.store_id)]
        if not every:
            raise InvalidParameter("Parameter 'store_id' is not a store of this shop", field="store_id")
    infos = [_store(store_id, name, url, settings.get(store_id, {}), default, languages, codes, currencies,
                    places, units) for store_id, name, url in every]  # fmt: skip
    known = {key: str(ctx.store.settings[key]) for key in ("custom_label", "bridge_version", "db_tables_prefix")
             if ctx.store.settings.get(key) is not None}  # what the gateway answers besides (accounts.cart_info)
    return Cart(
        name=text(default.get("config_name")) or known.get("custom_label"), url=ctx.store.store_url,
        version=shop.layout.version, bridge_version=known.get("bridge_version"),
        db_prefix=known.get("db_tables_prefix"), default_rounding_precision=2, stores_info=infos,
    )  # fmt: skip
