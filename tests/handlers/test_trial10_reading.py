"""Newcomer trial 10, the handlers' readers alone: a short clause of the story at the time
question, a story line that names a product at the object question, the name begun again
at another question, and a sum corrected inside a wish."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from handlers.answer_words import leftover, short_story_line
from handlers.corrections import _corrected_sum
from handlers.draft import Draft
from handlers.fields import FieldName
from nlp import tokenizer
from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _loaded() -> Iterator[None]:
    tokenizer.load()  # a clause is told by its verbs and adjectives
    yield


@pytest.mark.parametrize(
    ("words", "story"),
    [
        ("我不吃辣啊", True),
        ("太难吃了", True),
        ("汤都洒了", True),
        ("and it was 1 hour late", True),
        ("the rider never called", True),
        # Not knowing when, a time, a question: the time question's own answers
        ("不记得了", False),
        ("忘了", False),
        ("记不清了", False),
        ("不太清楚", False),
        ("大概是上周吧", False),
        ("不知道", False),
        ("没有", False),
        ("我也不确定", False),
        ("not sure", False),
        ("I don't remember", False),
        ("你们能查到吗", False),
        ("好的", False),
    ],
)
def test_a_short_clause_of_the_story(words: str, story: bool) -> None:
    assert short_story_line(words) is story


def test_a_name_begun_again_leaves_no_wish() -> None:
    text = "我叫刘 刘洋"
    assert leftover(text, extract_fields(text, NOW), FieldName.REMEDY) == ""


def _draft(*remedies: tuple[str, str]) -> Draft:
    draft = Draft()
    draft.set_remedies(list(remedies))
    return draft


def test_a_sum_said_as_a_correction_corrects_the_wish() -> None:
    draft = _draft(("refund", "退我280"))
    assert _corrected_sum(draft, extract_fields("哦 不对 是300块", NOW))
    assert draft.remedy_list() == [("refund", "退我300")]


@pytest.mark.parametrize(
    ("remedies", "said"),
    [
        ((("refund", "退款"),), "不对 是300块"),  # no sum in the wish to correct
        ((("refund", "退我280"), ("compensation", "赔偿100")), "不对 是300块"),  # which one?
        ((("refund", "退我280"),), "不对 是280块"),  # the same sum
        ((("refund", "退我280"),), "不对 是前天 300块"),  # a time corrected with it
    ],
)
def test_a_sum_corrects_only_one_sum_it_can_name(
    remedies: tuple[tuple[str, str], ...], said: str
) -> None:
    draft = _draft(*remedies)
    assert not _corrected_sum(draft, extract_fields(said, NOW))
    assert draft.remedy_list() == list(remedies)


@pytest.mark.parametrize("words", ["不晓得", "很久以前", "好久了", "a long time ago"])
def test_a_vague_when_is_no_story(words: str) -> None:
    assert not short_story_line(words)
