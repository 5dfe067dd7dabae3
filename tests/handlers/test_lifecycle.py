"""A ticket's whole life on a controllable clock, through the handler API and the real outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.app import App
from handlers import sla, survey
from storage.models import Ticket, TicketEvent
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all, event_count
from tests.support import TZ, FakeClock, Person, photo, tickets

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)


async def file_complaint(customer: Person, text: str = RICH) -> str:
    await customer.say(text)
    while "请核对" not in customer.last.text:
        await customer.say("暂无")
    answer = await customer.say("1")
    assert "投诉受理确认函" in answer
    return answer


async def test_a_tickets_whole_life(app: App, clock: FakeClock) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "s1", "李主管", role="supervisor")
    inboxes = Inboxes()
    customer, agent = Person(app, "c1"), Person(app, "a1")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    number = ticket.number

    assert number in await agent.say("/queue")
    assert "已接单" in await agent.say(f"/take {number}")
    assert "索取材料" in await agent.say(f"补充 {number} 请补充订单截图")
    await deliver_all(app, inboxes)

    clock.advance(hours=1)
    assert "已收到您的补充" in await customer.say("这是订单截图", photo(app.services.data_dir))
    [ticket] = await tickets(app)
    assert ticket.status == "processing" and ticket.paused_since is None
    assert "等待客户确认" in await agent.say(f"/propose {number} 全额退款并补偿50元")
    await deliver_all(app, inboxes)
    assert "感谢您的确认" in await customer.say("1")  # the proposal's first choice: accept
    assert "已解决" in await agent.say(f"/resolve {number} 已全额退款")
    await deliver_all(app, inboxes)

    clock.advance(minutes=61)
    assert await survey.send_surveys(app.services) == 1
    assert await survey.send_surveys(app.services) == 0  # run twice: no harm
    await deliver_all(app, inboxes)
    assert "重新打开" in await customer.say("2")
    [ticket] = await tickets(app)
    assert ticket.status == "reopened" and ticket.reopen_count == 1
    await deliver_all(app, inboxes)
    assert any("重新打开" in text for text in inboxes.of("s1"))  # the supervisor was alerted

    await agent.say(f"/resolve {number} 已上门更换新机")
    clock.advance(minutes=61)
    await survey.send_surveys(app.services)
    await deliver_all(app, inboxes)
    answer = await customer.say("", choice=f"score:{number}:5")  # a survey button
    assert "已关闭" in answer
    await customer.say("服务很好")
    [ticket] = await tickets(app)
    assert ticket.status == "closed" and ticket.survey_score == 5
    await deliver_all(app, inboxes)

    pushes = inboxes.of("c1")
    expected = [
        "由客服 张三 负责",
        "请补充以下材料",
        "处理方案",
        "处理结果：已全额退款",
        "满意吗",
        "处理结果：已上门更换新机",
        "满意吗",
    ]
    assert len(pushes) == len(expected), pushes
    for text, words in zip(pushes, expected, strict=True):
        assert words in text
    assert any("客户补充" in text for text in inboxes.of("a1"))
    async with app.db.transaction() as session:
        kinds = (
            (await session.execute(select(TicketEvent.kind).order_by(TicketEvent.id)))
            .scalars()
            .all()
        )
    assert kinds[0] == "filed" and kinds.index("assigned") < kinds.index("status")
    assert kinds.count("survey_answer") == 2 and "supplement" in kinds


async def test_urgent_first_response_clock_runs_through_the_night(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "s1", "李主管", role="supervisor")
    inboxes = Inboxes()
    clock.current = datetime(2026, 11, 22, 20, 50, tzinfo=TZ)
    customer = Person(app, "night")
    await file_complaint(
        customer,
        "我叫赵敏，电话13912345678。今天晚上在你们望京店吃的火锅，吃完全家食物中毒上吐下泻，"
        "孩子送医院了，要求赔偿",
    )
    [ticket] = await tickets(app)
    assert ticket.severity == "urgent"
    # Escalated by the filing's hook, an update of the row the filing's INSERT wrote on the
    # driver (storage/queries/turns.py:insert_ticket): it must reach the database too.
    assert ticket.escalated_at == datetime(2026, 11, 22, 20, 50, tzinfo=TZ)
    # 10 minutes tonight + 110 minutes from 09:00 tomorrow.
    assert ticket.first_response_due == datetime(2026, 11, 23, 10, 50, tzinfo=TZ)
    await deliver_all(app, inboxes)
    assert any("紧急工单" in text for text in inboxes.of("s1"))  # alerted at creation

    clock.current = datetime(2026, 11, 23, 8, 59, tzinfo=TZ)  # the night does not count
    assert await sla.scan_clocks(app.services) == 0
    clock.current = datetime(2026, 11, 23, 10, 30, tzinfo=TZ)  # 100 of 120 minutes: reminder
    assert await sla.scan_clocks(app.services) == 1
    clock.current = datetime(2026, 11, 23, 10, 49, tzinfo=TZ)
    assert await sla.scan_clocks(app.services) == 0
    clock.current = datetime(2026, 11, 23, 10, 51, tzinfo=TZ)
    assert await sla.scan_clocks(app.services) == 1
    assert await sla.scan_clocks(app.services) == 0  # escalates once
    await deliver_all(app, inboxes)
    breaches = [t for t in inboxes.of("s1") if "已超过首次响应时限" in t]
    assert len(breaches) == 1
    # Nobody took it and there is no agent room: the 80 % reminder reached the supervisor.
    assert [t for t in inboxes.of("s1") if "已用去 83%" in t]
    async with app.db.transaction() as session:
        reasons = (
            (await session.execute(select(TicketEvent.data).where(TicketEvent.kind == "escalated")))
            .scalars()
            .all()
        )
    assert len(reasons) == 2 and "urgent" in (reasons[0] or "")


async def test_refused_commands_change_nothing(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "王五")
    customer, owner, other = Person(app, "c2"), Person(app, "a1"), Person(app, "a2")
    stranger = Person(app, "nobody")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    number = ticket.number
    await owner.say(f"/take {number}")
    before = await event_count(app)

    answer = await stranger.say("/queue")
    assert "仅限已登记的客服" in answer and number not in answer
    assert "只有负责人或主管" in await other.say(f"/resolve {number} 好了")
    # A malformed number is quoted back as not found since newcomer trial 20 (it was
    # "请写上工单号", as if none had been written); the refusal still changes nothing.
    assert "“CP123”不是有效的工单号" in await owner.say("/show CP123")
    assert "没有找到工单" in await owner.say("/show CP20261122999")
    assert "只能是" in await owner.say(f"/status {number} done")
    await owner.say(f"/reject {number} 已超过售后期")
    assert "不能改为" in await owner.say(f"/status {number} processing")
    assert "只有主管" in await owner.say(f"/assign {number} 王五")

    assert await event_count(app) == before + 1  # only the reject was recorded
    [ticket] = await tickets(app)
    assert ticket.status == "rejected" and ticket.assignee_id is not None


async def test_a_status_the_ticket_has_already_is_said_plainly(app: App) -> None:
    await add_agent(app, "a1", "张三")
    owner = Person(app, "a1")
    await file_complaint(Person(app, "c-same"))
    [ticket] = await tickets(app)
    await owner.say(f"/take {ticket.number}")
    assert "→ 处理中" in await owner.say(f"/status {ticket.number} processing")
    before = await event_count(app)
    same = await owner.say(f"/status {ticket.number} processing")
    assert "已经是“处理中”" in same and "不能改为" not in same
    assert await event_count(app) == before


async def test_show_masks_personal_data_for_other_agents(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "王五")
    await add_agent(app, "s1", "李主管", role="supervisor")
    await file_complaint(Person(app, "c3"))
    [ticket] = await tickets(app)
    owner = Person(app, "a1")
    await owner.say(f"/take {ticket.number}")
    assert "13812345678" in await owner.say(f"/show {ticket.number}")
    other = await Person(app, "a2").say(f"/show {ticket.number}")
    assert "138****5678" in other and "13812345678" not in other and "王*" in other
    assert "13812345678" in await Person(app, "s1").say(f"/show {ticket.number}")


async def test_reclass_is_kept_and_stats_count(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c4"))
    [ticket] = await tickets(app)
    agent = Person(app, "a1")
    assert "没有类别" in await agent.say(f"/reclass {ticket.number} nonsense")
    assert "已记录为训练数据" in await agent.say(f"改类 {ticket.number} 物流配送 重要")
    [ticket] = await tickets(app)
    assert (ticket.category, ticket.severity) == ("logistics", "important")
    assert "新增 1" in await agent.say("/stats")
    assert "/queue" in await agent.say("/help")
    assert "内部备注" in await agent.say(f"/note {ticket.number} 已联系门店")


async def test_unanswered_survey_closes_after_seven_days(app: App, clock: FakeClock) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c5"))
    [ticket] = await tickets(app)
    await Person(app, "a1").say(f"/resolve {ticket.number} 已处理")
    clock.advance(hours=2)
    await survey.send_surveys(app.services)
    clock.advance(days=6)
    assert await survey.close_unanswered(app.services) == 0
    clock.advance(days=1, minutes=1)
    assert await survey.close_unanswered(app.services) == 1
    [ticket] = await tickets(app)
    assert ticket.status == "closed" and ticket.survey_outcome == "no_response"


async def test_refusing_the_remedy_escalates(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "s1", "李主管", role="supervisor")
    inboxes = Inboxes()
    customer = Person(app, "c6")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    await Person(app, "a1").say(f"/propose {ticket.number} 补偿20元优惠券")
    assert "转交主管" in await customer.say("不接受")
    await deliver_all(app, inboxes)
    assert any("不接受" in text for text in inboxes.of("s1"))
    async with app.db.transaction() as session:
        found = (await session.execute(select(Ticket.escalated_at))).scalar_one()
    assert found is not None


async def test_a_customer_who_blocked_the_bot_is_shown_unreachable(app: App) -> None:
    from bot.channels.base import DeliveryError
    from bot.outbox import Dispatcher

    class Blocked:
        name = "console"

        async def deliver(self, message: object) -> None:
            raise DeliveryError("blocked", permanent=True)

    await add_agent(app, "a1", "张三")
    customer = Person(app, "c7")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    agent = Person(app, "a1")
    await agent.say(f"/reply {ticket.number} 您好")
    await Dispatcher(app.services, {"console": Blocked()}, recipient=("console", "c7")).run_once()
    shown = await agent.say(f"/show {ticket.number}")
    assert "客户无法送达：blocked" in shown and "发送失败" in shown
    await customer.say("/status")  # the customer writes again: reachable again
    assert "无法送达" not in await agent.say(f"/show {ticket.number}")
    inboxes = Inboxes()
    await deliver_all(app, inboxes)  # and what waited for them goes out now
    assert any("您好" in text for text in inboxes.of("c7"))


async def test_a_survey_button_pressed_twice_changes_nothing(app: App, clock: FakeClock) -> None:
    await add_agent(app, "a1", "张三")
    customer = Person(app, "c8")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    await Person(app, "a1").say(f"/resolve {ticket.number} 已处理")
    clock.advance(hours=2)
    await survey.send_surveys(app.services)
    assert "已关闭" in await customer.say("", choice=f"score:{ticket.number}:4")
    before = await event_count(app)
    assert "已关闭" in await customer.say("", choice=f"score:{ticket.number}:1")
    assert await event_count(app) == before
    [ticket] = await tickets(app)
    assert ticket.status == "closed" and ticket.survey_score == 4


async def test_full_width_ticket_numbers_and_implicit_take(app: App) -> None:
    await add_agent(app, "a1", "张三")
    inboxes = Inboxes()
    customer = Person(app, "c9")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    wide = ticket.number.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert "已排队发送给客户" in await Person(app, "a1").say(f"回复 {wide} 您好，已在处理")
    await deliver_all(app, inboxes)
    pushes = inboxes.of("c9")
    assert "由客服 张三 负责" in pushes[0] and "您好，已在处理" in pushes[1]


async def test_a_policy_may_send_the_survey_with_the_result(app: App) -> None:
    from dataclasses import replace

    app.services = replace(
        app.services,
        policy=replace(
            app.services.policy, survey=replace(app.services.policy.survey, delay_minutes=0)
        ),
    )
    await add_agent(app, "a1", "张三")
    inboxes = Inboxes()
    customer = Person(app, "c10")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    await Person(app, "a1").say(f"/resolve {ticket.number} 已退款")
    await deliver_all(app, inboxes)
    assert "满意吗" in inboxes.of("c10")[-1]
    async with app.db.transaction() as session:
        found = await session.execute(select(TicketEvent).where(TicketEvent.kind == "survey_sent"))
        [sent] = found.scalars().all()
    assert sent.actor_kind == "system"  # sent in the agent's turn, by no one (newcomer trial)
    assert "已关闭" in await customer.say("5")


async def test_a_pause_before_the_clock_starts_takes_no_time_off_it(
    app: App, clock: FakeClock
) -> None:
    """Filed after hours, asked for material at once, answered the same night (newcomer
    trial): the clocks had not started, so the pause leaves the deadlines where they were
    (the deadline moved 11.5 h when the night was counted as time the clock had used)."""
    clock.current = datetime(2026, 11, 22, 21, 30, tzinfo=TZ)  # after the 21:00 close
    await add_agent(app, "a1", "张三")
    customer, agent = Person(app, "c1"), Person(app, "a1")
    await file_complaint(customer)
    [before] = await tickets(app)
    assert before.clock_start_at is not None and before.clock_start_at > clock.current
    await agent.say(f"/take {before.number}")
    assert "索取材料" in await agent.say(f"补充 {before.number} 请补充订单截图")
    clock.advance(minutes=2)
    assert "已收到您的补充" in await customer.say("截图", photo(app.services.data_dir))
    [after] = await tickets(app)
    assert after.paused_since is None
    assert after.resolution_due == before.resolution_due
