"""The object, place and remedy of a complaint, read whole (newcomer trial, item 1).

Sentences written for this test (not from any data set), one per kind of slip the trial
showed: a demonstrative and measure word before 店 read as a store called "家店"; a brand
cut off its product (耐克跑鞋 -> 鞋); a facility of a store (停车场) missing as the object;
the delivery taken for the thing bought; a pronoun starting the remedy ("你们赔医药费").
Each row is checked exactly, so any one slip coming back fails the test.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

CASES: list[tuple[str, dict[str, Any]]] = [
    # A demonstrative + measure word + store suffix: the name before it is kept, the pointer
    # words are not part of it, and without a name there is no store name at all.
    ("上周六在你们五角场那家店吃的烤鱼有股怪味", dict(store="五角场店", place="五角场店")),
    ("你们静安寺这个门店的服务员态度很差", dict(store="静安寺门店", staff="服务员")),
    ("昨天在你们那个店买的面包过期了", dict(store=None, place=None, product="面包")),
    ("你们这家店的经理太凶了", dict(store=None, place=None)),
    ("那家超市的酸奶过期了", dict(store="超市", product="酸奶")),
    # Brand + product: kept whole, whether jieba tags the brand a proper noun or a word.
    ("前天在专卖店买的耐克跑鞋鞋底就裂了", dict(product="耐克跑鞋")),
    ("网上买的小米手机充不进电", dict(product="小米手机")),
    ("家里装的美的空调不制冷", dict(product="美的空调")),
    ("双十一买的海尔冰箱噪音特别大", dict(product="海尔冰箱")),
    # Not a brand: a place word or an adjective before the product stays out of it.
    ("我们小区电梯三天两头坏", dict(product="电梯", place="我们小区")),
    # A possessive is the compound's only name: never the lone 家 ("家小区").
    ("我家小区门口的快递柜坏了", dict(place="我家小区")),
    ("他家小区的物业乱收停车费", dict(place="他家小区")),
    ("在幸福小区门口被电动车撞了", dict(place="幸福小区")),
    ("平安车险理赔拖了两个月", dict(product="车险")),
    # A facility of a store is the object; the store is where.
    ("你们龙湖店的停车场乱收费 停了一小时收五十", dict(product="停车场", store="龙湖店")),
    ("你们万象城店卫生间太脏了没人打扫", dict(product="卫生间", store="万象城店")),
    # The thing bought, not the delivery it came by.
    ("上周买的洗衣液快递十天了还没到", dict(product="洗衣液")),
    ("快递员把我的快递放在门口被偷了", dict(product="快递", staff="快递员")),
    # Whom the customer asks never starts the remedy's wording.
    ("我要你们赔医药费还要公开道歉",
     dict(remedies=(("compensation", "赔医药费"), ("apology", "公开道歉")))),
    ("要求你们赔偿全部损失", dict(remedies=(("compensation", "赔偿全部损失"),))),
]  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def _tokenizer() -> None:
    tokenizer.load()


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:14] for text, _ in CASES])
def test_object_place_and_remedy(text: str, expected: dict[str, Any]) -> None:
    got = extract_fields(text, NOW)
    for field, value in expected.items():
        assert getattr(got, field) == value, f"{text!r} {field}: {getattr(got, field)!r}"


def test_a_trial_complaint_reads_whole() -> None:
    got = extract_fields("在你们人民广场那家店吃火锅，吃完就拉肚子，我要你们赔医药费还要道歉", NOW)
    assert (got.product, got.store, got.place) == ("火锅", "人民广场店", "人民广场店")
    assert [wording for _, wording in got.remedies] == ["赔医药费", "道歉"]
