"""Newcomer trial 17 (helper a): a part of a month or of a year ("十月中旬", "上个月底", "月初",
"去年年底", "early October", "the end of last month") is a rough time dated inside it, with
the span nlp/time_precision.py knows; a later day inside it only makes it more precise. The
tests' clock: Sunday 2026-11-22 15:00, Shanghai."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from nlp.extract import extract_fields
from nlp.time_precision import Precision, precision, refines, span

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("text", "words", "day"),
    [
        ("不对，漏水是十月中旬开始的", "十月中旬", date(2026, 10, 15)),
        ("10月上旬买的", "10月上旬", date(2026, 10, 1)),
        ("10月底买的冰箱", "10月底", date(2026, 10, 21)),
        ("十一月初就坏了", "十一月初", date(2026, 11, 1)),
        ("上个月中旬", "上个月中旬", date(2026, 10, 15)),
        ("上月末交的钱", "上月末", date(2026, 10, 21)),
        ("这个月初开始的", "这个月初", date(2026, 11, 1)),
        # Said on the 22nd: this month's end has begun.
        ("月底的时候来修过一次", "月底", date(2026, 11, 21)),
        ("月初那会儿", "月初", date(2026, 11, 1)),
        ("2025年10月底", "2025年10月底", date(2025, 10, 21)),
        # A month still to come this year is last year's.
        ("12月中旬装的", "12月中旬", date(2025, 12, 15)),
        ("去年年底办的卡", "去年年底", date(2025, 11, 1)),
        ("今年上半年", "今年上半年", date(2026, 1, 1)),
        ("年初就开始了", "年初", date(2026, 1, 1)),
        # Begun, its first day passed: the part's first day.
        ("年底这段时间", "年底", date(2026, 11, 1)),
        ("since early October", "early October", date(2026, 10, 1)),
        ("mid-Nov", "mid-Nov", date(2026, 11, 15)),
        ("late October", "late October", date(2026, 10, 21)),
        ("at the end of last month", "the end of last month", date(2026, 10, 21)),
        ("the beginning of this month", "the beginning of this month", date(2026, 11, 1)),
        ("late last year", "late last year", date(2025, 11, 1)),
        ("early December 2025", "early December 2025", date(2025, 12, 1)),
    ],
)
def test_a_part_of_a_month_or_year_is_a_time(text: str, words: str, day: date) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_text == words
    assert found.occurred_at is not None and found.occurred_at.date() == day


def test_a_middle_part_begun_but_not_at_its_15th_is_today() -> None:
    """ "11月中旬" said on 12 November: this month's, not last year's."""
    now = NOW.replace(day=12)
    found = extract_fields("11月中旬开始的", now)
    assert found.occurred_at is not None and found.occurred_at.date() == date(2026, 11, 12)


def test_a_part_of_this_month_still_to_come_is_the_last_months() -> None:
    """ "月底" said on 10 November: October's end."""
    found = extract_fields("月底的时候来修过一次", NOW.replace(day=10))
    assert found.occurred_at is not None and found.occurred_at.date() == date(2026, 10, 21)


@pytest.mark.parametrize(
    "text",
    ["每个月底都扣钱", "每月末扣费", "每年年底都这样", "一年中最差的一次", "岁月中", "全年中无休"],
)
def test_no_one_time_in_recurring_or_other_words(text: str) -> None:
    assert extract_fields(text, NOW).occurred_at is None


@pytest.mark.parametrize(
    ("text", "words"),
    [("11月中国移动乱扣费", "11月"), ("9月初中开学", "9月"), ("10月中午去的", "10月中午")],
)
def test_a_bare_middle_or_start_opening_a_word_is_no_part(text: str, words: str) -> None:
    assert extract_fields(text, NOW).occurred_text == words


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("十月中旬", Precision.MONTH_PART),
        ("上个月底", Precision.MONTH_PART),
        ("early October", Precision.MONTH_PART),
        ("去年年底", Precision.YEAR_PART),
        ("late last year", Precision.YEAR_PART),
        ("十月", Precision.MONTH),
        ("上个礼拜", Precision.WEEK),
        ("Tuesday the 3rd", Precision.DAY),
    ],
)
def test_precision_of_parts(words: str, kind: Precision) -> None:
    assert precision(words) == kind


def _at(text: str) -> tuple[str, datetime]:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None and found.occurred_text is not None
    return found.occurred_text, found.occurred_at


@pytest.mark.parametrize(
    ("old", "new", "sharper"),
    [
        ("十月", "十月中旬", True),
        ("上个月", "十月中旬", True),
        ("十月中旬", "10月15号", True),
        ("十月中旬", "10月25号", False),  # another part of the month: a correction
        ("上个月底", "10月28号", True),
        ("去年年底", "去年12月", True),
        ("去年年底", "去年3月", False),
        ("early October", "Oct 5", True),
        ("early October", "Oct 15", False),
        ("十月中旬", "十月", False),  # vaguer: changes nothing
        ("上个礼拜", "上个礼拜四", True),
        ("last week", "Tuesday the 10th", True),
        ("last week", "Tuesday the 17th", False),
    ],
)
def test_a_day_inside_a_part_only_refines_it(old: str, new: str, sharper: bool) -> None:
    assert refines(*_at(old), *_at(new)) is sharper


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("十月中旬", date(2026, 10, 11), date(2026, 10, 20)),
        ("上个月底", date(2026, 10, 21), date(2026, 10, 31)),
        ("去年年底", date(2025, 11, 1), date(2025, 12, 31)),
        ("十月", date(2026, 10, 1), date(2026, 10, 31)),
        ("early October", date(2026, 10, 1), date(2026, 10, 10)),
    ],
)
def test_the_span_a_part_covers(words: str, first: date, last: date) -> None:
    assert span(*_at(words)) == (first, last)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("it was Tuesday the 10th", date(2026, 11, 10)),
        ("on Friday the 13th", date(2026, 11, 13)),
        # The weekday says which month: 3 November 2026 was a Tuesday.
        ("Tuesday the 3rd", date(2026, 11, 3)),
        ("Sunday the 1st", date(2026, 11, 1)),
        ("Wednesday the 1st", date(2026, 7, 1)),
    ],
)
def test_a_weekday_with_its_day_of_the_month(text: str, day: date) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None and found.occurred_at.date() == day
