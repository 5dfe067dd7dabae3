"""Wishes newcomer trial 12 saw dropped: a service stopped or restored, a person replaced, a
membership passed on, a thing delivered, a wish said object-first; rhetorical questions."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.intent import asking_clauses, is_question
from tests.support import TZ

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "remedies"),
    [
        (
            "诉求就是退钱 把那个业务给我关掉 不然我去12315投诉",
            (("refund", "退钱"), ("other", "把那个业务给我关掉")),
        ),
        ("关闭自动续费 退钱", (("other", "关闭自动续费"), ("refund", "退钱"))),
        ("赶紧来水 给个说法", (("repair", "来水"), ("other", "给个说法"))),
        ("恢复网络 赔偿", (("repair", "恢复网络"), ("compensation", "赔偿"))),
        ("要求换老师 道歉", (("other", "换老师"), ("apology", "道歉"))),
        ("换个教练", (("other", "换个教练"),)),
        ("算了退卡太麻烦 能免费转给我朋友就行", (("other", "转给我朋友就行"),)),
        # two wishes no kind names are both kept (one "other" entry, as a draft keeps them)
        ("把业务关掉 给个说法", (("other", "把业务关掉，给个说法"),)),
        (
            "i need my bag delivered to my hotel asap and compensation for the stuff i had to buy",
            (
                ("other", "my bag delivered to my hotel"),
                ("compensation", "compensation for the stuff i had to buy"),
            ),
        ),
        (
            "I want the overcharge refunded and the itemised bill",
            (("refund", "the overcharge refunded"), ("other", "the itemised bill")),
        ),
    ],
)
def test_every_wish_is_read(text: str, remedies: tuple[tuple[str, str], ...]) -> None:
    assert extract_fields(text, NOW).remedies == remedies


@pytest.mark.parametrize(
    "text",
    [
        "自来水发黄",
        "中途换了老师",
        "今天来水了",
        "业务已经关闭了",
        "my parcel was delivered to the wrong address",
    ],
)
def test_what_happened_is_no_wish(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()


def test_a_change_of_mind_replaces_the_wishes_before() -> None:
    assert extract_fields("算了退卡太麻烦 能免费转给我朋友就行", NOW).remedies_only


@pytest.mark.parametrize(
    "text",
    [
        "你们这种修车技术怎么敢收钱的",
        "front desk guy was super rude when i asked to change room, he said 爱住不住",
    ],
)
def test_a_complaint_shaped_as_a_question_is_no_question(text: str) -> None:
    assert not is_question(text)
    assert asking_clauses(text) == []


@pytest.mark.parametrize("text", ["when will you refund me", "你们怎么收费的"])
def test_questions_still_ask(text: str) -> None:
    assert is_question(text)
