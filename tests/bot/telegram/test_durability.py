"""Nothing Telegram was told "200" for is lost (issue 10): `complaint-bot serve` killed with
SIGKILL right after answering the webhook for N updates, then started again."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Literal

import pytest
from sqlalchemy import func, select

from bot.app import App, build
from bot.settings import load_settings
from handlers import inbox
from storage.models import InboundMessage, OutboxMessage
from tests.bot.fake_telegram import FakeTelegram, User
from tests.bot.telegram.test_serve import free_port, serve, stop
from tests.bot.telegram_harness import SECRET, answer, running
from tests.support import BACKENDS, PG_PII_KEY, database_url

UPDATES = 40


async def state(data_dir: Path, url: str) -> tuple[int, int, int]:
    """(recorded, unprocessed, outbox rows left mid-send) in the killed worker's database."""
    key = {"PII_KEY": PG_PII_KEY} if url else {}  # PostgreSQL requires one (issue 10)
    settings = load_settings({"DATA_DIR": str(data_dir), "DATABASE_URL": url, **key}, None)
    app = await build(settings, migrate=False)
    try:
        async with app.db.transaction() as session:
            recorded = await session.scalar(select(func.count()).select_from(InboundMessage))
            unprocessed = await session.scalar(
                select(func.count())
                .select_from(InboundMessage)
                .where(InboundMessage.processed_at.is_(None))
            )  # type: ignore[union-attr]
            sending = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "sending")
            )
    finally:
        await app.close()
    return int(recorded or 0), int(unprocessed or 0), int(sending or 0)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_updates_answered_200_survive_a_kill_9_of_the_worker(
    tmp_path: Path, fake: FakeTelegram, backend: str
) -> None:
    async with database_url(backend) as url:
        port = free_port()
        hook = f"http://127.0.0.1:{port}/telegram"
        env = {
            "HTTP_PORT": str(port),
            "TELEGRAM_MODE": "webhook",
            "DATABASE_URL": url,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_WEBHOOK_URL": hook,
            "PII_KEY": PG_PII_KEY if url else "",
        }
        process = await serve(tmp_path, fake, **env)
        try:
            await fake.wait_for(lambda: fake.webhook == (hook, SECRET), timeout=60)
            users = [User(7000 + n, f"顾客{n}") for n in range(UPDATES)]
            for user in users:
                await fake.send_text(user, "外卖送晚了一个小时，饭都凉了，要求退款")
            await fake.wait_for(lambda: len(fake.delivered_updates) == UPDATES, timeout=60)
        finally:
            process.kill()  # SIGKILL: no clean stop, whatever was in memory is gone
            await process.wait()
        assert set(fake.webhook_answers) == {200}
        recorded, unprocessed, sending = await state(tmp_path / "data", url)
        assert recorded == UPDATES  # every update Telegram got 200 for is in the database
        answered_before = sum(1 for user in users if fake.sent_to(user.id))
        process = await serve(tmp_path, fake, **env)
        try:
            await fake.wait_for(lambda: all(fake.sent_to(u.id) for u in users), timeout=90)
        except TimeoutError as exc:
            raise AssertionError(f"{exc!r}\n{(await stop(process))[-4000:]}") from exc
        finally:
            log = await stop(process)
        assert process.returncode == 0, log
        assert (await state(tmp_path / "data", url))[1] == 0
        twice = [u.id for u in users if len(fake.sent_to(u.id)) > 1]
        # A second copy only of an answer that was on its way when the worker died.
        assert len(twice) <= sending, (twice, sending)
        # The kill really came while work was in hand (else this test proves nothing).
        assert unprocessed + sending > 0 or answered_before < UPDATES


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_an_update_that_cannot_be_recorded_is_not_confirmed_and_comes_again(
    app: App, fake: FakeTelegram, mode: Literal["polling", "webhook"]
) -> None:
    """The database is busy past the record deadline: the webhook answers 503 (Telegram
    retries) and polling does not move its offset (the next getUpdates fetches it again)."""
    async with running(app, fake, mode) as harness:
        holding, release = asyncio.Event(), asyncio.Event()

        async def long_transaction() -> None:
            async with harness.app.db.transaction():
                holding.set()
                await release.wait()

        holder = asyncio.create_task(long_transaction())
        await holding.wait()
        user = User(7101, "周六")
        await fake.send_text(user, "/start")
        await asyncio.sleep(inbox.RECORD_DEADLINE + 0.5)
        assert fake.sent_to(user.id) == []
        if mode == "webhook":
            assert 503 in fake.webhook_answers and 200 not in fake.webhook_answers
        else:
            assert [u["update_id"] for u in fake.updates] != []  # not confirmed
        release.set()
        await holder
        await answer(fake, user.id, "投诉受理助手")
        assert len(fake.sent_to(user.id)) == 1
    if mode == "polling":
        offsets = [c.params.get("offset") for c in fake.called("getUpdates")]
        assert offsets.count(None) >= 2  # fetched again from the same (first) offset
