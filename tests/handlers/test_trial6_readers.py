"""Pure readers behind trial 6's routing fixes: a yes or no sharing a clause with a question."""

from __future__ import annotations

import pytest

from handlers.followup import acceptance_words, opening_decision


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("可以吧 但是啥时候送新的来 周末我不在家", "accept"),
        ("行 那多久到账？", "accept"),
        ("好的，什么时候上门？", "accept"),
        ("ok, when will it arrive?", "accept"),
        ("不行，凭什么只给50", "refuse"),
        ("不要 什么时候能全额退？", "refuse"),
    ],
)
def test_a_yes_or_no_opening_the_message_is_read(text: str, verdict: str) -> None:
    assert opening_decision(text) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "什么时候可以到账？",  # 可以 belongs to the question
        "可以到账吗",
        "好久了什么时候送来",  # 好 is part of 好久
        "行吗？",
        "不要紧，什么时候送",
        "多久到账",
    ],
)
def test_a_cue_inside_a_question_decides_nothing(text: str) -> None:
    assert opening_decision(text) is None


def test_the_words_after_a_yes_keep_the_question_and_the_condition() -> None:
    said = acceptance_words("可以吧 但是啥时候送新的来 周末我不在家")
    assert said == "但是啥时候送新的来 周末我不在家"
