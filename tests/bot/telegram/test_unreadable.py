"""An update the library cannot parse is skipped past, logged once with ids only, and counted
(issue 15 item 1): in polling mode the offset moves on, in webhook mode Telegram hears 200."""

from __future__ import annotations

import logging
import time
from typing import Any

import aiohttp
import pytest

from bot import metrics
from bot.app import App
from tests.bot.fake_telegram import FakeTelegram, Json, User
from tests.bot.telegram_harness import SECRET, answer, running

QUESTION = "王芳的秘密投票问题"


def old_server_poll(user: User) -> Json:
    """A poll as Bot API servers before 9.6 send it: no `persistent_id` (PTB 22.8 needs it)."""
    poll = {
        "id": "5123",
        "question": QUESTION,
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "options": [{"text": "好", "voter_count": 0}, {"text": "差", "voter_count": 0}],
    }
    return {
        "message": {
            "message_id": 77,
            "date": 1795390000,
            "poll": poll,
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.as_json(),
        }
    }


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_an_unreadable_update_is_skipped_and_the_next_one_is_handled(
    app: App, fake: FakeTelegram, caplog: pytest.LogCaptureFixture, mode: Any
) -> None:
    wang, li = User(5001, "王芳"), User(5002, "李雷")
    before = metrics.skipped_updates("telegram", "message")
    # Both wait on the server before the bot connects: one getUpdates hands out both.
    bad = await fake.push(old_server_poll(wang))
    await fake.send_text(li, "/start")
    start_id = fake.updates[-1]["update_id"]
    caplog.set_level(logging.DEBUG)
    async with running(app, fake, mode):
        await answer(fake, li.id, "投诉受理助手")
        if mode == "polling":  # the long poll after the batch (returns within poll_timeout)
            await fake.wait_for(lambda: len(fake.called("getUpdates")) >= 2)
        polls = fake.called("getUpdates")
    assert metrics.skipped_updates("telegram", "message") == before + 1
    page = await metrics.render(app.services)
    assert (
        f'complaint_updates_skipped_total{{channel="telegram",kind="message"}} {before + 1}' in page
    )
    about = [r for r in caplog.records if "skipped update" in r.getMessage()]
    assert len(about) == 1
    line = about[0].getMessage()
    assert f"skipped update {bad['update_id']} (message, chat {wang.id}, from {wang.id})" in line
    everything = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert QUESTION not in everything and wang.first_name not in everything
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]
    assert fake.sent_to(wang.id) == []  # nothing was made of it
    if mode == "polling":
        # One poll handed out both; the next one already confirms both (offset past them).
        assert int(polls[1].params["offset"]) == start_id + 1
    else:
        assert fake.webhook_answers[:2] == [200, 200]


async def test_polling_errors_back_off(app: App, fake: FakeTelegram) -> None:
    fake.break_next("getUpdates", times=2)
    async with running(app, fake):
        user = User(5003, "赵敏")
        await fake.send_text(user, "/start")
        await answer(fake, user.id, "投诉受理助手")
    tries = [c.at for c in fake.calls if c.method == "getUpdates"]
    # PTB waits 1 s after the first failure, then 1.5 s: never a hot loop.
    assert len(tries) >= 3 and tries[1] - tries[0] >= 0.9 and tries[2] - tries[1] >= 1.3
    assert time.monotonic() - tries[0] >= 2.3


async def test_a_webhook_post_that_is_no_update_is_refused_with_a_log_line(
    app: App, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(app, fake, "webhook") as harness, aiohttp.ClientSession() as http:
        assert harness.webhook_url is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        for body in (b"[1, 2]", b'{"message": {}}', b"{"):
            async with http.post(harness.webhook_url, data=body, headers=headers) as reply:
                assert reply.status == 400
    assert len([r for r in caplog.records if "without an update" in r.getMessage()]) == 3
