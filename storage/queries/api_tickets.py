"""The REST API's ticket reads (issue 14): a filtered list paged by keyset in SQL, one
ticket's whole trail, and the two facts an API action needs around
handlers/agent_actions.py:act.

Paging is by keyset, never OFFSET: a page starts strictly after the last row of the one
before in the list's own order, so rows filed or moved meanwhile neither repeat nor push
others out of sight, and page N costs what page 1 does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboundMessage, Ticket, TicketEvent
from storage.queries.tickets import first_pending, is_open
from storage.types import UTCDateTime

_t: Any = Ticket.__table__.c  # type: ignore[attr-defined]
_ev: Any = TicketEvent.__table__.c  # type: ignore[attr-defined]
_in: Any = InboundMessage.__table__.c  # type: ignore[attr-defined]

# Stands for "no deadline" in the deadline order, so those tickets come last and the keyset
# comparison never meets a NULL (which compares as unknown on both databases).
NO_DEADLINE = datetime(9999, 12, 31, tzinfo=UTC)
Order = Literal["created", "due"]


@dataclass(frozen=True)
class TicketFilter:
    """What a list keeps. `statuses`: any of them (empty: every status); `assignee`: None for
    anyone, "none" for unassigned, or an agent id; `overdue`: open tickets whose next
    deadline (first response until given, then resolution) is before `now` (aware)."""

    now: datetime
    statuses: tuple[str, ...] = ()
    severity: str | None = None
    category: str | None = None
    channel: str | None = None
    assignee: int | Literal["none"] | None = None
    overdue: bool = False


def next_due() -> ColumnElement[datetime]:
    """The deadline that matters now: the first response's until given, then the
    resolution's (as /queue orders, storage/queries/tickets.py:queue_page)."""
    return case((first_pending(), _t.first_response_due), else_=_t.resolution_due)


def sort_key(order: Order) -> ColumnElement[datetime]:
    """The list's first sort column: `created_at` (newest first), or the next deadline
    with NO_DEADLINE for none (earliest first)."""
    if order == "created":
        column: ColumnElement[datetime] = _t.created_at
        return column
    return func.coalesce(next_due(), literal(NO_DEADLINE, UTCDateTime()))


def _where(kept: TicketFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if kept.statuses:
        where.append(_t.status.in_(list(kept.statuses)))
    for column, value in (
        (_t.severity, kept.severity),
        (_t.category, kept.category),
        (_t.channel, kept.channel),
    ):
        if value is not None:
            where.append(column == value)
    if kept.assignee == "none":
        where.append(_t.assignee_id.is_(None))
    elif kept.assignee is not None:
        where.append(_t.assignee_id == kept.assignee)
    if kept.overdue:
        where.append(and_(is_open(), next_due() < kept.now))
    return where


async def ticket_page(
    session: AsyncSession,
    kept: TicketFilter,
    *,
    order: Order,
    after: tuple[datetime, int] | None,
    limit: int,
) -> list[Ticket]:
    """At most `limit` tickets `kept` lets through, in `order` ("created": newest first;
    "due": next deadline first, none last), ties by id in the same direction, starting
    strictly after `after` = (sort key, id) of the previous page's last row (`page_key`
    gives it). Ask for one more than you show to learn whether a next page exists."""
    key = sort_key(order)
    where = _where(kept)
    if after is not None:
        at, last_id = after
        bound = literal(at, UTCDateTime())
        if order == "created":
            where.append(or_(key < bound, and_(key == bound, _t.id < last_id)))
        else:
            where.append(or_(key > bound, and_(key == bound, _t.id > last_id)))
    direction = (key.desc(), _t.id.desc()) if order == "created" else (key.asc(), _t.id.asc())
    statement = select(Ticket).where(*where).order_by(*direction).limit(limit)
    return list((await session.execute(statement)).scalars().all())


def page_key(ticket: Ticket, order: Order) -> tuple[datetime, int]:
    """(sort key, id) of a row of `ticket_page`, as the next page's `after`."""
    if order == "created":
        return ticket.created_at, int(ticket.id or 0)
    pending = ticket.first_responded_at is None and ticket.first_response_due is not None
    due = ticket.first_response_due if pending else ticket.resolution_due
    return due or NO_DEADLINE, int(ticket.id or 0)


async def all_events(session: AsyncSession, ticket_id: int) -> list[TicketEvent]:
    """Every audit event of the ticket, in the order they were recorded."""
    statement = select(TicketEvent).where(_ev.ticket_id == ticket_id).order_by(_ev.id)
    return list((await session.execute(statement)).scalars().all())


async def last_event_id(session: AsyncSession, ticket_id: int) -> int:
    """The id of the ticket's newest event, 0 when it has none: an action recorded something
    when this grows."""
    found = await session.execute(select(func.max(_ev.id)).where(_ev.ticket_id == ticket_id))
    return int(found.scalar_one() or 0)


async def events_after(session: AsyncSession, ticket_id: int, event_id: int) -> list[TicketEvent]:
    """The ticket's events recorded after the event `event_id`, in order."""
    statement = (
        select(TicketEvent).where(_ev.ticket_id == ticket_id, _ev.id > event_id).order_by(_ev.id)
    )
    return list((await session.execute(statement)).scalars().all())


async def inbound_processed(session: AsyncSession, channel: str, message_id: str) -> bool:
    """True when the message `message_id` on `channel` was recorded and processed; False
    when it waits for the recovery job (its turn failed) or was never recorded."""
    found = await session.execute(
        select(_in.processed_at).where(_in.channel == channel, _in.message_id == message_id)
    )
    row = found.first()
    return row is not None and row[0] is not None


async def inbound_body(session: AsyncSession, channel: str, message_id: str) -> str | None:
    """The sealed body (the recorded `Inbound` as JSON) of the message `message_id` on
    `channel`; None when no such message was recorded. An API action's request id seen
    before: handlers/agent_actions.py answers it from the first run, if it is the same."""
    found = await session.execute(
        select(_in.body_enc).where(_in.channel == channel, _in.message_id == message_id)
    )
    row = found.first()
    return None if row is None else str(row[0] or "")
