"""The one HTTP server (DESIGN.md section 4): /healthz, /metrics and every channel's routes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence

from aiohttp import web
from sqlalchemy import text

from bot import metrics
from bot.channels.base import ChannelRuntime
from handlers.services import Services

log = logging.getLogger(__name__)

# WeChat XML and Telegram updates are a few KB (files are fetched, never posted to us);
# 1 MiB leaves room and keeps a flood of large bodies cheap to refuse (413).
MAX_BODY = 1024 * 1024
HEALTH_TIMEOUT = 3.0
SERVICES = web.AppKey("services", Services)


def create_web_app(services: Services, channels: Iterable[ChannelRuntime] = ()) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app[SERVICES] = services
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)
    for channel in channels:
        app.router.add_routes(channel.routes())  # type: ignore[arg-type]
    return app


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers; 503 tells the load balancer to send traffic elsewhere."""
    services = request.app[SERVICES]
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT), services.db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:
        log.warning("health check: database unavailable: %s", type(exc).__name__)
        return web.json_response({"status": "unavailable", "database": "down"}, status=503)
    return web.json_response({"status": "ok", "database": "ok"})


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
