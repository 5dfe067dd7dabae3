"""Newcomer trial 12, the extractors alone: an English name with accented letters after a
"Name" label, a name beside a phone with 微信同号 between, a score or version that is no
date, and an English "order no is …" label."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _loaded() -> Iterator[None]:
    tokenizer.load()  # names are told by their tags
    yield


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Name Anna Müller. email anna.m@example.de", "Anna Müller"),
        ("My name is Anna Müller", "Anna Müller"),
        ("Name: Łukasz Wójcik", "Łukasz Wójcik"),
        ("Anna Müller, anna.m@example.de", "Anna Müller"),
    ],
)
def test_an_english_name_keeps_its_accented_letters(text: str, name: str) -> None:
    assert extract_fields(text, NOW).name == name


def test_the_e_mail_after_a_labelled_name_is_still_read() -> None:
    found = extract_fields("Name Anna Müller. email anna.m@example.de", NOW)
    assert found.email == "anna.m@example.de"


@pytest.mark.parametrize(
    "text",
    ["黄丽 微信同号 13266668888", "黄丽 微信 13266668888", "黄丽 手机同号 13266668888"],
)
def test_a_name_beside_the_phone_with_a_wechat_note_between(text: str) -> None:
    found = extract_fields(text, NOW)
    assert (found.name, found.phone, found.place) == ("黄丽", "13266668888", None)


@pytest.mark.parametrize(
    "text", ["结果考了5.5", "评分4.5", "考了 5.5 太低了", "版本2.1有问题", "成绩是6.5"]
)
def test_a_score_or_version_is_no_date(text: str) -> None:
    assert extract_fields(text, NOW).occurred_at is None


@pytest.mark.parametrize("text", ["5.5", "5.5买的"])
def test_a_month_dot_day_alone_is_still_a_date(text: str) -> None:
    # Unchanged: where a date is said without a score word before it, 5.5 is 5 May.
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None
    assert (found.occurred_at.month, found.occurred_at.day) == (5, 5)


@pytest.mark.parametrize(
    "text",
    [
        "order no is JD88123456",
        "order number: JD88123456",
        "order # JD88123456",
        "my order number is JD88123456",
    ],
)
def test_an_english_order_label(text: str) -> None:
    assert extract_fields(text, NOW).order_no == "JD88123456"
