"""Newcomer trial 22 (helper cm): the place losing the chain or a district, a call taken
as the place, a Hong Kong customer's local number refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.extract_place import find_channel, reports_by_call
from nlp.extract_refs import hong_kong_mobile
from tests.support import TZ

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _dictionary() -> None:
    tokenizer.load()  # as every start does: names are cut by their tags


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a company whose name ends in its trade, its branch written right after it
        ("威尔士健身国贸店", "威尔士健身国贸店"),
        ("在威尔士健身国贸店办的卡 教练态度很差", "威尔士健身国贸店"),
        ("威尔士健身 国贸店", "威尔士健身国贸店"),
        ("我在西贝望京店吃饭吃出头发", "西贝望京店"),
        # guards: a branch named alone, a store with a name of its own
        ("国贸店的教练态度很差", "国贸店"),
        ("在城东洗车店洗的车", "城东洗车店"),
    ],
)
def test_cm_brand_before_branch_is_one_store(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    ("number", "international"),
    [
        ("98765432", "+85298765432"),
        ("5123 4567", "+85251234567"),
        ("7123-4567", "+85271234567"),
        # Hong Kong's mobiles start 4-9, read alike with a Hong Kong hint (trial 24: "6123
        # 4567" was refused); Macau named takes the hint away (extract_refs.hong_kong_hint)
        ("66123456", "+85266123456"),
        ("28123456", None),  # a landline's shape
        ("987654321", None),
    ],
)
def test_cm_hong_kong_mobile(number: str, international: str | None) -> None:
    assert hong_kong_mobile(number) == international


@pytest.mark.parametrize(
    ("words", "reported"),
    [
        ("我有马上打电话挂失", True),
        ("当时就打了银行电话冻结了", True),
        ("打了110报警", True),
        ("电话里说的", False),
        ("打客服电话一直没人接", False),
    ],
)
def test_cm_call_to_report_a_loss(words: str, reported: bool) -> None:
    assert reports_by_call(words) is reported
    assert (find_channel(words) is None) is reported


def test_cm_english_places() -> None:
    assert extract_fields("the hilton garden inn in pudong", NOW).place == (
        "hilton garden inn in pudong"
    )
    assert extract_fields("the gym on nanjing road", NOW).place == "gym on nanjing road"
    assert extract_fields("last month in thailand", NOW).place == "thailand"
    assert extract_fields("bought it on nanjing road", NOW).place == "nanjing road"  # guard
