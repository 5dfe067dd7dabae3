"""Queries for looking a ticket up by less than its number (agents' `/show 1`).

Each function takes the caller's `AsyncSession` and returns plain values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ticket

# Tickets still in the agents' hands: everything but the two final statuses
# (docs/process.md section 4). A resolved ticket waits for its survey and is still shown.
_FINAL = ("closed", "rejected")


# The date in a ticket number: YYYYMMDD between the prefix and the daily sequence
# (storage/numbering.py:format_number).
DATE_DIGITS = 8


async def numbers_with_whole_tail(
    session: AsyncSession, tails: tuple[str, ...], limit: int, *, finished_too: bool = False
) -> list[str]:
    """The numbers of tickets not closed or rejected (any ticket with `finished_too`) that
    end with one of `tails` where the tail holds their WHOLE daily sequence (and perhaps
    date digits before it): "002" names CP20261201002 but not CP20261201012 nor
    CP202612011002; "1201002" names CP20261201002. A tail cutting into the sequence named
    the wrong customer's ticket (newcomer trial 9: "/reply 2" went to …012). Newest first,
    at most `limit`. Tails are 0-9 only (raises ValueError otherwise, so no LIKE wildcard
    slips in). A table scan (a trailing LIKE uses no index): fine for a command an agent
    types, not for a hot path."""
    for tail in tails:
        if not tail.isdigit() or not tail.isascii():
            raise ValueError(f"not digits: {tail!r}")
    t: Any = Ticket.__table__.c  # type: ignore[attr-defined]
    statement = select(t.number).where(or_(*(_whole_tail(t.number, tail) for tail in tails)))
    if not finished_too:
        statement = statement.where(t.status.not_in(_FINAL))
    statement = statement.order_by(t.id.desc()).limit(limit)
    return [str(n) for n in (await session.execute(statement)).scalars().all()]


def _whole_tail(number: Any, tail: str) -> ColumnElement[bool]:
    """`number` ends with `tail`, and the character DATE_DIGITS before the tail is no digit
    (a prefix letter) or before the start: the digits ahead of the tail are date digits
    only, so the tail holds the whole sequence. The position is guarded rather than passed
    to substr below 1 (SQLite reads a negative start from the right)."""
    before = func.length(number) - (len(tail) + DATE_DIGITS)
    return and_(
        number.like(f"%{tail}"),
        or_(before < 1, func.substr(number, before, 1).not_in(tuple("0123456789"))),
    )
