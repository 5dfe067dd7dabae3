"""Which of several open tickets a follow-up is about (handlers/ticket_choice.py, trial 10)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bot.app import App
from handlers.idle import _more_than_naming
from handlers.ticket_choice import object_words, tail_named
from storage.models import Ticket
from tests.support import FakeClock, Person

AIRCON = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)
STORE = "我还要投诉，你们西单店的店员昨天骂人，我要求道歉"
TICKETS = [Ticket(number="CP20261122002"), Ticket(number="CP20261122001")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("001那个怎么样了", "CP20261122001"),
        ("是002", "CP20261122002"),
        ("2001号单 我补充一下", "CP20261122001"),
    ],
)
def test_the_last_digits_of_a_number_name_the_ticket(text: str, number: str) -> None:
    found = tail_named(text, TICKETS)
    assert found is not None and found.number == number


@pytest.mark.parametrize(
    "text",
    [
        "花了2001元",  # a sum
        "2001年买的",  # a year
        "买了002台",
        "1",  # a list's number, read by the choice
        "13812345001",  # a phone's end
        "订单号2024042800123",
        "1122",  # inside both numbers, the end of neither
    ],
)
def test_sums_counts_phones_and_shared_digits_name_no_ticket(text: str) -> None:
    assert tail_named(text, TICKETS) is None


def test_naming_the_ticket_alone_adds_nothing_to_the_message() -> None:
    ticket = Ticket(number="CP20261122001", product="空调", store="朝阳门店")
    assert not _more_than_naming("空调那个", ticket)
    assert not _more_than_naming("是001", ticket)
    assert not _more_than_naming("朝阳门店那单吧", ticket)
    assert _more_than_naming("空调那个，发票我也找到了", ticket)


def test_the_object_in_the_list_is_masked(app: App) -> None:
    """A staff member named with a phone: the list a phone screen shows masks both."""
    vault = app.services.vault
    ticket = Ticket(
        number="CP20261122001", staff="王建国 13812345678", name_enc=vault.seal("王建国")
    )
    unit: Any = SimpleNamespace(services=app.services)  # object_words reads only services
    words = object_words(unit, ticket)
    assert "13812345678" not in words and "王建国" not in words


async def _two_tickets(customer: Person, clock: FakeClock) -> None:
    for text in (AIRCON, "暂无", "确认", STORE, "西单店", "暂无", "确认"):
        await customer.say(text)
    clock.advance(hours=1)  # back later: the ticket just filed no longer decides


async def test_the_which_list_shows_number_object_and_status(app: App, clock: FakeClock) -> None:
    customer = Person(app, "t10-list")
    await _two_tickets(customer, clock)
    await customer.say("我补充一下，当时还有一个经理在场，他也没管")
    labels = [c.label for c in customer.last.choices]
    assert labels[0] == "CP20261122002（西单店，已受理）"
    assert labels[1] == "CP20261122001（空调，已受理）"
    assert labels[2] == "提交新的投诉"


async def test_the_message_that_was_asked_about_is_delivered_not_the_answer(
    app: App, clock: FakeClock
) -> None:
    customer = Person(app, "t10-deliver")
    await _two_tickets(customer, clock)
    await customer.say("我补充一下，当时还有一个经理在场，他也没管")
    answer = await customer.say("2")
    assert "已将您的消息转给工单 CP20261122001" in answer
    await customer.say("进度呢")
    assert "CP20261122002" in customer.last.text  # both, and nothing asked
    assert not customer.last.choices
