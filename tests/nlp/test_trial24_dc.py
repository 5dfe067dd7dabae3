"""Newcomer trial 24 (dc): fields the customer plainly gave that were not read or were mangled.

A wait said as a length until now ("寄了十天了", "it's been 5 days") dates its start; a name in
its frame is the name even when it is also a word ("我叫周五"); the English short frames
("name's Priya Nair", "Tom here") give the name beside the contact; alternatives, either of which
will do, keep their own words ("要么full refund 要么再发一个", "换新的都行").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from nlp.extract import extract_fields

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=timezone(timedelta(hours=8)))


def _days_ago(days: int) -> date:
    return (NOW - timedelta(days=days)).date()


@pytest.mark.parametrize(
    ("text", "days", "words"),
    [
        ("快递寄了十天了还没到", 10, "十天前"),
        ("快递寄了十天还没到，物流也不更新", 10, "十天前"),
        ("寄出十天了还没收到", 10, "十天前"),
        ("下单一周了还没发货", 7, "一周前"),
        ("退款申请提交五天了还没到账", 5, "五天前"),
        ("發貨半個月了還沒到", 15, "半個月前"),
        ("等了两个礼拜", 14, "两个礼拜前"),
        ("已经一周了还没到", 7, "一周前"),
        ("it's been 5 days and my parcel hasn't arrived", 5, "5 days ago"),
        ("It has been over two weeks since I ordered", 14, "over two weeks ago"),
        ("been waiting 10 days for my refund", 10, "10 days ago"),
        ("its been like 3 days", 3, "3 days ago"),
        ("I ordered two weeks ago and nothing came", 14, "two weeks ago"),
    ],
)
def test_dc_a_wait_until_now_dates_its_start(text: str, days: int, words: str) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None, text
    assert found.occurred_at.date() == _days_ago(days), (text, found.occurred_at)
    assert found.occurred_text == words


def test_dc_bought_some_months_before_it_broke_is_dated() -> None:
    found = extract_fields("买了三个月就坏了", NOW)
    assert found.occurred_text == "三个月前" and found.bought_time


@pytest.mark.parametrize(
    "text",
    [
        "十天了还没到",
        "寄了三天才到",
        "我发了三张照片",
        "I waited for a week",
        "it's been 2 days late",
    ],
)
def test_dc_a_length_alone_still_dates_nothing(text: str) -> None:
    assert extract_fields(text, NOW).occurred_at is None, text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫周五", "周五"),
        ("我叫周五，13812345678", "周五"),
        ("我叫高兴", "高兴"),
        ("我叫王冬天", "王冬天"),
        ("我姓金 叫金星", "金星"),
        ("我的名字是金星", "金星"),
        ("姓名：周一 电话13812345678", "周一"),
    ],
)
def test_dc_a_name_in_its_frame_is_the_name(text: str, name: str) -> None:
    found = extract_fields(text, NOW)
    assert found.name == name
    assert found.occurred_at is None, text  # 周五 / 周一 there is no weekday


@pytest.mark.parametrize("text", ["我叫了三天外卖", "昨天我叫保安 没人来", "周五去的店里"])
def test_dc_outside_the_frame_the_word_keeps_its_reading(text: str) -> None:
    assert extract_fields(text, NOW).name is None, text


@pytest.mark.parametrize(
    ("text", "name", "contact"),
    [
        ("name's Priya Nair, email priya@x.com", "Priya Nair", "priya@x.com"),
        ("the name's Tom", "Tom", None),
        ("The name’s Tom Becker 13812345678", "Tom Becker", "13812345678"),
        ("It's Priya Nair here, priya@x.com", "Priya Nair", "priya@x.com"),
        ("It’s Priya Nair here", "Priya Nair", None),
        ("Priya Nair here, priya@x.com", "Priya Nair", "priya@x.com"),
        ("hi, Tom here", "Tom", None),
        ("this is Priya, 13812345678", "Priya", "13812345678"),
        ("call me Priya", "Priya", None),
        ("I'm Priya Nair, priya@x.com", "Priya Nair", "priya@x.com"),
    ],
)
def test_dc_english_name_frames(text: str, name: str, contact: str | None) -> None:
    found = extract_fields(text, NOW)
    assert found.name == name, text
    assert contact in (None, found.email, found.phone)


@pytest.mark.parametrize("text", ["my product name's X200", "Nobody here knows", "I came here"])
def test_dc_english_no_name(text: str) -> None:
    assert extract_fields(text, NOW).name is None, text


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("要么full refund 要么再发一个", {"refund": "要么full refund", "exchange": "要么再发一个"}),
        ("退款或者换新的都行", {"refund": "退款", "exchange": "换新的"}),
        ("退钱或者换个新的都可以", {"refund": "退钱", "exchange": "换个新的"}),
        ("退一半也行 或者换个新的", {"refund": "退一半也行", "exchange": "换个新的"}),
        ("退款或換新的都行", {"refund": "退款", "exchange": "換新的"}),
        ("either a full refund or a resend", {"refund": "full refund", "exchange": "resend"}),
        ("要么退钱要么换一个", {"refund": "要么退钱", "exchange": "要么换一个"}),
    ],
)
def test_dc_alternatives_keep_their_words(text: str, wanted: dict[str, str]) -> None:
    assert dict(extract_fields(text, NOW).remedies) == wanted
