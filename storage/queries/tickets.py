"""Ticket queries for the agents' views and the scheduled scans (issue 11 item 4).

Filtering, ordering, limits and counts run in SQL on the indexes declared on
`storage.models.Ticket`, so each query costs what it returns (or what is due), not what the
table holds. Datetimes are aware UTC in and out (`storage.types.UTCDateTime`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Agent, Evidence, OutboxMessage, Ticket, TicketEvent
from storage.types import UTCDateTime

# Ticket statuses whose clocks may run (docs/process.md section 4); `handlers.lifecycle.OPEN`
# is the same set, kept there as the process's word and here for the partial indexes.
OPEN_STATUSES: tuple[str, ...] = (
    "accepted",
    "verifying",
    "processing",
    "awaiting_customer",
    "reopened",
)
# A paused ticket (waiting for the customer) is not watched by the SLA scan.
WATCHED_STATUSES: tuple[str, ...] = tuple(s for s in OPEN_STATUSES if s != "awaiting_customer")

# Core columns: expressions without the ORM's instrumentation (sqlmodel's class attributes
# are typed as their Python values).
_t: Any = Ticket.__table__.c  # type: ignore[attr-defined]
_ev: Any = TicketEvent.__table__.c  # type: ignore[attr-defined]


def constant(value: str) -> ColumnElement[str]:
    """A string written into the SQL, not bound: PostgreSQL matches a query to a partial
    index only when it can prove the index's predicate, which a bound parameter of a generic
    prepared plan (asyncpg) never lets it do. Only for the module's own constants."""
    return literal_column("'" + value.replace("'", "''") + "'")


def is_open() -> ColumnElement[bool]:
    """`status IN (...OPEN_STATUSES)`, as the partial indexes' predicates write it."""
    condition: ColumnElement[bool] = _t.status.in_([constant(s) for s in OPEN_STATUSES])
    return condition


@dataclass(frozen=True)
class QueueRow:
    """One line of `/queue`: codes as stored (labels are the caller's), `next_due` aware UTC."""

    number: str
    status: str
    severity: str
    category: str
    next_due: datetime | None
    assignee_id: int | None
    # Whether `next_due` is the first response's (else the resolution's): /queue names the
    # clock, as the web console does (newcomer trial 9: "截止 12-02 11:27" said not which).
    first_due: bool = False
    # What the line says the ticket is about (handlers/lifecycle.py:subject, newcomer trial
    # 12): its object columns, and the sealed account, name and contact a summary needs.
    about: Mapping[str, Any] | None = None
    # What the agent must know to act (newcomer trial 17: a refused proposal and one waiting
    # for the customer both read "已受理"): the newest of the ticket's proposal events
    # (`PROPOSAL_EVENTS`; "proposal" while unanswered), whether it was escalated for more
    # than its severity (`escalated_event`), and how often it was reopened.
    proposal: str | None = None
    escalated: bool = False
    reopen_count: int = 0


# The events of a remedy proposal and its answer (handlers/agent_commands.py:propose,
# handlers/followup.py:answer_proposal).
PROPOSAL_EVENTS = ("proposal", "proposal_accepted", "proposal_refused")
# An escalation the severity alone made (handlers/notify.py:urgent_alert): the queue's
# severity already says it; any other escalation (a refusal, a breach, an agent) is news.
_URGENT_ONLY = '{"reason": "urgent"}'


