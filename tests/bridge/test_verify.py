"""verify_bridge against the live shop: every way a connection can fail has its own coded error."""

from __future__ import annotations

import aiohttp
import pytest

from gateway.bridge.connect import verify_bridge
from gateway.bridge.protocol import StoreSecrets
from gateway.errors import (
    BridgeAuthFailed,
    BridgeNotInstalled,
    BridgeVersionTooOld,
    BridgeWrongCart,
    StoreUnreachable,
)
from tests.bridge import shop
from tests.bridge.conftest import LiveShop

pytestmark = [pytest.mark.php, pytest.mark.mariadb]


async def test_verified_bridge_reports_cart(live_shop: LiveShop, http: aiohttp.ClientSession) -> None:
    info = await verify_bridge(http, live_shop.bridge_url, live_shop.store, cart_types={"opencart"})
    assert info["cart"]["type"] == "opencart"


async def test_unreachable(live_shop: LiveShop, http: aiohttp.ClientSession) -> None:
    with pytest.raises(StoreUnreachable) as caught:
        await verify_bridge(http, f"http://127.0.0.1:{shop.free_port()}/bridge2cart/bridge.php", live_shop.store)
    assert caught.value.return_code == 106


async def test_not_installed(live_shop: LiveShop, http: aiohttp.ClientSession) -> None:
    with pytest.raises(BridgeNotInstalled) as caught:
        await verify_bridge(http, f"{live_shop.base}/nothing-here/bridge.php", live_shop.store)
    assert caught.value.return_code == 130


async def test_wrong_store_key(live_shop: LiveShop, http: aiohttp.ClientSession) -> None:
    wrong = StoreSecrets("f" * 32, live_shop.store.private_key)
    with pytest.raises(BridgeAuthFailed) as caught:
        await verify_bridge(http, live_shop.bridge_url, wrong)
    assert caught.value.return_code == 131


async def test_wrong_cart_type(live_shop: LiveShop, http: aiohttp.ClientSession) -> None:
    with pytest.raises(BridgeWrongCart) as caught:
        await verify_bridge(http, live_shop.bridge_url, live_shop.store, cart_types={"magento2"})
    assert caught.value.return_code == 132 and "opencart" in caught.value.message


async def test_version_too_old(live_shop: LiveShop, http: aiohttp.ClientSession) -> None:
    with pytest.raises(BridgeVersionTooOld) as caught:
        await verify_bridge(http, live_shop.bridge_url, live_shop.store, min_version=2)
    assert caught.value.return_code == 133
