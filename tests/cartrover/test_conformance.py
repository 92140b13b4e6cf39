"""The conformance suite's checks (tests/conformance/checks.py) run on the CartRover connector."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cartrover.target import cartrover_target
from tests.conformance.checks import CHECKS


@pytest.mark.parametrize("check", sorted(CHECKS))
async def test_cartrover_conforms(check: str, tmp_path: Path) -> None:
    async with cartrover_target(tmp_path) as target:
        await CHECKS[check](target)
