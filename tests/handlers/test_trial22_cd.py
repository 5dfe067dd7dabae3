"""Trial 22 (helper cd): short Western given names that pinyin could spell ("Mike" is
mi-ke, "Dan" one syllable), said bare at the place question with no name known yet, are the
name, not the place (handlers/answer_person.py:person_not_place)."""

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


@pytest.mark.parametrize(
    "words",
    ["Mike", "Dan", "Lin", "Jen", "Sam", "Anna", "Linda", "Kevin", "Mike.", "Dan Brown", "Wang"],
)
def test_cd_a_given_name_pinyin_could_spell_is_no_place(words: str) -> None:
    assert person_not_place(words, extract_fields(words, NOW))


@pytest.mark.parametrize(
    "words",
    # guards: places said in pinyin (two syllables or more), known cities and brands
    ["Xidan", "Wangjing", "Sanlitun", "Haidian", "Chaoyang", "Dongcheng", "Nanjing", "Hilton"],
)
def test_cd_a_pinyin_place_stays_a_place(words: str) -> None:
    assert not person_not_place(words, extract_fields(words, NOW))
