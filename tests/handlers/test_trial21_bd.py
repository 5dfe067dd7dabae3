"""Newcomer trial 21 (helper bd), the agents' commands with many tickets, after trial 20's
several numbers: a bare number after the ticket number that names another open ticket is
refused as ambiguous (a figure with its unit, or after a full-width comma, stays words);
/assign takes names with punctuation after them and asks for the agent when only numbers
are given; /show of more than five shows five and names the rest; /queue has pages; a
supervisor is not told of their own escalation or urgent reclassification; /show names the
recipient of an undelivered push to the team.

Real parts: tickets filed through the conversation (copies of one for the long lists), the
agents' own chat, the outbox delivered to recording channels, real SQLite (and PostgreSQL
when available) through the `app` fixture.
"""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.channels.base import DeliveryError
from bot.outbox import Dispatcher
from handlers.messages import Outbound
from storage.models import Ticket
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all, file_complaint
from tests.support import Person, tickets

STORIES = (
    "我姓周，电话13811112201。上周六在万达店办的健身卡，教练天天推销私教课，要求退卡",
    "我叫钱多多，手机13911112202，昨天在你们App上订的酒店，到了说没房，订单号HT20261121，要求赔偿",
    "陈女士 13711112203，前天在三里屯店买的蓝牙耳机，左耳没声音，要求换货",
)


async def _desk(app: App, how_many: int = 3) -> list[Ticket]:
    """Supervisor 陈主管 (s1), agents 李四 (a2) and 王五 (a3), and `how_many` tickets."""
    await add_agent(app, "s1", "陈主管", role="supervisor")
    await add_agent(app, "a2", "李四")
    await add_agent(app, "a3", "王五")
    return [await file_complaint(app, f"c{i}", STORIES[i]) for i in range(how_many)]


async def _copies(app: App, upto: int) -> None:
    """Open tickets like the first, numbered as the day's sequence up to `upto`, due an hour
    apart (the long lists /show and /queue page through)."""
    template = (await tickets(app))[0]
    prefix = template.number[:-3]
    now = app.services.now()
    have = len(await tickets(app))
    async with app.db.transaction() as session:
        for n in range(have + 1, upto + 1):
            row = template.model_dump(exclude={"id", "number"})
            row["number"] = f"{prefix}{n:03d}"
            row["first_response_due"] = now + timedelta(hours=n)
            session.add(Ticket(**row))


def _seq(ticket: Ticket) -> str:
    return str(int(ticket.number[-3:]))


async def _heard(app: App) -> Inboxes:
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    return inboxes


# --- 1. a second number that names an open ticket ------
async def test_a_second_open_ticket_number_after_the_first_is_refused(app: App) -> None:
    one, two, three = await _desk(app)
    agent = Person(app, "a2")
    for text in (
        f"/reply {_seq(one)} {_seq(two)} 您好，明天上午给您回电",
        f"/reply {_seq(two)} {_seq(one)} Hi Mr Zhou, we will call you back",
        f"解决 {_seq(three)} {_seq(one)} 已为您全额退款",
        f"/propose {_seq(one)} {_seq(three)} 退还一半会费",
        f"/ask {_seq(two)}　{_seq(three)} 请补充订单截图",  # an ideographic space
        f"/note {_seq(one)} {_seq(two)} 客户情绪激动",
    ):
        answer = await agent.say(text)
        assert "一次只能处理一张工单" in answer and "，" in answer, (text, answer)
    assert all(t.status == "accepted" and t.assignee_id is None for t in await tickets(app))
    heard = await _heard(app)
    assert not any(m.user_id.startswith("c") for m in heard.sent), [m.text for m in heard.sent]


async def test_guard_a_figure_that_is_words_still_goes(app: App) -> None:
    """Unchanged or newly allowed forms: a figure glued to words, with its unit after a space,
    after a full-width comma, or a number that names no open ticket."""
    one, two, _ = await _desk(app)
    agent = Person(app, "a2")
    said = (
        f"/reply {_seq(one)} {_seq(two)}点前给您回电",
        f"/reply {_seq(one)} {_seq(two)} 天内给您答复",
        f"/reply {_seq(one)}，{_seq(two)} 号楼的门店已经联系好了",
        f"/reply {_seq(one)} {_seq(two)} pm tomorrow works for us",
        f"/reply {_seq(one)} {_seq(two)} 个工作日内退款到账",
        f"/reply {_seq(one)} 88 折的优惠券已经发给您",
        f"/reply {_seq(one)} 9 您好，这边是售后",  # no ticket 9: words, as before
    )
    for text in said:
        assert "已排队" in await agent.say(text), text
    heard = "\n".join((await _heard(app)).of("c0"))
    for text in said:
        words = text.split(maxsplit=2)[2] if "，" not in text else text.split("，", 1)[1]
        assert words in heard, (words, heard)


async def test_guard_lists_are_still_refused_as_lists(app: App) -> None:
    one, two, _ = await _desk(app)
    agent = Person(app, "a2")
    for text in (f"/resolve {_seq(one)} {_seq(one)}", f"/reply {_seq(one)},{_seq(two)}"):
        assert "一次只能处理一张工单" in await agent.say(text), text


