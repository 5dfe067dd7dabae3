"""The rows of a month's CSV export (handlers/report_export.py): one page at a time.

A ticket belongs to the month it was filed in (`created_at` in [start, end)), as in the report
(storage/queries/reports.py). A month is tens of thousands of tickets: the export reads the
columns it writes as tuples, never whole ORM rows, a page per statement in filing order
(`created_at`, then id; the `created_at` index), continuing after the last row of the previous
page (keyset), so each page costs what it returns wherever it is in the month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, literal, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Agent, Ticket
from storage.types import UTCDateTime

PAGE = 1000  # rows per statement, as storage/queries/reports.py:PAGE
_t: Any = Ticket.__table__.c  # type: ignore[attr-defined]
_a: Any = Agent.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ExportRow:
    """One ticket as the export reads it: aware UTC datetimes, the contacts still sealed (for
    the caller's vault), `assignee` the agent's display name (None: unassigned). The names of
    the clock columns are the ticket's, so handlers/report.py's duration functions read it."""

    id: int
    number: str
    created_at: datetime
    channel: str
    status: str
    category: str
    severity: str
    product: str | None
    store: str | None
    staff: str | None
    order_no: str | None
    assignee_id: int | None
    assignee: str | None
    clock_start_at: datetime | None
    first_response_due: datetime | None
    first_responded_at: datetime | None
    resolution_due: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    reopen_count: int
    survey_score: int | None
    name_enc: str | None
    phone_enc: str | None
    email_enc: str | None


@dataclass(frozen=True)
class After:
    """Where the next page starts: after this (created_at, id) of the previous page's last row."""

    created_at: datetime
    id: int


_COLUMNS = [
    _t.id,
    _t.number,
    _t.created_at,
    _t.channel,
    _t.status,
    _t.category,
    _t.severity,
    _t.product,
    _t.store,
    _t.staff,
    _t.order_no,
    _t.assignee_id,
    _a.name,
    _t.clock_start_at,
    _t.first_response_due,
    _t.first_responded_at,
    _t.resolution_due,
    _t.resolved_at,
    _t.closed_at,
    _t.reopen_count,
    _t.survey_score,
    _t.name_enc,
    _t.phone_enc,
    _t.email_enc,
]


async def month_export_page(
    session: AsyncSession,
    start: datetime,
    end: datetime,
    after: After | None = None,
    limit: int = PAGE,
) -> list[ExportRow]:
    """At most `limit` tickets filed in [start, end) (aware datetimes), in filing order
    (created_at, id), starting after `after` (None: from the first). A page shorter than
    `limit` is the last; `After(row.created_at, row.id)` of a page's last row continues."""
    position = (
        true()
        if after is None
        else tuple_(_t.created_at, _t.id)
        > tuple_(literal(after.created_at, UTCDateTime()), literal(after.id))
    )
    statement = (
        select(*_COLUMNS)
        .select_from(Ticket.__table__.outerjoin(Agent.__table__, _a.id == _t.assignee_id))  # type: ignore[attr-defined]
        .where(and_(_t.created_at >= start, _t.created_at < end), position)
        .order_by(_t.created_at, _t.id)
        .limit(limit)
    )
    rows = await session.execute(statement)
    return [ExportRow(*row) for row in rows.all()]
