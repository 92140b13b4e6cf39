"""cart.info on OpenCart through HTTP: store 0 from its settings plus every ``oc_store`` row, each with the
shop's enabled languages and currencies and its own defaults, compared with what MariaDB holds."""

from __future__ import annotations

import pytest

from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.mariadb import rows, run_sql, scalar
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

OWN_SHOP_SIZES = {"products_count": 10, "orders_count": 5, "customers_count": 2}  # own shops (conftest)


def _setting(db: str, key: str, store_id: int = 0) -> str:
    return scalar(f"SELECT value FROM oc_setting WHERE store_id = {store_id} AND `key` = '{key}'", db)


@pytest.mark.parametrize("version", VERSIONS)
async def test_cart_info_answers_the_default_store_from_its_settings(writable: dict[Version, Connected],
                                                                    version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    info = await store.ok("cart.info")
    assert info["cart_id"] == "Opencart14"
    assert info["version"].startswith("3.0" if version == "3" else "4.1")
    assert info["name"] == _setting(db, "config_name")
    first = info["stores_info"][0]
    assert first["store_id"] == "0"
    languages = rows("SELECT language_id, code, name FROM oc_language WHERE status = 1 "
                     "ORDER BY sort_order, language_id", db)  # fmt: skip
    assert [[one["id"], one["iso_code"], one["name"]] for one in first["store_languages"]] == languages
    assert first["language"] == _setting(db, "config_language" if version == "3" else "config_language_catalog")
    currencies = rows("SELECT currency_id, code FROM oc_currency WHERE status = 1 ORDER BY currency_id", db)
    assert [[one["id"], one["iso3"]] for one in first["store_currencies"]] == currencies
    default_code = _setting(db, "config_currency")
    assert first["currency"]["iso3"] == default_code and first["currency"]["default"] is True
    assert [one["iso3"] for one in first["store_currencies"] if one["default"]] == [default_code]
    unit = scalar("SELECT unit FROM oc_weight_class_description WHERE language_id = 1 AND weight_class_id = "
                  "(SELECT value FROM oc_setting WHERE store_id = 0 AND `key` = 'config_weight_class_id')", db)
    assert first["weight_unit"] == unit
    country = scalar("SELECT iso_code_2 FROM oc_country WHERE country_id = "
                     "(SELECT value FROM oc_setting WHERE store_id = 0 AND `key` = 'config_country_id')", db)
    assert first["country"] == first["store_owner_info"]["country"] == country
    assert first["store_owner_info"]["email"] == (_setting(db, "config_email") or None)


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_second_store_has_its_own_name_url_and_defaults(writable: dict[Version, Connected],
                                                                version: Version) -> None:  # fmt: skip
    store = writable[version]
    db = store.shop.database
    other = scalar("SELECT code FROM oc_currency WHERE status = 1 AND code <> (SELECT value FROM oc_setting "
                   "WHERE store_id = 0 AND `key` = 'config_currency') ORDER BY currency_id LIMIT 1", db)  # fmt: skip
    run_sql("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';\n"
            "INSERT IGNORE INTO oc_store (store_id, name, url) VALUES (1, 'Second &amp; Co', 'http://two.example/');\n"
            "DELETE FROM oc_setting WHERE store_id = 1;\n"
            "INSERT INTO oc_setting (store_id, code, `key`, value, serialized) VALUES "
            f"(1, 'config', 'config_currency', '{other}', 0), (1, 'config', 'config_name', 'Second', 0);", db)
    info = await store.ok("cart.info")
    assert [one["store_id"] for one in info["stores_info"]] == ["0", "1"]
    second = info["stores_info"][1]
    assert (second["name"], second["multi_store_url"], second["currency"]["iso3"]) == (
        "Second & Co", "http://two.example", other)
    assert second["language"] == info["stores_info"][0]["language"]  # no own language: store 0's, as the catalog
    only = await store.ok("cart.info", store_id="1")
    assert [one["store_id"] for one in only["stores_info"]] == ["1"]
    unknown = await store.raw("cart.info", store_id="9")
    assert unknown["return_code"] == 109
