"""Newcomer trial 10, the monthly report: the first response is never after the resolution
(a resolution is also a response), and /stats' month counts what the report's 办结 counts.

Real parts: tickets filed and worked through the handlers, the real dispatcher delivering,
the report read both ways (the SQL one and the reference over whole tickets); both backends.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from bot.app import App
from handlers.report import MonthlyReport
from storage.models import Ticket
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.report_support import AIRCON, RUDE, at, file, reference_and_sql
from tests.support import FakeClock, Person, tickets

MONTH = "2026-11"


async def reports(app: App, clock: FakeClock) -> tuple[MonthlyReport, MonthlyReport]:
    return await reference_and_sql(app, MONTH, clock.current)


async def test_a_late_delivery_never_puts_the_first_response_after_the_resolution(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    at(clock, 11, 2, 10)
    number = await file(app, "ca", AIRCON)
    at(clock, 11, 2, 10, 30)
    await agent.say(f"/take {number}")
    await agent.say(f"/reply {number} 您好，我们已安排售后")  # queued, not delivered yet
    at(clock, 11, 2, 11)
    await agent.say(f"/resolve {number} 已退款")
    at(clock, 11, 2, 14)  # the channel was down for three hours
    await deliver_all(app, Inboxes())
    [ticket] = await tickets(app)
    assert ticket.resolved_at is not None and ticket.first_responded_at is not None
    assert ticket.first_responded_at <= ticket.resolved_at  # a resolution is a response
    at(clock, 11, 20, 10)
    reference, scaled = await reports(app, clock)
    assert scaled == reference
    assert reference.first_response.average == timedelta(hours=1)  # 10:00 -> 11:00
    assert reference.resolution.average == timedelta(hours=1)
    assert (reference.first_response_sla.met, reference.first_response_sla.missed) == (1, 0)


async def test_stored_late_first_responses_and_unheard_resolutions_read_as_the_resolution(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    at(clock, 11, 3, 10)
    late = await file(app, "ca", AIRCON)
    unheard = await file(app, "cb", RUDE)
    at(clock, 11, 3, 12)
    for number in (late, unheard):
        await agent.say(f"/resolve {number} 已处理")  # never delivered: no first response
    # `late` as an older version stored it: the first response after the resolution.
    async with app.db.transaction() as session:
        row = (await session.execute(select(Ticket).where(Ticket.number == late))).scalar_one()
        row.first_responded_at = clock.current + timedelta(hours=5)
    at(clock, 11, 20, 10)
    reference, scaled = await reports(app, clock)
    assert scaled == reference
    # Both count as answered at their resolution, two hours after filing, within 48 hours.
    assert reference.first_response.count == 2
    assert reference.first_response.average == timedelta(hours=2)
    assert reference.first_response.p90 == timedelta(hours=2)
    assert reference.first_response_sla.met == 2 and reference.first_response_sla.missed == 0
    assert reference.first_response.average <= reference.resolution.average  # type: ignore[operator]


def _figure(text: str, line: str, label: str) -> int:
    """The number after `label` on the /stats line starting with `line`."""
    [row] = [r for r in text.splitlines() if r.startswith(line)]
    found = re.search(rf"{label} (\d+)", row)
    assert found is not None, (label, row)
    return int(found.group(1))


async def test_stats_concluded_is_the_reports_concluded_on_the_same_month(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    at(clock, 11, 4, 10)
    resolved = await file(app, "ca", AIRCON)
    rejected = await file(app, "cb", RUDE)
    await file(app, "cc", AIRCON)  # still open
    at(clock, 11, 4, 11)
    await agent.say(f"/resolve {resolved} 已退款")
    assert "不予受理" in await agent.say(f"/reject {rejected} 超过售后期")
    at(clock, 11, 20, 10)
    stats = await agent.say("/stats")
    reference, scaled = await reports(app, clock)
    assert scaled == reference
    # The report's 办结 row counts resolutions and rejections alike (both conclude a ticket).
    assert reference.resolution.count == 2
    assert _figure(stats, "本月：", "办结") == reference.resolution.count
    # And says which of them were resolved and which rejected.
    assert _figure(stats, "本月：", "已解决") == 1
    assert _figure(stats, "本月：", "不予受理") == 1
    at(clock, 11, 4, 20)  # the day they were concluded: today's 办结 counts them too
    assert _figure(await agent.say("/stats"), "今日：", "办结") == 2
