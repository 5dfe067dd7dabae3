"""The report read the scalable way (SQL aggregates, narrow rows) gives exactly the figures of
the reference computation over whole tickets, on a month handled through the real handlers."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import App
from handlers.report import MonthlyReport, build_report, month_bounds, month_report, month_tickets
from nlp import tokenizer
from tests.handlers.report_support import REPORT_NOW, build_month
from tests.support import TZ, FakeClock


async def both(app: App, month: str) -> tuple[MonthlyReport, MonthlyReport]:
    services = app.services
    start, end = month_bounds(month, TZ)
    common: dict[str, Any] = {
        "now": REPORT_NOW,
        "calendar": services.calendar,
        "vault": services.vault,
        "categories": services.policy.category_codes,
        "severities": tuple(services.policy.severities),
    }
    tokenizer.load()
    reference = build_report(
        month, start, end, await month_tickets(services.db, start, end), **common
    )
    scaled = await month_report(services.db, month, start, end, **common)
    return reference, scaled


async def test_the_sql_report_equals_the_reference(app: App, clock: FakeClock) -> None:
    await build_month(app, clock)
    reference, scaled = await both(app, "2026-11")
    assert reference.total == 4  # the month really has tickets, reopened and late ones
    assert scaled == reference


@pytest.mark.parametrize("month", ["2026-10", "2027-02"])
async def test_other_months_agree_too(app: App, clock: FakeClock, month: str) -> None:
    await build_month(app, clock)
    reference, scaled = await both(app, month)
    assert scaled == reference
