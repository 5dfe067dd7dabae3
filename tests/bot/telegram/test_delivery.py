"""Delivery on Telegram: the outbox dispatcher through the real channel and the fake server."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest

from bot.app import App
from bot.channels.base import DeliveryError
from bot.channels.telegram.delivery import BLOCKED, ChatPacing
from bot.channels.telegram.render import split_text, utf16_len
from bot.outbox import Dispatcher
from handlers.messages import Choice, Outbound
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.outbox_support import enqueue, outbox_row
from tests.bot.telegram_harness import running
from tests.support import FakeClock


async def test_a_429_burst_loses_nothing_and_sends_nothing_twice(
    app: App, fake: FakeTelegram, clock: FakeClock
) -> None:
    chats = [5000 + n for n in range(12)]
    rows = [await enqueue(app, str(chat), f"进度通知 {chat}", channel="telegram") for chat in chats]
    fake.limit_sends(5, per_seconds=1.0, retry_after=1)  # flood control past 5 a second
    async with running(app, fake) as harness:
        dispatcher = Dispatcher(app.services, {"telegram": harness.channel})
        delivered = 0
        for _ in range(5):
            delivered += await dispatcher.run_once()
            clock.advance(seconds=2)  # the rows handed back wait retry_after on this clock
            if delivered == len(chats):
                break
    assert delivered == len(chats)
    sent = Counter(c.params["text"] for c in fake.called("sendMessage"))
    assert sent == Counter(f"进度通知 {chat}" for chat in chats)  # each exactly once
    assert len([c for c in fake.calls if c.status == 429]) >= 4
    assert [(await outbox_row(app, row)).status for row in rows] == ["sent"] * len(chats)


async def test_a_429_before_anything_went_out_goes_back_to_the_outbox(
    app: App, fake: FakeTelegram, clock: FakeClock
) -> None:
    row = await enqueue(app, "5100", "请您评价", channel="telegram", kind="survey")
    fake.fail_next("sendMessage", times=1, retry_after=7)
    async with running(app, fake, limiter_retries=0) as harness:
        dispatcher = Dispatcher(app.services, {"telegram": harness.channel})
        assert await dispatcher.run_once() == 0
        waiting = await outbox_row(app, row)
        assert waiting.status == "pending" and waiting.last_error == "rate_limited"
        assert waiting.next_attempt_at == clock() + timedelta(seconds=7)  # Telegram's number
        clock.advance(seconds=7)
        assert await dispatcher.run_once() == 1
    assert [c.params["text"] for c in fake.called("sendMessage")] == ["请您评价"]


async def test_a_customer_who_blocked_the_bot_is_reported_as_blocked(
    app: App, fake: FakeTelegram
) -> None:
    fake.blocked.add(6001)
    row = await enqueue(app, "6001", "您的工单已办结", channel="telegram", kind="result")
    async with running(app, fake) as harness:
        with pytest.raises(DeliveryError) as caught:
            await harness.channel.deliver(Outbound("telegram", "6001", "hi"))
        assert caught.value.reason == BLOCKED and caught.value.permanent
        await Dispatcher(app.services, {"telegram": harness.channel}).run_once()
    stored = await outbox_row(app, row)
    assert stored.status == "undeliverable" and stored.last_error == "blocked"


async def test_long_texts_are_split_never_cut_and_buttons_go_on_the_last_part(
    app: App, fake: FakeTelegram
) -> None:
    text = "\n".join(f"第{n}行：客户反映的问题描述，内容较长。" for n in range(400))
    message = Outbound("telegram", "6002", text, choices=(Choice("take:CP20261122001", "认领"),))
    async with running(app, fake) as harness:
        await harness.channel.deliver(message)
    parts = fake.called("sendMessage")
    assert len(parts) >= 3
    assert "".join(c.params["text"] for c in parts) == text
    assert all(utf16_len(c.params["text"]) <= 4096 for c in parts)
    assert [("reply_markup" in c.params) for c in parts] == [False] * (len(parts) - 1) + [True]


async def test_show_sends_evidence_as_photos_and_documents(app: App, fake: FakeTelegram) -> None:
    data_dir = app.services.data_dir
    (data_dir / "evidence" / "t").mkdir(parents=True)
    (data_dir / "evidence/t/a.jpg").write_bytes(b"\xff\xd8\xff jpeg")
    (data_dir / "evidence/t/b.pdf").write_bytes(b"%PDF-1.4")
    message = Outbound(
        "telegram",
        "-1001234567890",
        "工单 CP20261122001 的证据",
        files=("evidence/t/a.jpg", "evidence/t/b.pdf"),
        kind="reply",
    )
    async with running(app, fake) as harness:
        await harness.channel.deliver(message)
    [photo] = fake.called("sendPhoto")
    [document] = fake.called("sendDocument")
    assert photo.params["photo"] == b"\xff\xd8\xff jpeg"
    assert document.params["document"] == b"%PDF-1.4"
    methods = [c.method for c in fake.calls if c.method.startswith("send")]
    assert methods == ["sendMessage", "sendPhoto", "sendDocument"]


async def test_one_chat_gets_a_short_burst_then_one_message_per_interval(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake, chat_burst=2, chat_interval=0.3) as harness:
        start = time.monotonic()
        for n in range(4):
            await harness.channel.deliver(Outbound("telegram", "6003", f"消息{n}"))
    times = [c.at for c in fake.called("sendMessage")]
    assert times[1] - times[0] < 0.2  # the burst
    # Then one slot every interval, counted from the start (GCRA): a send the machine's load
    # held back shortens the gap to the next one, which still keeps its own slot.
    assert all(at - start >= (n - 1) * 0.3 - 0.01 for n, at in enumerate(times) if n >= 2)


def test_pacing_allows_a_burst_then_spaces_messages() -> None:
    pacing = ChatPacing(burst=3, interval=1.0)
    delays = [round(pacing.reserve(42)) for _ in range(5)]
    assert delays == [0, 0, 0, 1, 2]
    assert pacing.reserve(43) == 0  # other chats are not held up


def test_split_keeps_every_character_and_prefers_line_breaks() -> None:
    text = ("一句话。" * 300 + "\n") * 5 + "😀" * 3000
    pieces = split_text(text)
    assert "".join(pieces) == text
    assert all(utf16_len(p) <= 4096 for p in pieces)
    assert pieces[0].endswith("\n")
