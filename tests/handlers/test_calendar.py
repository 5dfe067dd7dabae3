from __future__ import annotations

from datetime import date, datetime, time, timedelta

from handlers.calendar import BusinessCalendar
from handlers.policy import BusinessHours, Clock
from tests.support import TZ

EVERY_DAY = BusinessHours(time(9), time(21), frozenset(range(1, 8)), frozenset())
WEEKDAYS = BusinessHours(time(9), time(18), frozenset(range(1, 6)), frozenset({date(2026, 11, 23)}))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def test_business_hours_clock_skips_the_night() -> None:
    calendar = BusinessCalendar(EVERY_DAY, TZ)
    assert calendar.deadline(at(22, 20, 50), Clock(2, "business_hours")) == at(23, 10, 50)
    assert calendar.deadline(at(22, 23, 0), Clock(2, "business_hours")) == at(23, 11, 0)


def test_wall_clock_hours_start_at_the_next_opening() -> None:
    calendar = BusinessCalendar(EVERY_DAY, TZ)
    assert calendar.deadline(at(22, 23, 0), Clock(24, "hours")) == at(24, 9, 0)
    assert calendar.deadline(at(22, 15, 0), Clock(24, "hours")) == at(23, 15, 0)


def test_working_days_skip_weekends_and_holidays() -> None:
    calendar = BusinessCalendar(WEEKDAYS, TZ)  # 2026-11-22 is a Sunday; the 23rd a holiday
    assert calendar.next_opening(at(22, 12)) == at(24, 9)
    assert calendar.deadline(at(22, 12), Clock(2, "working_days")) == at(26, 9)
    assert calendar.business_time_between(at(24, 8), at(25, 10)) == timedelta(hours=10)


def test_elapsed_share_for_reminders() -> None:
    calendar = BusinessCalendar(EVERY_DAY, TZ)
    clock = Clock(2, "business_hours")
    assert calendar.elapsed(at(22, 20, 50), at(23, 10, 26), clock) == timedelta(minutes=96)
