"""`complaint-bot serve` as a real process with TELEGRAM_BASE_URL at the fake Bot API server."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

from sqlalchemy import select

from bot.app import build
from bot.settings import load_settings
from storage.models import Ticket
from tests.bot.fake_telegram import TOKEN, FakeTelegram, User
from tests.bot.telegram_harness import AGENT_GROUP, SECRET, answer, file_a_complaint, keys


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def serve(tmp_path: Path, fake: FakeTelegram, **env: str) -> asyncio.subprocess.Process:
    environ = {
        **os.environ,
        "DATABASE_URL": "",
        "WECHAT_TOKEN": "",
        "DATA_DIR": str(tmp_path / "data"),
        "HTTP_PORT": str(free_port()),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": f"http://127.0.0.1:{fake.port}",  # "/bot" is implied
        "TELEGRAM_BASE_FILE_URL": fake.file_url,
        "TELEGRAM_AGENT_CHAT_ID": str(AGENT_GROUP.id),
        **env,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        cwd=tmp_path,
        env=environ,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop(process: asyncio.subprocess.Process) -> str:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    if process.stderr is None or process.stderr.at_eof():
        await process.wait()
        return ""
    _, err = await asyncio.wait_for(process.communicate(), 30)
    return err.decode()


async def test_serve_runs_the_telegram_flow_against_the_fake_server(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    """The whole flow of issue 5 through `complaint-bot serve`: complaint with a photo by
    buttons, the card in the group, take, reply to the card, resolve, survey 5, closed."""
    zhang, wang = User(2001, "张三"), User(3001, "王芳")
    # The survey goes out with the result, so the test need not wait for the hourly delay.
    policy = tmp_path / "policy.toml"
    policy.write_text("[survey]\ndelay_minutes = 0\n", encoding="utf-8")
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": ""}
    added = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "agents",
        "add",
        "--channel",
        "telegram",
        "--id",
        str(zhang.id),
        "--name",
        "张三",
        env=env,
        cwd=tmp_path,
    )
    assert await added.wait() == 0
    process = await serve(tmp_path, fake, POLICY_FILE=str(policy))
    try:
        # Polling starts with deleteWebhook; the long poll that follows picks up the updates.
        await fake.wait_for(lambda: fake.called("deleteWebhook"), timeout=30)
        text = await file_a_complaint(fake, wang)
        # The new ticket's card reaches the agent group through the outbox and the scheduler.
        cards = await fake.wait_for(
            lambda: [t for t in fake.texts_to(AGENT_GROUP.id) if "CP" in t], timeout=15
        )
        card = await answer(fake, AGENT_GROUP.id, "新工单")
        number = keys(card)[0].removeprefix("take:")
        await fake.press(zhang, card, f"take:{number}")
        await answer(fake, AGENT_GROUP.id, "已接单")
        await fake.send_text(zhang, "您好，明天为您换新机", group=AGENT_GROUP, reply_to=card)
        await answer(fake, wang.id, "明天为您换新机")
        await fake.send_text(zhang, f"/resolve {number} 已为客户换新", group=AGENT_GROUP)
        await answer(fake, wang.id, "已为客户换新")
        asked = await answer(fake, wang.id, "满意吗")
        await fake.press(wang, asked, f"score:{number}:5")
        await answer(fake, wang.id, "已关闭")
    except (TimeoutError, AssertionError) as exc:
        raise AssertionError(f"{exc!r}\n{(await stop(process))[-4000:]}") from exc
    finally:
        log = await stop(process)
    assert process.returncode == 0, log
    assert "telegram: connected as @complaint_test_bot in polling mode" in log
    settings = load_settings({"DATA_DIR": str(tmp_path / "data")}, None)
    app = await build(settings, migrate=False)
    try:
        async with app.db.transaction() as session:
            [ticket] = (await session.execute(select(Ticket))).scalars().all()
    finally:
        await app.close()
    assert ticket.number in text and ticket.number in cards[0]
    assert ticket.status == "closed" and ticket.survey_score == 5


async def test_serve_in_webhook_mode_takes_updates_on_post_telegram(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    process = await serve(
        tmp_path,
        fake,
        HTTP_PORT=str(port),
        TELEGRAM_MODE="webhook",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_WEBHOOK_URL=url,
    )
    try:
        await fake.wait_for(lambda: len(fake.called("setMyCommands")) == 4, timeout=30)
        # serve registered its own webhook (TELEGRAM_WEBHOOK_URL) with the secret.
        await fake.wait_for(lambda: fake.webhook == (url, SECRET), timeout=15)
        user = User(3002, "李雷")
        await fake.send_text(user, "/start")
        await fake.wait_sent(user.id, 1, timeout=15)
    except (TimeoutError, AssertionError) as exc:
        raise AssertionError(f"{exc!r}\n{(await stop(process))[-4000:]}") from exc
    finally:
        log = await stop(process)
    assert process.returncode == 0, log
    assert not fake.called("getUpdates") and set(fake.webhook_answers) == {200}
