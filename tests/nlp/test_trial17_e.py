"""Newcomer trial 17 (helper E): short order numbers, the incident's time over the purchase's,
services as the object, English things bought or returned."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("order 5566 from your Taobao shop, I want a replacement", "5566"),
        ("order #123 never arrived", "123"),
        ("order no. 5566 is late", "5566"),
        ("订单5566的蛋糕是坏的", "5566"),
        ("订单号 88123401", "88123401"),
        ("订单尾号8832", "尾号8832"),
    ],
)
def test_a_short_number_after_an_order_word_is_the_order(text: str, order: str) -> None:
    assert extract_fields(text, NOW).order_no == order


@pytest.mark.parametrize(
    "text",
    [
        "订单2000元扣了两次",
        "my order 1500 rmb was charged twice",
        "order 3 days ago",
        "订单11月就下了",
    ],
)
def test_a_sum_count_or_date_after_an_order_word_is_no_order(text: str) -> None:
    assert extract_fields(text, NOW).order_no is None


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("我上个月十五号在你们国贸店买的那个破壁机今天早上打豆浆的时候突然冒烟了", "今天早上"),
        ("昨天买的今天就坏了", "今天"),
        (
            "I ordered a jacket on Nov 10 and when it arrived yesterday the zipper was broken",
            "yesterday",
        ),
        ("昨天晚上外卖送到的时候汤全洒了 是前天下的单", "昨天晚上"),
        ("上周三买的鞋子 穿了两次就开胶了", "上周三"),
    ],
)
def test_the_incident_time_is_the_complaint_time(text: str, when: str) -> None:
    assert extract_fields(text, NOW).occurred_text == when


def test_a_purchase_time_alone_is_kept_and_marked() -> None:
    found = extract_fields("ordered a winter jacket from your online store on nov 12", NOW)
    assert (found.occurred_text, found.bought_time) == ("nov 12", True)
    assert not extract_fields("it arrived yesterday with a stain", NOW).bought_time


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("我还要投诉 你们客服电话一直打不通 打了一下午", "客服电话"),
        ("你们的小程序老是闪退 根本下不了单", "小程序"),
        ("投诉你们的热线", "热线"),
        ("your hotline never picks up, I tried 6 times today", "hotline"),
        ("your app keeps crashing when I pay", "app"),
        ("我在你们app上买的扫地机器人 用了三天就不转了", "扫地机器人"),
    ],
)
def test_a_service_that_failed_is_the_object(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("hey I returned a coffee machine 3 weeks ago and still no refund", "coffee machine"),
        ("I ordered a bamboo dish rack from your shop", "bamboo dish rack"),
        ("my new standing desk wobbles like crazy", "standing desk"),
        ("my new running shoes are falling apart", "running shoes"),
        ("the kettle i got from you leaks all over the table", "kettle"),
        ("I sent back the vacuum cleaner last week", "vacuum cleaner"),
    ],
)
def test_a_thing_bought_or_returned_is_the_object(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product


@pytest.mark.parametrize(
    "text",
    ["I received an email saying it shipped", "my phone is 13712345678", "we got a call today"],
)
def test_no_product_from_messages_calls_or_a_phone_label(text: str) -> None:
    assert extract_fields(text, NOW).product is None
