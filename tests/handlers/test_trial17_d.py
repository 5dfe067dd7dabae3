"""Newcomer trial 17 (helper D): the words of a reply to a proposal and of a survey answer."""

from __future__ import annotations

import pytest

from handlers.followup import acceptance_words, only_assent, remedy_kinds, survey_remark
from handlers.words import CLOSING_WORDS, normalise
from nlp.intent import decision


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("想好了", None),  # 想好 holds 好 and is no yes
        ("想好了 还是退钱吧 换新的我不放心", None),
        ("好久了 什么时候到", None),
        ("不好意思 我想问下", None),  # 不好意思 holds 不好 and is no no
        ("想好了 可以", "accept"),
        ("好的", "accept"),
        ("不行", "refuse"),
        ("我要退款不要换", "refuse"),
    ],
)
def test_words_that_only_hold_a_yes_or_no_say_neither(text: str, verdict: str | None) -> None:
    assert decision(text) == verdict


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("可以 这个能接受", ""),
        ("好的 没问题 我同意", ""),
        ("ok sounds good, I accept", ""),
        ("行 没问题 谢谢", ""),
        ("ok thanks", ""),
        ("可以 这个能接受 但是周末我不在家", "但是周末我不在家"),
        ("行吧 可以接受，明天上午来哈 下午我不在家", "明天上午来哈 下午我不在家"),
        ("可以 能不能快点", "能不能快点"),
        ("ok but I also want an apology", "but I also want an apology"),
    ],
)
def test_a_second_yes_or_thanks_is_no_words_for_the_handler(text: str, rest: str) -> None:
    assert acceptance_words(text) == rest


@pytest.mark.parametrize(
    ("words", "assent"),
    [("能接受", True), ("没问题 谢谢", True), ("all good then", True), ("周末不在家", False)],
)
def test_only_assent(words: str, assent: bool) -> None:
    assert only_assent(words) is assent


def test_remedy_kinds_tell_a_refund_from_a_replacement() -> None:
    assert remedy_kinds("还是退钱吧") == {"refund"}
    assert remedy_kinds("给您换一台全新的同型号空调") == {"exchange"}
    assert remedy_kinds("I'd rather have a refund") == {"refund"}


@pytest.mark.parametrize(
    ("text", "remark"),
    [
        (
            "not really solved, the parcel never arrived and nobody called me",
            "not really solved, the parcel never arrived and nobody called me",
        ),
        (
            "still not resolved - the money never came back",
            "still not resolved - the money never came back",
        ),
        ("没解决 那个店员还在上班 也没人给我道歉", "没解决 那个店员还在上班 也没人给我道歉"),
        ("not solved", None),
        ("it's still not solved at all", None),
        ("没解决", None),
        ("还是没解决", None),
        ("不满意 根本没解决", None),  # no why: asked for
        ("1 没解决", None),
        ("2 the courier was rude", "the courier was rude"),
        ("5分 还行吧", "还行吧"),  # a short comment with no "not solved" is still one
    ],
)
def test_not_solved_keeps_its_reason_in_both_languages(text: str, remark: str | None) -> None:
    assert survey_remark(text) == remark


@pytest.mark.parametrize(
    "text",
    ["没有了", "没了", "no", "skip", "nothing", "不用了", "好的谢谢", "thanks bye", "That's all."],
)
def test_closing_words(text: str) -> None:
    assert normalise(text) in CLOSING_WORDS


@pytest.mark.parametrize("text", ["没有人联系我", "no one called", "不用了吧 我要投诉"])
def test_more_than_closing_words(text: str) -> None:
    assert normalise(text) not in CLOSING_WORDS
