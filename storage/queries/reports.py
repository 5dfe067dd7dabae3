"""The monthly report's queries (docs/process.md section 6; handlers/report.py renders nothing,
it shapes these figures). A ticket belongs to the month it was filed in: `created_at` in
[start, end). Counts and SLA compliance are aggregated in SQL; durations need the business
calendar (a reopened ticket's first response is measured from the first opening after
filing), so only the few columns they need are fetched, as tuples, not ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ticket
from storage.types import UTCDateTime

_Row = TypeVar("_Row")
_table: Any = Ticket.__table__  # type: ignore[attr-defined]
_t: Any = _table.c


def _in_month(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(_t.created_at >= start, _t.created_at < end)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def month_tickets(session: AsyncSession, start: datetime, end: datetime) -> list[Ticket]:
    """Every ticket filed in [start, end) as ORM rows, by id: the whole rows, for callers that
    need them all (the report's reference computation in tests); the report itself reads
    `month_totals`, `counts_by`, `value_counts` and `month_clocks`."""
    statement = select(Ticket).where(_in_month(start, end)).order_by(_t.id)
    return list((await session.execute(statement)).scalars().all())


async def counts_by(
    session: AsyncSession, column: str, start: datetime, end: datetime
) -> dict[str, int]:
    """Tickets of the month per value of `column` ("category", "severity", "channel")."""
    rows = await session.execute(
        select(_t[column], func.count()).where(_in_month(start, end)).group_by(_t[column])
    )
    return {str(value): int(n) for value, n in rows.all()}


@dataclass(frozen=True)
class ComplianceCounts:
    """One SLA clock over the month: finished by the deadline, finished late or still open past
    it, still open before it. Tickets without that deadline are in none."""

    met: int
    missed: int
    pending: int


def _compliance(done: Any, due: Any, now: datetime) -> list[ColumnElement[int]]:
    return [
        _count_if(and_(due.is_not(None), done.is_not(None), done <= due)),
        _count_if(
            and_(
                due.is_not(None),
                or_(and_(done.is_not(None), done > due), and_(done.is_(None), due < now)),
            )
        ),
        _count_if(and_(due.is_not(None), done.is_(None), due >= now)),
    ]


# A rejection (不予受理) concludes a ticket just as a resolution does.
RESOLUTION_END: ColumnElement[datetime] = case(
    (_t.status == "rejected", _t.closed_at), else_=_t.resolved_at
)


@dataclass(frozen=True)
class MonthTotals:
    """The month's single-number figures. `scores[n]`: answers with score n (1-5)."""

    total: int
    first_response: ComplianceCounts
    resolution: ComplianceCounts
    scores: dict[int, int]
    no_response: int
    reopened: int


async def month_totals(
    session: AsyncSession, start: datetime, end: datetime, now: datetime
) -> MonthTotals:
    """Counts, SLA compliance at `now` and the survey's figures, in two aggregate statements."""
    row = (
        await session.execute(
            select(
                func.count(),
                *_compliance(_t.first_responded_at, _t.first_response_due, now),
                *_compliance(RESOLUTION_END, _t.resolution_due, now),
                _count_if(_t.survey_outcome == "no_response"),
                _count_if(_t.reopen_count > 0),
            ).where(_in_month(start, end))
        )
    ).one()
    scores = await session.execute(
        select(_t.survey_score, func.count())
        .where(_in_month(start, end), _t.survey_score.is_not(None))
        .group_by(_t.survey_score)
    )
    return MonthTotals(
        total=int(row[0]),
        first_response=ComplianceCounts(int(row[1]), int(row[2]), int(row[3])),
        resolution=ComplianceCounts(int(row[4]), int(row[5]), int(row[6])),
        scores={int(score): int(n) for score, n in scores.all()},
        no_response=int(row[7]),
        reopened=int(row[8]),
    )


async def value_counts(
    session: AsyncSession, column: str, start: datetime, end: datetime
) -> list[tuple[str, int]]:
    """The month's tickets per distinct non-null value of `column` ("product", "store",
    "staff"), unordered. Values come as stored: the caller trims them (Python's notion of
    whitespace, which SQL's TRIM does not share) and ranks them (Python's code-point order,
    which a PostgreSQL collation does not share)."""
    rows = await session.execute(
        select(_t[column], func.count())
        .where(_in_month(start, end), _t[column].is_not(None))
        .group_by(_t[column])
    )
    return [(str(name), int(n)) for name, n in rows.all()]


@dataclass(frozen=True)
class ClockRow:
    """What the durations and the words read of one ticket: aware UTC datetimes, the topic
    words sealed as filing keeps them (handlers/topics.py), and, only while those are not
    computed yet (NULL, a ticket filed before revision i11t), the account and name sealed,
    for the caller's vault to open and compute them from."""

    id: int
    created_at: datetime
    clock_start_at: datetime | None
    first_responded_at: datetime | None
    reopen_count: int
    status: str
    resolved_at: datetime | None
    closed_at: datetime | None
    topic_words_enc: str | None
    account_enc: str | None
    name_enc: str | None


PAGE = 1000  # rows per statement: what the driver decodes in one go, on the event loop


async def _paged(
    session: AsyncSession, columns: list[Any], where: ColumnElement[bool], make: Callable[..., _Row]
) -> list[_Row]:
    # A month is tens of thousands of rows. Fetched in one statement, the driver decodes them
    # in one callback and SQLAlchemy converts them in one step: each held the event loop for
    # 65-700 ms (measured, bench/bench_scale.py). Pages in filing order, each made into
    # `make(*columns)` as it comes, keep every step short.
    rows: list[_Row] = []
    after: ColumnElement[bool] = true()
    while True:
        result = await session.execute(
            select(_t.created_at, _t.id, *columns)
            .where(where, after)
            .order_by(_t.created_at, _t.id)  # the month's index, not a walk of the table
            .limit(PAGE)
        )
        page = result.all()
        rows.extend(make(*row[2:]) for row in page)
        if len(page) < PAGE:
            return rows
        after = tuple_(_t.created_at, _t.id) > tuple_(
            literal(page[-1][0], UTCDateTime()), literal(page[-1][1])
        )


async def month_clocks(session: AsyncSession, start: datetime, end: datetime) -> list[ClockRow]:
    """Per ticket of the month, in filing order, only the columns its durations are measured
    from and its words read, fetched PAGE rows at a time (one pass for both). The account
    and name come only for a ticket whose words are not stored yet."""
    missing = _t.topic_words_enc.is_(None)
    columns = [
        _t.id,
        _t.created_at,
        _t.clock_start_at,
        _t.first_responded_at,
        _t.reopen_count,
        _t.status,
        _t.resolved_at,
        _t.closed_at,
        _t.topic_words_enc,
        case((missing, _t.account_enc), else_=None),
        case((missing, _t.name_enc), else_=None),
    ]
    return await _paged(session, columns, _in_month(start, end), ClockRow)


async def store_topic_words(session: AsyncSession, words: Sequence[tuple[int, str]]) -> None:
    """Keeps `words` [(ticket id, sealed topic words)] on tickets that have none yet (one
    statement per row, sent as one batch); a ticket whose words were stored meanwhile keeps
    them. The caller keeps batches short: each is one transaction's lock on its rows."""
    if not words:
        return
    await session.execute(
        update(_table)
        .where(_t.id == bindparam("ticket_id"), _t.topic_words_enc.is_(None))
        .values(topic_words_enc=bindparam("words")),
        [{"ticket_id": ticket_id, "words": sealed} for ticket_id, sealed in words],
    )
