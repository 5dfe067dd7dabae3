"""Newcomer trial 20 (helper w): contact words are no object, names look like names, a day
added to a time of day, a remedy keeps what it is for."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.answer_person import name_among_words
from handlers.answer_words import name_shaped
from nlp.extract import extract_fields
from nlp.time_precision import day_unsaid, refines
from tests.support import TZ

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    "text",
    [
        "I would rather not give my phone",
        "手机号就不给了",
        "不方便留手机",
        "我不想给你们我的手机号码",
        "I'd prefer not to share my mobile number",
        "no phone, sorry",
    ],
)
def test_a_contact_given_or_refused_is_no_product(text: str) -> None:
    assert extract_fields(text, NOW).product is None


@pytest.mark.parametrize(  # guards: a phone that is the thing complained about
    ("text", "product"),
    [("手机没有信号", "手机"), ("给我的手机贴膜贴歪了", "手机"), ("my phone broke", "phone")],
)
def test_a_phone_complained_about_is_still_the_product(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product


@pytest.mark.parametrize(
    "text", ["no pics", "why do you need it", "没有照片", "不方便说", "no receipt"]
)
def test_words_about_evidence_or_refusals_are_no_name(text: str) -> None:
    assert not name_shaped(text)


@pytest.mark.parametrize("text", ["Jack", "Jack Lee", "王芳", "Anna Müller", "刘", "Noah Smith"])
def test_names_still_look_like_names(text: str) -> None:
    assert name_shaped(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ok fine, Jack 13812345015", "Jack"),
        ("好吧 王芳 13900001111", "王芳"),
        ("fine. Jack Lee, jack@x.com", "Jack Lee"),
        ("alright then. Maria Gomez 13912345678", "Maria Gomez"),
    ],
)
def test_a_name_after_a_filler_beside_a_contact(text: str, name: str) -> None:
    assert name_among_words(text)[0] == name


def test_a_day_said_after_a_time_of_day_refines_it() -> None:
    assert day_unsaid("midnight") and day_unsaid("半夜") and not day_unsaid("前天晚上")
    old = extract_fields("半夜", NOW)
    new = extract_fields("前天晚上", NOW)
    assert old.occurred_at and new.occurred_at
    assert refines("半夜", old.occurred_at, "前天晚上", new.occurred_at)


def test_a_date_taken_back_is_no_refinement() -> None:  # guard
    old = extract_fields("11月20号", NOW)
    new = extract_fields("11月18号", NOW)
    assert old.occurred_at and new.occurred_at
    assert not refines("11月20号", old.occurred_at, "11月18号", new.occurred_at)


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("I want a refund for this month", "refund for this month"),
        ("refund for last month please", "refund for last month"),
        ("compensation for the damage", "compensation for the damage"),
        ("退这个月的费用", "退这个月的费用"),
    ],
)
def test_a_remedy_keeps_what_it_is_for(text: str, wording: str) -> None:
    assert extract_fields(text, NOW).remedy_text == wording
