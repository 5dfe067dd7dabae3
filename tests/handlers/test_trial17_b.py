"""Newcomer trial 17 (helper B): laughter and fillers are no answers, a customer with no
remedy in mind yet, and the value said beside a money wish."""

from __future__ import annotations

import pytest

from handlers.answer_words import only_filler


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
