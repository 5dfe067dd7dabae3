"""The server's log lines: their time in the business's time zone, with its offset.

`asctime` is the process's local time without a zone; on a server running in UTC that read
8 hours off the times the chats show (TIMEZONE, Asia/Shanghai by default), with nothing in
the line to say so (newcomer trial 15). Each line now carries the offset:
`2026-12-01T18:44:03.123+08:00 INFO bot.app: …`, so it compares directly with a chat and
converts unambiguously to UTC.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime, tzinfo

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ZonedFormatter(logging.Formatter):
    """A formatter whose `asctime` is ISO 8601 in `zone`, to the millisecond, with the offset."""

    def __init__(self, fmt: str, zone: tzinfo) -> None:
        super().__init__(fmt)
        self.zone = zone

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """The record's time in the formatter's zone ("2026-12-01T18:44:03.123+08:00")."""
        when = datetime.fromtimestamp(record.created, self.zone)
        return when.strftime(datefmt) if datefmt else when.isoformat(timespec="milliseconds")


def configure(level: int, zone: tzinfo) -> None:
    """Logs to stderr at `level`, one line per event, times in `zone` with their offset."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(ZonedFormatter(FORMAT, zone))
    logging.basicConfig(level=level, handlers=[handler])
