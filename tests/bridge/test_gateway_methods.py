"""The bridge flow through the gateway's HTTP API, as API2Cart users know it.

cart.bridge → bridge.download → (store owner uploads, or account.cart.add uploads over FTP) →
account.cart.add verifies the bridge → cart.validate reports it; against php -S and MariaDB.
"""

from __future__ import annotations

import base64
import io
import json
import threading
import warnings
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from connectors.spec import ConnectorSpec
from gateway.bridge.connect import bridge_hooks
from gateway.secrets import KeyRing
from gateway.settings import Settings
from gateway.storage.models import Store
from gateway.storage.repo import store_credentials
from tests.bridge import shop
from tests.bridge.conftest import LiveShop
from tests.gateway.conftest import Gateway, start_gateway

pytestmark = [pytest.mark.php, pytest.mark.mariadb]

CART = "BridgeTestCart"
FTP_USER, FTP_PASSWORD = "owner", "Ftp-Pa55-never-kept"


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    on_connect, validate = bridge_hooks({"opencart"})
    spec = ConnectorSpec(
        cart_id=CART, display_name="Bridge test cart", kind="bridge", on_connect=on_connect, validate=validate
    )
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/gateway.db",
        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
        rate_limit_requests=1000,
        key_cache_seconds=0,
    )
    gw = await start_gateway(settings, connectors={CART: spec})
    yield gw
    await gw.client.close()


@pytest.fixture
def empty_shop(tmp_path: Path, live_shop: LiveShop) -> Iterator[tuple[str, Path]]:
    """An OpenCart folder on the live database, served by php -S, with no bridge yet."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "config.php").write_text(shop.opencart_config(live_shop.database))
    (root / "index.php").write_text(f"<?php\ndefine('VERSION', '{shop.OPENCART_VERSION}');\n")
    with shop.php_server(root, wait_for="/index.php") as base:
        yield base, root


@pytest.fixture
def ftp_server(empty_shop: tuple[str, Path]) -> Iterator[int]:
    with warnings.catch_warnings():  # pyftpdlib still imports asyncore/asynchat (deprecated in 3.11)
        warnings.simplefilter("ignore", DeprecationWarning)
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler
        from pyftpdlib.servers import FTPServer
    authorizer = DummyAuthorizer()
    authorizer.add_user(FTP_USER, FTP_PASSWORD, str(empty_shop[1]), perm="elradfmw")
    server = FTPServer(("127.0.0.1", 0), type("Handler", (FTPHandler,), {"authorizer": authorizer}))
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.address[1]
    finally:
        server.close_all()
        thread.join(timeout=5)


async def _reserve(gateway: Gateway) -> tuple[str, str]:
    api_key = await gateway.account()
    answer = await gateway.call("cart.bridge", api_key)
    assert answer["return_code"] == 0, answer
    assert answer["result"]["bridge"].endswith(f"/v1.1/bridge.download.file?store_key={answer['result']['store_key']}")
    return api_key, answer["result"]["store_key"]


async def _download(gateway: Gateway, api_key: str, store_key: str) -> zipfile.ZipFile:
    answer = await gateway.call("bridge.download", api_key, store_key)
    assert answer["return_code"] == 0, answer
    return zipfile.ZipFile(io.BytesIO(base64.b64decode(answer["result"]["content_base64"])))


async def _stored(gateway: Gateway) -> list[dict[str, Any]]:
    async with gateway.services.sessionmaker() as session:
        rows = (await session.execute(select(Store))).scalars().all()
    return [{"settings": json.dumps(r.settings), "credentials": r.credentials_enc, "state": r.state} for r in rows]


async def test_download_upload_connect_and_validate(gateway: Gateway, empty_shop: tuple[str, Path]) -> None:
    base, root = empty_shop
    api_key, store_key = await _reserve(gateway)
    (await _download(gateway, api_key, store_key)).extractall(root)
    added = await gateway.call("account.cart.add", api_key, cart_id=CART, store_url=base, store_key=store_key)
    assert added["return_code"] == 0, added
    assert added["result"]["store_key"] == store_key
    report = await gateway.call("cart.validate", api_key, store_key)
    assert report["result"] | {"bridge_url": None} == {
        "status": "valid",
        "reachable": True,
        "bridge_url": None,
        "bridge_version": 1,
        "protocol_version": 1,
        "cart_type": "opencart",
        "cart_version": shop.OPENCART_VERSION,
    }
    stored = await _stored(gateway)
    assert "BEGIN" not in json.dumps(stored)  # the private key is in the encrypted credentials only


async def test_add_refuses_a_store_without_bridge(gateway: Gateway, empty_shop: tuple[str, Path]) -> None:
    base, _ = empty_shop
    api_key, store_key = await _reserve(gateway)
    added = await gateway.call("account.cart.add", api_key, cart_id=CART, store_url=base, store_key=store_key)
    assert added["return_code"] == 130, added
    added = await gateway.call(
        "account.cart.add", api_key, cart_id=CART, store_url=base, store_key=store_key, verify="false"
    )
    assert added["return_code"] == 0, added


async def test_add_uploads_the_bridge_over_ftp_and_forgets_the_password(
    gateway: Gateway, empty_shop: tuple[str, Path], ftp_server: int
) -> None:
    base, root = empty_shop
    api_key, store_key = await _reserve(gateway)
    added = await gateway.call(
        "account.cart.add",
        api_key,
        cart_id=CART,
        store_url=base,
        store_key=store_key,
        ftp_host="127.0.0.1",
        ftp_port=ftp_server,
        ftp_user=FTP_USER,
        ftp_password=FTP_PASSWORD,
        ftp_store_dir="/",
    )
    assert added["return_code"] == 0, added
    assert (root / "bridge2cart" / "bridge.php").is_file()
    ring = gateway.services.ring
    async with gateway.services.sessionmaker() as session:
        row = (await session.execute(select(Store))).scalars().one()
        kept = json.dumps(row.settings) + json.dumps(store_credentials(ring, row))
    assert FTP_PASSWORD not in kept and FTP_USER not in kept


async def test_validate_reports_a_removed_bridge(gateway: Gateway, empty_shop: tuple[str, Path]) -> None:
    base, root = empty_shop
    api_key, store_key = await _reserve(gateway)
    (await _download(gateway, api_key, store_key)).extractall(root)
    assert (await gateway.call("account.cart.add", api_key, cart_id=CART, store_url=base, store_key=store_key))[
        "return_code"
    ] == 0
    (root / "bridge2cart" / "bridge.php").unlink()
    report = await gateway.call("cart.validate", api_key, store_key)
    assert report["result"]["status"] == "invalid" and report["result"]["error"]["code"] == 130


async def test_download_of_an_unknown_store_key(gateway: Gateway) -> None:
    api_key = await gateway.account()
    answer = await gateway.call("bridge.download", api_key, "0" * 32)
    assert answer["return_code"] == 101
