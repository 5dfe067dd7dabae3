"""Parts of an answer to the remedy question newcomer trial 14 saw kept as wishes: the words
that opened an English wish ("我要"), a sum told ("学费是一万二"), what the other side said or
refused, an order number and where it was."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.answer_wishes import facts_instead_of_wish, unread_wishes
from handlers.answer_words import leftover, wish_shaped
from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "wishes"),
    [
        ("我要 refund 一晚房费 and an apology", []),
        ("退一半学费 学费是一万二", []),
        ("退款 还有冻结账户", ["冻结账户"]),  # a wish no kind names is still kept
    ],
)
def test_unread_wishes(text: str, wishes: list[str]) -> None:
    assert unread_wishes(text, extract_fields(text, NOW)) == wishes


@pytest.mark.parametrize(
    "words",
    ["师傅说是我自己开的问题 不给保修", "学费是一万二", "一共花了3000块", "客服拒绝退"],
)
def test_told_not_wished(words: str) -> None:
    assert not wish_shaped(words)


@pytest.mark.parametrize("words", ["冻结账户", "查清楚", "要个发票"])
def test_still_wishes(words: str) -> None:
    assert wish_shaped(words)


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("order no is JD88812345", True),
        ("理赔员工号PA3302", True),
        ("理赔员工号PA3302 要赔偿", False),
        ("就在我们公司 望京soho", True),
        ("冻结公司账户", False),
        ("我要在线客服回电话", False),
    ],
)
def test_facts_instead_of_wish(text: str, facts: bool) -> None:
    found = extract_fields(text, NOW)
    assert facts_instead_of_wish(found, leftover(text, found, "remedy"), text) is facts
