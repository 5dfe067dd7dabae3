"""Newcomer trial 20 (helper z), the agents' commands with many tickets: several numbers
after a command (each acted on, or refused as one ticket only), numbers listed with commas
before an agent's name, a command glued to its number or typed without its slash, a
malformed number quoted back, and the cards that waited for an agent: none of their own
action, several stale ones in one line.

Real parts: tickets filed through the conversation, the agents' own chat, the outbox
delivered to a recording channel, real SQLite (and PostgreSQL when available) through the
`app` fixture.
"""

from __future__ import annotations

from itertools import count

from bot.app import App
from handlers.lifecycle import AGENT_TEXTS
from handlers.messages import Inbound
from handlers.router import handle
from storage.models import Ticket
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all, file_complaint
from tests.support import Person, tickets

STORIES = (
    "我叫王芳，手机13812345671。昨天在朝阳门店买的空调，收到就坏了，订单号2024042800121，要求退货退款",
    "我叫李强，手机13912345672。上周在望京店买的洗衣机，安装后一直漏水，订单号2024050100772，要求维修",
    "我叫赵敏，手机13712345673。前天在国贸店买的冰箱，门关不严，订单号2024050300773，要求换货",
    "我叫孙丽，手机13612345674。昨天在西单店买的电视，屏幕有坏点，订单号2024050400774，要求退货",
)
_ids = count(1)


async def _desk(app: App, how_many: int = 3) -> list[Ticket]:
    """Supervisor 张三 (a1), agents 李四 (a2) and 王五 (a3), and `how_many` tickets."""
    await add_agent(app, "a1", "张三", role="supervisor")
    await add_agent(app, "a2", "李四")
    await add_agent(app, "a3", "王五")
    return [await file_complaint(app, f"c{i}", STORIES[i]) for i in range(how_many)]


def _seq(ticket: Ticket) -> str:
    return str(int(ticket.number[-3:]))


async def _assignees(app: App) -> dict[str, int | None]:
    return {t.number: t.assignee_id for t in await tickets(app)}


async def _in_group(app: App, user: str, text: str) -> str:
    inbound = Inbound(
        channel="console",
        user_id=user,
        message_id=f"z{next(_ids)}",
        received_at=app.services.now(),
        text=text,
        chat_id="-100123",
    )
    return "\n".join(r.text for r in await handle(app.services, inbound))


# --- 1. several numbers -----------------------------------------------------------------------
async def test_take_with_several_numbers_takes_each(app: App) -> None:
    one, two, _ = await _desk(app)
    answer = await Person(app, "a2").say(f"/take {_seq(one)} {_seq(two)}")
    assert one.number in answer and two.number in answer, answer
    assert answer.count("已接单") == 2, answer
    held = await _assignees(app)
    assert held[one.number] == held[two.number] is not None


async def test_take_says_for_each_number_taken_held_or_not_found(app: App) -> None:
    one, two, _ = await _desk(app)
    await Person(app, "a3").say(f"/take {_seq(two)}")
    answer = await Person(app, "a2").say(f"接单 {_seq(one)}、{_seq(two)}、987")
    lines = answer.splitlines()
    assert len(lines) == 3, answer
    assert "已接单" in lines[0] and one.number in lines[0], answer
    assert two.number in lines[1] and "王五" in lines[1], answer
    assert "987" in lines[2], answer
    held = await _assignees(app)
    assert held[one.number] != held[two.number]


async def test_take_with_commas_and_whole_numbers(app: App) -> None:
    one, two, three = await _desk(app)
    answer = await Person(app, "a2").say(f"/take {one.number},{two.number}，{_seq(three)}")
    assert answer.count("已接单") == 3, answer


async def test_a_one_ticket_command_refuses_a_list_of_numbers(app: App) -> None:
    one, two, _ = await _desk(app)
    agent = Person(app, "a2")
    for text in (
        f"/resolve {_seq(one)},{_seq(two)} 已退款",
        f"/reply {one.number} {two.number} 您好，已安排",
        f"方案 {_seq(one)}、{_seq(two)} 全额退款",
        f"/take {_seq(one)} 6 7",  # take is fine with several: 6 and 7 are simply not found
    ):
        answer = await agent.say(text)
        if text.startswith("/take"):
            assert "已接单" in answer and "6" in answer and "7" in answer, answer
            continue
        assert "只能" in answer and "一张" in answer, (text, answer)
    assert all(t.status == "accepted" for t in await tickets(app))


async def test_guard_a_reply_opening_with_a_number_is_words(app: App) -> None:
    """Unchanged: words that open with a figure are the words, not another ticket."""
    one, _, _ = await _desk(app)
    agent = Person(app, "a2")
    assert "已排队" in await agent.say(f"/reply {_seq(one)} 3天内给您回电")
    assert "已排队" in await agent.say(f"/reply {_seq(one)}，2 个工作日内退款到账")
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    heard = "\n".join(inboxes.of("c0"))
    assert "3天内给您回电" in heard and "2 个工作日内退款到账" in heard, heard


