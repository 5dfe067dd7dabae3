"""`serve` (bot/app.py:create_serving) mounts the console on its one HTTP server."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.app import App, create_serving


async def test_serve_mounts_the_console(app: App) -> None:
    serving = create_serving(app)
    client: TestClient[object, object] = TestClient(
        TestServer(serving.server.runner.app, host="127.0.0.1")
    )
    await client.start_server()
    try:
        assert (await client.get("/console/queue")).status == 401
        assert (await client.get("/healthz")).status == 200
    finally:
        await client.close()
