"""Newcomer trial 15 (helper W): stores and places named at any point, read by their shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.extract_place import branch_where, generic_store, names_where, with_branch

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _loaded() -> None:
    tokenizer.load()


@pytest.mark.parametrize(
    ("text", "store"),
    [
        # A gate's name before 店 is not cut at 门店 (西直门 + 店).
        ("就是上周六，萌宠乐园西直门店", "萌宠乐园西直门店"),
        # Characters the dictionary knows no word for are a brand's own coinage.
        ("在你们爱宠之家望京店", "爱宠之家望京店"),
        # The service a store offers, after what it serves, is part of its name.
        ("昨天下午在你们鑫达手机维修店换电池", "鑫达手机维修店"),
        ("今天万达店", "万达店"),
    ],
)
def test_a_store_is_read_whole(text: str, store: str) -> None:
    assert extract_fields(text, NOW).store == store


@pytest.mark.parametrize(
    ("text", "store", "place"),
    [
        ("是在你们三里屯那家唯一视觉拍的", "唯一视觉", "三里屯 唯一视觉"),
        ("信義區那家五十嵐，今天下午三點左右", "五十嵐", "信義區 五十嵐"),
        ("三里屯那家海底捞", "海底捞", "三里屯 海底捞"),
        # Where the store just named is, pointed at after it.
        ("朝阳口腔诊所 国贸那个", "朝阳口腔诊所", "国贸 朝阳口腔诊所"),
        # A chain of any kind and its branch, said together.
        ("城东洗车店 建设路店", "城东洗车店建设路店", "城东洗车店建设路店"),
    ],
)
def test_a_store_at_a_place(text: str, store: str, place: str) -> None:
    found = extract_fields(text, NOW)
    assert (found.store, found.place) == (store, place)


@pytest.mark.parametrize(
    "text",
    [
        "朝阳那家老板态度差",  # a role after 那家 is no store
        "朝阳那家奶茶难喝",  # nor a product
        "我看那家伙就是骗子",
    ],
)
def test_no_store_after_that_one(text: str) -> None:
    assert extract_fields(text, NOW).store is None


@pytest.mark.parametrize(
    ("store", "generic"),
    [
        ("宠物店", True),
        ("宠物美容店", True),
        ("牙科诊所", True),
        ("手机维修店", True),
        ("城东洗车店", False),
        ("朝阳口腔诊所", False),
        ("萌宠乐园西直门店", False),
        ("如家酒店", False),
    ],
)
def test_a_kind_of_store_names_none(store: str, generic: bool) -> None:
    assert generic_store(store) is generic


@pytest.mark.parametrize(
    ("store", "said", "joined"),
    [
        ("城东洗车店", "建设路店", "城东洗车店建设路店"),
        ("朝阳口腔诊所", "国贸店", "朝阳口腔诊所国贸店"),
        ("城东洗车店建设路店", "文二路店", "城东洗车店文二路店"),  # another branch replaces it
        ("城东洗车店建设路店", "建设路店", "城东洗车店建设路店"),  # the same said again
        ("宠物店", "萌宠乐园西直门店", None),  # a kind of store has no branches
        ("城东洗车店", "萌宠乐园西直门店", None),  # another brand
        ("朝阳门店", "海淀店", None),
    ],
)
def test_any_named_store_takes_a_branch(store: str, said: str, joined: str | None) -> None:
    assert with_branch(store, said) == joined


def test_where_words() -> None:
    assert branch_where("广州天河店") == "广州天河"
    assert branch_where("萌宠乐园西直门店") is None
    assert names_where("海淀中关村") and not names_where("朝阳店")
