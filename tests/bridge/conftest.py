"""Shared fixtures of the bridge tests: the vectors, their keys, and PHP."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.bridge.client import BridgeClient
from gateway.bridge.protocol import BridgeSecrets, StoreSecrets
from tests.bridge import shop

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "bridge_plugin"
VECTORS_FILE = PLUGIN / "vectors" / "v1.json"


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(VECTORS_FILE.read_text())
    return data


@pytest.fixture(scope="session")
def vector_store(vectors: dict[str, Any]) -> StoreSecrets:
    key = serialization.load_pem_private_key(vectors["private_key_pem"].encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return StoreSecrets(vectors["store_key"], key)


@pytest.fixture(scope="session")
def vector_bridge(vector_store: StoreSecrets) -> BridgeSecrets:
    return BridgeSecrets(vector_store.store_key, vector_store.private_key.public_key())


@pytest.fixture(scope="session")
def php() -> str:
    path = shutil.which("php")
    if path is None:
        pytest.fail("php-cli is required (./scripts/test installs it)")
    return path


@dataclass(frozen=True)
class LiveShop:
    """A running shop: ``php -S`` on an OpenCart folder with the bridge, over a real MariaDB."""

    base: str
    bridge_url: str
    database: str
    store: StoreSecrets
    root: Path


@pytest.fixture(scope="session")
def live_shop(tmp_path_factory: pytest.TempPathFactory, php: str) -> Iterator[LiveShop]:
    database = shop.create_database(rows=50)
    store = shop.new_store_secrets()
    root = shop.build_shop(tmp_path_factory.mktemp("shop") / "www", database, store, max_request_bytes=1024 * 1024)
    try:
        with shop.php_server(root, workers=2) as base:
            yield LiveShop(base, f"{base}/bridge2cart/bridge.php", database, store, root)
    finally:
        shop.drop_database(database)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def bridge(live_shop: LiveShop, http: aiohttp.ClientSession) -> BridgeClient:
    return BridgeClient(http, live_shop.bridge_url, live_shop.store)
