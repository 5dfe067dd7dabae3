"""The one HTTP server (docs/architecture.md section 8): /healthz, /readyz, /metrics,
every channel's routes and the REST API under /api/v1/ (bot/api/)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence

from aiohttp import web

from bot import metrics
from bot.api.app import PREFIX as API_PREFIX
from bot.api.app import create_api_app
from bot.channels.base import ChannelRuntime
from bot.settings import Settings
from handlers import inbox
from handlers.services import Services

log = logging.getLogger(__name__)

# WeChat XML and Telegram updates are a few KB (files are fetched, never posted to us);
# 1 MiB leaves room and keeps a flood of large bodies cheap to refuse (413).
MAX_BODY = 1024 * 1024
HEALTH_TIMEOUT = 3.0
SERVICES = web.AppKey("services", Services)


def create_web_app(
    services: Services, channels: Iterable[ChannelRuntime] = (), *, settings: Settings | None = None
) -> web.Application:
    """The server's routes; with `settings`, the web console under /console/ too (bot/web/)."""
    app = web.Application(client_max_size=MAX_BODY)
    app[SERVICES] = services
    app[PROBE] = DatabaseProbe(services)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_page)
    for channel in channels:
        app.router.add_routes(channel.routes())
    app.add_subapp(API_PREFIX, create_api_app(services))  # the REST API (issue 14)
    if settings is not None:
        from bot.web import mount  # only `serve` and the console's tests pay for jinja2

        mount(app, services, settings)
    return app


class DatabaseProbe:
    """`SELECT 1`, at most one in flight and its answer reused for PROBE_EVERY seconds.

    A burst of health checks under load then costs one query, not one connection each:
    the checks never queue behind messages for the pool (issue 10: /healthz timed out).
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self._last: tuple[float, bool] | None = None
        self._running: asyncio.Task[bool] | None = None

    async def ok(self) -> bool:
        now = time.monotonic()
        if self._last is not None and now - self._last[0] < PROBE_EVERY:
            return self._last[1]
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(self._probe())
        return await asyncio.shield(self._running)

    async def _probe(self) -> bool:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await self.services.db.ping()
            healthy = True
        except Exception as exc:
            log.warning("health check: database unavailable: %s", type(exc).__name__)
            healthy = False
        self._last = (time.monotonic(), healthy)
        return healthy


PROBE = web.AppKey("probe", DatabaseProbe)
PROBE_EVERY = 1.0  # seconds an answer of the database probe is reused


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers; 503 tells the load balancer to send traffic elsewhere."""
    if not await request.app[PROBE].ok():
        return web.json_response({"status": "unavailable", "database": "down"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Readiness (issue 10 item 2): 503 while this worker is overloaded (more messages wait
    for a processing slot than it clears in a few seconds) or the database is down, so a
    load balancer sends new traffic to another worker. Nothing waiting is lost either way."""
    services = request.app[SERVICES]
    gate = inbox.GATE
    body = {
        "database": "ok",
        "processing": gate.busy,
        "waiting": gate.waiting,
        "writers_waiting": services.db.writers_waiting,
    }
    if not await request.app[PROBE].ok():
        return web.json_response({"status": "unavailable", **body, "database": "down"}, status=503)
    if gate.overloaded:
        return web.json_response({"status": "overloaded", **body}, status=503)
    return web.json_response({"status": "ready", **body})


async def metrics_page(request: web.Request) -> web.Response:
    body = await metrics.render(request.app[SERVICES])
    return web.Response(body=body.encode(), headers={"Content-Type": metrics.CONTENT_TYPE})


class HttpServer:
    """Starts and stops the application on HOST:PORT (port 0: any free one, for tests)."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.runner = web.AppRunner(app, access_log=None)
        self.host = host
        self.port = port

    async def start(self) -> None:
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        await site.start()
        self.port = self._bound_port(self.runner.addresses) or self.port
        log.info("HTTP server listening on http://%s:%s", self.host, self.port)

    async def stop(self) -> None:
        await self.runner.cleanup()

    @staticmethod
    def _bound_port(addresses: Sequence[object]) -> int | None:
        for address in addresses:
            if isinstance(address, tuple) and len(address) >= 2:
                return int(address[1])
        return None
