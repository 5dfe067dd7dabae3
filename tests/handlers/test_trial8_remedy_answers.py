"""Newcomer trial 8: the remedy list in the draft (handlers/answers.py): fillers are no
wish, English wishes keep their words, and a change of mind replaces the wishes before."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from handlers.answer_wishes import unread_wishes
from handlers.answers import fill
from handlers.draft import Draft
from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=timezone(timedelta(hours=8)))


def wishes(text: str) -> list[str]:
    return unread_wishes(text, extract_fields(text, NOW))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("refund pls + compensation", []),
        ("a refund please, thanks", []),
        ("refund the 300 yuan and explain the charge", ["explain the charge"]),
        ("refund, and check the other rooms too", ["check the other rooms too"]),
        ("fix it for free or refund the 2000… actually just refund", []),
        ("医药费全赔 再精神损失费一万", []),
        ("钱追回来 还有冻结账户", ["冻结账户"]),
    ],
)
def test_unread_wishes(text: str, wanted: list[str]) -> None:
    assert wishes(text) == wanted


def draft_with(*remedies: tuple[str, str]) -> Draft:
    draft = Draft()
    draft.set_remedies(list(remedies))
    return draft


def said_later(draft: Draft, text: str) -> list[tuple[str, str]]:
    """The remedies after `text` is said while another question is open."""
    fill(draft, extract_fields(text, NOW), NOW, frozenset())
    return draft.remedy_list()


def test_a_wish_taken_back_in_its_words_is_replaced() -> None:
    draft = draft_with(("other", "要求免费重新保养"))
    assert said_later(draft, "算了 不用重新保养了 直接退保养费 拖车费照样赔") == [
        ("refund", "退保养费"),
        ("compensation", "拖车费照样赔"),
    ]


def test_only_the_wish_taken_back_goes() -> None:
    draft = draft_with(("apology", "当面赔礼"), ("improvement", "加强培训"))
    assert said_later(draft, "不用当面赔礼了 赔钱就行") == [
        ("improvement", "加强培训"),
        ("compensation", "赔钱就行"),
    ]


def test_actually_just_replaces_every_wish() -> None:
    draft = draft_with(("repair", "repaired"), ("exchange", "replacement"))
    said = "fix it for free or refund the 2000… actually just refund"
    assert said_later(draft, said) == [("refund", "refund")]


def test_a_wish_said_later_still_joins() -> None:
    draft = draft_with(("refund", "退款"))
    assert said_later(draft, "另外还要书面道歉") == [("refund", "退款"), ("apology", "书面道歉")]


def test_a_story_negation_takes_no_wish_back() -> None:
    draft = draft_with(("repair", "repair"))
    assert said_later(draft, "nobody came to fix it") == [("repair", "repair")]
