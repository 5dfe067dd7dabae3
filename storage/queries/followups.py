"""Queries for looking a ticket up by less than its number (agents' `/show 1`).

Each function takes the caller's `AsyncSession` and returns plain values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ticket

# Tickets still in the agents' hands: everything but the two final statuses
# (docs/process.md section 4). A resolved ticket waits for its survey and is still shown.
_FINAL = ("closed", "rejected")


async def unfinished_numbers_ending(
    session: AsyncSession, digits: str, limit: int, *, finished_too: bool = False
) -> list[str]:
    """The numbers of tickets not closed or rejected (any ticket with `finished_too`) that
    end with `digits` (only 0-9 — raises ValueError for anything else, so no LIKE wildcard
    slips in), newest first, at most `limit`. A table scan (a trailing LIKE uses no index):
    fine for a command an agent types, not for a hot path."""
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"not digits: {digits!r}")
    t: Any = Ticket.__table__.c  # type: ignore[attr-defined]
    statement = select(t.number).where(t.number.like(f"%{digits}"))
    if not finished_too:
        statement = statement.where(t.status.not_in(_FINAL))
    statement = statement.order_by(t.id.desc()).limit(limit)
    return [str(n) for n in (await session.execute(statement)).scalars().all()]
