"""A month of tickets for the report tests, filed and handled through the real conversation.

Times are Asia/Shanghai; the desk is open 09:00-21:00 every day (the built-in policy).
Expected figures, by ticket (the one filed on 31 October is outside the month):

| ticket | filed | first response | resolution | survey |
|---|---|---|---|---|
| A | 11-01 00:30 (clock 09:00) | 09:30: 0.5 h | reopened 13:01, done 15:01: 2 h | 1, no response |
| B | 11-10 10:00 | 11:00: 1 h | 13:00: 3 h | 5 |
| C | 11-12 10:00, urgent | 13:00: 3 h, past its 2 h | 20:00: 10 h, within 24 h | - |
| D | 11-13 10:00 | never: past due on 11-20 | never: past due | - |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.app import App
from handlers import survey
from handlers.report import MonthlyReport, build_report, month_bounds, month_report, month_tickets
from nlp import tokenizer
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.support import TZ, FakeClock, Person, tickets

AIRCON = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)
AIRCON_AGAIN = "我叫刘洋，电话13698765432。上周在你们朝阳门店买的空调不制冷，噪音很大，要求换货"
POISONING = (
    "我叫赵敏，电话13912345678。今天中午在你们望京店吃的火锅，吃完全家食物中毒上吐下泻，"
    "孩子送医院了，要求赔偿"
)
RUDE = "我叫李雷，电话13700001111。今天在你们西单店，店员态度很差，还骂人，要求道歉"
REPORT_NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)


@dataclass
class Month:
    numbers: dict[str, str]  # letter -> ticket number


async def file(app: App, user: str, text: str) -> str:
    customer = Person(app, user)
    await customer.say(text)
    while "请核对" not in customer.last.text:
        await customer.say("暂无")
    assert "投诉受理确认函" in await customer.say("1")
    return (await tickets(app))[-1].number


def at(clock: FakeClock, month: int, day: int, hour: int, minute: int = 0) -> None:
    clock.current = datetime(2026, month, day, hour, minute, tzinfo=TZ)


async def build_month(app: App, clock: FakeClock) -> Month:
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    numbers: dict[str, str] = {}
    at(clock, 10, 31, 20)
    numbers["october"] = await file(app, "c0", RUDE)
    numbers["A"] = await _ticket_a(app, clock, agent)
    numbers["B"] = await _ticket_b(app, clock, agent)
    numbers["C"] = await _ticket_c(app, clock, agent)
    at(clock, 11, 13, 10)
    numbers["D"] = await file(app, "cd", RUDE)
    await agent.say(f"/reclass {numbers['D']} service_attitude general")
    clock.current = REPORT_NOW
    return Month(numbers)


async def _ticket_a(app: App, clock: FakeClock, agent: Person) -> str:
    at(clock, 11, 1, 0, 30)
    number = await file(app, "ca", AIRCON)
    at(clock, 11, 1, 9, 30)
    await agent.say(f"/take {number}")
    await agent.say(f"/reclass {number} after_sales general")
    assert "已排队发送" in await agent.say(f"/reply {number} 您好，我们已安排售后")
    await deliver_all(app, Inboxes())  # delivered now: the first response counts from here
    at(clock, 11, 1, 12)
    await agent.say(f"/resolve {number} 已退款")
    at(clock, 11, 1, 13, 1)
    assert await survey.send_surveys(app.services) == 1
    assert "重新打开" in await Person(app, "ca").say("", choice=f"score:{number}:1")
    at(clock, 11, 1, 15, 1)
    await agent.say(f"/resolve {number} 已上门换新")
    at(clock, 11, 1, 16, 2)
    assert await survey.send_surveys(app.services) == 1
    at(clock, 11, 9, 10)
    assert await survey.close_unanswered(app.services) == 1
    return number


async def _ticket_b(app: App, clock: FakeClock, agent: Person) -> str:
    at(clock, 11, 10, 10)
    number = await file(app, "cb", AIRCON_AGAIN)
    at(clock, 11, 10, 11)
    await agent.say(f"/take {number}")
    await agent.say(f"/reclass {number} product_quality important")
    await agent.say(f"/reply {number} 您好，已为您安排换货")
    await deliver_all(app, Inboxes())
    at(clock, 11, 10, 13)
    await agent.say(f"/resolve {number} 已换货")
    at(clock, 11, 10, 14, 1)
    assert await survey.send_surveys(app.services) == 1
    assert "已关闭" in await Person(app, "cb").say("", choice=f"score:{number}:5")
    return number


async def _ticket_c(app: App, clock: FakeClock, agent: Person) -> str:
    at(clock, 11, 12, 10)
    number = await file(app, "cc", POISONING)
    assert (await tickets(app))[-1].severity == "urgent"  # its 2-hour clock is what C misses
    at(clock, 11, 12, 13)
    await agent.say(f"/take {number}")
    await agent.say(f"/reclass {number} product_quality urgent")
    await agent.say(f"/reply {number} 非常抱歉，已联系门店")
    await deliver_all(app, Inboxes())
    at(clock, 11, 12, 20)
    await agent.say(f"/resolve {number} 已赔偿医药费")
    return number


async def reference_and_sql(
    app: App, month: str, now: datetime
) -> tuple[MonthlyReport, MonthlyReport]:
    """The month's report computed both ways at `now`: the reference over whole tickets and
    the SQL one (`handlers/report.py:month_report`); equal when the SQL is right."""
    services = app.services
    start, end = month_bounds(month, TZ)
    common: dict[str, Any] = {
        "now": now,
        "calendar": services.calendar,
        "vault": services.vault,
        "categories": services.policy.category_codes,
        "severities": tuple(services.policy.severities),
    }
    tokenizer.load()
    reference = build_report(
        month, start, end, await month_tickets(services.db, start, end), **common
    )
    return reference, await month_report(services.db, month, start, end, **common)
