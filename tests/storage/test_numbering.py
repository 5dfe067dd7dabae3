"""Ticket numbers stay unique when many complaints are submitted at once."""

from __future__ import annotations

import asyncio
import re

from bot.app import App
from handlers.draft import Draft
from tests.support import Person, tickets


async def _ready_to_confirm(app: App, user: str) -> Person:
    person = Person(app, user)
    await person.say("我叫王芳，手机13812345678。昨天在你们朝阳门店买的空调坏了，要求退款")
    await person.say("暂无")
    assert "请核对" in person.last.text
    return person


async def test_fifty_concurrent_submissions_get_fifty_numbers(app: App) -> None:
    people = [await _ready_to_confirm(app, f"u{i}") for i in range(50)]
    answers = await asyncio.gather(*(person.say("1") for person in people))
    assert all("投诉受理确认函" in answer for answer in answers)
    numbers = [ticket.number for ticket in await tickets(app)]
    assert len(numbers) == 50 and len(set(numbers)) == 50
    assert sorted(numbers) == [f"CP20261122{n:03d}" for n in range(1, 51)]
    assert all(re.fullmatch(r"CP\d{8}\d{3,}", n) for n in numbers)


async def test_sequence_restarts_each_day_and_grows_past_999(app: App) -> None:
    from datetime import date

    from storage.numbering import format_number, next_sequence

    async with app.db.transaction() as session:
        assert await next_sequence(session, date(2026, 11, 23)) == 1
        assert await next_sequence(session, date(2026, 11, 23)) == 2
        assert await next_sequence(session, date(2026, 11, 24)) == 1
    assert format_number("CP", date(2026, 11, 22), 1000, 3) == "CP202611221000"


def test_draft_knows_what_is_missing() -> None:
    draft = Draft(account="坏了", product="空调")
    assert draft.missing() == ["time", "place", "remedy", "name", "contact", "evidence"]
