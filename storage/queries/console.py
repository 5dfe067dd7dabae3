"""The web console's reads (issue 14, bot/web/): the queue with its filters, paginated in
SQL, and one ticket's whole timeline.

The queue follows storage/queries/tickets.py:queue_page: open tickets split by which
deadline matters now (the first response's until it is given, then the resolution's), each
part read in its partial index's order (`ix_tickets_open_first_due`,
`ix_tickets_open_resolution_due`) and cut at `offset + limit`, the parts merged and the page
cut from them. A page so reads at most 2 x (offset + limit) index entries whatever the table
holds; the count reads index entries only. Datetimes are aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Evidence, OutboxMessage, Ticket, TicketEvent
from storage.queries.tickets import first_pending, is_open

_t: Any = Ticket.__table__.c  # type: ignore[attr-defined]
_ev: Any = TicketEvent.__table__.c  # type: ignore[attr-defined]
_ob: Any = OutboxMessage.__table__.c  # type: ignore[attr-defined]
_e: Any = Evidence.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows: all open tickets, narrowed by every field that is set.

    `assignee_id`: that agent's ("mine"); `unassigned`: nobody's; `overdue`: next deadline
    before now; `severity`, `category`, `channel`: codes as stored."""

    assignee_id: int | None = None
    unassigned: bool = False
    overdue: bool = False
    severity: str | None = None
    category: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class ConsoleRow:
    """One queue line: codes as stored, `next_due` aware UTC (None: no deadline), and
    whether that deadline is the first response's."""

    number: str
    status: str
    severity: str
    category: str
    channel: str
    next_due: datetime | None
    first_due: bool
    assignee_id: int | None
    created_at: datetime
    # What the ticket is about, so a busy agent need not open each one (second newcomer
    # trial): the object's parts as filed, none of them personal data.
    product: str | None = None
    store: str | None = None
    staff: str | None = None


@dataclass(frozen=True)
class ConsolePage:
    """One page of the queue and how many tickets the whole filtered queue holds."""

    total: int
    rows: list[ConsoleRow]


def _branches(now: datetime, filters: QueueFilters) -> list[tuple[ColumnElement[bool], Any, bool]]:
    """(predicate, deadline column, is-first-response) per partial index of the open queue."""
    branches: list[tuple[ColumnElement[bool], Any, bool]] = []
    for case_, due, first in (
        (first_pending(), _t.first_response_due, True),
        (~first_pending(), _t.resolution_due, False),
    ):
        where = and_(is_open(), case_)
        if filters.assignee_id is not None:
            where = and_(where, _t.assignee_id == filters.assignee_id)
        if filters.unassigned:
            where = and_(where, _t.assignee_id.is_(None))
        if filters.overdue:
            where = and_(where, due < now)
        for column, value in (
            (_t.severity, filters.severity),
            (_t.category, filters.category),
            (_t.channel, filters.channel),
        ):
            if value is not None:
                where = and_(where, column == value)
        branches.append((where, due, first))
    return branches


async def queue_page(
    session: AsyncSession,
    *,
    now: datetime,
    filters: QueueFilters,
    offset: int = 0,
    limit: int = 25,
) -> ConsolePage:
    """Open tickets matching `filters` by next deadline (earliest first, none last, then by
    id), rows `offset` to `offset + limit`, and the filtered queue's size. Two statements.
    Raises ValueError for a negative offset or a limit below 1."""
    if offset < 0 or limit < 1:
        raise ValueError("offset must be >= 0 and limit >= 1")
    branches = _branches(now, filters)
    counts = [
        select(func.count()).select_from(Ticket).where(w).scalar_subquery() for w, _, _ in branches
    ]
    total = int((await session.execute(select(counts[0] + counts[1]))).scalar_one())
    if total <= offset:
        return ConsolePage(total, [])
    parts = [
        select(
            _t.id,
            _t.number,
            _t.status,
            _t.severity,
            _t.category,
            _t.channel,
            due.label("due"),
            literal_column("1" if first else "0").label("first_due"),
            _t.assignee_id,
            _t.created_at,
            _t.product,
            _t.store,
            _t.staff,
        )
        .where(where)
        .order_by(due.asc().nulls_last(), _t.id)
        .limit(offset + limit)
        .subquery()
        for where, due, first in branches
    ]
    merged = union_all(*(select(part) for part in parts)).subquery()
    page = await session.execute(
        select(
            merged.c.number,
            merged.c.status,
            merged.c.severity,
            merged.c.category,
            merged.c.channel,
            merged.c.due,
            merged.c.first_due,
            merged.c.assignee_id,
            merged.c.created_at,
            merged.c.product,
            merged.c.store,
            merged.c.staff,
        )
        .order_by(merged.c.due.asc().nulls_last(), merged.c.id)
        .offset(offset)
        .limit(limit)
    )
    rows = [
        ConsoleRow(
            number=str(r[0]),
            status=str(r[1]),
            severity=str(r[2]),
            category=str(r[3]),
            channel=str(r[4]),
            next_due=r[5],
            first_due=bool(r[6]),
            assignee_id=r[7],
            created_at=r[8],
            product=r[9],
            store=r[10],
            staff=r[11],
        )
        for r in page.all()
    ]
    return ConsolePage(total, rows)


# --- one ticket ------------------------------------------------------------------------------
async def ticket(session: AsyncSession, number: str) -> Ticket | None:
    """The ticket numbered exactly `number` (not locked), None when there is none."""
    return (await session.execute(select(Ticket).where(_t.number == number))).scalar_one_or_none()


async def events(session: AsyncSession, ticket_id: int) -> list[TicketEvent]:
    """Every event of the ticket, oldest first: the whole audit trail
    (`ix_ticket_events_ticket_id`)."""
    statement = select(TicketEvent).where(_ev.ticket_id == ticket_id).order_by(_ev.id)
    return list((await session.execute(statement)).scalars().all())


async def pushes(session: AsyncSession, ticket_id: int) -> list[OutboxMessage]:
    """Every outbox row of the ticket (to the customer, agents, supervisors), oldest first,
    whatever its delivery state (`ix_outbox_ticket_id`)."""
    statement = select(OutboxMessage).where(_ob.ticket_id == ticket_id).order_by(_ob.id)
    return list((await session.execute(statement)).scalars().all())


async def evidence_item(session: AsyncSession, ticket_id: int, evidence_id: int) -> Evidence | None:
    """The evidence row `evidence_id` when it belongs to the ticket, else None (an id from
    another ticket is not found, whoever asks)."""
    statement = select(Evidence).where(_e.id == evidence_id, _e.ticket_id == ticket_id)
    return (await session.execute(statement)).scalar_one_or_none()
