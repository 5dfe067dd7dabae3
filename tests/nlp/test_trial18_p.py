"""Newcomer trial 18 (helper p): wishes given up, fees wanted as well, sums after 全额,
things of value in English, and typed variants of the wish words."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from tests.conftest import TZ

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "kept", "refused"),
    [
        ("算了 还是换一箱新的吧 退款太麻烦", ["exchange"], "refund"),
        ("退货太折腾了 给我换个新的", ["exchange"], "refund"),
        ("维修好麻烦 直接退款吧", ["refund"], "repair"),
    ],
)
def test_a_wish_given_up_as_too_much_bother_is_refused(
    text: str, kept: list[str], refused: str
) -> None:
    found = extract_fields(text, NOW)
    assert [key for key, _ in found.remedies] == kept
    assert refused in found.remedies_refused


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("我要赔偿 全额3200", "全额3200"),
        ("我要赔偆 全额3200", "全额3200"),
        ("退款 一共9000块", "一共9000块"),
    ],
)
def test_a_sum_after_how_much_stays_with_the_wish(text: str, wording: str) -> None:
    found = extract_fields(text, NOW)
    assert found.remedies and wording in found.remedies[0][1]


def test_a_typed_赔偆_is_a_wish_of_compensation() -> None:
    assert extract_fields("我要赔偆", NOW).remedy == "compensation"


@pytest.mark.parametrize(
    ("text", "fee"),
    [("要全额退款 还有检测费也要退", "检测费"), ("退货 另外运费也得赔", "运费")],
)
def test_a_fee_wanted_as_well_is_kept_beside_the_wish(text: str, fee: str) -> None:
    found = extract_fields(text, NOW)
    assert any(fee in wording for _, wording in found.remedies)


def test_道个歉_is_an_apology() -> None:
    found = extract_fields("不要退款了 给我道个歉就行", NOW)
    assert found.remedy == "apology"
    assert "refund" in found.remedies_refused


@pytest.mark.parametrize(
    "text",
    [
        "actually no, forget the refund, I just want an apology and points to my member account",
        "an apology and some bonus points please",
        "I want an apology and loyalty points",
    ],
)
def test_an_apology_and_something_of_value_keeps_both(text: str) -> None:
    keys = [key for key, _ in extract_fields(text, NOW).remedies]
    assert keys == ["apology", "compensation"]


def test_points_said_otherwise_are_no_wish() -> None:
    assert not extract_fields("the manager points out that the room was fine", NOW).remedies
