"""The counts `GET /metrics` shows (bot/metrics.py): aggregates only, no personal data.

Each function takes the caller's `AsyncSession`; datetimes are aware UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboundMessage, Ticket
from storage.outbox import counts_by_status

_t: Any = Ticket.__table__.c  # type: ignore[attr-defined]
_i: Any = InboundMessage.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Counts:
    """The gauges: tickets by (status, severity) sorted, outbox rows by status (statuses
    with none absent), inbound messages recorded and not yet processed, and tickets in a
    working status whose resolution deadline passed."""

    tickets: list[tuple[str, str, int]]
    outbox: dict[str, int]
    inbound: int
    unprocessed: int
    overdue: int


async def counts(session: AsyncSession, *, now: datetime, working: Sequence[str]) -> Counts:
    """The gauges at `now`; `working` are the statuses whose clocks run (the caller's
    vocabulary, handlers/tickets.py). Six aggregate statements."""
    by_status = await session.execute(
        select(_t.status, _t.severity, func.count()).group_by(_t.status, _t.severity)
    )
    inbound = await session.scalar(select(func.count()).select_from(InboundMessage))
    unprocessed = await session.scalar(
        select(func.count()).select_from(InboundMessage).where(_i.processed_at.is_(None))
    )
    overdue = await session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(_t.status.in_(list(working)), _t.resolution_due < now)
    )
    return Counts(
        tickets=sorted((str(s), str(v), int(n)) for s, v, n in by_status.all()),
        outbox=await counts_by_status(session),
        inbound=int(inbound or 0),
        unprocessed=int(unprocessed or 0),
        overdue=int(overdue or 0),
    )
