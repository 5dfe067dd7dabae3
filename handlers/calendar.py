"""Business-hours arithmetic for SLA clocks (docs/process.md sections 2-3), in the
business's time zone.

All functions take and return aware datetimes. A clock starts at the next opening when a
complaint arrives outside business hours; "business_hours" clocks count only opening hours,
"hours" clocks count the wall clock from that start, "working_days" count open days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.policy import BusinessHours, Clock

_MAX_DAYS_SCANNED = 3660  # ten years: a policy with no open day at all must not loop forever


class BusinessCalendar:
    """The policy's business hours (`[business_hours]`, docs/process.md section 2) in `tz`."""

    def __init__(self, hours: BusinessHours, tz: ZoneInfo) -> None:
        self.hours = hours
        self.tz = tz

    def is_open_day(self, day: date) -> bool:
        """True when `day` (a local date) is one of the policy's weekdays (ISO numbers, Monday 1)
        and not one of its holidays."""
        return day.isoweekday() in self.hours.days and day not in self.hours.holidays

    def _bounds(self, day: date) -> tuple[datetime, datetime]:
        opening = datetime.combine(day, self.hours.open, self.tz)
        closing = datetime.combine(day, self.hours.close, self.tz)
        return opening, closing

    def is_open(self, moment: datetime) -> bool:
        """True when the aware `moment` falls in an opening period (open <= local time < close)."""
        local = moment.astimezone(self.tz)
        if not self.is_open_day(local.date()):
            return False
        opening, closing = self._bounds(local.date())
        return opening <= local < closing

    def next_opening(self, moment: datetime) -> datetime:
        """`moment` itself when open, else the start of the next opening period (aware, local).

        Raises ValueError when the policy has no open day within ten years.
        """
        local = moment.astimezone(self.tz)
        day = local.date()
        for _ in range(_MAX_DAYS_SCANNED):
            if self.is_open_day(day):
                opening, closing = self._bounds(day)
                if local < opening:
                    return opening
                if local < closing:
                    return local
            day += timedelta(days=1)
            local = datetime.combine(day, self.hours.open, self.tz) - timedelta(microseconds=1)
        raise ValueError("the policy's business hours have no open day")

    def add_business_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment when `amount` of opening time has passed since `start` (counted from the
        next opening). Raises ValueError when that runs past ten years."""
        cursor = self.next_opening(start)
        remaining = amount
        for _ in range(_MAX_DAYS_SCANNED):
            _, closing = self._bounds(cursor.astimezone(self.tz).date())
            available = closing - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            cursor = self.next_opening(closing)
        raise ValueError("business clock runs past ten years")

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Opening time between two moments (zero when end is before start)."""
        total = timedelta()
        if end <= start:
            return total
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            if self.is_open_day(day):
                opening, closing = self._bounds(day)
                overlap = min(closing, end) - max(opening, start)
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total

    def add_working_days(self, start: datetime, days: float) -> datetime:
        """`days` open days after the clock start, at the same time of day; a fraction of a
        day is that share of the last day's opening hours."""
        cursor = self.next_opening(start).astimezone(self.tz)
        whole = int(days)
        for _ in range(whole):
            day = cursor.date() + timedelta(days=1)
            while not self.is_open_day(day):
                day += timedelta(days=1)
            cursor = datetime.combine(day, cursor.timetz().replace(tzinfo=None), self.tz)
        fraction = days - whole
        if fraction:
            opening, closing = self._bounds(cursor.date())
            cursor = self.add_business_time(cursor, (closing - opening) * fraction)
        return cursor

    def deadline(self, start: datetime, clock: Clock) -> datetime:
        """When a clock that starts at `start` (or the next opening) runs out: `clock.amount`
        business hours, wall-clock hours or working days by `clock.unit` (docs/process.md
        section 3). Raises ValueError as next_opening does."""
        if clock.unit == "business_hours":
            return self.add_business_time(start, timedelta(hours=clock.amount))
        if clock.unit == "working_days":
            return self.add_working_days(start, clock.amount)
        return self.next_opening(start) + timedelta(hours=clock.amount)

    def elapsed(self, start: datetime, now: datetime, clock: Clock) -> timedelta:
        """How much of a clock has run between its start and now, in the clock's own measure."""
        if clock.unit == "business_hours":
            return self.business_time_between(start, now)
        return max(timedelta(), now - self.next_opening(start))
