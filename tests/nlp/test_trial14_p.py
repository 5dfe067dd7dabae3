"""Newcomer trial 14 (helper P): wishes said as questions, read by their shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlp.extract import extract_fields
from nlp.intent import read_cues

NOW = datetime(2025, 11, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("能赔偿吗", ("compensation", "赔偿")),
        ("可以退款不", ("refund", "退款")),
        ("能不能赔偿", ("compensation", "赔偿")),
        ("可不可以退款", ("refund", "退款")),
        ("退款可以吗", ("refund", "退款")),
        ("能退吗", ("refund", "退")),
        ("can I get compensation for this?", ("compensation", "compensation")),
        ("could you refund me?", ("refund", "refund")),
    ],
)
def test_a_wish_asked_as_a_question_is_the_wish(text: str, wanted: tuple[str, str]) -> None:
    assert extract_fields(text, NOW).remedies[0] == wanted


@pytest.mark.parametrize("text", ["他们不能退款", "没有退款", "已经退了吗", "不给退吗"])
def test_what_was_not_done_is_still_no_wish(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()


def test_a_request_folded_into_a_question_is_kept_as_a_request() -> None:
    cues = read_cues("能赔偿吗 多久能到")
    assert cues.rest == "" and [q.topic for q in cues.questions] == ["handling_time"]
    assert cues.requests == ("能赔偿吗",)
    assert read_cues("退款政策是什么 多久到账").requests == ()
