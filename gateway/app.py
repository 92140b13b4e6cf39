"""The aiohttp application: routes, the error middleware, and everything opened at start-up."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping

import aiohttp
from aiohttp import web

from connectors.registry import CONNECTORS
from connectors.spec import ConnectorSpec
from gateway.api.download import bridge_download_file
from gateway.api.handler import handle_method
from gateway.api.keycache import KeyCache, StoreCache
from gateway.api.middleware import envelope_errors, not_found
from gateway.api.ratelimit import InMemoryRateLimiter, RateLimiter
from gateway.docs import docs_page, openapi_document
from gateway.keys import SERVICES
from gateway.methods.catalogue import build_method_table
from gateway.methods.table import MethodTable
from gateway.secrets import KeyRing
from gateway.services import Services
from gateway.settings import Settings
from gateway.storage.db import create_engine, make_sessionmaker, upgrade

__all__ = ["build_app", "load_keyring"]

log = logging.getLogger("cartgate")


def load_keyring(settings: Settings) -> KeyRing:
    """The master keys: CARTGATE_SECRET_KEY if set, else the key file (created on first start)."""
    if settings.secret_key:
        return KeyRing.from_text(settings.secret_key)
    return KeyRing.load_or_create(settings.secret_key_file)


def build_app(
    settings: Settings,
    *,
    table: MethodTable | None = None,
    connectors: Mapping[str, ConnectorSpec] | None = None,
    limiter: RateLimiter | None = None,
    migrate: bool = True,
) -> web.Application:
    """The gateway app; the database is opened (and migrated) when the app starts."""
    app = web.Application(client_max_size=settings.max_body_bytes)
    table = table or build_method_table()

    async def services_ctx(app: web.Application) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        if migrate:
            await upgrade(engine)
        http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60, connect=10))
        app[SERVICES] = Services(
            settings=settings,
            ring=load_keyring(settings),
            engine=engine,
            sessionmaker=make_sessionmaker(engine),
            table=table,
            connectors=connectors if connectors is not None else CONNECTORS,
            limiter=limiter or InMemoryRateLimiter(settings.rate_limit_requests, settings.rate_limit_window),
            key_cache=KeyCache(settings.key_cache_seconds),
            store_cache=StoreCache(settings.key_cache_seconds),
            http=http,
        )
        yield
        await http.close()
        await engine.dispose()

    app.cleanup_ctx.append(services_ctx)
    app.router.add_get("/v1.1/bridge.download.file", envelope_errors(bridge_download_file))
    method_handler = envelope_errors(handle_method)
    for name in table.names():  # plain routes are a dict lookup; the pattern below is a regex scan
        app.router.add_route("*", f"/v1.1/{name}.json", method_handler)
    app.router.add_route("*", "/v1.1/{method}.json", method_handler)
    app.router.add_get("/openapi.json", openapi_document)
    app.router.add_get("/docs", docs_page)
    app.router.add_get("/health", _health)
    app.router.add_route("*", r"/{tail:[\s\S]*}", envelope_errors(not_found))  # any path, newlines too
    return app


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
