"""A real test shop: a MariaDB database, an OpenCart-style shop folder with bridge2cart, ``php -S``.

Used by the live tests and by ``bench/bridge.py``. Databases are named ``cg_bridge_<random>`` and
dropped by whoever created them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.bridge.keys import public_pem
from gateway.bridge.package import bridge_files, render_config
from gateway.bridge.protocol import StoreSecrets

MARIADB = ["mariadb", "-uroot", "-h127.0.0.1", "-P3306", "--batch", "--skip-column-names"]
OPENCART_VERSION = "3.0.3.8"

SCHEMA = """
CREATE TABLE {p}product (
  product_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, model VARCHAR(64) NOT NULL UNIQUE, sku VARCHAR(64) NOT NULL,
  quantity INT NOT NULL DEFAULT 0, price DECIMAL(15,4) NOT NULL DEFAULT 0, status TINYINT NOT NULL DEFAULT 1,
  date_added DATETIME NOT NULL, date_modified DATETIME NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {p}product_description (
  product_id INT NOT NULL, language_id INT NOT NULL, name VARCHAR(255) NOT NULL, description TEXT NOT NULL,
  meta_title VARCHAR(255) NOT NULL, PRIMARY KEY (product_id, language_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

SEED = """
INSERT INTO {p}product (product_id, model, sku, quantity, price, status, date_added, date_modified)
SELECT seq, CONCAT('MODEL-', seq), CONCAT('SKU', LPAD(seq, 6, '0')), seq % 97, ROUND(seq * 1.37 % 500, 2), 1,
  '2025-01-01 00:00:00' + INTERVAL seq MINUTE, '2025-06-01 00:00:00' + INTERVAL seq MINUTE FROM seq_1_to_{n};
INSERT INTO {p}product_description (product_id, language_id, name, description, meta_title)
SELECT seq, 1, CONCAT('Product ', seq, ' – Zoë''s café mug'),
  CONCAT('<p>Hand-made mug number ', seq, '. Dishwasher safe, 350 ml, glazed stoneware.</p>'),
  CONCAT('Mug ', seq) FROM seq_1_to_{n};
"""


def sql(statement: str, database: str | None = None) -> str:
    """Run SQL through the mariadb client; returns its tab-separated output."""
    args = [*MARIADB, *([database] if database else []), "-e", statement]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


def create_database(rows: int = 0, prefix: str = "oc_") -> str:
    """A fresh ``cg_bridge_<random>`` database with the product tables and ``rows`` products."""
    name = f"cg_bridge_{secrets.token_hex(4)}"
    sql(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
    sql(SCHEMA.format(p=prefix), name)
    if rows:
        sql(SEED.format(p=prefix, n=rows), name)
    return name


def drop_database(name: str) -> None:
    assert name.startswith("cg_bridge_")
    sql(f"DROP DATABASE IF EXISTS {name}")


def opencart_config(database: str, password: str = "", prefix: str = "oc_") -> str:
    """An OpenCart 3 ``config.php`` as the installer writes it."""
    quoted = password.replace("\\", "\\\\").replace("'", "\\'")
    return f"""<?php
// HTTP
define('HTTP_SERVER', 'http://shop.test/');
// DIR
define('DIR_APPLICATION', '/var/www/catalog/');
define('DIR_SYSTEM', '/var/www/system/');
// DB
define('DB_DRIVER', 'mysqli');
define('DB_HOSTNAME', '127.0.0.1');
define('DB_USERNAME', 'root');
define('DB_PASSWORD', '{quoted}');
define('DB_DATABASE', '{database}');
define('DB_PORT', '3306');
define('DB_PREFIX', '{prefix}');
"""


def new_store_secrets() -> StoreSecrets:
    return StoreSecrets(secrets.token_hex(16), rsa.generate_private_key(public_exponent=65537, key_size=2048))


def build_shop(
    root: Path, database: str, store: StoreSecrets, *, allow_plain: bool = False, max_request_bytes: int | None = None
) -> Path:
    """An OpenCart 3 shop folder at ``root`` with bridge2cart configured for ``store``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.php").write_text(opencart_config(database))
    (root / "index.php").write_text(f"<?php\n// Version\ndefine('VERSION', '{OPENCART_VERSION}');\n")
    config = render_config(store.store_key, public_pem(store.private_key), allow_plain=allow_plain)
    nonces = root.parent / f"{root.name}-nonces"
    config = config.replace("'nonce_dir' => ''", f"'nonce_dir' => '{nonces}'")
    if max_request_bytes is not None:
        config = config.replace("'max_request_bytes' => 8388608", f"'max_request_bytes' => {max_request_bytes}")
    for name, data in bridge_files(config).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def php_server(root: Path, workers: int = 1, wait_for: str = "/bridge2cart/bridge.php") -> Iterator[str]:
    """``php -S`` serving ``root`` on a free port; yields the base URL, stops the server after."""
    php = shutil.which("php")
    assert php, "php-cli is required"
    port = free_port()
    env = {**os.environ, "PHP_CLI_SERVER_WORKERS": str(workers)}
    # its own process group: with PHP_CLI_SERVER_WORKERS the workers outlive a signal to the master alone
    process = subprocess.Popen(
        [php, "-d", "display_errors=stderr", "-S", f"127.0.0.1:{port}", "-t", str(root)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(f"{base}{wait_for}", timeout=2) as answer:  # noqa: S310 - http only
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("php -S did not start") from None
                time.sleep(0.05)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
