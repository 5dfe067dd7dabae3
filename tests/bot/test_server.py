"""The HTTP server on a real port on 127.0.0.1: /healthz, /metrics, channel routes, body limit."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import aiohttp
from aiohttp import web

from bot.app import App
from bot.server import MAX_BODY, HttpServer, create_web_app
from handlers.messages import Outbound
from handlers.services import Services
from storage.engine import Database
from storage.models import Customer, InboundMessage, OutboxMessage, Ticket
from tests.bot.outbox_support import enqueue


class EchoChannel:
    """A channel runtime with one route, standing in for telegram/wechat."""

    name = "echo"

    def routes(self) -> list[object]:
        async def echo(request: web.Request) -> web.Response:
            return web.Response(text=str(len(await request.read())))

        return [web.post("/echo", echo)]

    async def deliver(self, message: Outbound) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@asynccontextmanager
async def serving(services: Services) -> AsyncIterator[str]:
    server = HttpServer(create_web_app(services, [EchoChannel()]), "127.0.0.1", 0)
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()


async def test_healthz_ok_when_the_database_answers(app: App) -> None:
    async with (
        serving(app.services) as base,
        aiohttp.ClientSession() as http,
        http.get(f"{base}/healthz") as response,
    ):
        assert response.status == 200
        assert await response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_503_when_the_database_is_down(app: App) -> None:
    down = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    services = dataclasses.replace(app.services, db=down)
    try:
        async with (
            serving(services) as base,
            aiohttp.ClientSession() as http,
            http.get(f"{base}/healthz") as response,
        ):
            assert response.status == 503
            assert (await response.json())["status"] == "unavailable"
    finally:
        await down.dispose()


async def _fill(app: App) -> None:
    now = app.services.now()
    async with app.db.transaction() as session:
        customer = Customer(channel="telegram", user_id="secret-user-42", created_at=now)
        session.add(customer)
        await session.flush()
        for number, status, severity, due in [
            ("CP20261122001", "processing", "urgent", now - timedelta(hours=1)),  # overdue
            ("CP20261122002", "accepted", "general", now + timedelta(days=1)),
            ("CP20261122003", "awaiting_customer", "general", now - timedelta(days=1)),  # paused
            ("CP20261122004", "closed", "general", now - timedelta(days=2)),
        ]:
            session.add(
                Ticket(
                    number=number,
                    customer_id=customer.id,
                    channel="telegram",  # type: ignore[arg-type]
                    user_id="secret-user-42",
                    status=status,
                    severity=severity,
                    resolution_due=due,
                    created_at=now,
                    updated_at=now,
                )
            )
        for n in range(3):
            session.add(
                InboundMessage(
                    channel="telegram", message_id=str(n), user_id="secret-user-42", received_at=now
                )
            )
    failed = await enqueue(app, "secret-user-42", "您好")
    await enqueue(app, "secret-user-42", "再见")
    async with app.db.transaction() as session:
        row = await session.get(OutboxMessage, failed)
        assert row is not None
        row.status, row.last_error = "failed", "platform down"


async def test_metrics_in_prometheus_text_without_personal_data(app: App) -> None:
    await _fill(app)
    async with (
        serving(app.services) as base,
        aiohttp.ClientSession() as http,
        http.get(f"{base}/metrics") as response,
    ):
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        body = await response.text()
    lines = set(body.splitlines())
    assert {
        'complaint_tickets{status="processing",severity="urgent"} 1',
        'complaint_tickets{status="accepted",severity="general"} 1',
        'complaint_tickets{status="closed",severity="general"} 1',
        'complaint_outbox_messages{status="failed"} 1',
        'complaint_outbox_messages{status="pending"} 1',
        'complaint_outbox_messages{status="undeliverable"} 0',
        "complaint_inbound_messages_total 3",
        "complaint_inbound_unprocessed 3",
        "complaint_tickets_overdue 1",
        "# TYPE complaint_inbound_messages_total counter",
    } <= lines
    assert "secret-user-42" not in body and "CP2026" not in body and "您好" not in body


async def test_channel_routes_are_served_and_big_bodies_refused(app: App) -> None:
    async with serving(app.services) as base, aiohttp.ClientSession() as http:
        async with http.post(f"{base}/echo", data=b"x" * 1000) as response:
            assert (response.status, await response.text()) == (200, "1000")
        async with http.post(f"{base}/echo", data=io.BytesIO(b"x" * (MAX_BODY + 1))) as response:
            assert response.status == 413
