"""The report read the scalable way (SQL aggregates, narrow rows) gives exactly the figures of
the reference computation over whole tickets, on a month handled through the real handlers."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.app import App
from handlers import topics
from handlers.report import (
    MonthlyReport,
    complaint_words,
)
from storage.models import Ticket
from tests.handlers.report_support import REPORT_NOW, build_month, reference_and_sql
from tests.support import FakeClock, tickets


async def both(app: App, month: str) -> tuple[MonthlyReport, MonthlyReport]:
    return await reference_and_sql(app, month, REPORT_NOW)


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


async def _words_on_file(app: App) -> dict[str, list[str] | None]:
    vault = app.services.vault
    return {
        t.number: None if t.topic_words_enc is None else topics.open_words(vault, t.topic_words_enc)
        for t in await tickets(app)
    }


async def test_filing_keeps_the_words_the_report_would_compute(app: App, clock: FakeClock) -> None:
    await build_month(app, clock)
    vault = app.services.vault
    kept = await _words_on_file(app)
    assert len(kept) >= 4 and all(words for words in kept.values())
    for ticket in await tickets(app):
        text = vault.open(ticket.account_enc) or ""
        computed = complaint_words(text, vault.open(ticket.name_enc))
        assert kept[ticket.number] == sorted(computed)
        assert "王芳" not in computed  # the customer's own name is not a topic word


async def test_tickets_filed_before_the_words_were_kept_get_them_from_the_report(
    app: App, clock: FakeClock
) -> None:
    await build_month(app, clock)
    kept = await _words_on_file(app)
    async with app.db.transaction() as session:  # as tickets filed before revision i11t
        for ticket in (await session.execute(select(Ticket))).scalars():
            ticket.topic_words_enc = None
    assert set((await _words_on_file(app)).values()) == {None}
    reference, scaled = await both(app, "2026-11")
    assert scaled == reference and scaled.top_words
    after = await _words_on_file(app)
    filled = {number for number, words in after.items() if words is not None}
    assert len(filled) == reference.total  # the month's tickets, not the one of October
    assert all(after[number] == kept[number] for number in filled)  # the same words
    reference, again = await both(app, "2026-11")  # now from the kept words
    assert again == reference
