"""The CSV of a month's tickets, on both databases: figures, masking, Excel and injection."""

from __future__ import annotations

import csv
import io

import pytest

from bot.app import App
from handlers.report import month_bounds
from handlers.report_export import (
    BOM,
    ContactAccess,
    ExportContext,
    csv_lines,
    month_csv,
    safe_cell,
)
from storage.models import Ticket
from storage.queries import tickets as tickets_q
from tests.handlers.report_support import REPORT_NOW, build_month
from tests.support import TZ, FakeClock

MASKED = ContactAccess()


def context(app: App, contacts: ContactAccess = MASKED, locale: str = "zh-CN") -> ExportContext:
    services = app.services
    return ExportContext(
        locale=locale,
        tz=TZ,
        calendar=services.calendar,
        policy=services.policy,
        vault=services.vault,
        now=REPORT_NOW,
        contacts=contacts,
    )


async def export(app: App, access: ExportContext, page: int = 1000) -> tuple[str, list[str]]:
    start, end = month_bounds("2026-11", TZ)
    chunks = [chunk async for chunk in month_csv(app.db, start, end, access, page)]
    return "".join(chunks), chunks


def table(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM) :], newline="")))


async def agent_id(app: App, name: str) -> int:
    async with app.db.transaction() as session:
        names = await tickets_q.agent_names(session)
    return next(i for i, n in names.items() if n == name)


async def test_the_month_as_excel_opens_it(app: App, clock: FakeClock) -> None:
    month = await build_month(app, clock)
    text, _ = await export(app, context(app, ContactAccess(everyone=True)))
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = table(text)
    numbers = [month.numbers[letter] for letter in "ABCD"]  # October's ticket is not there
    assert [r["工单号"] for r in rows] == numbers
    a, _, c, d = rows
    assert a["受理时间"] == "2026-11-01 00:30" and d["受理时间"] == "2026-11-13 10:00"
    assert (a["渠道"], a["状态"], a["类别"], a["等级"]) == (
        "控制台",
        "已关闭",
        "售后/退换货",
        "一般",
    )
    assert (c["类别"], c["等级"], c["处理人"], d["处理人"]) == ("产品质量", "紧急", "张三", "")
    # The report's durations (tests/handlers/report_support.py): A 0.5 h and 2 h (its
    # second round), B 1 h and 3 h, C 3 h and 10 h, D neither.
    times = [(r["首次响应用时（小时）"], r["办结用时（小时）"]) for r in rows]
    assert times == [("0.50", "2.00"), ("1.00", "3.00"), ("3.00", "10.00"), ("", "")]
    sla = [(r["首次响应时限"], r["办结时限"]) for r in rows]
    assert sla == [("达标", "达标"), ("达标", "达标"), ("超时", "达标"), ("超时", "超时")]
    assert [r["满意度评分"] for r in rows] == ["1", "5", "", ""]
    assert (a["客户姓名"], a["电话"]) == ("王芳", "13812345678")  # a supervisor's export
    assert "空调" in a["商品"] and a["订单号"] == "2024042800123"


async def test_contacts_are_masked_unless_the_viewer_may_see_them(
    app: App, clock: FakeClock
) -> None:
    await build_month(app, clock)
    masked = table((await export(app, context(app)))[0])
    assert [(r["客户姓名"], r["电话"]) for r in masked] == [
        ("王*", "138****5678"),
        ("刘*", "136****5432"),
        ("赵*", "139****5678"),
        ("李*", "137****1111"),
    ]
    # An agent sees whole the tickets assigned to them (A, B, C), not the unassigned D.
    own = ContactAccess(agent_id=await agent_id(app, "张三"))
    mine = table((await export(app, context(app, own)))[0])
    assert [r["电话"] for r in mine] == ["13812345678", "13698765432", "13912345678", "137****1111"]
    other = table((await export(app, context(app, ContactAccess(agent_id=999))))[0])
    assert [r["电话"] for r in other] == [r["电话"] for r in masked]
    # Page by page (one ticket each here): the same text, a chunk per page after the header.
    whole, chunks = await export(app, context(app))
    paged, small = await export(app, context(app), page=1)
    assert paged == whole and len(chunks) == 2 and len(small) == 5


async def test_formulas_are_text_and_english_headers(app: App, clock: FakeClock) -> None:
    month = await build_month(app, clock)
    async with app.db.transaction() as session:  # what a customer could have typed
        for ticket in await session.run_sync(lambda s: s.query(Ticket).all()):
            if ticket.number == month.numbers["B"]:
                ticket.product = '=HYPERLINK("http://x","click")'
                ticket.store = "@SUM(A1)"
                ticket.staff = "-2+3"
    rows = table((await export(app, context(app, locale="en")))[0])
    b = rows[1]
    assert b["Product"] == '\'=HYPERLINK("http://x","click")'
    assert (b["Store"], b["Staff"]) == ("'@SUM(A1)", "'-2+3")
    assert (b["Channel"], b["Category"], b["First response SLA"]) == (
        "Console",
        "Product quality",
        "Met",
    )


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138****5678", "'+86 138****5678"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("空调 =1", "空调 =1"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_text(cell: str, shown: str) -> None:
    assert safe_cell(cell) == shown
    assert next(csv.reader(io.StringIO(csv_lines([[cell]]), newline=""))) == [shown]
