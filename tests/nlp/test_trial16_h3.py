"""Newcomer trial 16 (helper H3): embedded wh-clauses, hedged questions, none for now."""

from __future__ import annotations

import pytest

from handlers.evidence_words import says_none
from nlp.extract_remedy import find_remedies
from nlp.intent import asking_clauses, read_cues


@pytest.mark.parametrize(
    "text",
    [
        "I want an apology and somebody to explain what happened",
        "please find out why it broke",
        "I want you to look into how this was allowed",
    ],
)
def test_an_account_asked_for_is_no_question(text: str) -> None:
    assert asking_clauses(text) == []


def test_a_real_question_still_asks() -> None:
    assert asking_clauses("what happened to my refund?")


@pytest.mark.parametrize(
    "text",
    ["can I even complain about a hospital here?", "can I actually complain about this?"],
)
def test_a_hedged_scope_question_is_the_scope_question(text: str) -> None:
    assert [q.topic for q in read_cues(text).questions] == ["scope"]


@pytest.mark.parametrize(
    "text", ["not right now", "not yet", "not at the moment", "maybe later", "not now, sorry"]
)
def test_none_for_now_in_english(text: str) -> None:
    assert says_none(text)


def test_an_explanation_is_a_wish() -> None:
    keys = [r.key for r in find_remedies("I want an apology and somebody to explain what happened")]
    assert keys == ["apology", "other"]
