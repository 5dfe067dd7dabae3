"""Newcomer trial 17 (helper B): a value or sum said beside a money wish stays with it."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.extract_remedy import value_or_sum
from tests.support import TZ

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "remedies"),
    [
        ("要求赔偿 东西价值800多", (("compensation", "赔偿（东西价值800多）"),)),
        ("赔我钱，那个包两千块买的", (("compensation", "赔我钱（那个包两千块买的）"),)),
        ("那个包两千块买的，赔我钱", (("compensation", "赔我钱（那个包两千块买的）"),)),
        ("退款，我花了1k买的", (("refund", "退款（我花了1k买的）"),)),
        (
            "I want compensation, it cost me $120",
            (("compensation", "compensation (it cost me $120)"),),
        ),
        (
            "refund please, I paid 45 dollars for it",
            (("refund", "refund (I paid 45 dollars for it)"),),
        ),
        # the sum asked for, said roughly or with a decimal point, stays in the wording
        ("赔偿1.2万", (("compensation", "赔偿1.2万"),)),
        ("赔偿 两千左右", (("compensation", "赔偿 两千左右"),)),
        ("退钱 800多块", (("refund", "退钱 800多块"),)),
        # the value goes with the money wish, not with another one
        ("道歉，再赔偿，原价2999元", (("apology", "道歉"), ("compensation", "赔偿（原价2999元）"))),
    ],
)
def test_a_value_beside_a_money_wish_is_kept_with_it(
    text: str, remedies: tuple[tuple[str, str], ...]
) -> None:
    assert extract_fields(text, NOW).remedies == remedies


@pytest.mark.parametrize(
    ("text", "remedies"),
    [
        # no money wish: the value is no part of the wish
        ("换货，那个包两千块买的", (("exchange", "换货"),)),
        # a time is no value; the story is not read as one
        ("要求退款和道歉，东西是上周买的", (("refund", "退款"), ("apology", "道歉"))),
        ("我花了很多钱买的包坏了，要求赔偿", (("compensation", "赔偿"),)),
    ],
)
def test_other_words_are_not_taken_as_a_value(
    text: str, remedies: tuple[tuple[str, str], ...]
) -> None:
    assert extract_fields(text, NOW).remedies == remedies


@pytest.mark.parametrize(
    ("words", "verdict"),
    [
        ("东西价值800多", True),
        ("两千块买的", True),
        ("it cost me $120", True),
        ("800多", True),
        ("两千左右", True),
        ("1.2万", True),
        ("1k", True),
        ("$120", True),
        ("800", False),  # a bare number says not what it is
        ("何", False),
        ("上周买的", False),
        ("11月1号买的", False),
        ("一共三个", False),
        ("花了很多钱", False),
        ("13511112222", False),
    ],
)
def test_a_value_or_sum_said_alone(words: str, verdict: bool) -> None:
    assert value_or_sum(words) is verdict


# A weekday or a date said with 买的 is no value (the trials' merge: "上个礼拜四买的" at the
# summary became the refund's value "退款（上个礼拜四买的）").
@pytest.mark.parametrize(
    "words", ["上个礼拜四买的", "上周四买的", "周4买的", "礼拜三买的", "四月买的"]
)
def test_a_day_bought_is_no_value(words: str) -> None:
    assert not value_or_sum(words)


@pytest.mark.parametrize("words", ["三百买的", "五十块买的", "东西价值八百", "两千块买的"])
def test_chinese_sums_with_a_unit_or_magnitude_are_values(words: str) -> None:
    assert value_or_sum(words)
