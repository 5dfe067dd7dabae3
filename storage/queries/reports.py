"""The monthly report's queries (docs/process.md section 6; handlers/report.py renders nothing,
it shapes these figures). A ticket belongs to the month it was filed in: `created_at` in
[start, end). Counts and SLA compliance are aggregated in SQL; durations need the business
calendar (a reopened ticket's first response is measured from the first opening after
filing), so only the few columns they need are fetched, as tuples, not ORM objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ticket
from storage.queries import turns

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


KINDS = ("category", "severity", "channel")


async def counts_by(
    session: AsyncSession, start: datetime, end: datetime
) -> dict[str, dict[str, int]]:
    """Tickets of the month per value of each of KINDS ("category", "severity", "channel"):
    {kind: {value: tickets}}. One statement, grouped by the three codes together (at most
    categories x severities x channels groups), summed per kind here: one pass over the
    month instead of three."""
    rows = await session.execute(
        select(*(_t[kind] for kind in KINDS), func.count())
        .where(_in_month(start, end))
        .group_by(*(_t[kind] for kind in KINDS))
    )
    found: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    for row in rows.all():
        for kind, value in zip(KINDS, row[:-1], strict=True):
            counted = found[kind]
            counted[str(value)] = counted.get(str(value), 0) + int(row[-1])
    return found


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


# When the customer was first answered (handlers/report.py:first_response_end): the
# delivery of the first answer, or the conclusion when that came first or no answer arrived;
# a resolution is also a response.
FIRST_RESPONSE_END: ColumnElement[datetime] = case(
    (_t.first_responded_at.is_(None), RESOLUTION_END),
    (and_(RESOLUTION_END.is_not(None), _t.first_responded_at > RESOLUTION_END), RESOLUTION_END),
    else_=_t.first_responded_at,
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
                *_compliance(FIRST_RESPONSE_END, _t.first_response_due, now),
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

# The month's rows in filing order from a (created_at, id) on, plain SQL on the transaction's
# driver: a month is tens of thousands of rows, and SQLAlchemy's per-row processing of them
# cost more than the query (bench/bench_scale.py). The account and name come only for a
# ticket whose words are not stored yet.
_CLOCK_COLUMNS = (
    "SELECT id, created_at, clock_start_at, first_responded_at, reopen_count, status,"
    " resolved_at, closed_at, topic_words_enc,"
    " CASE WHEN topic_words_enc IS NULL THEN account_enc END,"
    " CASE WHEN topic_words_enc IS NULL THEN name_enc END"
    " FROM tickets WHERE created_at >= ? AND created_at < ?"
)
_FIRST_PAGE = _CLOCK_COLUMNS + " ORDER BY created_at, id LIMIT ?"
_NEXT_PAGE = (
    # `created_at >= ?` alone is what bounds the index range: with only the OR, each page
    # scanned the month from its start again (measured: 3.7 s for a month's 15 pages).
    _CLOCK_COLUMNS + " AND created_at >= ? AND (created_at > ? OR id > ?)"
    " ORDER BY created_at, id LIMIT ?"
)


async def month_clocks(
    session: AsyncSession, start: datetime, end: datetime
) -> list[Sequence[Any]]:
    """Per ticket of the month, in filing order, only the columns its durations are measured
    from and its words read, as the driver returns them (`clock_row` makes each a
    `ClockRow`: converting 28,000 rows' times is CPU the caller keeps off the event loop),
    fetched PAGE rows at a time (one statement held the loop for 65-700 ms decoding a whole
    month). One pass for durations and words. The account and name come only for a ticket
    whose words are not stored yet."""
    db = await turns.link(session)
    bounds = (db.bind_time(start), db.bind_time(end))
    rows: list[Sequence[Any]] = []
    page = await db.rows(_FIRST_PAGE, (*bounds, PAGE))
    while True:
        rows.extend(page)
        if len(page) < PAGE:
            return rows
        last = page[-1]
        page = await db.rows(_NEXT_PAGE, (*bounds, last[1], last[1], last[0], PAGE))


def clock_row(row: Sequence[Any]) -> ClockRow:
    """One row of `month_clocks` as a `ClockRow` (times aware UTC)."""
    time = turns.read_time
    created = time(row[1])
    assert created is not None  # created_at is NOT NULL
    return ClockRow(
        int(row[0]),
        created,
        time(row[2]),
        time(row[3]),
        int(row[4]),
        row[5],
        time(row[6]),
        time(row[7]),
        row[8],
        row[9],
        row[10],
    )


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
