"""Agents' groups with topics, and groups that become supergroups (issue 10 item 5)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.app import App
from bot.outbox import Dispatcher
from storage.models import SharedValue
from tests.bot.fake_telegram import FakeTelegram, User
from tests.bot.telegram_harness import AGENT_GROUP, answer, file_a_complaint, running
from tests.handlers.lifecycle_support import add_agent
from tests.support import tickets

NEW_GROUP = -1009876543210


async def test_answers_go_to_the_topic_the_agent_wrote_in(app: App, fake: FakeTelegram) -> None:
    zhang = User(2001, "张三")
    await add_agent(app, str(zhang.id), "张三", channel="telegram")
    async with running(app, fake):
        await fake.send_text(zhang, "/queue", group=AGENT_GROUP, thread=7)
        in_topic = await answer(fake, AGENT_GROUP.id, "没有")
        assert in_topic.get("message_thread_id") == 7
        seen = len(fake.sent_to(AGENT_GROUP.id))
        await fake.send_text(zhang, "/queue", group=AGENT_GROUP)  # General: no topic
        in_general = await answer(fake, AGENT_GROUP.id, "没有", after=seen)
        assert "message_thread_id" not in in_general


async def test_a_reply_to_a_card_in_a_topic_is_confirmed_there(
    app: App, fake: FakeTelegram
) -> None:
    zhang, wang = User(2001, "张三"), User(1001, "王芳")
    await add_agent(app, str(zhang.id), "张三", channel="telegram")
    async with running(app, fake) as harness:
        await file_a_complaint(fake, wang)
        await Dispatcher(app.services, {"telegram": harness.channel}).run_once()
        [ticket] = await tickets(app)
        card = await answer(fake, AGENT_GROUP.id, ticket.number)
        await fake.send_text(zhang, "您好，已安排换新", group=AGENT_GROUP, reply_to=card, thread=12)
        confirmed = await answer(fake, AGENT_GROUP.id, "已排队发送给客户")
        assert confirmed.get("message_thread_id") == 12


async def test_the_agents_group_upgraded_to_a_supergroup_is_followed(
    app: App, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    zhang, wang = User(2001, "张三"), User(1001, "王芳")
    await add_agent(app, str(zhang.id), "张三", channel="telegram")
    async with running(app, fake) as harness:
        pushes = Dispatcher(app.services, {"telegram": harness.channel})
        with caplog.at_level(logging.WARNING):
            await fake.migrate_group(zhang, AGENT_GROUP, NEW_GROUP)
            await fake.wait_for(lambda: harness.channel.agent_chat_id == NEW_GROUP)
        await pushes.run_once()
        told = await answer(fake, NEW_GROUP, "超级群组")  # the operator, in the new group
        assert f"TELEGRAM_AGENT_CHAT_ID 改为 {NEW_GROUP}" in told["text"]
        assert len([t for t in fake.texts_to(NEW_GROUP) if "超级群组" in t]) == 1  # once
        assert any(f"TELEGRAM_AGENT_CHAT_ID={NEW_GROUP}" in r.getMessage() for r in caplog.records)

        # A new ticket's card is addressed to the configured (old) group: it arrives in the new.
        await file_a_complaint(fake, wang)
        await pushes.run_once()
        [ticket] = await tickets(app)
        await answer(fake, NEW_GROUP, ticket.number)
        # Agents' commands in the new group are served.
        new_group = type(AGENT_GROUP)(NEW_GROUP, AGENT_GROUP.title)
        await fake.send_text(zhang, f"/take {ticket.number}", group=new_group)
        await answer(fake, NEW_GROUP, "已接单")
    async with app.db.transaction() as session:
        stored = (
            await session.execute(
                select(SharedValue.value_enc).where(
                    SharedValue.key == f"telegram:moved:{AGENT_GROUP.id}"
                )
            )
        ).scalar_one()
    assert stored == str(NEW_GROUP)
    async with running(app, fake) as restarted:  # the next start (or another worker)
        assert restarted.channel.agent_chat_id == NEW_GROUP


async def test_a_send_refused_with_migrate_to_chat_id_follows_the_group(
    app: App, fake: FakeTelegram
) -> None:
    """A worker that never saw the service messages learns the move from the send error."""
    wang = User(1001, "王芳")
    fake.migrated[AGENT_GROUP.id] = NEW_GROUP
    async with running(app, fake) as harness:
        await file_a_complaint(fake, wang)
        pushes = Dispatcher(app.services, {"telegram": harness.channel})
        await pushes.run_once()
        await pushes.run_once()  # the operator's notice, queued by the first pass
        [ticket] = await tickets(app)
        await answer(fake, NEW_GROUP, ticket.number)
        await answer(fake, NEW_GROUP, "超级群组")
        assert harness.channel.agent_chat_id == NEW_GROUP
