"""`cartgate serve --demo`'s hook seeds the Demo shop once, with the store, in the gateway's database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gateway.cli import _run, ensure_demo


def test_ensure_demo_seeds_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARTGATE_DATABASE_URL", f"sqlite:///{tmp_path}/serve.db")
    monkeypatch.delenv("CARTGATE_SECRET_KEY", raising=False)
    _, store_key = _run(ensure_demo)

    def counts() -> list[tuple[str, int]]:
        con = sqlite3.connect(tmp_path / "serve.db")
        try:
            return con.execute("SELECT kind, count(*) FROM demo_records GROUP BY kind ORDER BY kind").fetchall()
        finally:
            con.close()

    seeded = dict(counts())
    assert seeded["product"] >= 200 and seeded["customer"] >= 100 and seeded["order"] >= 500
    assert seeded["return"] > 0 and seeded["category"] > 10
    _, again = _run(ensure_demo)  # a restart issues a new api key, keeps the store and its shop
    assert again == store_key and dict(counts()) == seeded
