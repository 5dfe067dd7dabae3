"""Trial 22 (helper cd): English customers' words read wrongly: an event noun ("a major
repair in 2024") taken for the thing complained about, English times of day or of the
week not read, and the personal-safety severity rules read in English as in Chinese."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.features import normalise
from nlp.intent import is_question
from nlp.severity_rules import urgent_reasons

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


# --- 5. personal safety in English is urgent by the same triggers -----------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "the gas heater in the hotel room leaked, my kid got dizzy and we went to hospital",
            "人身安全",
        ),
        ("the brakes failed after your repair, I nearly crashed", "行车安全"),
        ("there was broken glass in the baby food", "食品安全"),
        ("found a cockroach in my soup", "食品安全"),
        ("we ate at your restaurant last night and the whole family has diarrhea", "食品安全"),
        ("after eating the takeaway I threw up all night", "食品安全"),
        ("my son was taken to hospital", "人身安全"),
        ("the hair dryer caught fire in my hand", "人身安全"),
        ("the power bank exploded while charging", "人身安全"),
        ("got an electric shock from the washing machine", "人身安全"),
        ("the waiter burned my hand with hot soup", "人身安全"),
        ("the steering wheel locked on the highway", "行车安全"),
        ("the engine died while driving on the highway", "行车安全"),
        ("my tyre blew out one day after you fitted it", "行车安全"),
        ("the airbag did not deploy", "行车安全"),
    ],
)
def test_cd_english_safety_is_urgent(text: str, label: str) -> None:
    reasons = urgent_reasons(normalise(text))
    assert any(f"紧急({label})" in reason for reason in reasons), reasons


@pytest.mark.parametrize(
    "text",
    # guards: no trigger in its situation (no food beside it, negated), and money stays with
    # the money rules (an English charge is no disputed sum they read)
    [
        "China Mobile charged me ¥12,800 roaming fees for a trip I never took",
        "the glass on my phone screen is cracked",
        "the hotel room was dirty and there was hair in the bathroom",
        "found a cockroach in the hotel room",
        "nobody got hurt but the service was terrible",
        "the kettle didn't catch fire but it smells",
        "I want a refund for the broken glass vase",
        "the gas bill is wrong, you charged me twice",
        "the battery drains fast and I can't use it",
        "the delivery was late and the food was cold",
    ],
)
def test_cd_close_english_complaints_are_not_urgent(text: str) -> None:
    assert urgent_reasons(normalise(text)) == []


def test_cd_a_chinese_trigger_still_names_its_rule_once() -> None:
    reasons = urgent_reasons(normalise("燃气泄漏了 孩子送医 the gas leaked"))
    assert reasons == ["关键词: 燃气泄漏 → 紧急(人身安全)"]
