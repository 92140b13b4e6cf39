"""``cartgate bridge ...``: operator commands for bridge stores (run on the gateway's host)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from gateway.app import load_keyring
from gateway.bridge.methods import bridge_download_zip
from gateway.errors import CartgateError, StoreNotFound
from gateway.settings import Settings
from gateway.storage.db import create_engine, make_sessionmaker, upgrade
from gateway.storage.models import Store
from gateway.storage.repo import store_key_hash

__all__ = ["bridge_app"]

bridge_app = typer.Typer(
    help="Bridges of self-hosted stores (WooCommerce, OpenCart, PrestaShop, Magento).", no_args_is_help=True
)


async def _zip_for(settings: Settings, store_key: str, store_root: str | None, prefix: str | None) -> bytes:
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine)() as session:
            hashed = store_key_hash(store_key)
            store = (await session.execute(select(Store).where(Store.store_key_hash == hashed))).scalar_one_or_none()
            if store is None:
                raise StoreNotFound("No store with this store_key", field="store_key")
            return await bridge_download_zip(
                session,
                load_keyring(settings),
                store.account_id,
                store_key,
                store_root=store_root,
                db_tables_prefix=prefix,
            )
    finally:
        await engine.dispose()


@bridge_app.command("download")
def bridge_download(
    store_key: Annotated[str, typer.Option("--store-key", help="The store_key answered by cart.bridge.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the zip.")] = Path("bridge.zip"),
    store_root: Annotated[str | None, typer.Option("--store-root", help="Shop root on its server.")] = None,
    db_tables_prefix: Annotated[str | None, typer.Option("--db-tables-prefix")] = None,
) -> None:
    """Write the store's bridge.zip (bridge2cart/ with its config.php) to OUTPUT."""
    try:
        data = asyncio.run(_zip_for(Settings(), store_key, store_root, db_tables_prefix))
    except CartgateError as exc:
        typer.echo(f"error {exc.return_code}: {exc.message}", err=True)
        raise typer.Exit(1) from None
    output.write_bytes(data)
    typer.echo(f"wrote {output} ({len(data)} bytes); upload its bridge2cart/ folder to the shop's root")
