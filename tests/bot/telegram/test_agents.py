"""A ticket's whole life on Telegram: the customer in a private chat, agents in their group.

The real PTB Application against the fake Bot API server, the real outbox dispatcher
delivering pushes through the channel, polling and webhook (issue 5, "Done means").
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import App
from bot.outbox import Dispatcher
from handlers import survey
from tests.bot.fake_telegram import FakeTelegram, Json, User
from tests.bot.telegram_harness import (
    AGENT_GROUP,
    JPEG,
    answer,
    file_a_complaint,
    keys,
    running,
)
from tests.handlers.lifecycle_support import add_agent
from tests.support import FakeClock, tickets


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_card_take_reply_to_card_resolve_survey_five_closed(
    app: App, fake: FakeTelegram, clock: FakeClock, mode: Any
) -> None:
    zhang = User(2001, "张三")
    await add_agent(app, str(zhang.id), "张三", channel="telegram")
    wang = User(1001, "王芳")
    group = AGENT_GROUP.id
    async with running(app, fake, mode) as harness:
        dispatcher = Dispatcher(app.services, {"telegram": harness.channel})

        async def pushes() -> None:
            await dispatcher.run_once()

        await file_a_complaint(fake, wang)
        [ticket] = await tickets(app)
        number = ticket.number
        await pushes()
        card: Json = await answer(fake, group, number)
        assert keys(card) == [f"take:{number}", f"show:{number}"]

        seen = len(fake.sent_to(wang.id))
        await fake.press(zhang, card, f"take:{number}")
        await answer(fake, group, "已接单")
        await pushes()
        await answer(fake, wang.id, "张三", after=seen)

        await fake.press(zhang, card, f"show:{number}")
        shown = await fake.wait_for(
            lambda: [c for c in fake.called("sendPhoto") if int(c.params["chat_id"]) == group]
        )
        assert shown[0].params["photo"] == JPEG  # the customer's evidence, as sent

        seen = len(fake.sent_to(wang.id))
        await fake.send_text(
            zhang, "您好，已联系仓库，明天为您换新机", group=AGENT_GROUP, reply_to=card
        )
        await answer(fake, group, "已排队发送给客户")
        await pushes()
        await answer(fake, wang.id, "明天为您换新机", after=seen)

        await fake.send_text(
            zhang, f"/resolve@complaint_test_bot {number} 已为客户换新", group=AGENT_GROUP
        )
        await answer(fake, group, "已解决")
        await pushes()
        await answer(fake, wang.id, "已为客户换新")

        clock.advance(minutes=61)
        assert await survey.send_surveys(app.services) == 1
        await pushes()
        asked = await answer(fake, wang.id, "满意吗")
        assert f"score:{number}:5" in keys(asked)
        await fake.press(wang, asked, f"score:{number}:5")
        await answer(fake, wang.id, "已关闭")

    [ticket] = await tickets(app)
    assert ticket.status == "closed" and ticket.survey_score == 5
    assert ticket.assignee_id is not None
    # Cards keep their buttons in the group; the customer's used survey keyboard is removed.
    assert keys(fake.messages[(group, card["message_id"])]) == keys(card)
    assert keys(fake.messages[(wang.id, asked["message_id"])]) == []
