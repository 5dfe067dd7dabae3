"""Newcomer trial 15 (helper Z): server log times carry their zone (bot/log_format.py)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.log_format import FORMAT, ZonedFormatter


def test_a_log_line_has_the_business_time_and_its_offset() -> None:
    record = logging.LogRecord("bot.app", logging.INFO, __file__, 1, "started", None, None)
    record.created = datetime(2026, 12, 1, 10, 44, 3, 123000, tzinfo=UTC).timestamp()
    line = ZonedFormatter(FORMAT, ZoneInfo("Asia/Shanghai")).format(record)
    # 10:44 UTC is 18:44 in Shanghai, the time the chat shows; the offset says which it is.
    assert line == "2026-12-01T18:44:03.123+08:00 INFO bot.app: started"


def test_a_server_on_utc_says_so() -> None:
    record = logging.LogRecord("bot.app", logging.INFO, __file__, 1, "x", None, None)
    record.created = datetime(2026, 12, 1, 10, 44, 3, tzinfo=UTC).timestamp()
    assert ZonedFormatter(FORMAT, UTC).format(record).startswith("2026-12-01T10:44:03.000+00:00")
