"""Webhook test helpers: a real aiohttp receiver on 127.0.0.1 that checks signatures."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from bot.app import App
from bot.outbox import Dispatcher
from bot.webhook_delivery import WebhookDelivery
from handlers import webhooks
from tests.support import Person

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)


def valid_signature(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """The receiver's check, written as docs/operations.md tells receivers to."""
    expected = (
        "sha256="
        + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )
    return hmac.compare_digest(expected, header)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int

    @property
    def event(self) -> dict[str, Any]:
        return dict(json.loads(self.body))

    @property
    def event_id(self) -> str:
        return self.headers["X-Complaint-Event-Id"]

    def signed_with(self, secret: str) -> bool:
        return valid_signature(
            secret,
            self.headers["X-Complaint-Timestamp"],
            self.body,
            self.headers["X-Complaint-Signature"],
        )


@dataclass
class Receiver:
    """Records every POST; answers from `answers` in turn (then 200)."""

    port: int = 0
    answers: list[int] = field(default_factory=list)
    got: list[Received] = field(default_factory=list)

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def on(self, path: str) -> list[Received]:
        return [r for r in self.got if r.path == path]

    async def handle(self, request: web.Request) -> web.Response:
        status = self.answers.pop(0) if self.answers else 200
        self.got.append(Received(request.path, dict(request.headers), await request.read(), status))
        return web.Response(status=status, text="ok" if status < 300 else "no")


@asynccontextmanager
async def receiver(answers: list[int] | None = None) -> AsyncIterator[Receiver]:
    got = Receiver(answers=list(answers or []))
    application = web.Application()
    application.router.add_post("/{path:.*}", got.handle)
    runner = web.AppRunner(application)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    got.port = int(server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
    try:
        yield got
    finally:
        await runner.cleanup()


async def add_hook(
    app: App, url: str, events: str, *, personal_data: bool = False
) -> webhooks.Added:
    """Adds a webhook as the CLI does, then reloads this process's list (as `serve` does
    every few seconds)."""
    added = await webhooks.add(
        app.db,
        app.services.vault,
        url=url,
        events=events,
        personal_data=personal_data,
        name=None,
        now=datetime.now(UTC),
    )
    await app.services.webhooks.load(app.db, app.services.now())
    return added


@asynccontextmanager
async def sender(app: App) -> AsyncIterator[Dispatcher]:
    """The real dispatcher with the real webhook channel (and nothing else)."""
    channel = WebhookDelivery(app.services)
    try:
        yield Dispatcher(app.services, {channel.name: channel})
    finally:
        await channel.stop()


async def file_complaint(app: App, user: str = "c1", text: str = RICH) -> str:
    customer = Person(app, user)
    await customer.say(text)
    while "请核对" not in customer.last.text:
        await customer.say("暂无")
    answer = await customer.say("1")
    assert "投诉受理确认函" in answer
    return answer
