"""The ``cartgate`` command: serve, migrate, manage accounts, keys and the master key."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer
from aiohttp import web
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from connectors.demo.db import seed_in_session
from connectors.demo.seed import generate_shop
from gateway.app import build_app, load_keyring
from gateway.bridge.cli import bridge_app
from gateway.errors import CartgateError
from gateway.logs import configure_logging
from gateway.settings import Settings
from gateway.storage.db import create_engine, make_sessionmaker, upgrade
from gateway.storage.models import Account, Store
from gateway.storage.repo import (
    add_api_key,
    add_store,
    create_account,
    list_api_keys,
    reencrypt_stores,
    revoke_api_key,
    rotate_api_key,
    set_store_credentials,
    store_credentials,
)

__all__ = ["app", "main"]

app = typer.Typer(help="cartgate: an open, self-hostable unified e-commerce API.", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
account_app = typer.Typer(help="Accounts (each with API keys and stores).", no_args_is_help=True)
key_app = typer.Typer(help="API keys: add, list, revoke, rotate.", no_args_is_help=True)
secrets_app = typer.Typer(help="The master key that encrypts store credentials.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(account_app, name="account")
app.add_typer(key_app, name="key")
app.add_typer(secrets_app, name="secrets")
app.add_typer(bridge_app, name="bridge")

out = Console()
T = TypeVar("T")
DEMO_ACCOUNT = "demo"
DEMO_STORE_URL = "https://demo.cartgate.local"


def _run(work: Callable[[AsyncSession, Settings], Awaitable[T]], settings: Settings | None = None) -> T:
    """Run ``work`` in one committed transaction on a migrated database; coded errors exit 1."""
    settings = settings or Settings()

    async def runner() -> T:
        engine = create_engine(settings.database_url)
        try:
            await upgrade(engine)
            async with make_sessionmaker(engine)() as session, session.begin():
                return await work(session, settings)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(runner())
    except CartgateError as exc:
        out.print(f"[red]error {exc.return_code}:[/red] {exc.message}")
        raise typer.Exit(1) from None


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations (also done at serve start-up)."""

    async def work(session: AsyncSession, settings: Settings) -> None:
        return None

    _run(work)
    out.print("database is up to date")


@account_app.command("create")
def account_create(
    name: Annotated[str, typer.Option("--name", help="Account name.")],
    read_only: Annotated[bool, typer.Option("--read-only", help="Its key may call read methods only.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print {account_id, api_key} as JSON.")] = False,
) -> None:
    """Create an account and print its API key (shown once; only a hash is stored)."""

    async def work(session: AsyncSession, settings: Settings) -> tuple[int, str]:
        account, raw = await create_account(session, name, read_only=read_only)
        return account.id, raw

    account_id, raw = _run(work)
    if as_json:
        typer.echo(json.dumps({"account_id": account_id, "api_key": raw, "read_only": read_only}))
    else:
        out.print(f"account_id: {account_id}\napi_key: {raw}\n(the key is shown once; store it now)")


@account_app.command("list")
def account_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List accounts."""

    async def work(session: AsyncSession, settings: Settings) -> list[dict[str, Any]]:
        rows = (await session.execute(select(Account).order_by(Account.id))).scalars()
        return [{"account_id": a.id, "name": a.name, "created_at": a.created_at.isoformat()} for a in rows]

    _print_rows(_run(work), as_json, "Accounts")


def _print_rows(rows: list[dict[str, Any]], as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(json.dumps(rows))
        return
    table = Table(title=title)
    for column in rows[0] if rows else ["(none)"]:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    out.print(table)


@key_app.command("add")
def key_add(
    account_id: Annotated[int, typer.Option("--account-id")],
    read_only: Annotated[bool, typer.Option("--read-only")] = False,
) -> None:
    """Issue another key for an account."""

    async def work(session: AsyncSession, settings: Settings) -> str:
        return await add_api_key(session, account_id, read_only=read_only)

    out.print(f"api_key: {_run(work)}")


@key_app.command("list")
def key_list(
    account_id: Annotated[int | None, typer.Option("--account-id")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List keys by their public id (the secret part is never stored)."""

    async def work(session: AsyncSession, settings: Settings) -> list[dict[str, Any]]:
        return [
            {
                "key_id": k.key_id,
                "account_id": k.account_id,
                "read_only": k.read_only,
                "created_at": k.created_at.isoformat(),
                "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
            }
            for k in await list_api_keys(session, account_id)
        ]

    _print_rows(_run(work), as_json, "API keys")


