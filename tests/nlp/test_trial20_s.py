"""Newcomer trial 20 (helper s): chains of stores named alone, a company's channel as the
place (app, hotline, online, by phone), and guards that ordinary places are unchanged."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from tests.conftest import TZ

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "store"),
    [
        ("海底捞的服务员把汤洒我身上了", "海底捞"),
        ("星巴克店员态度差 还翻白眼", "星巴克"),
        ("家乐福收银员多收了我的钱", "家乐福"),
        ("我要投诉如家 房间有蟑螂", "如家"),
    ],
)
def test_a_chain_named_alone_is_the_object_not_the_place(text: str, store: str) -> None:
    found = extract_fields(text, NOW)
    assert found.store == store
    assert found.place is None  # which of its stores is asked


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("在中国移动App上充了100话费没到账", "中国移动App"),
        ("在东航App上订的机票被取消了", "东航App"),
        ("打了三次联通客服电话都没人接", "联通客服电话"),
        ("网上买的平安保险 现在理赔不给赔", "网上（平安保险）"),
        ("联通宽带装了一个礼拜没人来 打电话给客服也没用", "电话（联通）"),
        ("打10086投诉了三次 移动乱扣费", "电话（移动）"),
    ],
)
def test_a_companys_channel_is_the_place(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # guards: a physical place, a platform, a branch stay as they were
        ("海底捞 西单店 服务员把汤洒我身上了", "海底捞西单店"),
        ("在淘宝网上买的耳机是坏的", "淘宝"),
        ("中国电信网上营业厅办的套餐乱扣费", "中国电信网上营业厅"),
    ],
)
def test_physical_places_and_platforms_are_unchanged(text: str, place: str) -> None:
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    "text",
    [
        "顺丰快递员没打电话就把快递放门口了",  # a call not made is no channel
        "快递员打电话说放门口了",  # no company named: a deed of the story
        "比如家里人也吃坏了",  # 如家 inside other words is no chain
    ],
)
def test_no_channel_place_without_a_company_or_with_a_call_not_made(text: str) -> None:
    found = extract_fields(text, NOW)
    # Trial 21 (helper bc): the courier named is the place (顺丰), never a call (电话（顺丰）).
    assert found.place in (None, "顺丰")
    assert found.store != "如家"
