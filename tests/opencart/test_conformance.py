"""The shared conformance suite (tests/conformance/checks.py) against both OpenCart shops through HTTP.

Run from here rather than tests/conformance/targets.py because the targets there need no shop. The checks write
(product.add, customer.add, and every catalogue example: deletes, category moves ...), so they get shops of their
own instead of the session's, which other modules read.
"""

from __future__ import annotations

import pytest

from connectors.opencart_bridge.spec import OPENCART
from tests.conformance.checks import CHECKS
from tests.conformance.target import Target
from tests.opencart.conftest import VERSIONS, Connected
from tests.shops.opencart_schema import Version

pytestmark = [pytest.mark.mariadb, pytest.mark.php, pytest.mark.asyncio(loop_scope="module")]


# OpenCart keeps no customer date_modified (and 4.1 no category dates): the connector answers 120 for those
# modified-time filters instead of inventing times, which the list/count check accepts when list and count agree.
CASES = [(version, check) for version in VERSIONS for check in CHECKS]


OWN_SHOP_SIZES = {"products_count": 150, "orders_count": 200, "customers_count": 60}  # own shops (conftest)


@pytest.mark.parametrize(("version", "check"), CASES)
async def test_opencart_conforms(writable: dict[Version, Connected], version: Version, check: str) -> None:
    store = writable[version]
    await CHECKS[check](Target(OPENCART, store.gateway, store.api_key, store.store_key))
