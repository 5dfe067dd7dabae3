"""End to end over WeChat: signed requests to the real HTTP server, the fake WeChat API."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.outbox import Dispatcher
from handlers import survey
from storage.models import Evidence, OutboxMessage
from tests.bot.wechat_support import WeChatUser, wechat_env
from tests.handlers.lifecycle_support import add_agent
from tests.support import BACKENDS, FakeClock, tickets

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)
JPEG = b"\xff\xd8\xff\xe0" + b"broken-aircon" * 200


@pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])
async def test_a_customer_files_a_complaint_with_an_image(
    tmp_path: Path, clock: FakeClock, safe: bool
) -> None:
    async with wechat_env(tmp_path, clock, safe=safe) as env:
        env.fake.media["MEDIA-AIRCON"] = (JPEG, "image/jpeg")
        customer = WeChatUser(env, "o-wangfang")
        welcome = await customer.send("event_subscribe")
        assert welcome.content and "投诉受理助手" in welcome.content
        menu = await customer.send("event_click", EventKey="COMPLAIN")  # menu: 我要投诉
        assert menu.content and "发生了什么" in menu.content
        answer = await customer.say(RICH)
        assert "证据" in answer or "截图" in answer
        photo = await customer.send("image", MediaId="MEDIA-AIRCON")
        assert photo.content and "请核对" in photo.content and "朝阳门店" in photo.content
        assert "1. 确认提交" in photo.content  # choices as numbered lines
        answer = await customer.say("1")
        assert "投诉受理确认函" in answer

        [ticket] = await tickets(env.app)
        assert ticket.channel == "wechat" and ticket.user_id == "o-wangfang"
        assert ticket.number in answer
        async with env.app.db.transaction() as session:
            [item] = (await session.execute(select(Evidence))).scalars().all()
        assert item.ticket_id == ticket.id and item.kind == "photo"
        assert item.path and (env.app.services.data_dir / item.path).read_bytes() == JPEG
        assert env.fake.token_fetches == 1


@pytest.mark.parametrize(
    ("safe", "backend"),
    [
        (False, "sqlite"),
        (True, "sqlite"),
        *([(True, "postgresql")] if "postgresql" in BACKENDS else []),
    ],
)
async def test_an_agent_on_wechat_takes_replies_resolves_and_the_survey_closes_it(
    tmp_path: Path, clock: FakeClock, safe: bool, backend: str
) -> None:
    async with wechat_env(tmp_path, clock, safe=safe, backend=backend) as env:
        env.fake.media["MEDIA-AIRCON"] = (JPEG, "image/jpeg")
        await add_agent(env.app, "o-agent-zhang", "张三", channel="wechat")
        dispatcher = Dispatcher(env.app.services, {"wechat": env.channel})
        customer, agent = WeChatUser(env, "o-customer"), WeChatUser(env, "o-agent-zhang")
        await customer.say(RICH)
        await customer.send("image", MediaId="MEDIA-AIRCON")
        assert "投诉受理确认函" in await customer.say("1")
        [ticket] = await tickets(env.app)
        number = ticket.number

        assert number in await agent.say("/queue")  # the agent's commands work on WeChat
        assert "已接单" in await agent.say(f"/take {number}")
        assert number in await agent.say(f"/reply {number} 您好，我们已联系门店，明天上门检修")
        assert "已解决" in await agent.say(f"/resolve {number} 已全额退款")
        await dispatcher.run_once()
        clock.advance(minutes=61)
        assert await survey.send_surveys(env.app.services) == 1
        await dispatcher.run_once()

        pushes = "\n".join(customer.pushes())
        expected = ["由客服 张三 负责", "明天上门检修", "处理结果：已全额退款", "满意吗"]
        positions = [pushes.find(words) for words in expected]
        assert -1 not in positions and positions == sorted(positions), pushes
        assert "5. " in pushes  # the survey's choices as numbered lines
        assert len(env.fake.sent) <= 5  # within the customer's budget

        assert "已关闭" in await customer.say("5")
        await customer.say("服务很好")
        [ticket] = await tickets(env.app)
        assert ticket.status == "closed" and ticket.survey_score == 5
        async with env.app.db.transaction() as session:
            statuses = (await session.execute(select(OutboxMessage.status))).scalars().all()
        assert set(statuses) <= {"sent"}, statuses
