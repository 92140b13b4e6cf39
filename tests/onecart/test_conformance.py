"""The conformance suite's checks (tests/conformance/checks.py) run on the OneCart connector.

OneCart keeps no buyer e-mail on marketplace orders; the unified ``BaseCustomer.email`` is optional, as
API2Cart types it, so every check applies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance.checks import CHECKS
from tests.onecart.target import onecart_target


@pytest.mark.parametrize("check", sorted(CHECKS))
async def test_onecart_conforms(check: str, tmp_path: Path) -> None:
    async with onecart_target(tmp_path) as target:
        await CHECKS[check](target)
