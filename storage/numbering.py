"""Ticket numbers: prefix + local date + daily sequence, unique under concurrency.

The sequence is one atomic upsert (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`) on the
day's counter row, so concurrent submissions on any number of workers never share a number,
and a rolled-back submission simply leaves a gap.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from storage.queries import turns


async def next_sequence(session: AsyncSession, day: date) -> int:
    """The next ticket sequence (1, 2, ...) of the local `day`, taken inside the caller's
    transaction: concurrent callers on any worker get different numbers, and a rollback
    leaves a gap (docs/process.md section 2). One statement (storage/queries/turns.py)."""
    return await turns.next_sequence(session, day.strftime("%Y%m%d"))


def format_number(prefix: str, day: date, sequence: int, digits: int) -> str:
    """The ticket number: prefix + YYYYMMDD + sequence zero-padded to at least `digits`
    ("CP", 2026-11-22, 1, 3 -> "CP20261122001"); docs/architecture.md, Ticket numbers."""
    return f"{prefix}{day.strftime('%Y%m%d')}{sequence:0{digits}d}"
