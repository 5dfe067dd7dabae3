"""What newcomer trial 8 found in reading one message: how long a state has lasted dates it,
chat abbreviations of time units, a Latin multiplier ends its word, and exclamations shaped
like questions ask nothing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from nlp.extract import extract_fields
from nlp.intent import is_question

NOW = datetime(2026, 12, 1, 10, 0)


@pytest.mark.parametrize(
    ("text", "day", "words"),
    [
        ("电梯坏了半个月没人修", "2026-11-16", "半个月前"),
        ("空调坏了三天了", "2026-11-28", "三天前"),
        ("坏了两个多月了", "2026-10-01", "两个多月前"),
        ("等了两周了", "2026-11-17", "两周前"),
        ("半个月前买的", "2026-11-16", "半个月前"),  # as before
        # how late something is, how old a product is, or a deadline: no time it happened
        ("十天了还没到", None, None),
        ("两个月没回复", None, None),
        ("用了一年了", None, None),
        ("用了三天就坏了", None, None),
        ("三天内给答复", None, None),
    ],
)
def test_lasting_state_dates_its_start(text: str, day: str | None, words: str | None) -> None:
    found = extract_fields(text, NOW)
    assert (found.occurred_at.date().isoformat() if found.occurred_at else None) == day
    assert found.occurred_text == words


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("ordered 2wks ago", "2026-11-17"),
        ("it came 3 hrs ago", "2026-12-01"),
        ("last wk", "2026-11-23"),
        ("5 mos ago", "2026-07-01"),
        ("two weeks ago", "2026-11-17"),
    ],
)
def test_english_abbreviated_units(text: str, day: str) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None and found.occurred_at.date().isoformat() == day


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("ordered 2wks ago", ()),
        ("跑了3km", ()),
        ("赔我2w", (Decimal(20000),)),
        ("2W块", (Decimal(20000),)),
    ],
)
def test_latin_multiplier_ends_its_word(text: str, amounts: tuple[Decimal, ...]) -> None:
    assert extract_fields(text, NOW).amounts == amounts


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("快递小哥直接扔门口的 啥玩意儿", False),
        ("什么破手机 用两天就坏", False),
        ("你们是干什么吃的", False),
        ("搞什么鬼", False),
        ("啥时候到", True),
        ("这是什么", True),
        ("你们卖的什么玩意儿?", True),  # the question mark asks all the same
    ],
)
def test_exclamations_are_no_questions(text: str, asks: bool) -> None:
    assert is_question(text) is asks


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("I bought it at your shop on main st yesterday", "main st"),
        ("the parcel was left at 12 king st", "12 king st"),
        ("the shop on Main Street", "Main Street"),  # as before
        ("it broke on the st", None),
        ("I live in a big street", None),
    ],
)
def test_lower_case_streets(text: str, place: str | None) -> None:
    assert extract_fields(text, NOW).place == place
