"""Newcomer trial 14 (helper P): a place in Latin letters is no person's name."""

from __future__ import annotations

import pytest

from handlers.answer_person import name_piece
from handlers.answer_words import name_shaped


@pytest.mark.parametrize("text", ["Wangjing", "Wangjing Beijing", "Chaoyang District", "Sanlitun"])
def test_a_district_or_city_is_no_name(text: str) -> None:
    assert not name_piece(text) and not name_shaped(text)


@pytest.mark.parametrize("text", ["Mike Chen", "Anna Müller", "José García", "Łukasz Nowak"])
def test_a_latin_name_with_accents_is_a_name(text: str) -> None:
    assert name_piece(text) and name_shaped(text)
