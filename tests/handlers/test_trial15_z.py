"""Newcomer trial 15 (helper Z): ticket numbers typed with slips (handlers/words.py)."""

from __future__ import annotations

import pytest

from bot.app import App
from handlers.words import (
    bare_ticket_digits,
    find_ticket_number,
    fits_bare_digits,
    is_status_query,
    is_ticket_number,
)
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_lifecycle import file_complaint
from tests.support import Person, tickets


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("CP2026120l005", "CP20261201005"),  # l for 1
        ("CP2026120I005", "CP20261201005"),  # I for 1
        ("我的单号是CP2O261201012，怎么还没人联系我", "CP20261201012"),  # O for 0
        ("cp 20261201 005", "CP20261201005"),
        ("cp-20261201-012", "CP20261201012"),
        ("CP_20261201_012号", "CP20261201012"),
        ("cp 20261201 005 3天了", "CP20261201005"),  # the shortest whole reading
        ("ＣＰ２０２６１２０１００５", "CP20261201005"),
        ("CP20261201005", "CP20261201005"),
        ("CP202612011234", "CP202612011234"),  # the sequence past 999
    ],
)
def test_slips_in_a_ticket_number_are_read(text: str, number: str) -> None:
    assert find_ticket_number(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "order 123456789012",  # no date: an English word before an order number
        "no 2026120100512345",  # a date-led order number, too long for a ticket
        "CP2026120l005X",  # a letter running on: no number
        "13844445555",
        "共 2026 元",
    ],
)
def test_no_ticket_number_is_made_up(text: str) -> None:
    assert find_ticket_number(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "查一下我的工单 CP2026120l005",
        "cp 20261201 005 进度怎么样了",
        "我的单号是CP2O261201012",
        "帮我查查 CP20261201005 现在到哪了",
    ],
)
def test_asking_after_a_slipped_number_is_a_status_query(text: str) -> None:
    assert is_status_query(text)


@pytest.mark.parametrize(
    "text", ["CP2026120l005 还没退款", "我要投诉 CP20261201005 的店员", "检查 CP20261201005"]
)
def test_a_number_with_more_to_say_is_no_status_query(text: str) -> None:
    assert not is_status_query(text)


def test_a_bare_number_is_a_date_and_a_short_sequence() -> None:
    assert bare_ticket_digits("2026120112") == ("20261201", "12")
    assert bare_ticket_digits("20261201012 进度") == ("20261201", "012")
    assert bare_ticket_digits("13844445555") is None  # a phone
    assert bare_ticket_digits("202612011234567") is None  # an order number
    assert bare_ticket_digits("2026120112 怎么还没人联系我") is None
    assert fits_bare_digits("CP20261201012", "20261201", "12")
    assert not fits_bare_digits("CP20261201112", "20261201", "12")


def test_a_whole_word_is_a_number_only_when_nothing_is_left() -> None:
    assert is_ticket_number("cp2026120l005")
    assert not is_ticket_number("回复CP20261201005")


async def test_a_bare_number_not_the_customers_is_left_to_the_conversation(app: App) -> None:
    """A date-led number that fits none of the customer's tickets is not made a query."""
    customer = Person(app, "bare")
    await file_complaint(customer)
    answer = await customer.say("2026112299")
    assert "工单号：" not in answer


async def test_an_agent_command_reads_a_slipped_number_and_keeps_its_text(app: App) -> None:
    await add_agent(app, "s1", "李主管", role="supervisor")
    customer = Person(app, "c1")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    supervisor = Person(app, "s1")
    slipped = ticket.number[:-1] + "l"  # CP2026112200l
    await supervisor.say(f"/take {slipped}")
    answer = await supervisor.say(f"/reply {slipped.lower()} 请问是几楼？")
    assert "已排队发送" in answer
    shown = await supervisor.say(f"/show {ticket.number}")
    assert "请问是几楼" in shown  # the text after the number, not lost with it
