"""What newcomer trial 10 found in reading one message: a dish's name cut by the word list, a
chain's branch lost, a venue named with its city, wishes beside another wish, a name begun
and said again whole, and "can I complain about X?"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.extract_place import is_platform, with_branch
from nlp.intent import read_cues
from tests.support import TZ

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _loaded() -> Iterator[None]:
    tokenizer.load()  # the store's and the dish's names are walked by jieba's tags
    yield


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("我点的麻辣香锅送错了", "麻辣香锅"),  # 麻辣/z 香/ns 锅/n: one dish
        ("昨天买的那台小米手机坏了", "小米手机"),  # as before
        ("买的洗衣液漏了", "洗衣液"),
        ("点的外卖送错了", "外卖"),
        ("我在你们店买的冰箱和空调都坏了", "冰箱"),
    ],
)
def test_a_dish_or_product_name_stays_whole(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product


@pytest.mark.parametrize(
    ("text", "store"),
    [
        ("如家酒店 北京西站店", "如家酒店北京西站店"),
        ("如家酒店北京西站店", "如家酒店北京西站店"),
        ("对了是如家酒店 北京西站店", "如家酒店北京西站店"),
        ("在沃尔玛超市 朝阳店买的", "沃尔玛超市朝阳店"),
        ("朝阳门店 海淀店", "朝阳门店"),  # two stores, no chain and branch
        ("Hilton Shanghai Pudong", "Hilton Shanghai Pudong"),
        (
            "We stayed at Hilton Shanghai Pudong last night and the AC was broken",
            "Hilton Shanghai Pudong",
        ),
    ],
)
def test_a_store_keeps_its_branch(text: str, store: str) -> None:
    found = extract_fields(text, NOW)
    assert (found.store, found.place) == (store, store)


def test_a_city_and_its_district_are_a_place_not_a_store() -> None:
    found = extract_fields("I live in Shanghai Pudong", NOW)
    assert (found.place, found.store) == ("Shanghai Pudong", None)


@pytest.mark.parametrize(
    ("store", "said", "joined"),
    [
        ("如家酒店", "北京西站店", "如家酒店北京西站店"),
        ("沃尔玛超市", "朝阳分店", "沃尔玛超市朝阳分店"),
        ("朝阳门店", "海淀店", None),  # a branch is no chain of its own
        ("如家酒店", "汉庭酒店", None),  # another chain
        ("如家酒店", "如家酒店北京西站店", None),  # the whole name: read as it is
        ("超市", "双井店", None),  # any supermarket: 双井店 is the store itself
    ],
)
def test_a_branch_joins_its_chain(store: str, said: str, joined: str | None) -> None:
    assert with_branch(store, said) == joined


@pytest.mark.parametrize(
    ("text", "remedies"),
    [
        ("退钱 然后取消那些业务", [("refund", "退钱"), ("other", "取消那些业务")]),
        ("重新送一份 再赔个饮料", [("exchange", "重新送一份"), ("compensation", "赔个饮料")]),
        ("给我赔一杯奶茶", [("compensation", "赔一杯奶茶")]),
        ("赔个新的", [("exchange", "赔个新的")]),  # as before: a new one instead
        ("取消掉这个套餐", [("other", "取消掉这个套餐")]),
    ],
)
def test_every_wish_is_read(text: str, remedies: list[tuple[str, str]]) -> None:
    assert list(extract_fields(text, NOW).remedies) == remedies


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫刘 刘洋", "刘洋"),
        ("我是张 张伟", "张伟"),
        ("我叫刘洋", "刘洋"),
        ("我叫王芳 手机13812345678", "王芳"),  # the words after are no name
    ],
)
def test_a_name_begun_and_said_whole_is_the_whole(text: str, name: str) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("物业的事能投诉不", True),
        ("停车场的事可以投诉吗", True),
        ("这个归你们管吗", True),
        ("Can I complain about the delivery guy here?", True),
        ("我要投诉你们的店员", False),  # a complaint, not a question about one
        ("投诉多久能处理", False),  # the handling time
    ],
)
def test_can_i_complain_is_a_question_of_scope(text: str, scope: bool) -> None:
    topics = [q.topic for q in read_cues(text).questions]
    assert ("scope" in topics) is scope


@pytest.mark.parametrize(
    ("words", "platform"),
    [("美团", True), ("淘宝", True), ("朝阳区建国路88号", False), ("美团外卖骑手站", False)],
)
def test_a_platform_alone(words: str, platform: bool) -> None:
    assert is_platform(words) is platform
