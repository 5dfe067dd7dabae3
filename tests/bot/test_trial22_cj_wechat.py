"""Trial 22 (helper cj): a WeChat message is a retry only when it is the same message.

A local stand-in numbered its MsgIds itself: a "1" sent a second after the summary carried
the MsgId of the message the summary answered and got the summary again, and a "1" with a
low MsgId got the stored answer of an older message ("请回复选项前的数字"). WeChat's retries
repeat the whole message (sender, CreateTime, content): only those are answered from the
first attempt (docs/platforms.md, deduplication)."""

from __future__ import annotations

from pathlib import Path

from tests.bot.wechat_support import WeChatUser, wechat_env
from tests.support import FakeClock, tickets

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)


async def test_cj_a_confirmation_with_the_summarys_msgid_files(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        user = WeChatUser(env, "o-cj-same-id")
        await user.send("text", Content=RICH, MsgId=101)
        summary = await user.send("text", Content="暂无", MsgId=102)
        assert summary.content and "请核对" in summary.content
        clock.advance(seconds=1)
        filed = await user.send("text", Content="1", MsgId=102)
        assert filed.content and "投诉受理确认函" in filed.content, filed.content
        assert len(await tickets(env.app)) == 1


async def test_cj_a_low_msgid_used_before_is_no_retry_of_the_old_message(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        earlier = WeChatUser(env, "o-cj-earlier")
        old = await earlier.send("text", Content="你好", MsgId=3)
        assert old.content
        user = WeChatUser(env, "o-cj-low-id")
        await user.send("text", Content=RICH, MsgId=7_100_000_000_000_000_001)
        await user.send("text", Content="暂无", MsgId=7_100_000_000_000_000_002)
        filed = await user.send("text", Content="1", MsgId=3)
        assert filed.content and "投诉受理确认函" in filed.content, filed.content
        assert old.content not in filed.content


async def test_cj_guard_a_true_retry_is_answered_once(tmp_path: Path, clock: FakeClock) -> None:
    async with wechat_env(tmp_path, clock) as env:
        user = WeChatUser(env, "o-cj-retry")
        first = await user.send("text", Content=RICH, MsgId=201, CreateTime=1_790_000_000)
        again = await user.send("text", Content=RICH, MsgId=201, CreateTime=1_790_000_000)
        assert first.content and again.content == first.content
        summary = await user.send("text", Content="暂无", MsgId=202)
        assert summary.content and "请核对" in summary.content
        await user.send("text", Content="1", MsgId=203, CreateTime=1_790_000_100)
        await user.send("text", Content="1", MsgId=203, CreateTime=1_790_000_100)
        assert len(await tickets(env.app)) == 1
