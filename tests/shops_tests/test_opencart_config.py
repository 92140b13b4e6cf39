"""config.php as OpenCart's installer writes it, read back by real PHP, by mysqli and by the bridge's detector."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.shops.fixtures import OpenCartShop
from tests.shops.opencart_config import (
    TRICKY_PASSWORD,
    DbSettings,
    addslashes,
    catalog_config,
    effective_password,
    php_single_quoted,
    write_config_php,
)
from tests.shops.opencart_schema import Version

ROOT = Path(__file__).resolve().parents[2]
VERSIONS: list[Version] = ["3", "4"]
pytestmark = pytest.mark.php


def php(code: str, *args: str) -> str:
    binary = shutil.which("php")
    if binary is None:
        pytest.fail("php-cli is required (./scripts/test installs it)")
    done = subprocess.run([binary, "-r", code, *args], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def read_constants(config: Path) -> dict[str, str]:
    names = ["DB_DRIVER", "DB_HOSTNAME", "DB_USERNAME", "DB_PASSWORD", "DB_DATABASE", "DB_PORT", "DB_PREFIX",
             "DIR_APPLICATION", "DIR_SYSTEM", "DIR_IMAGE", "DIR_STORAGE", "DIR_CACHE", "DIR_LOGS", "HTTP_SERVER"]
    out = php("include $argv[1]; $o = []; foreach (array_slice($argv, 2) as $n) { $o[$n] = constant($n); } "
              "echo json_encode($o);", str(config), *names)
    result: dict[str, str] = json.loads(out)
    return result


@pytest.mark.parametrize("password", ["", "plain", "a$b#c@d", "it's", 'say "hi"', "back\\slash", TRICKY_PASSWORD,
                                      "ünï$cödé'\"#@"])
def test_addslashes_matches_php(password: str) -> None:
    assert php("echo addslashes($argv[1]);", password) == addslashes(password)
    # What PHP reads from '<addslashes(p)>': only \\ and \' are escapes inside single quotes.
    assert php("echo eval('return \\'' . addslashes($argv[1]) . '\\';');", password) == effective_password(password)
    assert php_single_quoted(addslashes(password)) == effective_password(password)


def test_installer_escaping_keeps_every_character_but_the_double_quote() -> None:
    # OpenCart's installer defect, reproduced on purpose: " comes back as \" ; everything else survives.
    assert effective_password("a$b#c@d'e\\f") == "a$b#c@d'e\\f"
    assert effective_password('x"y') == 'x\\"y'


@pytest.mark.parametrize("version", VERSIONS)
def test_config_php_round_trips_through_php(tmp_path: Path, version: Version) -> None:
    db = DbSettings(database="cg_oc_example", username="shop", password=TRICKY_PASSWORD, prefix="oc_")
    config = write_config_php(version, tmp_path, db, "http://shop.example/")
    values = read_constants(config)
    root = str(tmp_path.resolve()) + "/"
    assert values == values | {
        "DB_DRIVER": "mysqli", "DB_HOSTNAME": "127.0.0.1", "DB_USERNAME": "shop",
        "DB_PASSWORD": effective_password(TRICKY_PASSWORD), "DB_DATABASE": "cg_oc_example", "DB_PORT": "3306",
        "DB_PREFIX": "oc_", "DIR_APPLICATION": root + "catalog/", "DIR_SYSTEM": root + "system/",
        "DIR_IMAGE": root + "image/", "DIR_STORAGE": root + "system/storage/",
        "DIR_CACHE": root + "system/storage/cache/", "DIR_LOGS": root + "system/storage/logs/",
        "HTTP_SERVER": "http://shop.example/"}
    admin = read_constants(tmp_path / "admin" / "config.php")
    assert admin["DIR_APPLICATION"] == root + "admin/"
    assert admin["HTTP_SERVER"] == "http://shop.example/admin/"
    assert admin["DB_PASSWORD"] == values["DB_PASSWORD"]
    text = config.read_text()
    assert "define('DB_PASSWORD', 'p$ss#w0rd@\\'q\\\"\\\\z');" in text  # the bytes the installer writes
    assert text.endswith("define('DB_PREFIX', 'oc_');" if version == "3" else "define('DB_SSL_CA', '');\n")


def test_catalog_config_layout_per_version() -> None:
    db = DbSettings(database="d")
    v3 = catalog_config("3", "/srv/shop/", "http://s/", db)
    v4 = catalog_config("4", "/srv/shop/", "http://s/", db)
    assert "define('DIR_MODIFICATION', DIR_STORAGE . 'modification/');" in v3
    assert "HTTPS_SERVER" in v3 and "HTTPS_SERVER" not in v4
    assert "define('APPLICATION', 'Catalog');" in v4 and "define('DIR_OPENCART', '/srv/shop/');" in v4
    assert "DB_SSL_KEY" in v4 and "DB_SSL_KEY" not in v3


@pytest.mark.mariadb
@pytest.mark.parametrize("version", VERSIONS)
def test_shop_folder_connects_with_its_config(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    shop = opencart_shops[version]
    out = php("include $argv[1] . '/config.php';"
              "$db = new mysqli(DB_HOSTNAME, DB_USERNAME, DB_PASSWORD, DB_DATABASE, (int) DB_PORT);"
              "$r = $db->query('SELECT COUNT(*) FROM `' . DB_PREFIX . 'product`')->fetch_row();"
              "echo $r[0];", str(shop.root))
    assert int(out) == shop.summary.products


@pytest.mark.mariadb
@pytest.mark.parametrize("version", VERSIONS)
def test_bridge_detects_the_shop(opencart_shops: dict[Version, OpenCartShop], version: Version) -> None:
    shop = opencart_shops[version]
    binary = shutil.which("php")
    assert binary
    done = subprocess.run([binary, str(ROOT / "bridge_plugin" / "tests" / "detect.php"), str(shop.root)],
                          capture_output=True, text=True, timeout=30, check=True)
    found = json.loads(done.stdout)
    assert found["type"] == "opencart"
    assert found["version"] == {"3": "3.0.3.8", "4": "4.1.0.4"}[version]
    assert json.dumps(found["db"]).count(shop.database) == 1
    assert effective_password(TRICKY_PASSWORD) in found["db"].values()