# --- 2. /assign: punctuation after the name, no name ------
async def test_assign_reads_a_name_with_punctuation_after_it(app: App) -> None:
    one, two, three = await _desk(app)
    boss = Person(app, "s1")
    answer = await boss.say(f"/assign {_seq(one)} {_seq(two)} 李四,")
    assert answer.count("李四") == 2 and "没有找到" not in answer, answer
    assert "王五" in await boss.say(f"/assign {_seq(three)} 王五。")
    assert "已将" in await boss.say(f"分配 {_seq(one)}、{_seq(three)} “李四”！")
    held = {t.number: t.assignee_id for t in await tickets(app)}
    assert held[one.number] == held[two.number] == held[three.number] is not None


async def test_assign_with_numbers_only_asks_for_the_agent(app: App) -> None:
    one, two, three = await _desk(app)
    boss = Person(app, "s1")
    answer = await boss.say(f"/assign {_seq(one)} {_seq(two)} {_seq(three)}")
    assert "没有找到客服" not in answer and "/assign" in answer and "客服" in answer, answer
    assert all(t.assignee_id is None for t in await tickets(app))
    # Guard: the last number is an agent's user id (a Telegram id): assigned as before.
    await add_agent(app, "90017", "赵六")
    answer = await boss.say(f"/assign {_seq(one)} {_seq(two)} 90017")
    assert answer.count("赵六") == 2, answer


# --- 3. /show of more than five ------
async def test_show_of_six_shows_five_and_names_the_sixth(app: App) -> None:
    await _desk(app, 1)
    await _copies(app, 7)
    every = await tickets(app)
    answer = await Person(app, "a2").say("/show 1 2 3 4 5 6 7")
    for ticket in every[:5]:
        assert f"工单 {ticket.number}" in answer, ticket.number
    assert f"工单 {every[5].number}" not in answer
    assert "另有 2 张未显示" in answer and "/show 6 7" in answer, answer


# --- 4. /queue pages ------
async def test_queue_has_pages(app: App) -> None:
    await _desk(app, 1)
    await _copies(app, 33)
    agent = Person(app, "a2")
    first = await agent.say("/queue")
    assert "共 33 张，第 1/2 页" in first and "另有 3 张未显示" in first, first
    assert "/queue 2" in first, first
    second = await agent.say("/queue 2")
    assert "第 2/2 页" in second and second.count("\n") == 3, second
    assert "另有" not in second
    assert set(first.split()).isdisjoint(n for n in second.split() if n.startswith("CP"))
    assert "没有第 5 页" in await agent.say("队列 第5页")
    assert "用法" in await agent.say("/queue next")


async def test_guard_a_short_queue_has_no_page_and_scopes_still_work(app: App) -> None:
    one, _, _ = await _desk(app)
    agent = Person(app, "a2")
    answer = await agent.say("/queue")
    assert "共 3 张）" in answer and "页" not in answer, answer
    await agent.say(f"/take {_seq(one)}")
    mine = await agent.say("/queue mine")
    assert one.number in mine and "共 1 张）" in mine, mine
    assert "没有符合条件" in await agent.say("/queue overdue")


# --- 5. no notice of one's own action ------
async def test_a_supervisor_hears_no_notice_of_their_own_escalation(app: App) -> None:
    one, two, _ = await _desk(app)
    await add_agent(app, "s2", "刘主管", role="supervisor")
    await Person(app, "s1").say(f"/escalate {_seq(one)} 客户说要找媒体")
    await Person(app, "a2").say(f"/escalate {_seq(two)} 需要门店配合")
    heard = await _heard(app)
    own = [t for t in heard.of("s1") if "升级" in t]
    assert all(two.number in t for t in own) and len(own) == 1, own  # only the agent's
    assert sum("⬆️" in t for t in heard.of("s2")) == 2, heard.of("s2")


async def test_a_supervisor_hears_no_urgent_alert_of_their_own_reclass(app: App) -> None:
    one, _, _ = await _desk(app)
    await add_agent(app, "s2", "刘主管", role="supervisor")
    await _heard(app)  # the cards
    await Person(app, "s1").say(f"/reclass {_seq(one)} service_attitude urgent")
    heard = await _heard(app)
    assert not any(one.number in t for t in heard.of("s1")), heard.of("s1")
    assert any(one.number in t and "紧急" in t for t in heard.of("s2")), heard.of("s2")


# --- 6. /show's undelivered pushes ------
class _Closed:
    """WeChat outside the recipient's window, no template: kept until they write."""

    name = "wechat"

    async def deliver(self, message: Outbound) -> None:
        raise DeliveryError("wechat: outside the user's window", permanent=True)


async def test_show_names_whose_card_is_still_undelivered(app: App) -> None:
    await add_agent(app, "w1", "张三", channel="wechat")
    await add_agent(app, "w2", "李四", channel="wechat")
    one = await file_complaint(app, "c1", STORIES[0])
    await Dispatcher(app.services, {"wechat": _Closed(), "console": Inboxes()}).run_once()
    agent = Person(app, "w1", channel="wechat")
    await agent.say("/queue")  # 张三 writes: his card goes out
    box = Inboxes(name="wechat")
    await Dispatcher(app.services, {"wechat": box}, recipient=("wechat", "w1")).run_once()
    assert any(one.number in m.text for m in box.sent)
    shown = await agent.say(f"/show {_seq(one)}")
    failed = [line for line in shown.splitlines() if "无法送达" in line]
    assert failed and all("李四" in line for line in failed), shown
    assert not any("张三" in line for line in failed), shown
