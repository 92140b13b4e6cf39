"""The conformance suite's checks (tests/conformance/checks.py) run on the OneCart connector.

OneCart is not yet listed in tests/conformance/targets.py because one check cannot pass: OneCart keeps
no buyer e-mail on marketplace orders, while the unified ``BaseCustomer.email`` is a required address
(API2Cart types it as an optional string). That check is an expected failure here, strict, so it fails
loudly the day the model accepts a missing e-mail and OneCart can join the shared list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.conformance.checks import CHECKS
from tests.onecart.target import onecart_target

_BLOCKED = {"order_totals": "BaseCustomer.email is required; OneCart orders carry none (see docs/platforms/onecart.md)"}


_EXPECTED_FAILURE = pytest.mark.xfail(reason=_BLOCKED["order_totals"], raises=ValidationError, strict=True)


@pytest.mark.parametrize("check", [pytest.param(name, marks=_EXPECTED_FAILURE) if name in _BLOCKED else name
                                   for name in CHECKS])  # fmt: skip
async def test_onecart_conforms(check: str, tmp_path: Path) -> None:
    async with onecart_target(tmp_path) as target:
        await CHECKS[check](target)
