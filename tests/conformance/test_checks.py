"""Every connector in targets.py passes every check of checks.py (the fakes in broken.py fail them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance.checks import CHECKS
from tests.conformance.targets import TARGETS


@pytest.mark.parametrize("check", list(CHECKS))
@pytest.mark.parametrize("connector", list(TARGETS))
async def test_connector_conforms(connector: str, check: str, tmp_path: Path) -> None:
    async with TARGETS[connector](tmp_path) as target:
        await CHECKS[check](target)
