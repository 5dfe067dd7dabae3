"""An English full stop ends a sentence (newcomer trial 16: "…, just the money. when will I
get it?" was one clause, so "just the money" went with the answered question and the agent
never saw it)."""

from __future__ import annotations

from nlp.intent import read_cues


def test_the_words_before_an_english_question_stay_with_the_message() -> None:
    cues = read_cues(
        "hmm, the refund is ok but I don't need a breakfast voucher, just the money. "
        "when will I get it?"
    )
    assert cues.rest.endswith("just the money.")
    assert [q.text for q in cues.questions] == ["when will I get it?"]


def test_a_decimal_is_no_full_stop() -> None:
    assert read_cues("the fee was 3.5 yuan more than agreed").rest == (
        "the fee was 3.5 yuan more than agreed"
    )