# --- 2. /assign with a list -------------------------------------------------------------------
async def test_assign_reads_a_list_of_numbers_before_the_name(app: App) -> None:
    one, two, three = await _desk(app)
    boss = Person(app, "a1")
    answer = await boss.say(f"/assign {_seq(one)},{_seq(two)} 李四")
    assert "没有找到客服" not in answer and answer.count("李四") == 2, answer
    answer = await boss.say(f"分配 {_seq(three)}、{_seq(one)} 王五")
    assert answer.count("王五") == 2, answer
    held = await _assignees(app)
    assert held[two.number] != held[one.number] == held[three.number]


async def test_guard_assign_one_ticket_by_name_or_user_id(app: App) -> None:
    one, two, _ = await _desk(app)
    boss = Person(app, "a1")
    assert "已将" in await boss.say(f"/assign {_seq(one)} 李四")
    assert "已将" in await boss.say(f"/assign {two.number} a3")
    assert "没有找到客服“赵六”" in await boss.say(f"/assign {_seq(one)} 赵六")


# --- 3. glued and slashless forms -------------------------------------------------------------
async def test_a_slash_command_glued_to_its_number_runs(app: App) -> None:
    one, two, _ = await _desk(app)
    agent = Person(app, "a2")
    assert "已接单" in await agent.say(f"/take{_seq(one)}")
    assert two.number in await agent.say(f"/show{_seq(two)}")
    assert "已排队" in await agent.say(f"/reply{_seq(one)} 您好，已安排上门")


async def test_an_english_command_word_without_its_slash_runs_in_a_private_chat(
    app: App,
) -> None:
    one, two, _ = await _desk(app)
    agent = Person(app, "a2")
    assert "已接单" in await agent.say(f"take {_seq(one)}")
    assert "已排队" in await agent.say(f"reply {_seq(one)} 您好，明天上门")
    assert "已排队" in await agent.say(f"Reply {_seq(one)}，周末也可以")
    assert two.number in await agent.say(f"show {_seq(two)}")


async def test_guard_chatter_stays_chatter(app: App) -> None:
    one, _, _ = await _desk(app)
    agent = Person(app, "a2")
    # No number after the word: not a command, answered as before (the closest command).
    assert await agent.say("take it easy") == AGENT_TEXTS("agent.did_you_mean", command="/take")
    # In an agents' group, "take 5" without the slash is people talking.
    assert await _in_group(app, "a2", f"take {_seq(one)} minutes") == ""
    assert (await _assignees(app))[one.number] is None
    # The Chinese forms still work.
    assert "已接单" in await agent.say(f"接单{_seq(one)}")


# --- 4. a malformed number --------------------------------------------------------------------
async def test_a_malformed_number_is_quoted_back(app: App) -> None:
    await _desk(app, 1)
    agent = Person(app, "a2")
    for text, quoted in (
        ("/show CP2026120100", "CP2026120100"),
        ("/take CP20261201", "CP20261201"),
        ("/reply cp2026120 您好", "cp2026120"),
    ):
        answer = await agent.say(text)
        assert quoted in answer and "请写上工单号" not in answer, (text, answer)


async def test_guard_no_number_at_all_still_asks_for_one(app: App) -> None:
    await _desk(app, 1)
    assert "请写上工单号" in await Person(app, "a2").say("/show")
    assert "请写上工单号" in await Person(app, "a2").say("/reply 您好")


# --- 5. stale cards ---------------------------------------------------------------------------
async def test_no_card_about_the_agents_own_take(app: App) -> None:
    one, two, _ = await _desk(app)
    await Person(app, "a2").say(f"/take {_seq(one)} {_seq(two)}")
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    mine = [m for m in inboxes.sent if m.user_id == "a2"]
    assert not any(one.number in m.text or two.number in m.text for m in mine), [
        m.text for m in mine
    ]


async def test_stale_cards_that_arrive_together_come_in_one_line(app: App) -> None:
    tickets_ = await _desk(app, 4)
    await Person(app, "a2").say(" ".join(["/take", *(_seq(t) for t in tickets_[:3])]))
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    to_wang = inboxes.of("a3")
    stale = [text for text in to_wang if "无需接单" in text]
    assert len(stale) == 1, to_wang
    assert all(t.number in stale[0] for t in tickets_[:3]) and "李四" in stale[0], stale
    # The ticket nobody took still comes as a card with its take command.
    assert any("🆕" in text and tickets_[3].number in text for text in to_wang), to_wang
