"""The PHP bridge against the same vectors: PHP rebuilds Python's bytes, Python opens PHP's responses."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from gateway.bridge.protocol import OutgoingRequest, StoreSecrets, open_response
from tests.bridge.conftest import PLUGIN


def test_every_php_file_is_valid_syntax(php: str) -> None:
    files = sorted(PLUGIN.rglob("*.php"))
    assert len(files) >= 4
    for path in files:
        done = subprocess.run([php, "-l", str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{path.name}: {done.stdout}{done.stderr}"


def test_php_side_passes_the_shared_vectors(php: str, vectors: dict[str, Any], vector_store: StoreSecrets) -> None:
    done = subprocess.run(
        [php, str(PLUGIN / "tests" / "vectors_test.php")], capture_output=True, text=True, check=False, timeout=120
    )
    report = json.loads(done.stdout)
    assert report["failures"] == [] and done.returncode == 0, done.stderr
    by_name = {case["name"]: case for case in vectors["responses"]}
    assert len(report["sealed"]) == len(by_name)
    for sealed in report["sealed"]:
        case = by_name[sealed["name"]]
        sent = OutgoingRequest(b"", case["action"], case["nonce"], case["mode"])
        assert open_response(bytes.fromhex(sealed["body_hex"]), sent, vector_store) == (case["status"], case["result"])
