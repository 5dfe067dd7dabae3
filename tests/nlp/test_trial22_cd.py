"""Trial 22 (helper cd): English customers' words read wrongly: an event noun ("a major
repair in 2024") taken for the thing complained about, English times of day or of the
week not read, and the personal-safety severity rules read in English as in Chinese."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.intent import is_question

NOW = datetime(2026, 12, 1, 12)


@pytest.fixture(scope="module", autouse=True)
def _tokenizer() -> None:
    tokenizer.load()


# --- 1. an event noun is no object ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "product", "store"),
    [
        (
            "I bought a used BMW from your Chaoyang dealership last month, it had a major "
            "repair in 2024.",
            "BMW",
            "Chaoyang dealership",
        ),
        (
            "i bought a used bmw from your chaoyang dealership last month it had a major "
            "repair in 2024 the engine died yesterday",
            "bmw",
            None,
        ),
        ("I bought a pre-owned Tesla from you, it had two major repairs in 2024", "Tesla", None),
        ("bought a second-hand Audi at your dealership, had a repair in 2023", "Audi", None),
        (
            "it had a major repair in 2024 which they never told me about, your Chaoyang "
            "dealership lied",
            None,
            "Chaoyang dealership",
        ),
        ("your repair was terrible, the laptop still overheats", "laptop", None),
        ("the repair took 3 weeks and the phone still doesn't work", "phone", None),
        ("the delivery was late and the fridge arrived dented", "fridge", None),
    ],
)
def test_cd_an_event_noun_is_no_object(text: str, product: str | None, store: str | None) -> None:
    found = extract_fields(text, NOW)
    assert found.product == product
    if store:
        assert found.store == store


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # guards: the product named stays; an event complained about alone stays the object
        ("my car had a major repair in 2024 and now it broke down again", "car"),
        ("the phone had a major repair in 2024 and the screen is broken again", "phone"),
        ("your delivery was 3 hours late", "delivery"),
        ("the repair took 3 weeks and it still doesn't work", "repair"),
        ("I bought a new coffee machine 3 weeks ago and it leaks", "coffee machine"),
        ("my new standing desk wobbles", "standing desk"),
    ],
)
def test_cd_the_thing_named_stays_the_object(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product


# --- 3. English times of day and of the week --------------------------------------------


@pytest.mark.parametrize(
    ("text", "said", "at"),
    [
        (
            "the delivery guy was rude to me late at night",
            "late at night",
            datetime(2026, 11, 30, 23),
        ),
        ("late at night", "late at night", datetime(2026, 11, 30, 23)),
        ("yesterday late at night", "yesterday late at night", datetime(2026, 11, 30, 23)),
        ("late last night", "late last night", datetime(2026, 11, 30, 23)),
        ("early this morning", "early this morning", datetime(2026, 12, 1, 6)),
        (
            "last night around 11 the courier threw my parcel",
            "last night around 11",
            datetime(2026, 11, 30, 23),
        ),
        (
            "last night at about 11 o'clock",
            "last night at about 11 o'clock",
            datetime(2026, 11, 30, 23),
        ),
        ("last night around 2", "last night around 2", datetime(2026, 12, 1, 2)),
        ("this morning around 9", "this morning around 9", datetime(2026, 12, 1, 9)),
        ("over the weekend the room was dirty", "over the weekend", datetime(2026, 11, 28)),
        ("on the weekend", "on the weekend", datetime(2026, 11, 28)),
        ("around midnight", "midnight", datetime(2026, 12, 1)),
    ],
)
def test_cd_english_times_are_read(text: str, said: str, at: datetime) -> None:
    found = extract_fields(text, NOW)
    assert (found.occurred_text, found.occurred_at) == (said, at)


@pytest.mark.parametrize(
    ("text", "said", "at"),
    [
        # guards: a count is no hour, a bare hour with no part of the day is no guess
        ("yesterday around 3 hours after I ordered", "yesterday", datetime(2026, 11, 30)),
        ("last night around 11 people were waiting", "last night", datetime(2026, 11, 30, 20)),
        ("yesterday around 5", "yesterday around 5", datetime(2026, 11, 30)),
        ("last night", "last night", datetime(2026, 11, 30, 20)),
        ("last weekend", "last weekend", datetime(2026, 11, 28)),
        ("yesterday around 11pm", "yesterday around 11pm", datetime(2026, 11, 30, 23)),
    ],
)
def test_cd_close_times_keep_their_reading(text: str, said: str, at: datetime) -> None:
    found = extract_fields(text, NOW)
    assert (found.occurred_text, found.occurred_at) == (said, at)


# --- 4. English yes/no questions without "?" --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "do I need to give you my name",
        "do i have to give my phone number",
        "who sees this",
        "can I stay anonymous",
        "ok so can i stay anonymous",
        "hi, do i need to give my name",
        "Do I need to give my name.",
        "is my name shown to the shop",
        "will the shop know it was me",
        "does it matter when it happened",
    ],
)
def test_cd_a_yes_no_question_without_a_question_mark_asks(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    # guards: statements, names and requests that only begin like one
    [
        "I can stay here",
        "do not call me",
        "Will Smith",
        "Dan",
        "Isabel Li",
        "the waiter was rude to me",
        "it is broken again",
        "I do think they lied",
        "canceled my order and kept the money",
        "Mayer Electronics sold me a broken fan",
    ],
)
def test_cd_statements_opening_alike_do_not_ask(text: str) -> None:
    assert not is_question(text)
