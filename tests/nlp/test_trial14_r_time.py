"""Newcomer trial 14, helper R: how precisely a time's words date it, and when a time said
later makes the one on file more precise (nlp/time_precision.py); English time corrections
and "since" (nlp/intent.py, nlp/extract_time_en.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.time_precision import Precision, precision, refines
from tests.support import TZ

NOW = datetime(2026, 12, 1, 17, 40, tzinfo=TZ)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("9月10号", Precision.DAY),
        ("上个礼拜四", Precision.DAY),
        ("Nov 1", Precision.DAY),
        ("上个礼拜", Precision.WEEK),
        ("last week", Precision.WEEK),
        ("8月份", Precision.MONTH),
        ("this month", Precision.MONTH),
        ("下午3点", Precision.CLOCK),
        ("两个多月前", Precision.ESTIMATE),
        ("前几天", Precision.ESTIMATE),
    ],
)
def test_precision_of_the_words(words: str, expected: Precision) -> None:
    assert precision(words) == expected


def _at(words: str) -> datetime:
    found = extract_fields(words, NOW)
    assert found.occurred_at is not None
    return found.occurred_at


@pytest.mark.parametrize(
    ("old", "new", "sharper"),
    [
        ("上个礼拜", "上个礼拜四", True),
        ("这个月", "11月28号", False),  # November is not this month
        ("这个月", "12月1号上午", True),
        ("拖了两个多月了", "9月10号", True),
        ("拖了两个多月了", "8月份", False),  # a month is no sharper than an estimate
        ("拖了两个多月了", "6月10号", False),  # too far from about two months ago
        ("昨天", "这个月", False),  # less precise
        ("昨天", "前天", False),  # as precise: only a correction replaces it
        ("昨天", "昨天下午3点", True),
    ],
)
def test_a_later_time_refines(old: str, new: str, sharper: bool) -> None:
    old_found, new_found = extract_fields(old, NOW), extract_fields(new, NOW)
    assert old_found.occurred_text and new_found.occurred_text
    assert refines(old_found.occurred_text, _at(old), new_found.occurred_text, _at(new)) == sharper


@pytest.mark.parametrize(
    "said", ["not monday actually tuesday", "not monday but tuesday", "no wait, it was tuesday"]
)
def test_english_time_taken_back(said: str) -> None:
    assert extract_fields(said, NOW).occurred_text == "tuesday"


def test_since_dates_the_start_over_another_time() -> None:
    said = "my electricity bill this month is 3x higher than usual, since Nov 1. pls refund"
    assert extract_fields(said, NOW).occurred_text == "Nov 1"
    assert extract_fields("the bill this month is too high", NOW).occurred_text == "this month"
