"""Newcomer trial 14 (helper U): a long account clipped in the summary, the agent's history
with its first event, a returning customer's greeting, a contact explanation said once."""

from __future__ import annotations

from bot.app import App
from handlers.agent_views import HISTORY_LIMIT
from storage.queries import tickets as tickets_q
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_lifecycle import RICH, file_complaint
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


async def test_show_keeps_the_filing_and_says_how_many_events_it_leaves_out(app: App) -> None:
    await add_agent(app, "s1", "李主管", role="supervisor")
    customer = Person(app, "c1")
    await file_complaint(customer, RICH)
    [ticket] = await tickets(app)
    supervisor = Person(app, "s1")
    await supervisor.say(f"/take {ticket.number}")
    for step in range(15):  # a long back-and-forth: more events than /show lists
        await supervisor.say(f"/note {ticket.number} 第{step + 1}次跟进")
    shown = await supervisor.say(f"/show {ticket.number}")
    trail = shown[shown.index("处理记录：") :].split("排队待送达")[0]  # not the pushes after it
    assert "客户 提交投诉" in trail  # the filing stays
    assert "第15次跟进" in trail  # and the newest
    lines = trail.splitlines()
    listed = [line for line in lines[1:] if line[:2].isdigit()]
    assert len(listed) == HISTORY_LIMIT
    omitted = next(line for line in lines if "省略" in line)
    async with app.db.transaction() as session:
        _, total = await tickets_q.history_events(session, ticket.id or 0, HISTORY_LIMIT)
    assert f"省略 {total - HISTORY_LIMIT} 条" in omitted
    assert lines.index(omitted) == 2  # right after the filing


async def test_a_short_history_is_shown_whole_without_an_omission_line(app: App) -> None:
    await add_agent(app, "s1", "李主管", role="supervisor")
    await file_complaint(Person(app, "c1"), RICH)
    [ticket] = await tickets(app)
    shown = await Person(app, "s1").say(f"/show {ticket.number}")
    assert "客户 提交投诉" in shown and "省略" not in shown
