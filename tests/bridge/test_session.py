"""The bridge's SQL runs in the session the cart's own DB driver sets up (sql_mode, time_zone, charset).

Real parts: OpenCart 3 and 4 shops generated into MariaDB (tests/shops), served by ``php -S``. Each shop gets
two bridges: ``rawbridge/`` with keys this module holds, to ask the server what the session is, and the owner's
``bridge2cart/`` installed through the gateway (cart.bridge -> bridge.download -> account.cart.add), to write
through the connector. The expected values are what OpenCart's drivers set (bridge.php cites the files and tags).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest
import pytest_asyncio

from gateway.bridge.client import BridgeClient, Statement
from gateway.bridge.keys import public_pem
from gateway.bridge.package import bridge_files, render_config
from gateway.bridge.protocol import StoreSecrets
from gateway.errors import DuplicateRecord
from tests.bridge.shop import new_store_secrets, php_server
from tests.opencart.conftest import Connected, connected
from tests.shops.fixtures import OpenCartShop, opencart_shop
from tests.shops.mariadb import MariaDBError, rows, run_sql
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]

VERSIONS: list[Version] = ["3", "4"]
SIZES = {"products_count": 30, "orders_count": 10, "customers_count": 5}
OPENCART_MODE = "NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION"
# config_timezone per shop: zones without summer time, so the offset cannot change during the run
ZONES: dict[Version, str] = {"3": "Asia/Kathmandu", "4": "Asia/Kolkata"}
SESSION_SQL = ("SELECT @@SESSION.sql_mode AS sql_mode, @@SESSION.time_zone AS time_zone, "
               "@@SESSION.character_set_connection AS charset, @@SESSION.foreign_key_checks AS fk")  # fmt: skip


@dataclass(frozen=True)
class Shop:
    """A served shop with a bridge whose keys the test holds."""

    shop: OpenCartShop
    base: str
    raw_url: str
    store: StoreSecrets

    @property
    def database(self) -> str:
        return self.shop.database


def _offset(zone: str) -> str:
    """What PHP's date('P') answers in ``zone`` now: +05:45."""
    text = dt.datetime.now(ZoneInfo(zone)).strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def _install_raw_bridge(root: Path, store: StoreSecrets) -> None:
    config = render_config(store.store_key, public_pem(store.private_key), store_root=str(root))
    config = config.replace("'nonce_dir' => ''", f"'nonce_dir' => '{root.parent / 'raw-nonces'}'")
    for name, data in bridge_files(config).items():
        target = root / name.replace("bridge2cart/", "rawbridge/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


@pytest.fixture(scope="module")
def shops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Version, Shop]]:
    with ExitStack() as stack:
        result = {}
        for version in VERSIONS:
            folder = tmp_path_factory.mktemp(f"ses{version}") / "www"
            built = stack.enter_context(opencart_shop(version, folder, **SIZES))
            run_sql(f"UPDATE oc_setting SET `value` = '{ZONES[version]}' WHERE store_id = 0 "
                    "AND `key` = 'config_timezone'", built.database)  # fmt: skip
            store = new_store_secrets()
            _install_raw_bridge(built.root, store)
            base = stack.enter_context(php_server(built.root, wait_for="/index.php"))
            result[version] = Shop(built, base, f"{base}/rawbridge/bridge.php", store)
        yield result


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def raw(shops: dict[Version, Shop]) -> AsyncIterator[dict[Version, BridgeClient]]:
    async with aiohttp.ClientSession() as http:
        yield {v: BridgeClient(http, shop.raw_url, shop.store) for v, shop in shops.items()}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def gateway_stores(
    shops: dict[Version, Shop], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[dict[Version, Connected]]:
    """The same shops connected through the gateway as a store owner does it (bridge2cart/ from bridge.download)."""
    pairs = {v: (shop.shop, shop.shop.root, shop.base) for v, shop in shops.items()}
    async with connected(tmp_path_factory, pairs) as result:
        yield result


def _server_default_mode() -> str:
    """The mode a plain connection gets on this server: what the bridge ran under before it set the session."""
    return run_sql("SELECT @@SESSION.sql_mode;").strip()


async def test_the_server_default_is_stricter_than_opencart() -> None:
    # the comparisons below only mean something if the server's own mode differs from OpenCart's
    assert "STRICT_TRANS_TABLES" in _server_default_mode().split(",")


@pytest.mark.parametrize("version", VERSIONS)
async def test_bridge_queries_run_in_the_opencart_drivers_session(raw: dict[Version, BridgeClient],
                                                                  version: Version) -> None:  # fmt: skip
    found, _ = await raw[version].query_dicts(SESSION_SQL, limit=1)
    # 3.0.3.8: set_charset('utf8') (MariaDB names it utf8mb3), FOREIGN_KEY_CHECKS untouched;
    # 4.1.0.4: set_charset('utf8mb4'), SET FOREIGN_KEY_CHECKS = 0; both: sql_mode, time_zone = config_timezone's offset
    expected = {"sql_mode": OPENCART_MODE, "time_zone": _offset(ZONES[version]),
                "charset": "utf8mb3" if version == "3" else "utf8mb4", "fk": 1 if version == "3" else 0}  # fmt: skip
    assert {key: found[0][key] for key in expected} == expected


@pytest.mark.parametrize("version", VERSIONS)
async def test_bridge_batches_run_in_the_same_session(raw: dict[Version, BridgeClient], shops: dict[Version, Shop],
                                                      version: Version) -> None:  # fmt: skip
    key = f"cg_session_{version}"
    await raw[version].batch([Statement(
        "INSERT INTO {table_prefix}setting (store_id, code, `key`, `value`, serialized) "
        "SELECT 0, 'cg_test', ?, CONCAT(@@SESSION.sql_mode, '|', @@SESSION.time_zone), 0", [key])])  # fmt: skip
    stored = rows(f"SELECT `value` FROM oc_setting WHERE `key` = '{key}'", shops[version].database)
    assert stored == [[f"{OPENCART_MODE}|{_offset(ZONES[version])}"]]


async def test_info_reports_the_session(raw: dict[Version, BridgeClient]) -> None:
    info = await raw["4"].info()
    assert info["session"] == {"sql_mode": OPENCART_MODE, "time_zone": _offset(ZONES["4"]), "charset": "utf8mb4"}


async def test_a_row_without_every_column_is_accepted_as_opencart_3_accepts_it(
    raw: dict[Version, BridgeClient], shops: dict[Version, Shop]
) -> None:
    # 3.x: oc_product.sku (and most columns) are NOT NULL without a default: OpenCart's mode stores '', strict refuses
    statement = "INSERT INTO {p}product (model, quantity, date_added, date_modified) VALUES ('{m}', 1, NOW(), NOW())"
    database = shops["3"].database
    with pytest.raises(MariaDBError, match="1364"):
        run_sql(statement.format(p="oc_", m="CG-STRICT") + ";", database)
    await raw["3"].batch([Statement(statement.format(p="{table_prefix}", m="CG-OC-MODE"))])
    assert rows("SELECT sku, location FROM oc_product WHERE model = 'CG-OC-MODE'", database) == [["", ""]]
    assert rows("SELECT COUNT(*) FROM oc_product WHERE model = 'CG-STRICT'", database) == [["0"]]


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_value_too_long_is_cut_as_opencart_cuts_it(
    raw: dict[Version, BridgeClient], shops: dict[Version, Shop], version: Version
) -> None:
    # oc_product.location is VARCHAR(128) in both schemas: strict mode answers 1406, OpenCart's mode keeps 128
    await raw[version].batch([Statement("UPDATE {table_prefix}product SET location = ? WHERE product_id = 1",
                                        ["x" * 130])])  # fmt: skip
    assert rows("SELECT location FROM oc_product WHERE product_id = 1", shops[version].database) == [["x" * 128]]
    with pytest.raises(MariaDBError, match="1406"):
        run_sql(f"UPDATE oc_product SET location = '{'y' * 130}' WHERE product_id = 1;", shops[version].database)


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_add_through_the_connector_stamps_the_shops_local_time(
    gateway_stores: dict[Version, Connected], shops: dict[Version, Shop], version: Version
) -> None:
    # product.add writes date_added = NOW() as addProduct does: in the shop's config_timezone, as OpenCart's own
    # admin would, not in the server's zone (the connector sends no time_zone of its own)
    before = dt.datetime.now(ZoneInfo(ZONES[version])).replace(tzinfo=None, microsecond=0)
    added = await gateway_stores[version].ok(
        "product.add", name="Session mug", model=f"SES-{version}", description="<p>Stoneware</p>", price="9.50"
    )
    after = dt.datetime.now(ZoneInfo(ZONES[version])).replace(tzinfo=None)
    found = rows(f"SELECT model, date_added FROM oc_product WHERE product_id = {int(added['product_id'])}",
                 shops[version].database)  # fmt: skip
    assert found[0][0] == f"SES-{version}"
    assert before <= dt.datetime.fromisoformat(found[0][1]) <= after


async def test_a_sql_error_still_answers_its_code(raw: dict[Version, BridgeClient]) -> None:
    # the session does not swallow errors: a duplicate key is still refused (1062 -> DuplicateRecord, 116)
    with pytest.raises(DuplicateRecord, match="1062"):
        await raw["3"].batch([Statement("INSERT INTO {table_prefix}language (language_id, name, code, locale, "
                                        "image, directory, sort_order, status) SELECT language_id, name, code, "
                                        "locale, image, directory, sort_order, status FROM {table_prefix}language "
                                        "LIMIT 1")])  # fmt: skip
