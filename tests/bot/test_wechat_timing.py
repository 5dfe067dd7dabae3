"""WeChat's five seconds: passive answer when ready, else "success" and a customer-service
message; retries of one message (also concurrent) are processed once, and get the same
passive reply or, once it was deferred, "success"."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from handlers.messages import Inbound, Outbound
from handlers.router import handle as router_handle
from handlers.services import Services
from storage.models import InboundMessage
from tests.bot.wechat_support import WeChatEnv, WeChatUser, sample, wechat_env
from tests.support import BACKENDS, FakeClock, tickets

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)


def slow(delay: float):  # type: ignore[no-untyped-def]
    """The real router behind an injected delay: a handler that misses the deadline."""

    async def handle(services: Services, inbound: Inbound, **how: Any) -> list[Outbound]:
        await asyncio.sleep(delay)
        return await router_handle(services, inbound, **how)

    return handle


async def count_inbound(env: WeChatEnv) -> int:
    async with env.app.db.transaction() as session:
        return int(
            (await session.execute(select(func.count()).select_from(InboundMessage))).scalar_one()
        )


async def test_a_ready_answer_is_the_passive_reply_well_under_a_second(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        user = WeChatUser(env, "o-fast")
        await user.say("你好")  # warm-up
        started = time.perf_counter()
        answer = await user.say("外卖送晚了一个小时，饭都凉了")
        assert time.perf_counter() - started < 1.0
        assert "哪个商品" in answer or "什么时候" in answer or "在哪里" in answer
        assert env.fake.sent == []  # nothing went out as a customer-service message


@pytest.mark.parametrize("backend", BACKENDS)
async def test_concurrent_retries_make_one_ticket_and_the_same_answer(
    tmp_path: Path, clock: FakeClock, backend: str
) -> None:
    async with wechat_env(tmp_path, clock, backend=backend) as env:
        user = WeChatUser(env, "o-retry")
        await user.say(RICH)
        assert "请核对" in await user.say("暂无")
        xml = sample(
            "text",
            ToUserName="gh_test_account",
            FromUserName="o-retry",
            Content="1",
            MsgId=6_000_000_000_000_000_001,
            CreateTime=int(clock().timestamp()),
        )
        replies = await asyncio.gather(*(env.post(xml) for _ in range(3)))
        later = await env.post(xml)  # and a fourth, after the others were answered
        # Each attempt gets the same passive reply: WeChat retries only when the answer to
        # the earlier attempt did not reach it, and shows the one that does (newcomer trial 15).
        answers = {r.content for r in [*replies, later]}
        assert len(answers) == 1 and "投诉受理确认函" in (answers.pop() or "")
        assert len(await tickets(env.app)) == 1
        assert await count_inbound(env) == 3
        await env.channel.idle()
        assert env.fake.sent == []  # the answer was not sent a second time


async def test_a_slow_answer_says_success_in_time_then_arrives_as_customer_service(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock, handle=slow(0.8), deadline=0.2) as env:
        user = WeChatUser(env, "o-slow")
        started = time.perf_counter()
        first = await user.send("text", Content="你好", MsgId=5_000_000_000_000_000_001)
        assert first.success and time.perf_counter() - started < 0.6
        # WeChat's retries of the same message while it is still being handled:
        retries = await asyncio.gather(
            *(user.send("text", Content="你好", MsgId=5_000_000_000_000_000_001) for _ in range(2))
        )
        assert all(r.success for r in retries)
        await env.channel.idle()
        assert len(env.fake.sent) == 1
        [message] = env.fake.sent
        assert message["touser"] == "o-slow" and message["msgtype"] == "text"
        assert "投诉受理助手" in message["text"]["content"]
        assert await count_inbound(env) == 1
        # a retry after the answer went out: still nothing more
        assert (await user.send("text", Content="你好", MsgId=5_000_000_000_000_000_001)).success
        await env.channel.idle()
        assert len(env.fake.sent) == 1


async def test_safe_mode_slow_answer_also_goes_out_later(tmp_path: Path, clock: FakeClock) -> None:
    async with wechat_env(tmp_path, clock, safe=True, handle=slow(0.5), deadline=0.1) as env:
        user = WeChatUser(env, "o-slow-safe")
        assert (await user.send("text", Content="你好")).success
        await env.channel.idle()
        assert "投诉受理助手" in env.fake.texts_to("o-slow-safe")[0]
