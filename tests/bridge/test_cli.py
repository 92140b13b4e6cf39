"""``cartgate bridge download``: the operator's way to get a store's bridge.zip."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gateway.app import load_keyring
from gateway.bridge.keys import PRIVATE_KEY_FIELD, STORE_KEY_FIELD, new_private_key_pem
from gateway.cli import app
from gateway.settings import Settings
from gateway.storage.db import create_engine, make_sessionmaker, upgrade
from gateway.storage.repo import add_store, create_account, new_store_key


async def _reserved_store() -> str:
    settings = Settings()
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine)() as session, session.begin():
            account, _ = await create_account(session, "acme")
            key = new_store_key()
            await add_store(
                session,
                load_keyring(settings),
                account_id=account.id,
                cart_id="bridge",
                store_url="",
                credentials={PRIVATE_KEY_FIELD: new_private_key_pem(), STORE_KEY_FIELD: key},
                store_key=key,
                state="reserved",
            )
        return key
    finally:
        await engine.dispose()


def test_bridge_download_writes_the_store_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARTGATE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.delenv("CARTGATE_SECRET_KEY", raising=False)
    store_key = asyncio.run(_reserved_store())
    runner = CliRunner()
    done = runner.invoke(app, ["bridge", "download", "--store-key", store_key, "-o", "bridge.zip"])
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(io.BytesIO((tmp_path / "bridge.zip").read_bytes())) as archive:
        assert store_key in archive.read("bridge2cart/config.php").decode()
    missing = runner.invoke(app, ["bridge", "download", "--store-key", "0" * 32, "-o", "other.zip"])
    assert missing.exit_code == 1 and "error 101" in missing.output
    assert not (tmp_path / "other.zip").exists()
