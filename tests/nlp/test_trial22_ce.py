"""Newcomer trial 22 (helper ce): the customer's own damaged things are no product, a date a
few days ahead is this year's, an investigation is a wish of its own, Cantonese story words
read as Mandarin."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlp.extract import extract_fields
from nlp.extract_text import normalise
from nlp.possessions import damaged_possession

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


# --- the customer's own things a service damaged --------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "昨天在干洗店洗衣服 衣服都毁了 我那件衣服一千多买的",
        "服务员把汤洒我身上 衣服都毁了 我那件衣服一千多买的",
        "手机被他们修坏了 我那台手机八千多",
        "干洗店把我的羽绒服洗坏了",
        "送去干洗 我的大衣被洗缩水了",
        "拿去维修 结果把我的电脑修坏了",
        "手機被佢哋整壞咗",
        "the dry cleaner ruined my jacket yesterday, it cost 1000",
        "my jacket was ruined, it cost 1000",
    ],
)
def test_a_possession_damaged_by_the_service_is_no_product(text: str) -> None:
    assert extract_fields(text, NOW).product is None


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("我那台手机八千多买的 用了三天就坏了", "手机"),
        ("在你们店买的衣服 洗了一次就缩水了", "衣服"),
        ("在你们店买的手机被快递摔坏了", "手机"),  # bought here: their product all the same
        ("my new phone arrived broken yesterday", "phone"),
        ("我的手机用了三天就坏了", "手机"),
    ],
)
def test_a_thing_that_broke_by_itself_stays_the_product(text: str, product: str) -> None:
    assert extract_fields(text, NOW).product == product


def test_the_reading_keeps_the_business_named() -> None:
    found = extract_fields("干洗店把我的羽绒服洗坏了", NOW)
    assert (found.product, found.store) == (None, "干洗店")
    found = extract_fields("服务员把汤洒我身上 衣服都毁了", NOW)
    assert (found.product, found.staff) == (None, "服务员")


def test_no_damage_word_no_reading() -> None:
    assert not damaged_possession("我的衣服很好看", "衣服")
    assert not damaged_possession("", "衣服")


# --- a date without a year a few days ahead --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("11月25日", "2026-11-25"),
        ("11月24号在你们店买的", "2026-11-24"),
        ("11/25", "2026-11-25"),
        ("11月29日", "2026-11-29"),  # a week ahead, the last day kept in this year
        ("Nov 24", "2026-11-24"),
        ("the screen cracked on Nov 24", "2026-11-24"),
        # guards: more than a week ahead is last year's; past dates as before
        ("11月30日", "2025-11-30"),
        ("12月10日", "2025-12-10"),
        ("Dec 10", "2025-12-10"),
        ("11月20号", "2026-11-20"),
    ],
)
def test_a_date_a_few_days_ahead_is_this_years(text: str, day: str) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None
    assert found.occurred_at.date().isoformat() == day


def test_a_time_later_today_is_still_clamped() -> None:
    found = extract_fields("今天晚上", NOW)
    assert found.occurred_at == NOW


# --- an investigation wished beside other wishes ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "wishes"),
    [
        ("退钱 给个说法 查一下", (("refund", "退钱"), ("other", "给个说法，查一下"))),
        ("退钱，给个说法，查一下", (("refund", "退钱"), ("other", "给个说法，查一下"))),
        ("退款 查清楚", (("refund", "退款"), ("other", "查清楚"))),
        ("退款 彻查 道歉", (("refund", "退款"), ("other", "彻查"), ("apology", "道歉"))),
        ("退款 给我查清楚", (("refund", "退款"), ("other", "给我查清楚"))),
        ("退钱 查明原因", (("refund", "退钱"), ("other", "查明原因"))),
    ],
)
def test_an_investigation_is_a_wish_of_its_own(
    text: str, wishes: tuple[tuple[str, str], ...]
) -> None:
    assert extract_fields(text, NOW).remedies == wishes


@pytest.mark.parametrize(
    "text",
    [
        "查一下我的工单 CP2026120l005",  # a progress query
        "查一下 cp-20261122-001 的进度",
        "你们查一下吧",  # handling asked for, no wish
        "我查了一下 发现多扣了",  # what was done
        "没拍 你们能帮我查一下吗",
    ],
)
def test_a_lookup_or_a_telling_is_no_investigation_wish(text: str) -> None:
    assert [k for k, _ in extract_fields(text, NOW).remedies] == []


# --- written Cantonese read as Mandarin ------------------------------------------------------
@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("叫佢哋快啲 佢仲鬧我", "叫他们快点 他还骂我"),
        ("佢哋話冇貨", "他们说没货"),
        ("等咗成個鐘都未有人理", "等了成小时都没有人理"),
        # guards: 話 and 鬧 keep their Mandarin readings alone
        ("打電話", "打电话"),
        ("鬧鐘壞了", "闹钟坏了"),
    ],
)
def test_cantonese_story_words_read_as_mandarin(said: str, read: str) -> None:
    assert normalise(said) == read
