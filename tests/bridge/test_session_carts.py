"""WordPress, PrestaShop and Magento shops: the bridge's session is the one each cart's DB layer sets on connect.

Each cart's configuration file (as its installer writes it) points at one fresh MariaDB database; the bridge runs
under ``php -S`` and the test asks the server, through the bridge, what the session is. The OpenCart shops are
in test_session.py; bridge.php's cgb_cart_session cites the cart file each value comes from.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.bridge.client import BridgeClient
from gateway.bridge.keys import public_pem
from gateway.bridge.package import bridge_files, render_config
from tests.bridge import shop

pytestmark = [pytest.mark.mariadb, pytest.mark.php]

# wp-includes/class-wpdb.php $incompatible_modes
WORDPRESS_DROPS = {
    "NO_ZERO_DATE", "ONLY_FULL_GROUP_BY", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "TRADITIONAL", "ANSI",
}  # fmt: skip
SESSION_SQL = ("SELECT @@SESSION.sql_mode AS sql_mode, @@SESSION.time_zone AS time_zone, @@SESSION."
               "character_set_connection AS charset, @@SESSION.collation_connection AS collation")  # fmt: skip


def _wordpress(db: str) -> dict[str, str]:
    return {
        "wp-config.php": f"<?php\ndefine( 'DB_NAME', '{db}' );\ndefine( 'DB_USER', 'root' );\n"
        "define( 'DB_PASSWORD', '' );\ndefine( 'DB_HOST', '127.0.0.1' );\ndefine( 'DB_CHARSET', 'utf8' );\n"
        "define( 'DB_COLLATE', '' );\n$table_prefix = 'wp_';\nrequire_once ABSPATH . 'wp-settings.php';\n",
        "wp-includes/version.php": "<?php\n$wp_version = '6.7.1';\n",
    }


def _prestashop_8(db: str) -> dict[str, str]:
    return {
        "app/config/parameters.php": "<?php return array (\n  'parameters' => array (\n"
        f"    'database_host' => '127.0.0.1', 'database_port' => '', 'database_name' => '{db}',\n"
        "    'database_user' => 'root', 'database_password' => '', 'database_prefix' => 'ps_',\n  ),\n);\n",
        "app/AppKernel.php": "<?php\nclass AppKernel extends Kernel\n{\n    const VERSION = '8.1.7';\n}\n",
    }


def _prestashop_16(db: str) -> dict[str, str]:
    return {
        "config/settings.inc.php": "<?php\ndefine('_DB_SERVER_', '127.0.0.1');\n"
        f"define('_DB_NAME_', '{db}');\ndefine('_DB_USER_', 'root');\ndefine('_DB_PASSWD_', '');\n"
        "define('_DB_PREFIX_', 'ps_');\ndefine('_PS_VERSION_', '1.6.1.24');\n"
    }


def _magento(db: str) -> dict[str, str]:
    return {
        "app/etc/env.php": "<?php\nreturn [\n    'db' => [\n        'table_prefix' => '',\n"
        "        'connection' => [\n            'default' => [\n                'host' => '127.0.0.1',\n"
        f"                'dbname' => '{db}',\n                'username' => 'root',\n"
        "                'password' => '',\n                'model' => 'mysql4',\n"
        "                'initStatements' => 'SET NAMES utf8mb4;',\n                'active' => '1',\n"
        "            ]\n        ]\n    ],\n];\n",
        "composer.json": '{"name": "magento/project-community-edition", "version": "2.4.7-p3"}',
    }


CARTS = {"wordpress": _wordpress, "prestashop8": _prestashop_8, "prestashop16": _prestashop_16, "magento": _magento}


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    name = shop.create_database()
    try:
        yield name
    finally:
        shop.drop_database(name)


@pytest.fixture(scope="module")
def served(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[str, Any]]]:
    """Each cart's folder with the bridge, behind one ``php -S`` per cart: name -> (bridge URL, store secrets)."""
    with ExitStack() as stack:
        result = {}
        for name, files in CARTS.items():
            root = tmp_path_factory.mktemp(name) / "www"
            for relative, text in files(database).items():
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                (root / relative).write_text(text)
            store = shop.new_store_secrets()
            config = render_config(store.store_key, public_pem(store.private_key))
            config = config.replace("'nonce_dir' => ''", f"'nonce_dir' => '{root.parent / 'nonces'}'")
            for relative, data in bridge_files(config).items():
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                (root / relative).write_bytes(data)
            base = stack.enter_context(shop.php_server(Path(root)))
            result[name] = (f"{base}/bridge2cart/bridge.php", store)
        yield result


@pytest.fixture
async def session_of(served: dict[str, tuple[str, Any]]) -> AsyncIterator[Any]:
    async with aiohttp.ClientSession() as http:

        async def ask(cart: str) -> dict[str, Any]:
            url, store = served[cart]
            found, _ = await BridgeClient(http, url, store).query_dicts(SESSION_SQL, limit=1)
            return found[0]

        yield ask


def _server_default(variable: str) -> str:
    return shop.sql(f"SELECT @@SESSION.{variable}").strip()


async def test_wordpress_drops_its_incompatible_modes_and_sets_its_collation(session_of: Any) -> None:
    default = _server_default("sql_mode").split(",")
    assert WORDPRESS_DROPS & set(default), "the server's default mode should hold a mode WordPress drops"
    found = await session_of("wordpress")
    # DB_CHARSET 'utf8' is upgraded to utf8mb4 and an empty DB_COLLATE becomes utf8mb4_unicode_520_ci
    assert found == {"sql_mode": ",".join(m for m in default if m not in WORDPRESS_DROPS),
                     "time_zone": _server_default("time_zone"), "charset": "utf8mb4",
                     "collation": "utf8mb4_unicode_520_ci"}  # fmt: skip


@pytest.mark.parametrize(("cart", "charset"), [("prestashop8", "utf8mb4"), ("prestashop16", "utf8mb3")])
async def test_prestashop_empties_sql_mode(session_of: Any, cart: str, charset: str) -> None:
    found = await session_of(cart)
    assert (found["sql_mode"], found["time_zone"], found["charset"]) == ("", _server_default("time_zone"), charset)


async def test_magento_runs_in_utc_with_its_init_statement_charset(session_of: Any) -> None:
    found = await session_of("magento")
    assert (found["sql_mode"], found["time_zone"], found["charset"]) == ("", "+00:00", "utf8mb4")
