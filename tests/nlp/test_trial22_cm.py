"""Newcomer trial 22 (helper cm): the place losing the chain or a district, a call taken
as the place, a Hong Kong customer's local number refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
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