def _last_proposal_event(ticket_id: Any) -> ColumnElement[str]:
    """A scalar subquery: the kind of the ticket's newest proposal event, NULL for none; it
    reads the ticket's own events through `ix_ticket_events_ticket_id`."""
    newest: ColumnElement[str] = (
        select(_ev.kind)
        .where(_ev.ticket_id == ticket_id, _ev.kind.in_([constant(k) for k in PROPOSAL_EVENTS]))
        .order_by(_ev.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return newest


def escalated_event(ticket_id: Any) -> ColumnElement[bool]:
    """An EXISTS: the ticket was escalated for something besides its severity."""
    found: ColumnElement[bool] = (
        select(_ev.id)
        .where(
            _ev.ticket_id == ticket_id,
            _ev.kind == constant("escalated"),
            or_(_ev.data.is_(None), _ev.data != _URGENT_ONLY),
        )
        .exists()
    )
    return found


# The columns `QueueRow.about` carries, read in the queue's one statement.
ABOUT_COLUMNS = ("product", "store", "staff", "account_enc", "name_enc", "phone_enc", "email_enc")


@dataclass(frozen=True)
class QueuePage:
    """The first `rows` of a queue in deadline order and how many tickets the queue holds:
    exactly `total` when `exact`, else more than `total` (the count stopped at its cap)."""

    total: int
    rows: list[QueueRow]
    exact: bool = True


# Counts stop here: past it "how many" reads "more than N". Counting every open ticket
# exactly scans every entry of the open tickets' indexes (100,000 entries: 20-30 ms on a
# loaded 2-core machine, measured with bench/bench_scale.py); counting up to the cap reads
# at most cap + 1 entries per index, whatever the backlog.
COUNT_CAP = 1000


def capped_count(where: ColumnElement[bool], cap: int) -> ColumnElement[int]:
    """A scalar subquery: how many tickets match `where`, counting at most `cap` + 1 (so a
    result above `cap` means "more than `cap`"); it reads that many index entries at most."""
    found = select(literal(1).label("one")).select_from(Ticket).where(where).limit(cap + 1)
    counted: ColumnElement[int] = (
        select(func.count()).select_from(found.subquery()).scalar_subquery()
    )
    return counted


def first_pending() -> ColumnElement[bool]:
    """The first response is the deadline that matters: not given yet, and a deadline set."""
    return and_(_t.first_responded_at.is_(None), _t.first_response_due.is_not(None))


def _branches(
    now: datetime, assignee_id: int | None, overdue: bool
) -> list[tuple[ColumnElement[bool], Any]]:
    """The open tickets split by which deadline matters now, each with that deadline column:
    the predicates of `ix_tickets_open_first_due` and `ix_tickets_open_resolution_due`."""
    branches: list[tuple[ColumnElement[bool], Any]] = []
    for case_, due in (
        (first_pending(), _t.first_response_due),
        (~first_pending(), _t.resolution_due),
    ):
        where = and_(is_open(), case_)
        if assignee_id is not None:
            where = and_(where, _t.assignee_id == assignee_id)
        if overdue:
            where = and_(where, due < now)  # no deadline is never overdue
        branches.append((where, due))
    return branches


async def queue_page(
    session: AsyncSession,
    *,
    now: datetime,
    assignee_id: int | None = None,
    overdue: bool = False,
    limit: int = 30,
    count_cap: int = COUNT_CAP,
    offset: int = 0,
) -> QueuePage:
    """Open tickets by next deadline (earliest first, none last, then by id), at most `limit`
    after the first `offset` (a later page of /queue; each deadline's index is then read
    `offset` + `limit` rows deep, as the web console's page is).

    The next deadline is the first response's until it is given, then the resolution's.
    `assignee_id`: only that agent's tickets; `overdue`: only those whose next deadline is
    before `now`. At most two statements: the page as the first `limit` of each deadline's
    partial index merged, so it reads at most 2 x `limit` rows, then the count (index
    entries only), which reads at most `count_cap` + 1 entries per deadline; past
    `count_cap` the page says "more than `count_cap`" (`exact` False). The count is skipped
    when the page is short and not past the end (the page then ends the queue). Raises
    ValueError for a negative offset or a limit below 1.
    """
    if offset < 0 or limit < 1:
        raise ValueError("offset must be >= 0 and limit >= 1")
    branches = _branches(now, assignee_id, overdue)
    parts = [
        select(
            _t.id,
            _t.number,
            _t.status,
            _t.severity,
            _t.category,
            due.label("due"),
            _t.assignee_id,
            literal_column("1" if first else "0").label("first_due"),
            _t.reopen_count,
            *(getattr(_t, column) for column in ABOUT_COLUMNS),
        )
        .where(where)
        .order_by(due.asc().nulls_last(), _t.id)
        .limit(offset + limit)
        .subquery()
        for first, (where, due) in zip((True, False), branches, strict=True)
    ]
    merged = union_all(*(select(part) for part in parts)).subquery()
    paged = (
        select(merged)
        .order_by(merged.c.due.asc().nulls_last(), merged.c.id)
        .offset(offset)
        .limit(limit)
    ).subquery()
    # The markers' subqueries run on the page's rows only, each on one ticket's events.
    page = await session.execute(
        select(
            paged.c.number,
            paged.c.status,
            paged.c.severity,
            paged.c.category,
            paged.c.due,
            paged.c.assignee_id,
            paged.c.first_due,
            _last_proposal_event(paged.c.id),
            escalated_event(paged.c.id),
            paged.c.reopen_count,
            *(paged.c[column] for column in ABOUT_COLUMNS),
        ).order_by(paged.c.due.asc().nulls_last(), paged.c.id)
    )
    rows = [
        QueueRow(
            *(row[0], row[1], row[2], row[3], row[4], row[5]),
            first_due=bool(row[6]),
            proposal=row[7],
            escalated=bool(row[8]),
            reopen_count=int(row[9] or 0),
            about=dict(zip(ABOUT_COLUMNS, row[10:], strict=True)),
        )
        for row in page.all()
    ]
    if len(rows) < limit and (rows or not offset):
        return QueuePage(offset + len(rows), rows)
    counts = [capped_count(where, count_cap) for where, _ in branches]
    total = int((await session.execute(select(counts[0] + counts[1]))).scalar_one())
    if total > count_cap:
        return QueuePage(count_cap, rows, exact=False)
    return QueuePage(total, rows)


async def agent_names(session: AsyncSession) -> dict[int, str]:
    """Every agent's display name by id (the agents table is small: a team, not customers)."""
    rows = await session.execute(select(Agent.id, Agent.name))  # type: ignore[call-overload]
    return {int(row[0]): str(row[1]) for row in rows.all()}


@dataclass(frozen=True)
class DayAndMonth:
    """`/stats`'s figures. `today_*` count from local midnight, `month_*` from the 1st; the
    month's figures are over tickets filed this month (a resolution today of an older ticket
    is not "resolved today"). `open`, `overdue` and `unassigned` are now's, counted up to
    `cap`: a value above `cap` (it is then `cap` + 1) means "more than `cap`".
    `satisfaction` is the mean score 1-5, None when no answer; `categories` are (code,
    tickets) most first, ties in order of first filing.

    Concluded (办结) is what the monthly report's 办结 counts (storage/queries/reports.py:
    RESOLUTION_END): resolved (`resolved_at`, kept when the survey closes it, cleared when it
    reopens) or rejected (不予受理: `closed_at` without `resolved_at`); `month_resolved` and
    `month_rejected` are its two parts."""

    today_new: int
    today_concluded: int
    open: int
    overdue: int
    unassigned: int
    month_total: int
    month_concluded: int
    month_resolved: int
    month_rejected: int
    satisfaction: float | None
    categories: list[tuple[str, int]]
    cap: int = COUNT_CAP


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def day_and_month(
    session: AsyncSession,
    *,
    now: datetime,
    day: datetime,
    month: datetime,
    count_cap: int = COUNT_CAP,
) -> DayAndMonth:
    """The day's and month's figures in two aggregate statements; `day` and `month` are
    the aware instants the day and the month began (the caller knows the business's zone).
    Now's figures read at most `count_cap` + 1 index entries each (per deadline index for
    open and overdue; `ix_tickets_open_unassigned` for unassigned), whatever the backlog."""
    # One pass over the month's entries of `ix_tickets_month_figures`, which holds every
    # column read here (an index-only scan), per category; the month's totals are their sums.
    # When a ticket was concluded: resolved_at, or for a rejection (the only way to close a
    # ticket not resolved) closed_at; the report's RESOLUTION_END, without the status.
    concluded = func.coalesce(_t.resolved_at, _t.closed_at)
    per_category = (
        await session.execute(
            select(
                _t.category,
                func.count(),
                _count_if(_t.created_at >= day),
                _count_if(concluded >= day),
                func.count(_t.resolved_at),
                func.sum(_t.survey_score),
                func.count(_t.survey_score),
                func.min(_t.id),
                func.count(concluded),
            )
            .where(_t.created_at >= month)
            .group_by(_t.category)
        )
    ).all()
    branches = _branches(now, None, False)
    open_ = [capped_count(where, count_cap) for where, _ in branches]
    overdue = [capped_count(and_(where, due < now), count_cap) for where, due in branches]
    unassigned = capped_count(and_(is_open(), _t.assignee_id.is_(None)), count_cap)
    now_row = (
        await session.execute(select(open_[0] + open_[1], overdue[0] + overdue[1], unassigned))
    ).one()
    over = count_cap + 1
    scored = sum(int(row[6]) for row in per_category)
    # Most tickets first, ties in order of first filing.
    ranked = sorted(per_category, key=lambda row: (-int(row[1]), int(row[7])))
    return DayAndMonth(
        today_new=sum(int(row[2]) for row in per_category),
        today_concluded=sum(int(row[3]) for row in per_category),
        open=min(int(now_row[0]), over),
        overdue=min(int(now_row[1]), over),
        unassigned=min(int(now_row[2]), over),
        month_total=sum(int(row[1]) for row in per_category),
        month_concluded=sum(int(row[8]) for row in per_category),
        month_resolved=sum(int(row[4]) for row in per_category),
        month_rejected=sum(int(row[8]) - int(row[4]) for row in per_category),
        satisfaction=sum(int(row[5] or 0) for row in per_category) / scored if scored else None,
        categories=[(str(row[0]), int(row[1])) for row in ranked],
        cap=count_cap,
    )


# --- the SLA scan -------------------------------------------------------------------------
@dataclass(frozen=True)
class ClockColumns:
    """One SLA clock of a ticket: its mark in `reminded`/`breached`, its deadline column and
    the column whose value stops it."""

    name: str
    due: str
    stop: str


CLOCKS: tuple[ClockColumns, ...] = (
    ClockColumns("first", "first_response_due", "first_responded_at"),
    ClockColumns("resolution", "resolution_due", "resolved_at"),
)


def clock_live(clock: ClockColumns) -> ColumnElement[bool]:
    """A clock that runs and has not breached yet: the predicate of its partial indexes
    (`ix_tickets_sla_<clock>_due`; with "not reminded", `ix_tickets_sla_<clock>_remind`).
    The marks in `reminded` and `breached` are comma lists of "first" and "resolution";
    neither word is part of the other, so a LIKE is exact."""
    return and_(
        _t.status.in_([constant(s) for s in WATCHED_STATUSES]),
        _t[clock.stop].is_(None),
        _t[clock.due].is_not(None),
        _t.clock_start_at.is_not(None),
        func.coalesce(_t.breached, constant("")).not_like(constant(f"%{clock.name}%")),
    )


async def clocks_to_check(
    session: AsyncSession,
    *,
    now: datetime,
    started_by: Mapping[str, Mapping[str, datetime]],
) -> Sequence[Ticket]:
    """Watched tickets with a clock that may need a reminder or a breach now, locked FOR
    UPDATE, in id order.

    A clock qualifies when it runs, has not breached, and either its deadline is at or
    before `now` or it was not reminded yet and started early enough to have run its
    reminder share: `started_by[clock][severity]` is that latest start (the caller derives
    it from the policy: elapsed business time never exceeds wall time, and a deadline is
    never less than its clock's length after the start). Key "" is the bound for severities
    not listed; it must be the latest of them, since it also bounds the index range. The
    scan so reads the tickets near a threshold, not every open one.
    """
    due_ids = []
    for clock in CLOCKS:
        bounds = started_by[clock.name]
        per_severity = case(
            *(
                (_t.severity == code, literal(at, UTCDateTime()))
                for code, at in bounds.items()
                if code
            ),
            else_=literal(bounds[""], UTCDateTime()),
        )
        # One simple SELECT per partial index: an OR over them is planned as a scan of all
        # watched tickets.
        due_ids.append(select(_t.id).where(clock_live(clock), _t[clock.due] <= now))
        due_ids.append(
            select(_t.id).where(
                clock_live(clock),
                func.coalesce(_t.reminded, constant("")).not_like(constant(f"%{clock.name}%")),
                _t.clock_start_at <= bounds[""],  # the index range
                _t.clock_start_at <= per_severity,
            )
        )
    statement = (
        select(Ticket)
        .where(_t.id.in_(union(*due_ids).scalar_subquery()))
        .order_by(_t.id)
        .with_for_update()
    )
    return list((await session.execute(statement)).scalars().all())


# --- the survey scans ---------------------------------------------------------------------
async def surveys_due(session: AsyncSession, *, now: datetime) -> Sequence[Ticket]:
    """Resolved tickets whose survey is due (`survey_due_at` <= `now`) and not sent, locked
    FOR UPDATE, in id order (partial index `ix_tickets_survey_due`)."""
    statement = (
        select(Ticket)
        .where(
            _t.status == constant("resolved"),
            _t.survey_sent_at.is_(None),
            _t.survey_due_at <= now,
        )
        .order_by(_t.id)
        .with_for_update()
    )
    return list((await session.execute(statement)).scalars().all())


async def surveys_unanswered(session: AsyncSession, *, sent_by: datetime) -> Sequence[Ticket]:
    """Resolved tickets whose survey went out at or before `sent_by` and got no answer (a
    score moves the ticket on), locked FOR UPDATE, in id order (`ix_tickets_survey_sent`)."""
    statement = (
        select(Ticket)
        .where(_t.status == constant("resolved"), _t.survey_sent_at <= sent_by)
        .order_by(_t.id)
        .with_for_update()
    )
    return list((await session.execute(statement)).scalars().all())


# --- one ticket in full (/show) -----------------------------------------------------------
async def evidence_of(session: AsyncSession, ticket_id: int) -> list[Evidence]:
    """The ticket's evidence rows, oldest first (`ix_evidence_ticket_id`)."""
    ev: Any = Evidence.__table__.c  # type: ignore[attr-defined]
    statement = select(Evidence).where(ev.ticket_id == ticket_id).order_by(ev.id)
    return list((await session.execute(statement)).scalars().all())


async def recent_events(session: AsyncSession, ticket_id: int, limit: int) -> list[TicketEvent]:
    """The ticket's last `limit` audit events, oldest of them first."""
    te: Any = TicketEvent.__table__.c  # type: ignore[attr-defined]
    statement = (
        select(TicketEvent).where(te.ticket_id == ticket_id).order_by(te.id.desc()).limit(limit)
    )
    return list(reversed((await session.execute(statement)).scalars().all()))


async def history_events(
    session: AsyncSession, ticket_id: int, limit: int
) -> tuple[list[TicketEvent], int]:
    """The ticket's first audit event (its filing) and its last `limit` - 1, oldest first,
    with how many events it has in all; one statement, so an agent's /show can say how many
    it leaves out between them (newcomer trial 14: the filing silently disappeared)."""
    te: Any = TicketEvent.__table__.c  # type: ignore[attr-defined]
    total = select(func.count()).where(te.ticket_id == ticket_id).scalar_subquery()
    first = select(func.min(te.id)).where(te.ticket_id == ticket_id).scalar_subquery()
    last = (
        select(te.id)
        .where(te.ticket_id == ticket_id)
        .order_by(te.id.desc())
        .limit(max(limit - 1, 1))
    )
    statement = (
        select(TicketEvent, total)
        .where(te.ticket_id == ticket_id, or_(te.id == first, te.id.in_(last)))
        .order_by(te.id)
    )
    rows = (await session.execute(statement)).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


async def outbox_of(
    session: AsyncSession,
    ticket_id: int,
    statuses: Sequence[str],
    *,
    channel: str | None = None,
    user_id: str | None = None,
) -> list[OutboxMessage]:
    """The ticket's outbox rows in `statuses`, oldest first; `channel` and `user_id` narrow
    them to one recipient (the customer's own chat)."""
    ob: Any = OutboxMessage.__table__.c  # type: ignore[attr-defined]
    where = [ob.ticket_id == ticket_id, ob.status.in_(statuses)]
    if channel is not None:
        where.append(ob.channel == channel)
    if user_id is not None:
        where.append(ob.user_id == user_id)
    statement = select(OutboxMessage).where(*where).order_by(ob.id)
    return list((await session.execute(statement)).scalars().all())


# --- one ticket, its events (lifecycle, buttons, delivery outcomes) -----------------------


async def by_number(session: AsyncSession, number: str, *, lock: bool = True) -> Ticket | None:
    """The ticket numbered exactly `number` (the caller normalises it), locked FOR UPDATE
    for the caller's transaction unless `lock` is False; None when there is none."""
    statement = select(Ticket).where(_t.number == number)
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def open_of(
    session: AsyncSession,
    channel: str,
    user_id: str,
    statuses: Sequence[str],
    *,
    limit: int | None = None,
    lock: bool = False,
) -> list[Ticket]:
    """The customer's (channel, user_id) tickets in `statuses`, newest first, at most
    `limit` (None: all); `lock` holds them FOR UPDATE for the caller's transaction."""
    statement = (
        select(Ticket)
        .where(_t.channel == channel, _t.user_id == user_id, _t.status.in_(list(statuses)))
        .order_by(_t.id.desc())
    )
    if limit is not None:
        statement = statement.limit(limit)
    if lock:
        statement = statement.with_for_update()
    return list((await session.execute(statement)).scalars().all())


async def last_event_kind(
    session: AsyncSession, ticket_id: int, kinds: Sequence[str]
) -> str | None:
    """The kind of the ticket's newest event among `kinds`, None when it has none of them."""
    kind: str | None = (
        await session.execute(
            select(_ev.kind)
            .where(_ev.ticket_id == ticket_id, _ev.kind.in_(list(kinds)))
            .order_by(_ev.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    return kind


async def has_event(session: AsyncSession, ticket_id: int, kind: str, data: str) -> bool:
    """True when the ticket has an event of `kind` whose JSON `data` is exactly `data`."""
    found = await session.execute(
        select(_ev.id).where(_ev.ticket_id == ticket_id, _ev.kind == kind, _ev.data == data)
    )
    return found.first() is not None


async def mark_first_responded(session: AsyncSession, numbers: Sequence[str], at: datetime) -> None:
    """Stops the first-response clock of the tickets numbered `numbers` at `at`, those whose
    clock still runs (an earlier answer keeps its time). A ticket concluded before `at`
    (resolved, or rejected, while this answer waited for delivery) was answered by then: a
    resolution is also a response, so its clock stops at the conclusion, never after it.
    docs/process.md section 4."""
    if not numbers:
        return
    concluded = case((_t.status == "rejected", _t.closed_at), else_=_t.resolved_at)
    # Typed as the column, so the time is stored as every other (UTC): inside CASE the
    # bound value would otherwise take no type and SQLite would keep its local wall time.
    at_ = literal(at, _t.first_responded_at.type)
    await session.execute(
        update(Ticket)
        .where(_t.number.in_(list(numbers)), _t.first_responded_at.is_(None))
        .values(
            first_responded_at=case(
                (and_(concluded.is_not(None), concluded < at_), concluded), else_=at_
            )
        )
    )


async def reclassified(session: AsyncSession) -> list[Ticket]:
    """Tickets an agent reclassified (an event of kind "reclass"), in id order: the
    classifier's corrections (bot/cli_corrections.py)."""
    statement = (
        select(Ticket)
        .where(_t.id.in_(select(_ev.ticket_id).where(_ev.kind == "reclass")))
        .order_by(_t.id)
    )
    return list((await session.execute(statement)).scalars().all())


async def last_event(session: AsyncSession, ticket_id: int, kind: str) -> TicketEvent | None:
    """The ticket's latest audit event of `kind` (e.g. why it was last escalated); None when
    it has none."""
    te: Any = TicketEvent.__table__.c  # type: ignore[attr-defined]
    statement = (
        select(TicketEvent)
        .where(te.ticket_id == ticket_id, te.kind == kind)
        .order_by(te.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalars().first()
