"""The suite can fail: each deliberately broken connector fails the check its defect breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance.broken import BROKEN
from tests.conformance.checks import CHECKS
from tests.conformance.target import gateway_target


@pytest.mark.parametrize("defect", list(BROKEN))
async def test_broken_connector_fails_its_check(defect: str, tmp_path: Path) -> None:
    spec, check = BROKEN[defect]
    async with gateway_target(spec)(tmp_path) as target:
        with pytest.raises(AssertionError):
            await CHECKS[check](target)
