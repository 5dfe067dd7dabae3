"""Newcomer trial 15 (helper Z): WeChat's retry of a message answered passively.

WeChat retries a message only when no answer reached it within 5 seconds; the passive reply
given to the earlier attempt was lost, so the retry gets the same reply again (it was
"success", and the customer never saw the answer). The rest of a long reply is pushed once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handlers.messages import Inbound, Outbound
from handlers.services import Services
from tests.bot.wechat_support import sample, wechat_env
from tests.support import FakeClock, tickets

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)


def _xml(openid: str, text: str, msg_id: int, clock: FakeClock) -> str:
    return sample(
        "text",
        ToUserName="gh_test_account",
        FromUserName=openid,
        Content=text,
        MsgId=msg_id,
        CreateTime=int(clock().timestamp()),
    )


async def test_a_retry_gets_the_passive_reply_again_and_nothing_is_done_twice(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        await env.post(_xml("o-lost", RICH, 7_000_000_000_000_000_001, clock))
        await env.post(_xml("o-lost", "暂无", 7_000_000_000_000_000_002, clock))
        xml = _xml("o-lost", "1", 7_000_000_000_000_000_003, clock)
        first = await env.post(xml)
        assert first.content and "投诉受理确认函" in first.content
        # The first reply never reached WeChat: its retry (same MsgId) gets it again.
        retry = await env.post(xml)
        assert retry.content == first.content
        # A retry reaching a worker that no longer holds the message in hand (another
        # worker, or after FLIGHT_MEMORY): the router's stored reply, the same again.
        env.channel._flights.clear()
        later = await env.post(xml)
        assert later.content == first.content
        assert len(await tickets(env.app)) == 1  # processed once
        await env.channel.idle()
        assert env.fake.sent == []  # and never pushed besides


LONG = "\n".join(f"第{n}行：一段很长的说明文字，超过被动回复的两千字节。" for n in range(60))


async def long_answer(services: Services, inbound: Inbound, **how: Any) -> list[Outbound]:
    """A handler whose answer is longer than one passive reply holds."""
    return [Outbound(inbound.channel, inbound.reply_target, LONG)]


async def test_the_rest_of_a_long_passive_reply_is_pushed_once_whatever_the_retries(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock, handle=long_answer) as env:
        xml = _xml("o-long", "帮助", 7_000_000_000_000_000_010, clock)
        first = await env.post(xml)
        retry = await env.post(xml)
        assert first.content and retry.content == first.content
        assert "第0行" in first.content and "第59行" not in first.content
        await env.channel.idle()
        rest = "\n".join(env.fake.texts_to("o-long"))  # perhaps in several pieces
        assert rest.count("第59行") == 1 and rest.count("第40行") == 1
