"""Newcomer trial 21 (helper ba): English customers' words put in the wrong field.

1. A company's name read as the customer's name: "China Mobile charged me…" gave Name:
   "China" (the label "Mobile" of "China Mobile" was read as "mobile", a contact label).
   Capitalised words of a company, brand or place name are never a person's name.
2. English wishes taken from the story: "it had a major repair in 2024", "they said I could
   cancel … for a full refund" are told, not asked for; what follows "I want / I'd like /
   please / I expect / I demand" is asked for, also when no remedy word names it ("the full
   4800 back", "a written explanation", "take the car back").
3. A statement of want holding a wh-word ("…to fix how triage works") was read as a question.
4. Whether one may complain without giving a name is the anonymity question.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.intent import asking_clauses, is_question, read_cues

NOW = datetime(2026, 12, 1, 12)


@pytest.fixture(scope="module", autouse=True)
def _tokenizer() -> None:
    tokenizer.load()


# 1. company names are no person's name
@pytest.mark.parametrize(
    "text",
    [
        "China Mobile charged me 12,800 yuan roaming fees for a trip I never took",
        "China Mobile overcharged me 300 yuan last month",
        "China Unicom Mobile plan was changed without asking me",
        "Air China Mobile check-in failed and I missed my flight",
        "Bank of China Mobile banking app froze my savings",
        "China Southern Mobile app sold me a ticket for a cancelled flight",
        "Walmart Mobile app double charged my card",
    ],
)
def test_a_company_name_is_no_customer_name(text: str) -> None:
    assert extract_fields(text, NOW).name is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # guards: a name before a contact label or a contact is still read
        ("Tom Chen, phone 13812345678", "Tom Chen"),
        ("Mary O'Brien, mobile 13912345678", "Mary O'Brien"),
        ("my name is Peter Wang", "Peter Wang"),
    ],
)
def test_a_name_before_a_contact_is_still_read(text: str, name: str) -> None:
    assert extract_fields(text, NOW).name == name


# 2. English wishes are what the customer asks for, not the story's nouns
@pytest.mark.parametrize(
    "text",
    [
        "I bought a used BMW from your Chaoyang dealership, it had a major repair in 2024.",
        "they said I could cancel within 7 days for a full refund",
        "the shop promised a replacement but nothing came",
        "we were told they would compensate us for the delay",
        "the car got a repair last year and now the engine is making noise",
    ],
)
def test_remedy_words_told_in_the_story_are_no_wish(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()


@pytest.mark.parametrize(
    ("text", "kinds", "words"),
    [
        (
            "I want them to take the car back and refund me, or at least compensate 30k",
            ("refund", "compensation"),
            ("take the car back", "compensate 30k"),
        ),
        ("I want the full 4800 back", ("refund",), ("the full 4800 back",)),
        ("I'd like my deposit back please", ("refund",), ("deposit back",)),
        (
            "I'd like it refunded and a written explanation",
            ("refund", "other"),
            ("refunded", "a written explanation"),
        ),
        ("I expect an explanation and an apology", ("other", "apology"), ("explanation",)),
        ("I demand a full refund", ("refund",), ("full refund",)),
        # guards: wishes already read stay as they were
        ("refund please", ("refund",), ("refund",)),
        ("it broke twice, I want a replacement", ("exchange",), ("replacement",)),
        ("I was charged twice, refund the extra 300", ("refund",), ("refund",)),
    ],
)
def test_english_wishes_are_what_is_asked_for(
    text: str, kinds: tuple[str, ...], words: tuple[str, ...]
) -> None:
    remedies = extract_fields(text, NOW).remedies
    assert tuple(k for k, _ in remedies) == kinds
    for word in words:
        assert any(word in said for _, said in remedies), (word, remedies)


# 3. a statement of want is no question
@pytest.mark.parametrize(
    "text",
    [
        "I want an apology from that nurse and the hospital to fix how triage works",
        "I'd like you to change how refunds are handled",
        "we expect the manager to review what happened at the desk",
        "please fix how the app charges for delivery",
    ],
)
def test_a_wish_with_a_wh_word_is_no_question(text: str) -> None:
    assert not is_question(text)
    assert asking_clauses(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # guards: real questions still ask
        "how do I get a refund?",
        "I want to know how long the refund takes",
        "what is your refund policy",
    ],
)
def test_questions_still_ask(text: str) -> None:
    assert is_question(text)


# 4. complaining without a name asks about anonymity
@pytest.mark.parametrize(
    "text",
    [
        "can I complain without giving my name?",
        "can I do this without my name?",
        "do I have to give my name?",
        "do I need to give you my name?",
        "不留名字可以投诉吗",
        "不留姓名能投诉吗",
        "can I stay anonymous?",  # guard: answered so before
        "可以匿名投诉吗",  # guard
    ],
)
def test_complaining_without_a_name_asks_about_anonymity(text: str) -> None:
    assert "privacy" in [q.topic for q in read_cues(text).questions]
