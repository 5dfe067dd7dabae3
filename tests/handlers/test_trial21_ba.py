"""Newcomer trial 21 (helper ba): a bare name said at the place question, the name not yet
given, is who the customer is, not where it happened (handlers/answer_person.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.answer_person import person_not_place
from nlp import tokenizer
from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 12)


@pytest.fixture(scope="module", autouse=True)
def _tokenizer() -> None:
    tokenizer.load()


@pytest.mark.parametrize("words", ["Peter", "Jack Smith", "Lucy", "David Brown", "王建国"])
def test_a_person_is_no_place(words: str) -> None:
    assert person_not_place(words, extract_fields(words, NOW))


@pytest.mark.parametrize(
    "words",
    # guards: pinyin districts, known brands and cities, place words stay places
    [
        "Sanlitun",
        "Wangjing",
        "Chaoyang",
        "Hilton",
        "Shanghai",
        "Walmart store",
        "朝阳大悦城",
        "online",
    ],
)
def test_a_place_stays_a_place(words: str) -> None:
    assert not person_not_place(words, extract_fields(words, NOW))
