"""Newcomer trial 14 (helper P): a place in Latin letters is no person's name; a clause
of the story is no object."""

from __future__ import annotations

import pytest

from handlers.answer_fields import names_something
from handlers.answer_person import name_piece
from handlers.answer_words import name_shaped, short_story_line
from nlp import tokenizer


@pytest.mark.parametrize("text", ["Wangjing", "Wangjing Beijing", "Chaoyang District", "Sanlitun"])
def test_a_district_or_city_is_no_name(text: str) -> None:
    assert not name_piece(text) and not name_shaped(text)


@pytest.mark.parametrize("text", ["Mike Chen", "Anna Müller", "José García", "Łukasz Nowak"])
def test_a_latin_name_with_accents_is_a_name(text: str) -> None:
    assert name_piece(text) and name_shaped(text)


@pytest.mark.parametrize("text", ["合同上写的清清楚楚", "发票上写得很清楚", "说明书上写着可以退"])
def test_a_verb_with_its_complement_is_story_not_an_object(text: str) -> None:
    tokenizer.load()
    assert short_story_line(text) and not names_something(text)


@pytest.mark.parametrize("text", ["朝阳店买的空调", "黄焖鸡", "门口的快递柜"])
def test_a_thing_with_a_clause_before_it_still_names_something(text: str) -> None:
    tokenizer.load()
    assert names_something(text)
