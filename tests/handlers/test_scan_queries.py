"""The SQL side of the agents' views and the SLA scan: which tickets the queries pick, in
which order, on every backend (issue 11 item 4)."""

from __future__ import annotations

from bot.app import App
from handlers import lifecycle as life
from handlers import sla
from storage.models import Ticket
from storage.queries import tickets as tickets_q
from tests.handlers.lifecycle_support import add_agent
from tests.support import FakeClock, Person, tickets

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)


def test_the_query_layer_knows_the_process_statuses() -> None:
    # The partial indexes write these sets into SQL; the process defines them.
    assert set(tickets_q.OPEN_STATUSES) == life.OPEN
    assert set(tickets_q.WATCHED_STATUSES) == life.OPEN - {"awaiting_customer"}


async def file_one(app: App, user: str = "c1") -> Ticket:
    customer = Person(app, user)
    await customer.say(RICH)
    await customer.say("暂无")
    await customer.say("确认")
    return (await tickets(app))[-1]


async def candidates(app: App) -> list[str]:
    now = app.services.now()
    async with app.db.transaction() as session:
        rows = await tickets_q.clocks_to_check(
            session, now=now, started_by=sla.latest_starts(app.services.policy, now)
        )
        return [row.number for row in rows]


async def test_the_scan_reads_a_ticket_only_near_a_threshold(app: App, clock: FakeClock) -> None:
    ticket = await file_one(app)  # important: first response 24 h, resolution 2 working days
    assert await candidates(app) == []  # just filed: nothing can be due
    clock.advance(hours=20)  # past 80 % of the 24 h first-response clock
    assert await candidates(app) == [ticket.number]
    assert await sla.scan_clocks(app.services) == 1  # the reminder
    assert await candidates(app) == []  # reminded, not yet due: not read again
    clock.advance(hours=5)  # past the first-response deadline
    assert await candidates(app) == [ticket.number]
    assert await sla.scan_clocks(app.services) >= 1  # the breach, escalated
    assert (await tickets(app))[0].breached == "first"
    assert await candidates(app) == []  # breached; the resolution clock is far from 80 %


async def test_queue_ties_on_the_deadline_go_by_filing_order(app: App, clock: FakeClock) -> None:
    await add_agent(app, "a1", "张三")
    first = await file_one(app, "c1")
    second = await file_one(app, "c2")  # filed at the same instant: the same deadlines
    assert first.first_response_due == second.first_response_due
    answer = await Person(app, "a1").say("/queue")
    assert answer.index(first.number) < answer.index(second.number)
    now = app.services.now()
    async with app.db.transaction() as session:
        page = await tickets_q.queue_page(session, now=now, limit=1)
    assert page.total == 2 and [row.number for row in page.rows] == [first.number]
    clock.advance(days=30)
    async with app.db.transaction() as session:
        late = await tickets_q.queue_page(session, now=app.services.now(), overdue=True)
        mine = await tickets_q.queue_page(session, now=now, assignee_id=999)
    assert [row.number for row in late.rows] == [first.number, second.number]
    assert late.rows[0].next_due == first.first_response_due
    assert mine.total == 0 and mine.rows == []


async def test_counts_stop_at_their_cap_and_say_so(app: App) -> None:
    await add_agent(app, "a1", "张三")
    for user in ("c1", "c2", "c3"):
        await file_one(app, user)
    now = app.services.now()
    async with app.db.transaction() as session:
        short = await tickets_q.queue_page(session, now=now, limit=5, count_cap=2)
        full = await tickets_q.queue_page(session, now=now, limit=2, count_cap=3)
        capped = await tickets_q.queue_page(session, now=now, limit=2, count_cap=2)
        figures = await tickets_q.day_and_month(
            session, now=now, day=now.replace(hour=0), month=now.replace(day=1), count_cap=2
        )
        exact = await tickets_q.day_and_month(
            session, now=now, day=now.replace(hour=0), month=now.replace(day=1), count_cap=3
        )
    assert (short.total, short.exact, len(short.rows)) == (3, True, 3)  # the page is the queue
    assert (full.total, full.exact, len(full.rows)) == (3, True, 2)
    assert (capped.total, capped.exact, len(capped.rows)) == (2, False, 2)  # "more than 2"
    assert (figures.open, figures.unassigned, figures.cap) == (3, 3, 2)  # above the cap
    assert (exact.open, exact.unassigned, exact.month_total) == (3, 3, 3)
    assert exact.categories == [(exact.categories[0][0], 3)]


async def test_the_agent_reads_more_than_the_cap_as_such(app: App) -> None:
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    await file_one(app, "c1")
    template = (await tickets(app))[0].model_dump(exclude={"id", "number"})
    async with app.db.transaction() as session:
        for n in range(tickets_q.COUNT_CAP):
            session.add(Ticket(**{**template, "number": f"CPX{n:08d}"}))
    queue = await agent.say("/queue")
    assert f"共 {tickets_q.COUNT_CAP}+ 张" in queue
    assert f"另有 {tickets_q.COUNT_CAP - 30}+ 张未显示" in queue
    stats = await agent.say("/stats")
    assert f"未结 {tickets_q.COUNT_CAP}+" in stats
    assert f"待分配 {tickets_q.COUNT_CAP}+" in stats
    assert f"本月：共 {tickets_q.COUNT_CAP + 1}" in stats  # the month's figures stay exact
