"""Trial 22 (helper ck): night hours said with a night word (夜里两点, 晚上1点, 半夜三点,
晚上十二点, 凌晨12点半) were read as afternoon or noon hours ("昨天夜里两点" filed as 14:00),
and a phone refused in other words than "不留" ("说了不给", "凭什么给你") was no refusal."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.answer_person import refuses_details
from handlers.phone_tail import corrected_tail
from nlp.extract import extract_fields
from nlp.extract_time import find_time
from tests.support import TZ

AFTERNOON = datetime(2026, 12, 2, 15, 0, tzinfo=TZ)  # Wednesday 2 December, 15:00
SMALL_HOURS = datetime(2026, 12, 2, 1, 53, tzinfo=TZ)  # the trial's customer, still up
LATE_EVENING = datetime(2026, 12, 2, 23, 30, tzinfo=TZ)


def _at(text: str, now: datetime) -> str:
    found = find_time(text, now)
    assert found is not None, text
    return found.at.strftime("%m-%d %H:%M")


# --- 1. a night hour is after midnight, of the night after the day said ---------------


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("昨天夜里两点多连着收到短信", "12-02 02:00"),  # the night just gone
        ("昨天半夜三点楼上还在装修", "12-02 03:00"),
        ("昨天晚上十二点才送到", "12-02 00:00"),  # midnight ending yesterday
        ("昨天晚上1点多还在吵", "12-02 01:00"),
        ("昨晚两点被吵醒", "12-02 02:00"),
        ("昨天深夜1点", "12-02 01:00"),
        ("前天夜里两点", "12-01 02:00"),
        ("夜里两点多收到扣费短信", "12-02 02:00"),  # no day: the night just gone
        ("半夜三点", "12-02 03:00"),
        ("晚上十二点", "12-02 00:00"),
        ("今天夜里两点", "12-02 02:00"),  # the small hours of today, not tomorrow's
        ("11月30日夜里两点", "12-01 02:00"),  # the night after the date said
        # 凌晨 is the calendar's own small hours
        ("凌晨12点半", "12-02 00:30"),
        ("昨天凌晨12点半", "12-01 00:30"),
        ("昨天凌晨两点", "12-01 02:00"),
        ("今天凌晨1点", "12-02 01:00"),
    ],
)
def test_night_hours_said_in_the_afternoon(text: str, at: str) -> None:
    assert _at(text, AFTERNOON) == at


@pytest.mark.parametrize(
    ("text", "at"),
    [
        # Said at 01:53 the customer is still in their day: 昨天 is the day before it, and
        # its night is the one before this (02:00 of today has not come yet).
        ("昨天夜里两点多连着收到短信", "12-01 02:00"),
        ("昨天晚上十二点", "12-01 00:00"),
        ("夜里两点", "12-01 02:00"),
        ("半夜一点", "12-02 01:00"),  # 52 minutes ago
        ("晚上十二点", "12-02 00:00"),
        ("凌晨1点", "12-02 01:00"),
    ],
)
def test_night_hours_said_in_the_small_hours(text: str, at: str) -> None:
    assert _at(text, SMALL_HOURS) == at


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("夜里两点", "12-02 02:00"),
        ("晚上1点", "12-02 01:00"),
        ("昨天夜里两点", "12-02 02:00"),
        ("今天晚上十点", "12-02 22:00"),
    ],
)
def test_night_hours_said_late_in_the_evening(text: str, at: str) -> None:
    assert _at(text, LATE_EVENING) == at


@pytest.mark.parametrize(
    ("text", "at"),
    [
        # guards: evening hours stay evening, other parts of the day as they were
        ("昨天晚上8点", "12-01 20:00"),
        ("昨天晚上11点多", "12-01 23:00"),
        ("昨天夜里11点", "12-01 23:00"),
        ("半夜11点", "12-01 23:00"),
        ("昨天下午两点", "12-01 14:00"),
        ("昨天中午12点", "12-01 12:00"),
        ("昨天早上6点", "12-01 06:00"),
        ("昨天晚上", "12-01 18:00"),
        ("昨天夜里", "12-01 20:00"),
        ("今天凌晨", "12-02 00:00"),
        ("上周三晚上11点", "11-25 23:00"),
    ],
)
def test_other_hours_unchanged(text: str, at: str) -> None:
    assert _at(text, AFTERNOON) == at


def test_the_words_kept_as_said() -> None:
    found = extract_fields("昨天夜里两点多连着收到短信 说扣了我300块", SMALL_HOURS)
    assert found.occurred_text == "昨天夜里两点"
    assert found.occurred_at is not None
    assert found.occurred_at.strftime("%m-%d %H:%M") == "12-01 02:00"


# --- 2. a phone corrected by its last digits, said without a word for the phone ---------


@pytest.mark.parametrize(
    "text",
    [
        "不对 最后是5679 打错了",
        "尾号是5679 不是5678",
        "手机号最后四位错了 应该是5679",
        "最后四位打错了 是5679",
        "不对不对 尾号5679",
        "后四位应该是5679",
        "号码最后写错了，是5679",
    ],
)
def test_tail_corrected(text: str) -> None:
    assert corrected_tail(text, "13912345678") == "13912345679"


@pytest.mark.parametrize(
    "text",
    [
        "订单号最后是5679",  # another number named
        "最后是5679元",  # a sum
        "最后花了5679",  # story: no correction, no tail word
        "最后还是没退 5679",
        "尾号5678",  # the same number said again
        "不对 最后是3号",  # a day
        "不对 最后是28",  # too few digits to be sure
    ],
)
def test_no_tail_corrected(text: str) -> None:
    assert corrected_tail(text, "13912345678") is None


def test_no_tail_without_a_phone() -> None:
    assert corrected_tail("不对 最后是5679 打错了", None) is None


def test_a_bare_tail_with_an_order_number_on_file_is_not_guessed() -> None:
    assert corrected_tail("不对 最后是5679 打错了", "13912345678", other_numbers=True) is None
    assert corrected_tail("电话最后是5679", "13912345678", other_numbers=True) == "13912345679"


# --- 4. a refusal of the phone however worded ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "说了不给",
        "不想给",
        "不方便给",
        "凭什么给你",
        "凭什么要给你们",
        "凭啥给你电话",
        "不给",
        "就是不给",
    ],
)
def test_refusals(text: str) -> None:
    assert refuses_details(text)


@pytest.mark.parametrize(
    "text",
    ["凭什么不给我退款", "他们不给退款", "凭什么给你们这种店好评"],
)
def test_no_refusals(text: str) -> None:  # guards: the story's refusals are story
    assert not refuses_details(text)
