"""Newcomer trial 21 (helper bc): store names cut to their kind, companies not taken as
where it happened, and times read against their words."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from tests.support import TZ

NOW = datetime(2026, 12, 2, 0, 11, tzinfo=TZ)
DAYTIME = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a kind word said before the store named: the store wins
        ("在超市买的牛奶过期了 物美超市大钟寺店", "物美超市大钟寺店"),
        ("宾馆房间很脏，全季酒店国贸店", "全季酒店国贸店"),
        ("酒店前台态度很差 如家酒店西单店", "如家酒店西单店"),
        ("超市是永辉超市万达店", "永辉超市万达店"),
        # a branch in brackets
        ("物美超市（大钟寺店）买的牛奶", "物美超市大钟寺店"),
        ("全季酒店(国贸店)", "全季酒店国贸店"),
        # a company of the list before its branch
        ("威尔士健身 国贸店", "威尔士健身国贸店"),
        ("健身房私教乱收费 威尔士健身 国贸店", "威尔士健身国贸店"),
        ("乐刻运动（望京店）的私教课退不了", "乐刻运动望京店"),
        # guards: as before
        ("物美超市大钟寺店", "物美超市大钟寺店"),
        ("如家酒店 北京西站店", "如家酒店北京西站店"),
        ("在超市买的牛奶过期了", "超市"),
    ],
)
def test_a_store_named_is_kept_whole(text: str, place: str) -> None:
    found = extract_fields(text, DAYTIME)
    assert found.place == place
    assert found.store == place


def test_the_store_kind_said_before_is_no_object() -> None:
    found = extract_fields("酒店前台态度很差 如家酒店西单店", DAYTIME)
    assert found.product is None and found.staff == "前台"
    # guard: a phone shop's phone stays the object
    assert extract_fields("手机店买的手机坏了", DAYTIME).product == "手机"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("招商银行 信用卡 被乱扣年费", "招商银行信用卡"),
        ("中国电信 话费被多扣了", "中国电信话费"),
        ("中国移动 套餐被乱改了", "中国移动套餐"),
        ("招行的 credit card annual fee charged twice", "招行 credit card"),
        ("工商银行 储蓄卡被冻结了", "工商银行储蓄卡"),
        ("顺丰的快递三天没到", "顺丰快递"),
        ("中通快递 一直不派送", "中通快递"),
        # guards: a channel said is kept as before; a staff member met asks the branch
        ("网上买的平安保险 理赔被拒", "网上（平安保险）"),
    ],
)
def test_a_remote_company_with_what_it_sold_is_the_place(text: str, place: str) -> None:
    assert extract_fields(text, DAYTIME).place == place


def test_a_staff_member_at_a_bank_leaves_the_place_open() -> None:
    # a line into the home: where it is asked for the repair, as before (trial 17, 14)
    assert extract_fields("中国电信 宽带断网三天了", DAYTIME).place is None
    assert extract_fields("招商银行的柜员态度很差", DAYTIME).place is None
    assert extract_fields("威尔士健身 私教课退不了", DAYTIME).place is None  # a gym: which one


@pytest.mark.parametrize(
    ("text", "day", "hour"),
    [
        ("今天早上8点多的事", 1, 8),
        ("今天下午三点", 1, 15),
        ("今天晚上", 1, 18),
    ],
)
def test_today_just_after_midnight_is_the_day_gone(text: str, day: int, hour: int) -> None:
    at = extract_fields(text, NOW).occurred_at
    assert at is not None and (at.month, at.day, at.hour) == (12, day, hour)


def test_today_in_daytime_is_today() -> None:  # guard
    at = extract_fields("今天早上8点多的事", DAYTIME).occurred_at
    assert at is not None and (at.day, at.hour) == (22, 8)


@pytest.mark.parametrize(
    ("text", "day"), [("今天是第三天", 20), ("今天已经第5天了 还没修好", 18), ("这都第二天了", 21)]
)
def test_the_nth_day_dates_the_start(text: str, day: int) -> None:
    at = extract_fields(text, DAYTIME).occurred_at
    assert at is not None and (at.month, at.day) == (11, day)


@pytest.mark.parametrize(
    ("text", "month", "year"),
    [("sept", 9, 2026), ("Oct", 10, 2026), ("nov 2025", 11, 2025), ("sep.", 9, 2026)],
)
def test_an_english_month_alone(text: str, month: int, year: int) -> None:
    at = extract_fields(text, DAYTIME).occurred_at
    assert at is not None and (at.year, at.month) == (year, month)


def test_may_opening_a_sentence_is_no_month() -> None:  # guard
    assert extract_fields("may I ask something", DAYTIME).occurred_at is None
