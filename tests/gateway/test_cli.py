"""The cartgate command: accounts and keys from the CLI, and `serve --demo` end to end."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gateway.cli import app


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARTGATE_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.delenv("CARTGATE_SECRET_KEY", raising=False)
    return tmp_path


def test_account_create_json_then_key_list_revoke_rotate(cli_env: Path) -> None:
    runner = CliRunner()
    created = runner.invoke(app, ["account", "create", "--name", "acme", "--read-only", "--json"])
    assert created.exit_code == 0, created.output
    data = json.loads(created.stdout)
    assert set(data) >= {"account_id", "api_key"} and data["api_key"].startswith("cg_")
    key_id = data["api_key"].split("_")[1]

    listed = json.loads(runner.invoke(app, ["key", "list", "--json"]).stdout)
    assert [k["key_id"] for k in listed] == [key_id] and listed[0]["read_only"] is True
    assert data["api_key"].split("_")[2] not in runner.invoke(app, ["key", "list"]).stdout

    rotated = runner.invoke(app, ["key", "rotate", key_id])
    assert rotated.exit_code == 0 and "api_key: cg_" in rotated.stdout
    assert runner.invoke(app, ["key", "revoke", "nosuchkey"]).exit_code == 1
    after = json.loads(runner.invoke(app, ["key", "list", "--json"]).stdout)
    assert len(after) == 2 and after[0]["revoked_at"] is not None and after[1]["revoked_at"] is None


def test_secrets_rotate_keeps_stores_readable(cli_env: Path) -> None:
    from gateway.secrets import KeyRing

    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    key_file = cli_env / "var" / "secret.key"
    assert runner.invoke(app, ["account", "create", "--name", "a"]).exit_code == 0
    # create a store through the demo path so a credential blob exists
    from gateway.cli import _run, ensure_demo

    _, store_key = _run(ensure_demo)
    before = KeyRing.load_or_create(key_file).active
    result = runner.invoke(app, ["secrets", "rotate"])
    assert result.exit_code == 0, result.output
    ring = KeyRing.load_or_create(key_file)
    assert ring.active != before and list(ring.keys) == [ring.active]
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    _, store_key_again = _run(ensure_demo)
    assert store_key_again == store_key


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_demo_prints_a_curl_line_that_works(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARTGATE_")}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from gateway.cli import main; main()", "serve", "--demo", "--port", str(port)],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        assert re.fullmatch(r"api_key: cg_\w+", lines[0]), lines
        assert re.fullmatch(r"store_key: [0-9a-f]{32}", lines[1]), lines
        assert lines[2].startswith("curl ")
        deadline = time.monotonic() + 30
        while True:
            done = subprocess.run(shlex.split(lines[2]), capture_output=True, text=True, check=False)
            if done.returncode == 0 and done.stdout:
                break
            assert time.monotonic() < deadline, "gateway did not answer within 30 s"
            time.sleep(0.2)  # polling the port with a deadline
        assert json.loads(done.stdout)["return_code"] == 0
    finally:
        proc.terminate()
        proc.wait(30)
        assert proc.stdout is not None
        proc.stdout.close()
