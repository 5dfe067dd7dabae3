"""Newcomer trial 14 (helper U): a long account clipped in the summary, the agent's history
with its first event, a returning customer's greeting, a contact explanation said once."""

from __future__ import annotations

from bot.app import App
from tests.support import Person, tickets

RANT = "我真的气死了 " * 400  # 2,800 characters: what a customer pasted (newcomer trial 14)


async def test_a_long_account_is_clipped_in_the_summary_and_kept_whole_on_the_ticket(
    app: App,
) -> None:
    customer = Person(app, "rant")
    await customer.say(RANT)
    await customer.say("肯德基 西直门店 今天中午 汉堡里有头发")
    await customer.say("退款 道歉")
    await customer.say("老周 13300001111")
    summary = await customer.say("暂无")
    assert "请核对" in summary
    assert summary.count("我真的气死了") < 30  # the opening only, not 400 times
    assert "字，已完整记录）" in summary
    await customer.say("1")
    (ticket,) = await tickets(app)
    account = app.services.vault.open(ticket.account_enc) or ""
    assert account.count("我真的气死了") > 30  # the ticket keeps it all


async def test_a_short_account_is_shown_whole(app: App) -> None:
    customer = Person(app, "short")
    await customer.say("昨天在你们天河店买的耳机坏了，我要退款，我叫王芳，手机13812345678")
    summary = await customer.say("暂无")
    assert "经过：昨天在你们天河店买的耳机坏了，我要退款，我叫王芳，手机13812345678\n" in summary
    assert "已完整记录" not in summary
