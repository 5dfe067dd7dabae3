"""Newcomer trial 22 (helper ch): nothing accepted is lost. A question of another matter
asked right after one the policy answers is kept apart (`Question.more`), so a person hears
it; a name said with words around it is read."""

from __future__ import annotations

import pytest

from nlp.intent import read_cues


@pytest.mark.parametrize(
    ("text", "more"),
    [
        ("那要多久啊 下个月还会扣吗", "下个月还会扣吗"),
        ("那要多久啊，下个月还会扣吗", "下个月还会扣吗"),
        ("多久能处理完？会不会影响我的征信", "会不会影响我的征信"),
        ("要多久 可以快点吗", "可以快点吗"),
    ],
)
def test_ch_question_of_another_matter_is_kept_apart(text: str, more: str) -> None:
    (question,) = read_cues(text).questions
    assert question.topic == "handling_time"
    assert question.more == more
    assert more in question.text  # still part of what was asked


@pytest.mark.parametrize(
    "text",
    [
        "为什么要我电话 你们不是有我信息吗",  # presses the question before: no matter of its own
        "要多久啊 难道还要等一个月吗",
        "那要多久啊",
    ],
)
def test_ch_pressing_or_single_question_has_nothing_more(text: str) -> None:
    assert all(not q.more for q in read_cues(text).questions)
