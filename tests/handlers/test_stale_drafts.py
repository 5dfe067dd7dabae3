"""Drafts do not rot (issue 9 item 8): one reminder after a quiet day, expiry after a week,
and the customer told when they come back. Through the handler API and the real outbox, on
every backend, with the clock moved by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.scheduler import run_exclusively
from handlers import stale_drafts
from handlers.jobs import PERIODIC
from handlers.policy import PolicyError, load_policy
from storage.models import Conversation, Evidence, OutboxMessage
from tests.handlers.lifecycle_support import Inboxes, deliver_all
from tests.support import FakeClock, Person, make_app, photo, tickets

STORY = "前天在你们望京店买的台灯，插上电就冒烟了"


async def conversation(app: App, user: str) -> Conversation:
    async with app.db.transaction() as session:
        return (
            await session.execute(select(Conversation).where(Conversation.user_id == user))
        ).scalar_one()


async def reminders(app: App, inboxes: Inboxes, user: str) -> list[str]:
    await deliver_all(app, inboxes)
    return [m.text for m in inboxes.sent if m.user_id == user and m.kind == "draft_reminder"]


async def test_one_reminder_after_a_quiet_day_not_two(app: App, clock: FakeClock) -> None:
    inboxes = Inboxes()
    customer = Person(app, "quiet")
    assert "怎么处理" in await customer.say(STORY)
    clock.advance(hours=23, minutes=59)
    assert await stale_drafts.scan(app.services) == 0
    clock.advance(minutes=2)
    assert await stale_drafts.scan(app.services) == 1
    assert await stale_drafts.scan(app.services) == 0  # run twice: no second reminder
    [text] = await reminders(app, inboxes, "quiet")
    assert "还差：诉求、姓名、联系方式、证据材料" in text
    assert "取消" in text and "直接回复" in text and "2026-11-29 15:00" in text
    clock.advance(days=2)
    assert await stale_drafts.scan(app.services) == 0  # still quiet: still only one
    assert await reminders(app, inboxes, "quiet") == [text]
    # The customer carries on where they were, as the reminder promised.
    assert "称呼" in await customer.say("退款")


async def test_a_draft_touched_after_its_reminder_gets_a_fresh_clock(
    app: App, clock: FakeClock
) -> None:
    inboxes = Inboxes()
    customer = Person(app, "touched")
    await customer.say(STORY)
    clock.advance(hours=25)
    assert await stale_drafts.scan(app.services) == 1
    assert "称呼" in await customer.say("要求退款")
    clock.advance(hours=23)
    assert await stale_drafts.scan(app.services) == 0
    clock.advance(hours=2)
    assert await stale_drafts.scan(app.services) == 1
    [_, second] = await reminders(app, inboxes, "touched")
    assert "还差：姓名、联系方式、证据材料" in second


async def test_a_finished_draft_is_reminded_to_confirm(app: App, clock: FakeClock) -> None:
    inboxes = Inboxes()
    customer = Person(app, "ready")
    await customer.say(f"{STORY}，要求退款。我叫孙丽，电话13700001111")
    assert "请核对" in await customer.say("暂无")
    clock.advance(days=1, minutes=1)
    assert await stale_drafts.scan(app.services) == 1
    [text] = await reminders(app, inboxes, "ready")
    assert "只差确认提交" in text and "确认" in text
    assert "投诉受理确认函" in await customer.say("确认")


async def test_a_week_untouched_expires_with_its_files(app: App, clock: FakeClock) -> None:
    customer = Person(app, "gone")
    await customer.say(STORY)
    await customer.say("", photo(app.services.data_dir))
    async with app.db.transaction() as session:
        [evidence] = (await session.execute(select(Evidence))).scalars().all()
    file = app.services.data_dir / (evidence.path or "")
    assert file.is_file()
    clock.advance(days=1, hours=1)
    assert await stale_drafts.scan(app.services) == 1  # the reminder
    clock.advance(days=6)
    assert await stale_drafts.scan(app.services) == 1  # seven days untouched: expired
    assert (await conversation(app, "gone")).state == "draft_expired"
    assert not file.exists()
    async with app.db.transaction() as session:
        assert (await session.execute(select(Evidence))).scalars().all() == []
    assert await stale_drafts.scan(app.services) == 0

    # Back after the week: the notice first, then the message starts a fresh complaint.
    customer.heard.clear()
    await customer.say("楼下超市卖的面包发霉了，昨天买的")
    notice, question = customer.heard
    assert "超过 7 天" in notice.text and "已自动清除" in notice.text
    assert "在哪里" in question.text or "怎么处理" in question.text
    assert "台灯" not in question.text
    await customer.say("取消")
    assert await tickets(app) == []


async def test_a_greeting_after_expiry_hears_the_notice_once(app: App, clock: FakeClock) -> None:
    customer = Person(app, "hello")
    await customer.say(STORY)
    clock.advance(days=8)
    assert await stale_drafts.scan(app.services) == 1
    answer = await customer.say("你好")
    assert "已自动清除" in answer and "投诉受理助手" in answer
    assert "已自动清除" not in await customer.say("你好")
    assert (await conversation(app, "hello")).state == "idle"


async def test_people_not_filling_a_complaint_are_left_alone(app: App, clock: FakeClock) -> None:
    await Person(app, "idle").say("你好")
    await Person(app, "cancelled").say(STORY)
    await Person(app, "cancelled").say("取消")
    clock.advance(days=30)
    assert await stale_drafts.scan(app.services) == 1  # the cancelled draft erased, no more
    async with app.db.transaction() as session:
        assert (await session.execute(select(OutboxMessage))).scalars().all() == []


async def test_a_cancelled_draft_is_erased_once_it_can_no_longer_be_restored(
    app: App, clock: FakeClock
) -> None:
    """取消 keeps the draft RESTORE_MINUTES for "还是投诉吧"; then the scan erases it, so what
    the customer cancelled (their name and phone among it) is not kept longer."""
    person = Person(app, "changed-mind")
    await person.say(f"我叫王芳 手机13812345678 {STORY}")
    await person.say("取消")
    clock.advance(minutes=20)
    assert await stale_drafts.scan(app.services) == 0  # still restorable
    assert (await conversation(app, "changed-mind")).state == "draft_cancelled"
    clock.advance(minutes=11)
    assert await stale_drafts.scan(app.services) == 1
    kept = await conversation(app, "changed-mind")
    assert kept.state == "idle"
    assert app.services.vault.open_json(kept.data_enc, default={}) == {}
    replies = await person.say("还是投诉吧")
    assert "已恢复" not in replies


async def test_the_scan_is_a_scheduled_job(app: App, clock: FakeClock) -> None:
    [job] = [job for job in PERIODIC if job.name == "stale_drafts"]
    await Person(app, "job").say(STORY)
    clock.advance(days=1, seconds=1)
    # On PostgreSQL this takes the job's advisory lock, as the scheduler does.
    assert await run_exclusively(app.services, job)
    assert (await conversation(app, "job")).reminded_at is not None


async def test_the_policy_sets_both_times(tmp_path: Path, clock: FakeClock) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[drafts]\nremind_after_hours = 2\nexpire_after_days = 1\n")
    async with make_app("sqlite", tmp_path / "data", clock, POLICY_FILE=str(policy)) as app:
        await Person(app, "fast").say(STORY)
        clock.advance(hours=2, minutes=1)
        assert await stale_drafts.scan(app.services) == 1
        clock.advance(hours=22)
        assert await stale_drafts.scan(app.services) == 1
        assert (await conversation(app, "fast")).state == "draft_expired"


def test_expiry_must_come_after_the_reminder(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[drafts]\nremind_after_hours = 48\nexpire_after_days = 1\n")
    with pytest.raises(PolicyError, match=r"drafts\.expire_after_days"):
        load_policy(policy)
    assert load_policy().drafts.remind_after_hours == 24
    assert load_policy().drafts.expire_after_days == 7
