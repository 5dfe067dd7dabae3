"""Newcomer trial 16, the agents' side: an alias glued to a short number runs in a private
chat, a reopened ticket's handler hears of it, a bare low score asks for the reason, and a
card that waited for its agent says where its ticket stands now.

Real parts: tickets filed through the conversation, the agents' own chat, the outbox
delivered to a recording channel, both backends through the `app` fixture.
"""

from __future__ import annotations

from dataclasses import replace

from bot.app import App
from handlers.lifecycle import AGENT_TEXTS
from storage.models import Ticket
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.test_search import RICH, file
from tests.support import Person, tickets


def _survey_at_once(app: App) -> None:
    policy = app.services.policy
    survey = replace(policy.survey, delay_minutes=0)
    app.services = replace(app.services, policy=replace(policy, survey=survey))


async def _resolved(app: App, agent: str = "a2") -> tuple[Ticket, Person, Inboxes]:
    """A ticket taken by agent 李四 (a2) and resolved, its survey sent; supervisor 张三 (a1)."""
    _survey_at_once(app)
    await add_agent(app, "a1", "张三", role="supervisor")
    await add_agent(app, "a2", "李四")
    ticket = await file(app, "wang", RICH)
    await Person(app, agent).say(f"/take {ticket.number}")
    await Person(app, agent).say(f"/resolve {ticket.number} 已退款")
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    inboxes.sent.clear()
    return ticket, Person(app, "wang"), inboxes


async def test_an_alias_glued_to_a_short_number_runs_in_a_private_chat(app: App) -> None:
    await add_agent(app, "a2", "李四")
    ticket = await file(app, "wang", RICH)
    sequence = str(int(ticket.number[-3:]))
    agent = Person(app, "a2")
    # The confirmation names the object too since newcomer trial 17.
    named = AGENT_TEXTS("agent.ticket_named", number=ticket.number, subject="空调")
    assert await agent.say(f"接单{sequence}") == AGENT_TEXTS("agent.taken", number=named)
    answer = await agent.say(f"方案{sequence} 退还货款并补偿50元")
    assert "方案已排队发送给客户" in answer, answer
    answer = await agent.say(f"方案{sequence}，再加一张优惠券")  # a comma after the number
    assert "方案已排队发送给客户" in answer, answer
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    heard = "\n".join(inboxes.of("wang"))
    assert "退还货款并补偿50元" in heard and "再加一张优惠券" in heard, heard
    # Digits glued to words stay no command.
    assert await agent.say("回复2楼的问题") == AGENT_TEXTS("agent.unknown")


def test_an_alias_glued_to_a_short_number_reads_apart() -> None:
    from handlers.agents import glued_short_number

    assert glued_short_number("接单5") == "接单 5"
    assert glued_short_number("方案5，退还299元") == "方案 5，退还299元"
    assert glued_short_number("回复2楼") is None
    assert glued_short_number("方案5号客户") is None


async def test_the_handler_hears_that_a_low_score_reopened_the_ticket(app: App) -> None:
    ticket, customer, inboxes = await _resolved(app)
    answer = await customer.say("1")
    assert "已重新打开" in answer, answer
    await deliver_all(app, inboxes)
    handler = "\n".join(inboxes.of("a2"))
    assert f"🔁 {ticket.number} 回访评分 1" in handler, handler
    assert any(ticket.number in text for text in inboxes.of("a1"))  # the supervisor too


async def test_a_bare_low_score_asks_for_the_reason_and_passes_it_on(app: App) -> None:
    ticket, customer, inboxes = await _resolved(app)
    answer = await customer.say("2")
    assert "请用一句话告诉我们哪里不满意" in answer, answer
    # "still broken" is the reason here, not a new complaint: the ticket is worked again.
    answer = await customer.say("热水还是坏的，也没人跟我道歉")
    assert "已转给工单" in answer, answer
    await deliver_all(app, inboxes)
    reason = f"🔁 {ticket.number} 客户说明不满意的原因：热水还是坏的，也没人跟我道歉"
    assert reason in inboxes.of("a2") and reason in inboxes.of("a1")
    [after] = [t for t in await tickets(app) if t.number == ticket.number]
    assert after.status == "reopened" and after.survey_comment_enc is not None
    assert len(await tickets(app)) == 1  # no new complaint was started


async def test_a_low_score_with_its_reason_is_not_asked_again(app: App) -> None:
    _, customer, inboxes = await _resolved(app)
    answer = await customer.say("1 太差了")
    assert "已重新打开" in answer and "一句话" not in answer, answer
    await deliver_all(app, inboxes)
    assert any("太差了" in text for text in inboxes.of("a2"))


async def test_a_card_that_waited_shows_the_tickets_current_status(app: App) -> None:
    await add_agent(app, "a1", "张三", role="supervisor")
    await add_agent(app, "a2", "李四")
    ticket = await file(app, "wang", RICH)  # a card queued to each agent
    await Person(app, "a1").say(f"/take {ticket.number}")
    inboxes = Inboxes()
    await deliver_all(app, inboxes)  # 李四 was away: his card goes out now
    cards = [m for m in inboxes.sent if m.user_id == "a2" and m.ticket_number == ticket.number]
    assert cards and all("🆕" not in m.text and not m.choices for m in cards), cards
    assert "张三" in cards[0].text and "已受理" in cards[0].text, cards[0].text


async def test_a_card_for_an_unassigned_ticket_still_offers_the_take(app: App) -> None:
    await add_agent(app, "a2", "李四")
    ticket = await file(app, "wang", RICH)
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    [card] = [m for m in inboxes.sent if m.user_id == "a2" and m.kind == "card"]
    assert "🆕" in card.text and card.choices and ticket.number in card.text
