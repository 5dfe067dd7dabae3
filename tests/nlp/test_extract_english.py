"""English dates and fields (issue 9 item 7): what an English-writing customer says is read
into the same fields as the Chinese. `NOW` is a Sunday, as in the Chinese table."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlp.extract import extract_fields
from nlp.extract_time import find_time

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

DATES = [
    ("yesterday", "2026-11-21 00:00"),
    ("yesterday afternoon", "2026-11-21 13:00"),
    ("yesterday at 3pm", "2026-11-21 15:00"),
    ("last night", "2026-11-21 20:00"),
    ("this morning", "2026-11-22 08:00"),
    ("the day before yesterday", "2026-11-20 00:00"),
    ("last Friday", "2026-11-20 00:00"),
    ("on Friday", "2026-11-20 00:00"),
    ("last Sunday", "2026-11-15 00:00"),  # today is Sunday: a week back
    ("last wednesday evening", "2026-11-18 18:00"),
    ("last week", "2026-11-09 00:00"),
    ("last month", "2026-10-01 00:00"),
    ("Nov 20", "2026-11-20 00:00"),
    ("Nov. 20th", "2026-11-20 00:00"),
    ("November 20, 2026", "2026-11-20 00:00"),
    ("the 20th of November", "2026-11-20 00:00"),
    ("20 November 2026", "2026-11-20 00:00"),
    ("Dec 1", "2025-12-01 00:00"),  # without a year never in the future: last year's
    ("in March", "2026-03-01 00:00"),
    ("20/11", "2026-11-20 00:00"),  # 20 cannot be a month: day/month
    ("11/20/2026", "2026-11-20 00:00"),
    ("20.11.2026", "2026-11-20 00:00"),
    ("2026-11-20", "2026-11-20 00:00"),
    ("3 days ago", "2026-11-19 00:00"),
    ("two hours ago", "2026-11-22 13:00"),
    ("half an hour ago", "2026-11-22 14:30"),
    ("a week ago", "2026-11-15 00:00"),
    ("I bought it on Nov 5 at 3:30 pm", "2026-11-05 15:30"),
    ("it happened at 8pm", "2026-11-21 20:00"),  # said at 15:00: last night
    ("The delivery guy was rude to me yesterday evening", "2026-11-21 18:00"),
]
NOT_DATES = [
    "I said sat down",
    "the sun was out",
    "I may go back",
    "2 kg",
    "Nov 31",
    "I want to march on",
    "room 20",
    "John",
]


@pytest.mark.parametrize(("text", "when"), DATES)
def test_english_dates(text: str, when: str) -> None:
    found = find_time(text, NOW)
    assert found is not None, text
    assert found.at.strftime("%Y-%m-%d %H:%M") == when


@pytest.mark.parametrize("text", NOT_DATES)
def test_words_that_are_not_dates(text: str) -> None:
    assert find_time(text, NOW) is None


def test_a_future_date_with_its_year_is_kept_for_the_dialogue_to_question() -> None:
    found = find_time("December 25, 2026", NOW)
    assert found is not None and found.at.date().isoformat() == "2026-12-25"


FIELDS: list[tuple[str, dict[str, Any]]] = [
    (
        "Hi, my name is John Smith. Last Friday I bought headphones at your Chaoyang store and "
        "they broke the next day. Order number 2024112000123. I want a refund. "
        "My phone is 13812345678",
        dict(
            name="John Smith",
            phone="13812345678",
            order_no="2024112000123",
            occurred_text="Last Friday",
            product="headphones",
            store="Chaoyang store",
            place="Chaoyang store",
            remedy="refund",
        ),
    ),
    ("the headphones I bought", dict(product="headphones", store=None)),
    ("your Beijing store", dict(store="Beijing store", place="Beijing store", product=None)),
    ("at the Sanlitun Apple store", dict(store="Sanlitun Apple store")),
    ("on Taobao", dict(place="Taobao", platform="Taobao")),
    ("online", dict(place="online", platform=None)),
    ("in Shanghai", dict(place="Shanghai")),
    ("order #JD20261115007", dict(order_no="JD20261115007")),
    ("refund", dict(remedy="refund")),
    ("I want my money back", dict(remedy="refund")),
    ("replace it", dict(remedy="exchange")),
    ("please repair it", dict(remedy="repair")),
    ("compensation", dict(remedy="compensation")),
    ("an apology", dict(remedy="apology")),
    ("I don't need a refund, just replace it", dict(remedy="exchange")),
    ("My name is John Smith", dict(name="John Smith")),
    ("my name is mary o'brien", dict(name="mary o'brien")),
    ("I'm John", dict(name="John")),
    ("My name is 王芳", dict(name="王芳")),
    ("I am very angry about this", dict(name=None)),
    ("This is terrible", dict(name=None)),
    ("John", dict(name=None)),  # a bare name is for the dialogue to read, as in Chinese
    ("The delivery guy was rude", dict(staff="delivery guy")),
    ("+86 138 1234 5678", dict(phone="13812345678")),
    ("John.Smith@Example.com", dict(email="John.Smith@example.com")),
    # A product word that labels a number is the contact (the object became "phone").
    ("by the way my phone is 13700002222", dict(phone="13700002222", product=None)),
    ("mobile: +86 139 0000 1111", dict(phone="13900001111", product=None)),
    ("my new phone broke after two days", dict(product="phone")),
    ("The blender I ordered online arrived broken", dict(product="blender")),
]


@pytest.mark.parametrize(("text", "expected"), FIELDS)
def test_english_fields(text: str, expected: dict[str, Any]) -> None:
    got = extract_fields(text, NOW)
    for field, value in expected.items():
        assert getattr(got, field) == value, (text, field)
