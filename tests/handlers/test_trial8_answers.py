"""Newcomer trial 8, the answer readers alone (handlers/answers.py): a wish said at the place
or object question, words that are no place, a sentence of what happened at the remedy
question, and the names a bare answer may give."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from handlers.answer_fields import no_place, not_about_place
from handlers.answer_person import name_among_words
from handlers.answer_wishes import name_instead_of_wish, wish_instead_of_answer
from handlers.answer_words import wish_shaped
from nlp.extract import Extracted, extract_fields
from tests.support import TZ

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "rest", "verdict"),
    [
        ("我要赔偿", "我要", True),
        ("还要退款和道歉", "还要 和道歉", True),  # 道 of 道歉 is no 街道
        ("你们能不能快点修电梯 还有这个月物业费我不想交了", None, True),
        ("I want the 300 back and also an explanation", None, True),
        ("please fix it", None, True),
        ("北京 要退款", "北京 要", False),  # a place named beside the wish
        ("朝阳区望京店", None, False),
        ("我想想", None, False),  # thinking aloud
        ("要", None, False),
        ("我要投诉的那个店员在门口", None, False),
        ("我要说的是在家里", None, False),
        ("请问要多久能处理", None, False),  # a question, no wish
        ("我要多久才能拿到钱？", None, False),
    ],
)
def test_a_wish_at_the_place_question(text: str, rest: str | None, verdict: bool) -> None:
    found = extract_fields(text, NOW)
    assert wish_instead_of_answer(text, rest or text, found) is verdict


@pytest.mark.parametrize(
    ("rest", "verdict"),
    [
        ("木有截图", True),
        ("没有发票", True),
        ("没有人管", True),
        ("照片都在手机里", True),
        ("没有", False),  # none said about the place: no_place
        ("没有具体地点", False),
        ("无锡", False),
        ("打电话没人接", False),
    ],
)
def test_words_about_something_else_than_a_place(rest: str, verdict: bool) -> None:
    assert not_about_place(rest) is verdict


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("没有", True),
        ("没有具体地点", True),
        ("不知道在哪", True),
        ("打的客服热线", True),
        ("online", True),
        ("n/a", True),
        ("无锡", False),
        ("木有截图", False),
        ("I want the 300 back and also an explanation", False),  # "na" of "explanation"
        ("Recall station", False),
    ],
)
def test_no_place(text: str, verdict: bool) -> None:
    assert no_place(text) is verdict


@pytest.mark.parametrize(
    ("words", "verdict"),
    [
        ("到手屏幕就是碎的", False),
        ("收到就是坏的", False),
        ("打开一看是空的", False),
        ("冻结账户", True),
        ("查清楚", True),
        ("换个新的", True),
    ],
)
def test_what_it_was_like_is_no_wish(words: str, verdict: bool) -> None:
    assert wish_shaped(words) is verdict


@pytest.mark.parametrize(
    ("text", "name"),
    [("刚说了啊 老刘", "老刘"), ("上面写过了，小周", "小周"), ("刚说了啊 小米", None)],
)
def test_a_familiar_name_among_words(text: str, name: str | None) -> None:
    assert name_among_words(text)[0] == name


@pytest.mark.parametrize(
    ("rest", "verdict"),
    [
        ("Tom Lee", True),
        ("王芳", True),
        ("赵铁柱", True),
        ("Voucher", False),  # one Latin word is a wish
        ("Gift Card", False),
        ("严惩", False),
        ("包赔", False),
        ("马上", False),
    ],
)
def test_a_name_at_the_remedy_question(rest: str, verdict: bool) -> None:
    assert name_instead_of_wish(rest) is verdict


@pytest.mark.parametrize(
    ("rest", "remedies", "verdict"),
    [
        ("I want  and also an explanation", (("refund", "the 300 back"),), True),
        ("退款，还有 给个说法", (("refund", "退款"),), True),
        ("朝阳", (("refund", "退款"),), False),
        ("我在家里 要", (("refund", "退款"),), False),
    ],
)
def test_a_wish_beside_a_remedy_read(
    rest: str, remedies: tuple[tuple[str, str], ...], verdict: bool
) -> None:
    found = replace(Extracted(), remedies=remedies, remedy=remedies[0][0])
    assert wish_instead_of_answer(rest, rest, found) is verdict
