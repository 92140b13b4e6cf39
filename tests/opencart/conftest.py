"""OpenCart 3 and 4 shops connected to a real gateway the way a store owner does it.

cart.bridge -> bridge.download -> unzip into the shop folder -> account.cart.add with cart_id=Opencart14,
against ``php -S`` serving a copy of the session shop's folder (config.php as the installer writes it)
over the generated MariaDB database. One gateway and one served shop per version per module.

Modules that write get shops of their own (``own_shops`` / ``writable``), sized by the module's
``OWN_SHOP_SIZES``, so what they change never reaches the session's shops that other modules read.
"""

from __future__ import annotations

import base64
import io
import shutil
import zipfile
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from connectors.opencart_bridge.spec import OPENCART
from gateway.secrets import KeyRing
from gateway.settings import Settings
from tests.bridge.shop import php_server
from tests.gateway.conftest import Gateway, start_gateway
from tests.shops.fixtures import OpenCartShop, opencart_shop, opencart_shops  # noqa: F401 - session fixture
from tests.shops.opencart_schema import Version

VERSIONS: list[Version] = ["3", "4"]


@dataclass
class Connected:
    """One connected OpenCart store behind the gateway."""

    gateway: Gateway
    api_key: str
    store_key: str
    shop: OpenCartShop

    async def raw(self, method: str, **params: Any) -> dict[str, Any]:
        headers = {"x-api-key": self.api_key, "x-store-key": self.store_key}
        response = await self.gateway.client.post(f"/v1.1/{method}.json", json=params, headers=headers)
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
        return body

    async def ok(self, method: str, **params: Any) -> Any:
        body = await self.raw(method, **params)
        assert body["return_code"] == 0, f"{method} {params}: {body['return_code']} {body['return_message']}"
        return body["result"]


@pytest.fixture(scope="module")
def shop_folders(opencart_shops: dict[Version, OpenCartShop],  # noqa: F811 - the imported fixture
                 tmp_path_factory: pytest.TempPathFactory) -> dict[Version, Path]:  # fmt: skip
    """A copy of each session shop's folder, so installing our bridge never touches another test's."""
    folders: dict[Version, Path] = {}
    for version, shop in opencart_shops.items():
        target = tmp_path_factory.mktemp(f"ocb{version}") / "www"
        shutil.copytree(shop.root, target, ignore=shutil.ignore_patterns("bridge2cart"))
        folders[version] = target
    return folders


@pytest.fixture(scope="module")
def served(shop_folders: dict[Version, Path]) -> Iterator[dict[Version, str]]:
    """Each folder behind ``php -S`` (no bridge yet: the owner installs it through the gateway's flow)."""
    with php_server(shop_folders["3"], workers=2, wait_for="/index.php") as base3, \
         php_server(shop_folders["4"], workers=2, wait_for="/index.php") as base4:  # fmt: skip
        yield {"3": base3, "4": base4}


async def connect(gateway: Gateway, base: str, root: Path, shop: OpenCartShop) -> Connected:
    """The store owner's steps, through HTTP."""
    api_key = await gateway.account()
    reserved = await gateway.call("cart.bridge", api_key)
    assert reserved["return_code"] == 0, reserved
    store_key = reserved["result"]["store_key"]
    package = await gateway.call("bridge.download", api_key, store_key)
    assert package["return_code"] == 0, package
    zipfile.ZipFile(io.BytesIO(base64.b64decode(package["result"]["content_base64"]))).extractall(root)
    added = await gateway.call("account.cart.add", api_key, cart_id="Opencart14", store_url=base, store_key=store_key)
    assert added["return_code"] == 0, added
    return Connected(gateway, api_key, store_key, shop)


@asynccontextmanager
async def connected(
    tmp_path_factory: pytest.TempPathFactory, shops: dict[Version, tuple[OpenCartShop, Path, str]]
) -> AsyncIterator[dict[Version, Connected]]:
    """A gateway of its own with each (shop, folder, URL) connected as a store owner does it."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('ocgw')}/gateway.db",
                        secret_key=KeyRing.generate().keys.popitem()[1].hex(),
                        rate_limit_requests=100_000, key_cache_seconds=0)  # fmt: skip
    gateway = await start_gateway(settings, connectors={OPENCART.cart_id: OPENCART})
    try:
        yield {v: await connect(gateway, base, root, shop) for v, (shop, root, base) in shops.items()}
    finally:
        await gateway.client.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stores(served: dict[Version, str], shop_folders: dict[Version, Path],
                 opencart_shops: dict[Version, OpenCartShop],  # noqa: F811
                 tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[Version, Connected]]:  # fmt: skip
    """The session's shops (copies of their folders), read-only by convention."""
    shops = {v: (opencart_shops[v], shop_folders[v], served[v]) for v in VERSIONS}
    async with connected(tmp_path_factory, shops) as result:
        yield result


@pytest.fixture(scope="module")
def own_shops(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[Version, tuple[OpenCartShop, str]]]:
    """Both versions built for this module alone (``OWN_SHOP_SIZES`` in the module), each behind ``php -S``."""
    sizes: dict[str, int] = getattr(request.module, "OWN_SHOP_SIZES", {})
    with ExitStack() as stack:
        result = {}
        for version in VERSIONS:
            folder = tmp_path_factory.mktemp(f"own{version}") / "www"
            shop = stack.enter_context(opencart_shop(version, folder, **sizes))
            result[version] = (shop, stack.enter_context(php_server(shop.root, wait_for="/index.php")))
        yield result


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def writable(own_shops: dict[Version, tuple[OpenCartShop, str]],
                   tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[Version, Connected]]:  # fmt: skip
    """This module's own shops, connected through a gateway of their own as a store owner does it."""
    shops = {v: (shop, Path(shop.root), base) for v, (shop, base) in own_shops.items()}
    async with connected(tmp_path_factory, shops) as result:
        yield result
