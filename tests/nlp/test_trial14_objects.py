"""Objects newcomer trial 14 saw missed: medicines, what is bought inside games and apps,
and utility bills in English (nlp/data/extract_products*.txt), so the object question is
not asked about what was already named."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("美团买的药 送错了", "药"),
        ("在你们药店买的感冒药 吃了过敏", "感冒药"),
        ("我充了648 钻石没到账 王者荣耀", "钻石"),
        ("充的点券一直不到账", "点券"),
        ("my electricity bill doubled this month", "electricity bill"),
        ("the water bill is wrong again", "water bill"),
        ("买了一颗钻石戒指 镶的钻掉了", "钻石戒指"),
    ],
)
def test_the_object_is_read(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product


def test_a_pharmacy_is_a_store_not_a_product() -> None:
    found = extract_fields("你们药店的店员态度太差", NOW)
    assert found.product is None and found.store == "药店"


@pytest.mark.parametrize("text", ["医药费报销加退款", "先说第一件吧 我要尽快交片"])
def test_a_one_character_product_inside_a_longer_word_is_none(text: str) -> None:
    """药 in 医药费 and 件 in 第一件 are no objects (newcomer trial 15)."""
    assert extract_fields(text, NOW).product is None


def test_a_one_character_product_said_as_a_word_is_one() -> None:
    assert extract_fields("买的鞋开胶了", NOW).product == "鞋"
