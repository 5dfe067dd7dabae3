"""Newcomer trial 11: what is no wish at the remedy question, and sums kept with their wish
(handlers/answer_wishes.py:facts_instead_of_wish, nlp/intent.py:asking_clauses,
nlp/extract_remedy.py:with_money_tail)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from handlers.answer_wishes import facts_instead_of_wish, unread_wishes
from handlers.answer_words import leftover
from handlers.fields import FieldName
from nlp.extract import extract_fields
from nlp.intent import asking_clauses

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("要退钱 鱼香肉丝的钱 32块", [("refund", "退钱 鱼香肉丝的钱 32块")]),
        ("退一次的钱 50", [("refund", "退一次的钱 50")]),
        ("退多收的600", [("refund", "退多收的600")]),
        ("算了 退一半也行 或者换个老师", [("refund", "退一半也行"), ("other", "换个老师")]),
        ("赔偿 医药费 500", [("compensation", "赔偿 医药费 500")]),
        ("退了600 还是不行", []),  # what was done is no wish
    ],
)
def test_money_wishes_keep_their_sum(text: str, wanted: list[tuple[str, str]]) -> None:
    found = extract_fields(text, NOW)
    assert list(found.remedies) == wanted
    assert unread_wishes(text, found) == []


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("店是广州天河那家", True),
        ("11月1号扣的", True),
        ("医生姓周", True),
        ("里面有电脑 值一万五", True),
        ("冻结账户", False),
        ("希望天河店给个说法", False),
    ],
)
def test_facts_instead_of_wish(text: str, facts: bool) -> None:
    found = extract_fields(text, NOW)
    rest = leftover(text, found, FieldName.REMEDY)
    assert facts_instead_of_wish(found, rest) is facts


def test_the_store_and_the_staff_named_as_said() -> None:
    assert extract_fields("店是广州天河那家", NOW).store == "广州天河店"
    assert extract_fields("医生姓周", NOW).staff == "周医生"
    assert extract_fields("姓周的医生态度很差", NOW).staff == "周医生"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("whats ur refund policy", ["whats ur refund policy"]),
        ("你们退款政策是什么", ["你们退款政策是什么"]),
        ("可以退款吗", []),
        ("can you refund me?", []),
        ("退款，什么都不要了", []),
    ],
)
def test_asking_clauses(text: str, asked: list[str]) -> None:
    assert asking_clauses(text) == asked
