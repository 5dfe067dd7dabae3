"""Newcomer trial 17 (helper B): laughter and fillers are no answers, a customer with no
remedy in mind yet, and the value said beside a money wish."""

from __future__ import annotations

import pytest

from handlers.answer_wishes import undecided_wish
from handlers.answer_words import only_filler, without_fillers


@pytest.mark.parametrize(
    "words",
    [
        "haha",
        "Hahaha!",
        "哈哈",
        "哈哈哈哈哈",
        "呵呵",
        "hhh",
        "lol",
        "LOL 😂",
        "emmm",
        "额",
        "嗯…",
        "嗯嗯",
        "ok",
        "OK~",
        "hmm",
        "呃 哈哈",
        "哦哦",
        "umm",
        "hehe",
        "好吧",
        "嘿嘿",
    ],
)
def test_laughter_and_fillers_alone_are_fillers(words: str) -> None:
    assert only_filler(words)


@pytest.mark.parametrize(
    "words",
    [
        "何",
        "哈",
        "哈尔滨",
        "哈密",
        "Hahn",
        "Emma",
        "Tom",
        "好市多",
        "Okada",
        "13511112222",
        "退款",
        "haha 北京",
        "😂",
        "",
        "没有",
        "不记得了",
        "ok 13511112222",
        "ha noi",
    ],
)
def test_answers_and_other_words_are_not(words: str) -> None:
    assert not only_filler(words)


@pytest.mark.parametrize(
    "words",
    [
        "先不用",
        "暂时不需要",
        "现在还不知道",
        "没想好",
        "还没想好呢",
        "我也不知道要什么",
        "你们看着办吧",
        "没什么要求",
        "先不用了",
        "not right now",
        "Not right now, thanks",
        "not sure yet",
        "I don't know yet",
        "up to you",
        "haven't decided yet",
    ],
)
def test_no_remedy_in_mind_yet(words: str) -> None:
    assert undecided_wish(words)


@pytest.mark.parametrize(
    "words",
    # A bare none-word is no answer (tests/handlers/test_remedies.py: the options again);
    # a wish turned down is a refusal of that wish; a sentence is story or a wish.
    [
        "暂无",
        "不用",
        "没有",
        "no",
        "退款",
        "先不要退款",
        "不用道歉",
        "我不知道你们为什么这样",
        "what do you mean",
        "refund",
    ],
)
def test_wishes_none_words_and_story_are_not(words: str) -> None:
    assert not undecided_wish(words)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("呵呵 刘", "刘"),
        ("ok, 13511112222", "13511112222"),
        ("哈哈 哈尔滨", "哈尔滨"),
        ("haha. Tom Becker lol", "Tom Becker"),
        ("北京 哈哈哈", "北京"),
        # laughter inside the words, or nothing else said, is left as it is
        ("我在哈尔滨哈哈", "我在哈尔滨哈哈"),
        ("哈哈", "哈哈"),
        ("退款，道歉", "退款，道歉"),
    ],
)
def test_laughter_beside_an_answer_is_left_out(text: str, kept: str) -> None:
    assert without_fillers(text) == kept


def test_marks_stay_when_no_filler_is_beside_the_answer() -> None:
    assert without_fillers("你们总部在哪里啊？") == "你们总部在哪里啊？"
    assert without_fillers("呵呵，你们总部在哪里啊？") == "你们总部在哪里啊？"
