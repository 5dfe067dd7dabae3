"""The console's queue (issue 14 item 2): open tickets by next deadline, its filters, overdue
and urgent marked, and pages cut in SQL."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from storage.models import Agent, Customer, Ticket
from storage.queries import console as console_q
from tests.web.support import add_agent, console, signed_in

ROW = re.compile(r'data-testid="queue-row" data-number="([A-Z0-9]+)" class="([^"]*)"')


async def _seed(app: App, count: int) -> dict[str, int]:
    """`count` open tickets: every third overdue, every fifth urgent, odd ones a1's, every
    fourth on telegram, the even ones category "product_quality"; plus one closed ticket."""
    await add_agent(app, "a1", "张三")
    now = app.services.clock()
    async with app.db.transaction() as session:
        a1 = (await session.execute(select(Agent).where(Agent.user_id == "a1"))).scalar_one()
        customer = Customer(channel="console", user_id="c", created_at=now)
        session.add(customer)
        await session.flush()
        for i in range(count + 1):
            session.add(
                Ticket(
                    number=f"CP2026112{i:06d}",
                    customer_id=customer.id or 0,
                    channel="telegram" if i % 4 == 0 else "console",
                    user_id="c",
                    status="closed" if i == count else "accepted",
                    severity="urgent" if i % 5 == 0 else "general",
                    category="product_quality" if i % 2 == 0 else "logistics",
                    assignee_id=a1.id if i % 2 else None,
                    product=f"空调{i}" if i % 2 else None,
                    store="朝阳门店" if i % 3 == 0 else None,
                    first_response_due=now + timedelta(hours=i - 10 if i % 3 == 0 else i + 1),
                    created_at=now,
                    updated_at=now,
                )
            )
    return {"a1": a1.id or 0}


async def test_pages_in_deadline_order_with_marks(app: App) -> None:
    await _seed(app, 30)
    async with console(app) as client:
        await signed_in(app, client, "a1")
        seen: list[tuple[str, str]] = []
        for page in (1, 2):
            html = await (await client.get("/console/queue", params={"page": str(page)})).text()
            seen += ROW.findall(html)
        assert 'data-testid="page-next"' not in html
        # A page past the end shows the last one, counted as such.
        past = await (await client.get("/console/queue", params={"page": "3"})).text()
        assert ROW.findall(past) == ROW.findall(html) and "第 2 / 2 页" in past
    numbers = [n for n, _ in seen]
    assert len(numbers) == 30 == len(set(numbers))  # every open ticket once, the closed none
    assert "CP2026112000030" not in numbers
    async with app.db.transaction() as session:
        due = {
            t.number: t.first_response_due
            for t in (await session.execute(select(Ticket))).scalars().all()
        }
    assert [due[n] for n in numbers] == sorted(due[n] for n in numbers)
    marks = dict(seen)
    assert "overdue" in marks["CP2026112000003"] and "overdue" not in marks["CP2026112000001"]
    assert "urgent" in marks["CP2026112000005"] and "urgent" not in marks["CP2026112000001"]


async def test_filters(app: App) -> None:
    await _seed(app, 30)
    cases = {
        "mine": lambda i: i % 2 == 1,
        "unassigned": lambda i: i % 2 == 0,
        "overdue": lambda i: i % 3 == 0 and i < 10,
        "severity": lambda i: i % 5 == 0,
        "category": lambda i: i % 2 == 0,
        "channel": lambda i: i % 4 == 0,
    }
    params = {
        "mine": {"mine": "1"},
        "unassigned": {"unassigned": "1"},
        "overdue": {"overdue": "1"},
        "severity": {"severity": "urgent"},
        "category": {"category": "product_quality"},
        "channel": {"channel": "telegram"},
    }
    async with console(app) as client:
        await signed_in(app, client, "a1")
        for name, wanted in cases.items():
            html = await (await client.get("/console/queue", params=params[name])).text()
            shown = {n for n, _ in ROW.findall(html)}
            expected = {f"CP2026112{i:06d}" for i in range(30) if wanted(i)}
            assert shown == expected, name
        both = await (
            await client.get("/console/queue", params={"mine": "1", "severity": "urgent"})
        ).text()
        assert {n for n, _ in ROW.findall(both)} == {
            f"CP2026112{i:06d}" for i in range(30) if i % 2 and i % 5 == 0
        }


async def test_the_page_is_cut_in_sql(app: App) -> None:
    ids = await _seed(app, 30)
    now = app.services.clock()
    async with app.db.transaction() as session:
        page = await console_q.queue_page(
            session,
            now=now,
            filters=console_q.QueueFilters(assignee_id=ids["a1"]),
            offset=5,
            limit=4,
        )
        whole = await console_q.queue_page(
            session, now=now, filters=console_q.QueueFilters(assignee_id=ids["a1"]), limit=100
        )
        empty = await console_q.queue_page(
            session, now=now, filters=console_q.QueueFilters(), offset=30, limit=5
        )
    assert page.total == whole.total == 15
    assert page.rows == whole.rows[5:9]
    assert empty.total == 30 and empty.rows == []


async def test_each_row_says_what_the_ticket_is_about(app: App) -> None:
    """An agent with a busy queue reads what each ticket is about without opening it (second
    newcomer trial): the object's product, store and staff as filed."""
    await _seed(app, 6)
    async with console(app) as client:
        await signed_in(app, client, "a1")
        html = await (await client.get("/console/queue")).text()
    subjects = dict(
        re.findall(
            r'data-number="([A-Z0-9]+)"[^>]*>\s*<td>.*?</td>\s*'
            r'<td data-testid="queue-subject">([^<]*)</td>',
            html,
            re.S,
        )
    )
    assert subjects["CP2026112000001"] == "空调1"
    assert subjects["CP2026112000003"] == "空调3，朝阳门店"
    assert subjects["CP2026112000000"] == "朝阳门店"
    assert subjects["CP2026112000002"] == "-"
