"""The compatibility (chunked RSA) and insecure (plain) modes against the live bridge."""

from __future__ import annotations

from collections.abc import Iterator

import aiohttp
import pytest

from gateway.bridge.client import BridgeClient
from gateway.errors import BridgeProtocolError
from tests.bridge import shop
from tests.bridge.conftest import LiveShop

pytestmark = [pytest.mark.php, pytest.mark.mariadb]


@pytest.fixture(scope="module")
def plain_shop(tmp_path_factory: pytest.TempPathFactory, live_shop: LiveShop) -> Iterator[str]:
    """A second shop on the same database whose bridge allows plain mode; yields its bridge URL."""
    root = shop.build_shop(
        tmp_path_factory.mktemp("plain") / "www", live_shop.database, live_shop.store, allow_plain=True
    )
    with shop.php_server(root) as base:
        yield f"{base}/bridge2cart/bridge.php"


async def test_chunked_rsa_responses_open(
    bridge: BridgeClient, live_shop: LiveShop, http: aiohttp.ClientSession
) -> None:
    chunked = BridgeClient(http, live_shop.bridge_url, live_shop.store, mode="rsa-chunked")
    rows, _ = await chunked.query_dicts(
        "SELECT product_id, model FROM {table_prefix}product ORDER BY product_id", limit=50
    )
    assert (
        rows
        == (
            await bridge.query_dicts(
                "SELECT product_id, model FROM {table_prefix}product ORDER BY product_id", limit=50
            )
        )[0]
    )
    assert len(rows) == 50


async def test_plain_mode_works_only_when_both_sides_allow_it(
    plain_shop: str, live_shop: LiveShop, http: aiohttp.ClientSession
) -> None:
    async with http.get(plain_shop) as answer:
        assert "INSECURE: plain mode allowed" in await answer.text()
    plain = BridgeClient(http, plain_shop, live_shop.store, mode="plain", allow_plain=True)
    page = await plain.query("SELECT model FROM {table_prefix}product WHERE product_id = ?", [5])
    assert page.rows == [["MODEL-5"]]
    strict = BridgeClient(http, live_shop.bridge_url, live_shop.store, mode="plain", allow_plain=True)
    with pytest.raises(BridgeProtocolError) as caught:
        await strict.query("SELECT 1")
    assert caught.value.bridge_code == "downgrade"  # type: ignore[attr-defined]


async def test_aead_still_works_on_a_plain_allowing_bridge(
    plain_shop: str, live_shop: LiveShop, http: aiohttp.ClientSession
) -> None:
    info = await BridgeClient(http, plain_shop, live_shop.store).info()
    assert "plain" in info["modes"]
