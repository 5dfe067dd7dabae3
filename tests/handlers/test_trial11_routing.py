"""Newcomer trial 11, the readers: no evidence in natural words, 什么 after a negation, and
what counts as a survey answer while a draft is open (the dialogues are in
tests/dialogues/data/trial11_routing.toml)."""

from __future__ import annotations

import pytest

from handlers.evidence_words import says_none
from handlers.survey_aside import survey_answer
from nlp.intent import is_question


@pytest.mark.parametrize(
    "text",
    [
        "no screenshots sorry",
        "no photos",
        "sorry, no receipt",
        "I don't have any pictures, sorry",
        "I have no photos",
        "there's no video",
        "haven't got any evidence",
        "不好意思 没有截图",
        "抱歉，没有照片",
    ],
)
def test_no_evidence_in_natural_words(text: str) -> None:
    assert says_none(text)


@pytest.mark.parametrize(
    "text", ["no they broke it in the store", "no idea why the kettle broke", "no refund was given"]
)
def test_a_story_opening_with_no_is_not_none(text: str) -> None:
    assert not says_none(text)


@pytest.mark.parametrize(
    "text", ["这个月话费多扣了58块 我从来没开过什么视频会员", "没什么用", "这不是什么大事"]
)
def test_what_after_a_negation_asks_nothing(text: str) -> None:
    assert not is_question(text)


@pytest.mark.parametrize(
    "text", ["视频可以吗", "有没有什么办法", "能不能告诉我什么时候到", "不知道什么时候能到"]
)
def test_questions_stay_questions(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize(
    ("text", "score", "solved"),
    [
        ("5", 5, True),
        ("4分", 4, True),
        ("1 太差了", 1, True),
        ("不满意 钱退了 但刮痕没人管", 1, True),
        ("非常满意", 5, True),
        ("very satisfied, thanks", 5, True),
        ("没解决 刮痕还在", 1, False),
    ],
)
def test_survey_answers(text: str, score: int, solved: bool) -> None:
    found = survey_answer(text)
    assert found is not None and found[:2] == (score, solved)


@pytest.mark.parametrize(
    "text", ["昨天下午", "你们店员在我车里抽烟", "我对你们店员的态度很不满意", "3号送到的"]
)
def test_draft_answers_are_no_survey_answers(text: str) -> None:
    assert survey_answer(text) is None
