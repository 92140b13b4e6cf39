"""The generated shops work with bridge2cart the way a store owner installs it: unzip into the shop, serve with PHP.

Read-only (the session shops stay as generated): ``info`` sees the right cart, version and prefix through the
installer's config.php (password with $ # @ ' "), and the draft SQL returns through HTTP what MariaDB holds.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import aiohttp
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.bridge.client import BridgeClient
from gateway.bridge.keys import public_pem
from gateway.bridge.package import bridge_zip, render_config
from gateway.bridge.protocol import StoreSecrets
from tests.bridge.shop import php_server
from tests.shops import opencart_sql as q
from tests.shops.fixtures import OpenCartShop
from tests.shops.mariadb import rows
from tests.shops.opencart_config import unzip_into_shop
from tests.shops.opencart_schema import RELEASES, Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php]
VERSIONS: list[Version] = ["3", "4"]


@dataclass(frozen=True)
class ServedShop:
    shop: OpenCartShop
    url: str
    store: StoreSecrets


@pytest.fixture(scope="module")
def served(opencart_shops: dict[Version, OpenCartShop]) -> Iterator[dict[Version, ServedShop]]:
    """Each shop with the bridge package unzipped into its root, behind ``php -S``."""
    result: dict[Version, ServedShop] = {}
    with ExitStack() as servers:
        for version, shop in opencart_shops.items():
            store = StoreSecrets(secrets.token_hex(16), rsa.generate_private_key(public_exponent=65537, key_size=2048))
            config = render_config(store.store_key, public_pem(store.private_key))
            nonces = shop.root.parent / "nonces"
            config = config.replace("'nonce_dir' => ''", f"'nonce_dir' => '{nonces}'")
            names = unzip_into_shop(shop.root, bridge_zip(config))
            assert "bridge2cart/bridge.php" in names
            base = servers.enter_context(php_server(shop.root))
            result[version] = ServedShop(shop, f"{base}/bridge2cart/bridge.php", store)
        yield result


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.mark.parametrize("version", VERSIONS)
async def test_bridge_info_sees_the_opencart_shop(served: dict[Version, ServedShop], http: aiohttp.ClientSession,
                                                  version: Version) -> None:
    target = served[version]
    info = await BridgeClient(http, target.url, target.store).info()
    assert info["cart"] == {"type": "opencart", "version": RELEASES[version]}
    assert info["db"]["prefix"] == "oc_"
    assert target.shop.db.password not in str(info)


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_page_through_the_bridge_matches_the_database(
        served: dict[Version, ServedShop], http: aiohttp.ClientSession, version: Version) -> None:
    target = served[version]
    bridge = BridgeClient(http, target.url, target.store)
    page = await bridge.query(q.PRODUCT_PAGE[version], [1, 0, 100], limit=100)
    assert page.columns[:3] == ["product_id", "model", "sku"]
    direct = rows("SELECT p.product_id, p.model, pd.name FROM oc_product p JOIN oc_product_description pd "
                  "ON pd.product_id = p.product_id AND pd.language_id = 1 ORDER BY p.product_id LIMIT 100",
                  target.shop.database)
    got = [[str(r[0]), r[1], r[14]] for r in page.rows]
    assert got == direct


@pytest.mark.parametrize("version", VERSIONS)
async def test_order_totals_through_the_bridge(served: dict[Version, ServedShop], http: aiohttp.ClientSession,
                                               version: Version) -> None:
    target = served[version]
    bridge = BridgeClient(http, target.url, target.store)
    page = await bridge.query(q.ORDER_PAGE, [1, 0, 200], limit=200)
    orders = page.dicts()
    assert len(orders) == 200
    for order in orders:
        parts = [order[k] for k in ("subtotal", "shipping", "tax", "discount", "other_totals", "grand_total", "total")]
        cents = [round(float(v) * 100) for v in parts]
        assert cents[0] + cents[1] + cents[2] - cents[3] + cents[4] == cents[5] == cents[6]
