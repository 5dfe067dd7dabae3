"""Newcomer trial 15 (helper Y): written Cantonese and traditional characters read as
Mandarin by the readers, numbers abroad without their country code, English wishes and
"none" in the customer's words, thanks that are no name."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.evidence_words import says_none
from handlers.words import NONE_WORDS, normalise
from nlp.extract import extract_fields
from nlp.extract_refs import find_local_number
from nlp.extract_remedy import find_remedies
from nlp.extract_text import normalise as fold
from nlp.intent import bare_reply
from nlp.time_precision import refines

NOW = datetime.fromisoformat("2026-11-22T15:00:00+08:00")


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("係前日嘅事", "是前天的事"),
        ("我要佢哋免費整返好", "我要他们免费修理好"),
        ("冇相", "没相"),
        ("沒有", "没有"),
        ("沒關係", "没关系"),  # 係 inside 關係 stays 系
        ("提前日期", "提前日期"),  # no day before yesterday in it
        ("唔，好吧", "唔,好吧"),  # 唔 alone is the Mandarin "hmm"
    ],
)
def test_cantonese_and_traditional_are_read_as_mandarin(said: str, read: str) -> None:
    assert fold(said) == read
    assert len(fold(said)) == len(said)  # spans still cut the customer's own words


def test_none_words_are_compared_folded() -> None:
    assert normalise("沒有！") in NONE_WORDS
    assert normalise("冇嘢") in NONE_WORDS
    assert all(normalise(word) == word for word in NONE_WORDS)


def test_cantonese_facts_are_read_and_kept_as_written() -> None:
    when = extract_fields("係前日嘅事", NOW)
    assert when.occurred_at is not None and when.occurred_at.day == 20
    wish = extract_fields("我要佢哋免費整返好", NOW)
    assert [key for key, _ in wish.remedies] == ["repair"]
    assert all(word in "我要佢哋免費整返好" for _, word in wish.remedies)


@pytest.mark.parametrize("said", ["冇相", "沒有", "没有照片", "冇嘢"])
def test_cantonese_and_traditional_none_at_the_evidence_question(said: str) -> None:
    assert says_none(said)


@pytest.mark.parametrize(
    ("said", "number"),
    [
        ("James Whitfield, 07700 900123", "07700 900123"),
        ("林小姐 0912345678", "0912345678"),
    ],
)
def test_numbers_abroad_without_their_code_are_seen_not_kept(said: str, number: str) -> None:
    found = extract_fields(said, NOW)
    assert found.phone is None
    assert found.local_phone == number
    assert found.order_no is None and not found.amounts


def test_mainland_numbers_are_no_local_numbers_abroad() -> None:
    assert extract_fields("010-64001234", NOW).local_phone is None
    assert extract_fields("13812345678", NOW).phone == "13812345678"
    assert extract_fields("+44 7700 900123", NOW).local_phone is None
    # eight digits only at the contact question: elsewhere they may be a sum or an order
    assert find_local_number("9123 4567")[0] is None
    assert find_local_number("9123 4567", bare_eight=True)[0] == "9123 4567"


def test_a_remedy_word_after_a_word_of_time_is_the_story() -> None:
    assert find_remedies("phone screen cracked again after ur repair") == []
    assert [r.key for r in find_remedies("broke since the replacement, i want a refund")] == [
        "refund"
    ]
    assert [r.key for r in find_remedies("please repair it")] == ["repair"]


@pytest.mark.parametrize(
    "said",
    ["No, I'm afraid I don't have anything to hand.", "afraid not any photos", "none sorry"],
)
def test_english_none_with_i_am_afraid(said: str) -> None:
    assert says_none(said)


@pytest.mark.parametrize("said", ["Cheers", "cheers!", "Many thanks", "Bye", "谢谢"])
def test_thanks_and_sign_offs_are_bare_replies(said: str) -> None:
    assert bare_reply(said)


@pytest.mark.parametrize("said", ["the 3rd of November", "3rd Nov", "November 3rd"])
def test_english_ordinal_dates_refine_this_month(said: str) -> None:
    found = extract_fields(f"It was the Sanlitun branch, on {said}.", NOW)
    assert found.occurred_at is not None and (found.occurred_at.month, found.occurred_at.day) == (
        11,
        3,
    )
    this_month = extract_fields("charged twice this month", NOW)
    assert this_month.occurred_at and this_month.occurred_text
    later = found.occurred_text or ""
    assert refines(this_month.occurred_text, this_month.occurred_at, later, found.occurred_at)
