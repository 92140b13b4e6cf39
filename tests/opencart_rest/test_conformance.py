"""The conformance suite's checks (tests/conformance/checks.py) run on the OpenCart REST connector, per dialect.

OpenCart's REST API lists and reads nothing (no product, order, customer or return routes), so the checks
that walk lists, read back writes or inspect listed orders have nothing to look at: they are reported as
skipped with that reason instead of passing empty. ``unsupported_methods`` applies in full: every catalogue
method but order.add and order.update must answer 120, and those two must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.catalogue import CATALOGUE
from connectors.opencart_rest import OPENCART_API
from tests.conformance.checks import CHECKS
from tests.emulators.opencart_rest import Dialect
from tests.opencart_rest.shop import DIALECTS
from tests.opencart_rest.target import opencart_rest_target

# methods a check reads from; a connector with none of them gives that check nothing to check
_READS = {m.name for m in CATALOGUE if m.kind in ("list", "count", "info", "find")}
_NEEDS_READS = {"list_count_agree", "pagination_exactly_once", "modified_window", "field_selection",
                "write_then_read", "money_and_time_formats", "order_totals"}  # fmt: skip


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("check", sorted(CHECKS))
async def test_opencart_rest_conforms(check: str, dialect: Dialect, tmp_path: Path) -> None:
    if check in _NEEDS_READS and not (_READS & OPENCART_API.supported_methods):
        pytest.skip("OpenCart's REST API has no list or read routes: nothing for this check to read")
    async with opencart_rest_target(tmp_path, dialect) as target:
        await CHECKS[check](target)
