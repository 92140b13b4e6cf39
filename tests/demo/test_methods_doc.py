"""docs/methods.md: every catalogue method has a curl example, and each one works, in order, on a fresh Demo store."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from connectors.catalogue import CATALOGUE
from tests.demo.conftest import DemoClient

DOC = Path(__file__).resolve().parents[2] / "docs" / "methods.md"
_CURL = re.compile(r"^curl -s \"\$CG/v1\.1/(?P<method>[\w.]+)\.json\" .*\\\n(?P<rest>.*)$", re.MULTILINE)


def _examples() -> list[tuple[str, dict[str, object]]]:
    found = []
    for match in _CURL.finditer(DOC.read_text()):
        words = shlex.split(match["rest"])
        found.append((match["method"], json.loads(words[words.index("-d") + 1])))
    return found


def test_every_catalogue_method_has_one_example() -> None:
    assert sorted(method for method, _ in _examples()) == sorted(m.name for m in CATALOGUE)


async def test_every_example_works_in_order_on_a_fresh_demo_store(demo: DemoClient) -> None:
    for method, params in _examples():
        body = await demo.call(method, **params)
        assert body["return_code"] == 0, (method, params, body)