@key_app.command("revoke")
def key_revoke(key_id: str) -> None:
    """Revoke a key (effective within CARTGATE_KEY_CACHE_SECONDS in running gateways)."""

    async def work(session: AsyncSession, settings: Settings) -> None:
        await revoke_api_key(session, key_id)

    _run(work)
    out.print(f"revoked {key_id}")


@key_app.command("rotate")
def key_rotate(key_id: str) -> None:
    """Revoke a key and print a new one with the same account and scope."""

    async def work(session: AsyncSession, settings: Settings) -> str:
        return await rotate_api_key(session, key_id)

    out.print(f"api_key: {_run(work)}")


@secrets_app.command("rotate")
def secrets_rotate(
    prune: Annotated[bool, typer.Option("--prune", help="Drop old master keys after re-encrypting.")] = True,
) -> None:
    """Add a new master key, re-encrypt every store's credentials under it, and save the key file."""
    settings = Settings()
    if settings.secret_key:
        out.print(
            "CARTGATE_SECRET_KEY is set: put a new key first in the list (new,old), run "
            "`cartgate secrets reencrypt`, then drop the old one."
        )
        raise typer.Exit(1)
    ring = load_keyring(settings).rotated()

    async def work(session: AsyncSession, settings: Settings) -> int:
        return await reencrypt_stores(session, ring)

    changed = _run(work, settings)
    (ring.without_inactive() if prune else ring).save(settings.secret_key_file)
    out.print(f"new master key {ring.active}; re-encrypted {changed} stores")


@secrets_app.command("reencrypt")
def secrets_reencrypt() -> None:
    """Re-encrypt every store's credentials under the active master key."""
    settings = Settings()
    ring = load_keyring(settings)

    async def work(session: AsyncSession, settings: Settings) -> int:
        return await reencrypt_stores(session, ring)

    out.print(f"re-encrypted {_run(work, settings)} stores under {ring.active}")


async def ensure_demo(session: AsyncSession, settings: Settings) -> tuple[str, str]:
    """The demo account and its Demo store, created once; a fresh key is issued at each start."""
    ring = load_keyring(settings)
    account = (await session.execute(select(Account).where(Account.name == DEMO_ACCOUNT))).scalars().first()
    if account is None:
        account, raw_key = await create_account(session, DEMO_ACCOUNT)
    else:
        keys = [k for k in await list_api_keys(session, account.id) if k.revoked_at is None]
        for key in keys:
            await revoke_api_key(session, key.key_id)
        raw_key = await add_api_key(session, account.id)
    store = (
        (await session.execute(select(Store).where(Store.account_id == account.id, Store.cart_id == "Demo")))
        .scalars()
        .first()
    )
    if store is None:
        store, store_key = await add_store(
            session,
            ring,
            account_id=account.id,
            cart_id="Demo",
            store_url=DEMO_STORE_URL,
            credentials={},
            settings={"custom_label": "cartgate demo store"},
        )
        set_store_credentials(ring, store, {"_store_key": store_key})
        await session.flush()
        await seed_in_session(session, store.id, generate_shop())  # the Demo shop, once, with its store
    else:
        store_key = str(store_credentials(ring, store)["_store_key"])
    return raw_key, store_key


@app.command()
def serve(
    demo: Annotated[bool, typer.Option("--demo", help="Create a demo account and Demo store, print keys.")] = False,
    host: Annotated[str | None, typer.Option("--host", help="Bind address (CARTGATE_HOST).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (CARTGATE_PORT).")] = None,
) -> None:
    """Run the gateway (migrates the database first)."""
    overrides: dict[str, Any] = {}
    if host:
        overrides["host"] = host
    if port:
        overrides["port"] = port
    settings = Settings(**overrides)
    configure_logging(settings.log_level, settings.log_json)
    if demo:
        api_key, store_key = _run(ensure_demo, settings)
        typer.echo(f"api_key: {api_key}")
        typer.echo(f"store_key: {store_key}")
        typer.echo(
            f"curl -s '{settings.base_url}/v1.1/cart.info.json' -H 'x-api-key: {api_key}' -H 'x-store-key: {store_key}'"
        )
    else:
        _run(lambda session, s: asyncio.sleep(0), settings)
    typer.echo(f"cartgate listening on http://{settings.host}:{settings.port} (docs at /docs)", err=True)
    web.run_app(build_app(settings, migrate=False), host=settings.host, port=settings.port, print=None)


def main() -> None:
    app()
