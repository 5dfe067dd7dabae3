"""Cards bundled into one WeChat message are sent as they stand now (newcomer trial 20).

The dispatcher turns a waiting card into its current form (handlers/delivery.py:current_card)
when the card leads; on WeChat the user's other waiting rows are merged into that message
(bot/channels/wechat/delivery.py:_absorb_waiting), and a card merged that way used to go out
as it was written: "🆕 新工单 … 接单" for a ticket already taken, and the agent's own ticket."""

from __future__ import annotations

from pathlib import Path

from bot.outbox import Dispatcher
from handlers.messages import Choice, Outbound
from tests.bot.test_wechat_pushes import add_row, rows
from tests.bot.wechat_support import WeChatUser, wechat_env
from tests.handlers.lifecycle_support import add_agent
from tests.support import FakeClock, tickets

OPENINGS = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款",
    "我叫李雷，手机13912345678。昨天在你们西单店买的电饭煲，插电就跳闸，"
    "订单号2024050100456，要求换货",
)


def card(openid: str, number: str) -> Outbound:
    return Outbound(
        "wechat",
        openid,
        f"🆕 新工单 {number}\n回复 /take {number} 接单",
        kind="card",
        ticket_number=number,
        choices=(Choice(f"/take {number}", "接单"),),
    )


async def test_merged_cards_are_current_and_none_about_the_agents_own_ticket(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        await add_agent(env.app, "o-zhang", "张三", channel="wechat")
        await add_agent(env.app, "o-li", "李四", channel="wechat")
        for index, opening in enumerate(OPENINGS):
            customer = WeChatUser(env, f"o-customer-{index}")
            await customer.say(opening)
            await customer.say("暂无")
            answer = await customer.say("1")
            assert "投诉受理确认函" in answer, answer
        own, others = sorted(ticket.number for ticket in await tickets(env.app))
        zhang, li = WeChatUser(env, "o-zhang"), WeChatUser(env, "o-li")
        assert "已接单" in await zhang.say(f"/take {own}")
        assert "已接单" in await li.say(f"/take {others}")
        dispatcher = Dispatcher(env.app.services, {"wechat": env.channel})
        await dispatcher.run_once()  # what the filings and takes queued
        sent_before = len(zhang.pushes())
        done_before = len(await rows(env))

        await add_row(
            env, Outbound("wechat", "o-zhang", "提醒：今天有 2 张工单到期", kind="progress")
        )
        await add_row(env, card("o-zhang", own))
        await add_row(env, card("o-zhang", others))
        await dispatcher.run_once()

        [merged] = zhang.pushes()[sent_before:]
        assert merged.startswith("提醒：今天有 2 张工单到期")
        assert own not in merged  # their own ticket: no card at all
        assert f"工单 {others} 已由 李四 负责" in merged and "接单" not in merged.replace(
            "无需接单", ""
        )
        assert {row.status for row in (await rows(env))[done_before:]} == {"sent"}
