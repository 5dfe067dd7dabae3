"""Ticket numbers: prefix + local date + daily sequence, unique under concurrency.

The sequence is one atomic upsert (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`) on the
day's counter row, so concurrent submissions on any number of workers never share a number,
and a rolled-back submission simply leaves a gap.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import TicketCounter


async def next_sequence(session: AsyncSession, day: date) -> int:
    """The next ticket sequence (1, 2, ...) of the local `day`, taken inside the caller's
    transaction: concurrent callers on any worker get different numbers, and a rollback
    leaves a gap (docs/process.md section 2)."""
    key = day.strftime("%Y%m%d")
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(TicketCounter)
        .values(day=key, last=1)
        .on_conflict_do_update(index_elements=["day"], set_={"last": col(TicketCounter.last) + 1})
        .returning(col(TicketCounter.last))
    )
    result = await session.execute(statement)
    return int(result.scalar_one())


def format_number(prefix: str, day: date, sequence: int, digits: int) -> str:
    """The ticket number: prefix + YYYYMMDD + sequence zero-padded to at least `digits`
    ("CP", 2026-11-22, 1, 3 -> "CP20261122001"); docs/architecture.md, Ticket numbers."""
    return f"{prefix}{day.strftime('%Y%m%d')}{sequence:0{digits}d}"
