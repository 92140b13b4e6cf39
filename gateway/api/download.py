"""``GET /v1.1/bridge.download.file``: the store's bridge.zip as a file, as API2Cart serves it.

Same keys, rate limit and error envelope as every method; only a success answers
``application/zip`` instead of JSON.
"""

from __future__ import annotations

import time

from aiohttp import web

from gateway.api.handler import authenticate_request
from gateway.bridge.methods import bridge_download_zip
from gateway.errors import MissingParameter
from gateway.keys import SERVICES

__all__ = ["bridge_download_file"]


async def bridge_download_file(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    params: dict[str, str] = dict(request.query)
    principal, store_key = await authenticate_request(request, services, params, time.time())
    if store_key is None:
        raise MissingParameter("Parameter 'store_key' is required", field="store_key")
    async with services.sessionmaker() as session:
        data = await bridge_download_zip(
            session,
            services.ring,
            principal.account_id,
            store_key,
            store_root=params.get("store_root") or None,
            db_tables_prefix=params.get("db_tables_prefix"),
        )
    return web.Response(
        body=data,
        content_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="bridge.zip"'},
    )
