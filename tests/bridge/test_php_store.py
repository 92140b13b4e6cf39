"""The PHP side's file nonce store and the shop-configuration detection, from PHP's CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.bridge.conftest import PLUGIN

pytestmark = pytest.mark.php

HARD_PASSWORD_PHP = "'p@ss#w$rd\\'\"x'"  # single-quoted PHP literal
HARD_PASSWORD = "p@ss#w$rd'\"x"
OPENCART_MODE = "NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION"


WP_MODES_DROPPED = [
    "NO_ZERO_DATE", "ONLY_FULL_GROUP_BY", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "TRADITIONAL", "ANSI",
]  # fmt: skip


def _session(charset: str, **changes: Any) -> dict[str, Any]:
    """The session plan detection reports: what the cart's own driver sets on connect (bridge.php cgb_cart_session)."""
    plan: dict[str, Any] = {"charset": charset, "collation": None, "sql_mode": None, "drop_modes": [],
                            "time_zone": None, "foreign_key_checks": None}  # fmt: skip
    return plan | changes


def _detect(php: str, root: Path) -> dict[str, Any] | None:
    done = subprocess.run(
        [php, str(PLUGIN / "tests" / "detect.php"), str(root)], capture_output=True, text=True, check=True, timeout=30
    )
    assert done.stderr == ""
    result: dict[str, Any] | None = json.loads(done.stdout)
    return result


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_nonce_store_finds_replays_and_prunes_old_buckets(php: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [php, str(PLUGIN / "tests" / "nonce_test.php"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert json.loads(done.stdout)["failures"] == [] and done.returncode == 0


WP_CONFIG = (
    """<?php
/**
 * The base configuration for WordPress
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'shop_wp' );

/** Database username */
define( 'DB_USER', 'wpuser' );

/** Database password */
define( 'DB_PASSWORD', """
    + HARD_PASSWORD_PHP
    + """ );

/** Database hostname */
define( 'DB_HOST', 'localhost:/run/mysqld/mysqld.sock' );

/** Database charset to use in creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY',         'put your unique phrase here' );

$table_prefix = 'wpshop_';

define( 'WP_DEBUG', false );

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
"""
)


def test_woocommerce_is_read_without_booting_wordpress(php: str, tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "wp-config.php": WP_CONFIG,
            "wp-settings.php": "<?php file_put_contents(__DIR__ . '/BOOTED', '1'); exit(3);\n",
            "wp-includes/version.php": "<?php\n$wp_version = '6.7.1';\n$wp_db_version = 58975;\n",
            "wp-content/plugins/woocommerce/woocommerce.php": (
                "<?php\n/**\n * Plugin Name: WooCommerce\n * Version: 9.4.2\n */\n"
            ),
        },
    )
    found = _detect(php, root)
    assert found == {
        "type": "woocommerce",
        "version": "9.4.2",
        "db": {
            "host": "localhost",
            "port": 3306,
            "socket": "/run/mysqld/mysqld.sock",
            "user": "wpuser",
            "password": HARD_PASSWORD,
            "name": "shop_wp",
            "prefix": "wpshop_",
        },
        "session": _session("utf8mb4", collation="utf8mb4_unicode_520_ci", drop_modes=WP_MODES_DROPPED),
    }
    assert not (root / "BOOTED").exists()


def test_plain_wordpress_reports_wordpress_version(php: str, tmp_path: Path) -> None:
    root = _write(tmp_path, {"wp-config.php": WP_CONFIG, "wp-includes/version.php": "<?php\n$wp_version = '6.7.1';\n"})
    found = _detect(php, root)
    assert found is not None and (found["type"], found["version"]) == ("wordpress", "6.7.1")


@pytest.mark.parametrize(
    ("version", "extra"),
    [
        ("3.0.3.8", ""),
        ("4.0.2.3", "define('DB_SSL_KEY', '');\ndefine('DB_SSL_CERT', '');\n"),
    ],
)
def test_opencart_3_and_4(php: str, tmp_path: Path, version: str, extra: str) -> None:
    root = _write(
        tmp_path,
        {
            "config.php": "<?php\n// APPLICATION\ndefine('APPLICATION', 'Catalog');\n// DB\n"
            "define('DB_DRIVER', 'mysqli');\ndefine('DB_HOSTNAME', 'db.internal');\n"
            "define('DB_USERNAME', 'oc_user');\n"
            "define('DB_PASSWORD', \"p@ss#w\\$rd'\\\"x\");\n"
            "define('DB_DATABASE', 'opencart');\ndefine('DB_PORT', '3307');\n"
            f"define('DB_PREFIX', 'oc_');\n{extra}",
            "index.php": f"<?php\n// Version\ndefine('VERSION', '{version}');\n\n// Configuration\n"
            "if (is_file('config.php')) {\n\trequire_once('config.php');\n}\n",
        },
    )
    found = _detect(php, root)
    assert found == {
        "type": "opencart",
        "version": version,
        "db": {
            "host": "db.internal",
            "port": 3307,
            "socket": None,
            "user": "oc_user",
            "password": HARD_PASSWORD,
            "name": "opencart",
            "prefix": "oc_",
        },
        "session": _session("utf8mb4" if version.startswith("4") else "utf8", sql_mode=OPENCART_MODE,
                            time_zone="opencart_setting", foreign_key_checks=0 if version.startswith("4") else None),
    }


@pytest.mark.parametrize("version", ["1.7.6.9", "1.7.8.11", "8.1.7", "9.0.0"])
def test_prestashop_17_to_9(php: str, tmp_path: Path, version: str) -> None:
    root = _write(
        tmp_path,
        {
            "app/config/parameters.php": "<?php return array (\n  'parameters' => \n  array (\n"
            "    'database_host' => '127.0.0.1',\n    'database_port' => '',\n"
            "    'database_name' => 'presta',\n    'database_user' => 'ps',\n"
            "    'database_password' => " + HARD_PASSWORD_PHP + ",\n"
            "    'database_prefix' => 'ps_',\n    'database_engine' => 'InnoDB',\n"
            "    'secret' => 'abc',\n  ),\n);\n",
            "app/AppKernel.php": "<?php\nclass AppKernel extends Kernel\n{\n"
            f"    const VERSION = '{version}';\n    const MAJOR_VERSION_STRING = '8';\n}}\n",
        },
    )
    found = _detect(php, root)
    assert found == {
        "type": "prestashop",
        "version": version,
        "db": {
            "host": "127.0.0.1",
            "port": 3306,
            "socket": None,
            "user": "ps",
            "password": HARD_PASSWORD,
            "name": "presta",
            "prefix": "ps_",
        },
        # utf8mb4 from 1.7.7 on (DbPDO connects with charset=utf8mb4), SET NAMES 'utf8' before
        "session": _session("utf8" if version == "1.7.6.9" else "utf8mb4", sql_mode=""),
    }


def test_prestashop_16(php: str, tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "config/settings.inc.php": "<?php\ndefine('_DB_SERVER_', 'localhost:3308');\n"
            "define('_DB_NAME_', 'ps16');\ndefine('_DB_USER_', 'ps16user');\n"
            "define('_DB_PASSWD_', " + HARD_PASSWORD_PHP + ");\ndefine('_DB_PREFIX_', 'ps16_');\n"
            "define('_MYSQL_ENGINE_', 'InnoDB');\ndefine('_PS_CACHING_SYSTEM_', 'CacheMemcache');\n"
            "define('_PS_VERSION_', '1.6.1.24');\n"
        },
    )
    found = _detect(php, root)
    assert found == {
        "type": "prestashop",
        "version": "1.6.1.24",
        "db": {
            "host": "localhost",
            "port": 3308,
            "socket": None,
            "user": "ps16user",
            "password": HARD_PASSWORD,
            "name": "ps16",
            "prefix": "ps16_",
        },
        "session": _session("utf8", sql_mode=""),
    }


def test_magento_2(php: str, tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "app/etc/env.php": "<?php\nreturn [\n    'backend' => ['frontName' => 'admin_x'],\n"
            "    'db' => [\n        'table_prefix' => 'mg_',\n        'connection' => [\n"
            "            'default' => [\n                'host' => 'db.internal:3309',\n"
            "                'dbname' => 'magento',\n                'username' => 'mage',\n"
            "                'password' => " + HARD_PASSWORD_PHP + ",\n"
            "                'model' => 'mysql4',\n                'active' => '1',\n"
            "            ]\n        ]\n    ],\n    'crypt' => ['key' => 'secret'],\n];\n",
            "vendor/magento/magento2-base/composer.json": '{"name": "magento/magento2-base", "version": "2.4.7-p3"}',
        },
    )
    found = _detect(php, root)
    assert found == {
        "type": "magento2",
        "version": "2.4.7-p3",
        "db": {
            "host": "db.internal",
            "port": 3309,
            "socket": None,
            "user": "mage",
            "password": HARD_PASSWORD,
            "name": "magento",
            "prefix": "mg_",
        },
        "session": _session("utf8", sql_mode="", time_zone="+00:00"),
    }


def test_folder_without_a_cart_is_reported_as_none(php: str, tmp_path: Path) -> None:
    assert _detect(php, _write(tmp_path, {"index.html": "hello"})) is None
