"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite keeps no time zone, so values are stored as naive UTC everywhere; a naive value
    handed in is refused rather than guessed, because a wrong zone shifts every SLA clock.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """An aware datetime as naive UTC for the column; None stays None. Raises ValueError
        for a naive datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """The stored value (a naive UTC datetime, or ISO text from SQLite) as an aware UTC
        datetime; None stays None."""
        if value is None:
            return None
        # The driver hands back a datetime, or ISO text where SQLite stores the column as text.
        stored: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        return stored.replace(tzinfo=UTC)
