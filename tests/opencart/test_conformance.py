"""The shared conformance suite (tests/conformance/checks.py) against both OpenCart shops through HTTP.

Run from here rather than tests/conformance/targets.py because the targets there need no shop; these reuse the
session's generated shops (none of the checks writes to a connector without product.add / customer.add).
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


@pytest.mark.parametrize(("version", "check"), CASES)
async def test_opencart_conforms(stores: dict[Version, Connected], version: Version, check: str) -> None:
    store = stores[version]
    await CHECKS[check](Target(OPENCART, store.gateway, store.api_key, store.store_key))
