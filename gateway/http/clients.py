"""The gateway's REST clients: one ``RestClient`` per platform over the shared aiohttp session, made when a
connector first needs it and living as long as the app (``Services``, opened in ``cleanup_ctx``).

Everything a platform keeps between calls lives with its client, not in module tables: per-store budgets,
write queues and tokens (``RestClient.shared``). Connectors reach it through ``ctx.services["rest"]``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp

from gateway.errors import CartgateError
from gateway.http.client import PlatformProfile, RestClient, Sleep

__all__ = ["PlatformClients", "rest_client"]


class PlatformClients:
    """One ``RestClient`` per platform (by profile name), sharing the gateway's session.

    ``clock`` and ``sleep`` reach every client; tests and benchmarks run a platform's minutes on a manual
    clock with :meth:`use_clock`.
    """

    def __init__(
        self, session: aiohttp.ClientSession, *, clock: Callable[[], float] = time.time, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.session = session
        self._clock, self._sleep = clock, sleep
        self._clients: dict[str, RestClient] = {}

    def client(self, profile: PlatformProfile) -> RestClient:
        """The platform's client; made from ``profile`` on first use (later profiles of that name are ignored)."""
        client = self._clients.get(profile.name)
        if client is None:
            client = self._clients[profile.name] = RestClient(profile, self.session, clock=self._clock,
                                                               sleep=self._sleep)  # fmt: skip
        return client

    def use_clock(self, clock: Callable[[], float], sleep: Sleep) -> None:
        """Run every platform on ``clock``/``sleep`` from now on; clients made before (and their budgets) go."""
        self._clock, self._sleep = clock, sleep
        self._clients.clear()


def rest_client(services: Mapping[str, Any], profile: PlatformProfile) -> RestClient:
    """The gateway's client for ``profile``'s platform. Raises CartgateError (9) when the gateway has none."""
    clients = services.get("rest")
    if not isinstance(clients, PlatformClients):
        raise CartgateError("The gateway has no HTTP session for REST connectors")
    return clients.client(profile)
