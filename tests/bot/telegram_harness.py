"""Runs the real Telegram channel (PTB Application) against the fake Bot API server.

Polling mode talks to the fake directly; webhook mode also starts the project's own aiohttp
route on 127.0.0.1, and the fake POSTs updates to it once the channel has called setWebhook.
`seen` records every Inbound the adapter handed to the core (the router still handles it).
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from aiohttp import web

from bot.app import App
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.config import TelegramConfig
from handlers import router
from handlers.messages import Inbound, Outbound
from handlers.services import Services
from tests.bot.fake_telegram import TOKEN, FakeTelegram, Group, Json, User
from tests.support import FakeClock, make_app

AGENT_GROUP = Group(-1001234567890, "客服组")
SECRET = "s3cret-Token_1"
ACCOUNT = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，订单号2024042800123"
)
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40


@dataclass
class Harness:
    app: App
    fake: FakeTelegram
    channel: TelegramChannel
    seen: list[Inbound] = field(default_factory=list)
    webhook_url: str | None = None


@asynccontextmanager
async def telegram_app(backend: str, data_dir: Path, clock: FakeClock) -> AsyncIterator[App]:
    """An App built as `serve` builds it when the Telegram settings are present."""
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_AGENT_CHAT_ID": str(AGENT_GROUP.id)}
    async with make_app(backend, data_dir, clock, **env) as app:
        yield app


@asynccontextmanager
async def running(
    app: App, fake: FakeTelegram, mode: Literal["polling", "webhook"] = "polling", **options: Any
) -> AsyncIterator[Harness]:
    seen: list[Inbound] = []

    async def recording_handle(services: Services, inbound: Inbound, **how: Any) -> list[Outbound]:
        seen.append(inbound)
        return await router.handle(services, inbound, **how)

    config = TelegramConfig(
        token=TOKEN,
        data_dir=app.services.data_dir,
        mode=mode,
        base_url=fake.api_url,
        base_file_url=fake.file_url,
        webhook_secret=SECRET,
        agent_chat_id=AGENT_GROUP.id,
        # The production wait: 0.3 s split an album in two on a machine at load 6 (polling
        # mode fetches its items in separate getUpdates calls), a flaky failure, not a bug.
        album_wait=1.0,
        poll_timeout=1,
        chat_interval=0.05,  # the 1/s pacing has its own test; here it would only slow the flow
    )
    config = replace(config, **options)
    runner: web.AppRunner | None = None
    if mode == "webhook":
        # Bind first: the public URL (with its port) goes into the config the channel registers.
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/telegram"
        config = replace(config, webhook_url=url)
    channel = TelegramChannel(config, app.services, recording_handle)
    if mode == "webhook":
        server = web.Application()
        server.add_routes(channel.routes())
        runner = web.AppRunner(server)
        await runner.setup()
        await web.SockSite(runner, sock).start()
    await channel.start()
    await channel.wait_ready(10)
    try:
        yield Harness(app, fake, channel, seen, config.webhook_url)
    finally:
        await channel.stop()
        if runner is not None:
            await runner.cleanup()


async def answer(fake: FakeTelegram, chat_id: int, needle: str, after: int = 0) -> Json:
    """The first bot message to the chat, from the `after`-th on, that contains `needle`."""

    def found() -> Json | None:
        for message in fake.sent_to(chat_id)[after:]:
            if needle in (message.get("text") or ""):
                return message
        return None

    try:
        result: Json = await fake.wait_for(found)
    except TimeoutError:
        raise AssertionError(f"no {needle!r} in {fake.texts_to(chat_id)[after:]}") from None
    return result


def keys(message: Json) -> list[str]:
    """The keys of the message's buttons (without the moment a step's buttons carry)."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["callback_data"].split("|")[0] for row in rows for button in row]


async def file_a_complaint(fake: FakeTelegram, user: User) -> str:
    """Start to acknowledgement through the buttons; returns the acknowledgement text."""
    await fake.send_text(user, "/start")
    await answer(fake, user.id, "投诉受理助手")
    await fake.send_text(user, ACCOUNT)
    remedy = await answer(fake, user.id, "怎么处理")
    assert keys(remedy)[:2] == ["refund", "exchange"]
    await fake.press(user, remedy, "refund")
    evidence = await answer(fake, user.id, "暂无")
    assert keys(evidence) == ["none"]
    await fake.send_photo(user, JPEG, caption="收到时的照片")
    confirm = await answer(fake, user.id, "请核对")
    assert keys(confirm) == ["submit", "change", "cancel"]
    await fake.press(user, confirm, "submit")
    ack: Json = await answer(fake, user.id, "投诉受理确认函")
    return str(ack["text"])
