"""Running the channel: the webhook's secret check, settings, and start-up against a bad API."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import CHANNELS, App
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.config import TelegramConfig, normalise_base_url
from bot.settings import Settings, SettingsError, load_settings
from handlers import router
from handlers.services import Services
from storage.models import InboundMessage
from tests.bot.fake_telegram import TOKEN, FakeTelegram, User
from tests.bot.telegram_harness import SECRET, running


async def inbound_rows(app: App) -> int:
    async with app.db.transaction() as session:
        return int(
            (await session.execute(select(func.count()).select_from(InboundMessage))).scalar_one()
        )


async def test_a_webhook_post_with_a_wrong_secret_is_refused_before_the_database(
    app: App, fake: FakeTelegram
) -> None:
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1795390000,
            "chat": {"id": 7001, "type": "private"},
            "from": {"id": 7001, "is_bot": False, "first_name": "x"},
            "text": "/queue",
        },
    }
    async with running(app, fake, "webhook") as harness, aiohttp.ClientSession() as http:
        url = harness.webhook_url
        assert url is not None
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with http.post(url, json=update, headers=headers) as answer:
                assert answer.status == 403
        garbage = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with http.post(url, data=b"not json", headers=garbage) as answer:
            assert answer.status == 400
        await asyncio.sleep(0.2)
        assert harness.seen == [] and await inbound_rows(app) == 0
        # The same update with the right secret is handled.
        await fake.send_text(User(7002, "真客户"), "/start")
        await fake.wait_sent(7002, 1)
    assert [i.user_id for i in harness.seen] == ["7002"]
    assert await inbound_rows(app) == 1


async def test_a_bad_token_is_one_clear_message_and_a_retry_not_a_crash(
    app: App, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    config = TelegramConfig(
        "999:wrong", app.services.data_dir, base_url=fake.api_url, base_file_url=fake.file_url
    )
    channel = TelegramChannel(config, app.services, router.handle)
    await channel.start()
    await fake.wait_for(lambda: len(fake.calls) >= 2, timeout=5)  # tried again after 1 s
    assert not channel.ready
    refused = [r for r in caplog.records if "refused TELEGRAM_BOT_TOKEN" in r.getMessage()]
    assert len(refused) >= 2 and all(r.levelno == logging.ERROR and not r.exc_info for r in refused)
    await channel.stop()


async def test_an_unreachable_api_is_retried_with_back_off(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    config = TelegramConfig(TOKEN, app.services.data_dir, base_url=f"http://127.0.0.1:{port}")
    channel = TelegramChannel(config, app.services, router.handle)
    await channel.start()
    await asyncio.sleep(0.5)
    assert not channel.ready
    assert any("cannot reach the Bot API" in r.getMessage() for r in caplog.records)
    await channel.stop()


def create(settings: Settings, services: Services) -> Any:
    """The Telegram channel as `serve` makes it, through the registry."""
    return CHANNELS["telegram"].from_settings(settings, services, router.handle)


def test_create_follows_the_settings(app: App, tmp_path: Path) -> None:
    assert create(load_settings({"DATA_DIR": str(tmp_path)}, None), app.services) is None
    webhook = {"DATA_DIR": str(tmp_path), "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_MODE": "webhook"}
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        create(load_settings(webhook, None), app.services)
    channel = create(
        load_settings(
            {
                **webhook,
                "TELEGRAM_WEBHOOK_SECRET": "x",
                "TELEGRAM_BASE_URL": "http://127.0.0.1:8081",
            },
            None,
        ),
        app.services,
    )
    assert channel is not None and [r.path for r in channel.routes()] == ["/telegram"]
    assert channel.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert channel.bot.base_file_url == f"http://127.0.0.1:8081/file/bot{TOKEN}"
    assert normalise_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/bot"
    assert app.services.agent_rooms == (("telegram", "-1001234567890"),)


async def test_the_long_poll_asks_for_whole_seconds(app: App, fake: FakeTelegram) -> None:
    """getUpdates takes `timeout` as an Integer (Bot API, getUpdates; PTB declares int or
    timedelta): the default used to be 10.0, sent as the JSON number 10.0."""
    default = TelegramConfig(TOKEN, app.services.data_dir).poll_timeout
    await fake.send_text(User(5101, "王芳"), "/start")  # the first poll returns at once
    async with running(app, fake, poll_timeout=default):
        await fake.wait_for(lambda: fake.called("getUpdates"))
    sent = fake.called("getUpdates")[0].params["timeout"]
    assert type(sent) is int and sent == default == 10
