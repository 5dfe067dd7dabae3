"""The outbox's state machine, in one place (issue 11 item 1): claim, lease, settle.

A row's life (table `outbox`, `storage.models.OutboxMessage`):

    pending --claim--> sending --settle_sent--> sent
       ^                  |  \\--settle_given_up--> failed | undeliverable
       |                  |
       +--settle_retry----+   (back-off, or the platform's own wait)
       +--release---------+   (handed back untried, attempts unchanged)
       +--lease runs out--+   (a worker died: `claim` takes the row again)
    undeliverable --requeue_undeliverable--> pending   (the customer wrote again)

Rows are written by the turn (the hot path's storage module) and by `keep`; everything
after that happens here. Each function takes the caller's `AsyncSession` and joins its
transaction; the callers keep these transactions short (bot/outbox.py). Datetimes are
aware UTC (`storage.types.UTCDateTime`); durations are `timedelta`s.

Claiming: on PostgreSQL `FOR UPDATE SKIP LOCKED`, so several workers never take the same
row; on SQLite every transaction starts with BEGIN IMMEDIATE (storage/engine.py), so the
single writer already claims alone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import OutboxMessage

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=30)  # 30 s, 1, 2, 4, 8 min: about 15 minutes in all
BACKOFF_CAP = timedelta(minutes=30)
# How long a claim holds without its heartbeat: a crashed worker's rows move on after this.
LEASE = timedelta(seconds=15)
UNFINISHED = ("pending", "sending")
GIVEN_UP = ("failed", "undeliverable")
ERROR_LENGTH = 512  # characters of `last_error` kept (the column's length)

# Core columns: expressions without the ORM's instrumentation (sqlmodel's class attributes
# are typed as their Python values, and sqlmodel does not declare `__table__`).
_table: Any = OutboxMessage.__table__  # type: ignore[attr-defined]
_o: Any = _table.c


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try (1-based): 30 s doubling, capped at
    BACKOFF_CAP; `attempts` below 1 counts as 1."""
    # A shift, not `2 **`: typeshed types int ** int as Any (a negative power is a float).
    return min(BACKOFF_BASE * (1 << max(attempts - 1, 0)), BACKOFF_CAP)


@dataclass(frozen=True)
class Claimed:
    """A row taken for delivery: `attempts` includes this try, `payload_enc` is sealed."""

    id: int
    channel: str
    user_id: str
    attempts: int
    payload_enc: str


@dataclass(frozen=True)
class Waiting:
    """A pending, due row of one recipient (`take_waiting`), payload still sealed."""

    id: int
    payload_enc: str


def _is_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# --- claim --------------------------------------------------------------------------------
async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    channels: Collection[str],
    limit: int,
    recipient: tuple[str, str] | None = None,
) -> list[Claimed]:
    """Takes up to `limit` due rows of `channels` for delivery: marks them `sending` with a
    lease until `now` + LEASE and counts the attempt (at the claim, so a message that kills
    its worker still runs out of tries). Two statements.

    Due: `pending` with `next_attempt_at` <= `now`, or `sending` whose lease ran out. Only
    the head of each recipient's (channel, user_id) queue: an earlier unfinished row blocks
    the later ones, so a message never overtakes one waiting for a retry. Order: priority
    high first, then id. `recipient` narrows it to one (channel, user_id). Returns the rows
    with their new attempt count, in that order; [] when nothing is due.
    """
    earlier = aliased(OutboxMessage)
    e: Any = earlier
    pending_due = and_(_o.status == "pending", _o.next_attempt_at <= now)
    lease_over = and_(_o.status == "sending", _o.claimed_until < now)
    blocked = exists().where(
        e.channel == _o.channel,
        e.user_id == _o.user_id,
        e.id < _o.id,
        e.status.in_(UNFINISHED),
    )
    statement = (
        select(_o.id, _o.channel, _o.user_id, _o.attempts, _o.payload_enc)
        .where(or_(pending_due, lease_over), _o.channel.in_(sorted(channels)), ~blocked)
        .order_by(_o.priority.desc(), _o.id)
        .limit(limit)
    )
    if recipient is not None:
        statement = statement.where(_o.channel == recipient[0], _o.user_id == recipient[1])
    if _is_postgresql(session):
        statement = statement.with_for_update(skip_locked=True)
    rows = (await session.execute(statement)).all()
    if not rows:
        return []
    claimed = [Claimed(int(r[0]), str(r[1]), str(r[2]), int(r[3]) + 1, str(r[4])) for r in rows]
    await session.execute(
        update(_table)
        .where(_o.id.in_([c.id for c in claimed]))
        .values(status="sending", claimed_until=now + LEASE, attempts=_o.attempts + 1)
    )
    return claimed


async def take_waiting(
    session: AsyncSession, *, channel: str, user_id: str, now: datetime, limit: int
) -> list[Waiting]:
    """The recipient's other pending rows due by `now`, oldest first, at most `limit`,
    locked (PostgreSQL: `FOR UPDATE SKIP LOCKED`, rows another worker holds are skipped).
    The caller picks the ones it can merge into a delivery and leases them with `lease`.
    Attempts are not counted: a merged row rides on another row's try."""
    statement = (
        select(_o.id, _o.payload_enc)
        .where(
            _o.channel == channel,
            _o.user_id == user_id,
            _o.status == "pending",
            _o.next_attempt_at <= now,
        )
        .order_by(_o.created_at, _o.id)
        .limit(limit)
    )
    if _is_postgresql(session):
        statement = statement.with_for_update(skip_locked=True)
    return [Waiting(int(r[0]), str(r[1])) for r in (await session.execute(statement)).all()]


# --- lease --------------------------------------------------------------------------------
async def lease(session: AsyncSession, row_ids: Sequence[int], *, now: datetime) -> list[int]:
    """Marks those of `row_ids` still `pending` as `sending` with a lease until `now` +
    LEASE; returns the ids it took, in the order given (a row another worker took in the
    meantime is left out). One UPDATE ... RETURNING."""
    if not row_ids:
        return []
    result = await session.execute(
        update(_table)
        .where(_o.id.in_(list(row_ids)), _o.status == "pending")
        .values(status="sending", claimed_until=now + LEASE)
        .returning(_o.id)
    )
    taken = {int(row_id) for row_id in result.scalars().all()}
    return [row_id for row_id in row_ids if row_id in taken]


async def renew(session: AsyncSession, row_ids: Collection[int], *, now: datetime) -> None:
    """Moves the lease of the rows in `row_ids` that are still `sending` to `now` + LEASE
    (the heartbeat of a delivery in progress, bot/outbox.py)."""
    if not row_ids:
        return
    await session.execute(
        update(_table)
        .where(_o.id.in_(sorted(row_ids)), _o.status == "sending")
        .values(claimed_until=now + LEASE)
    )


# --- settle -------------------------------------------------------------------------------
async def settle_sent(session: AsyncSession, row_ids: Collection[int], *, now: datetime) -> None:
    """The rows went out: `sent` at `now`, lease dropped."""
    if not row_ids:
        return
    await session.execute(
        update(_table)
        .where(_o.id.in_(sorted(row_ids)))
        .values(status="sent", sent_at=now, claimed_until=None)
    )


async def settle_retry(
    session: AsyncSession,
    row_id: int,
    *,
    attempts: int,
    now: datetime,
    reason: str,
    retry_after: float | None = None,
) -> timedelta:
    """The try numbered `attempts` failed and may be repeated: back to `pending`, due after
    `backoff(attempts)`, or after `retry_after` seconds when the platform said how long
    (Telegram's 429, docs/platforms.md). `reason` is kept (cut to ERROR_LENGTH). Returns
    the wait chosen."""
    wait = backoff(attempts) if retry_after is None else timedelta(seconds=retry_after)
    await session.execute(
        update(_table)
        .where(_o.id == row_id)
        .values(
            status="pending",
            next_attempt_at=now + wait,
            claimed_until=None,
            last_error=reason[:ERROR_LENGTH],
        )
    )
    return wait


async def settle_given_up(session: AsyncSession, row_id: int, *, status: str, reason: str) -> None:
    """No more tries: `status` is `failed` (tries spent) or `undeliverable` (the platform
    refused for good; `requeue_undeliverable` brings it back). Raises ValueError for any
    other status."""
    if status not in GIVEN_UP:
        raise ValueError(f"not a final outbox status: {status!r}")
    await session.execute(
        update(_table)
        .where(_o.id == row_id)
        .values(status=status, claimed_until=None, last_error=reason[:ERROR_LENGTH])
    )


async def release(session: AsyncSession, row_ids: Collection[int]) -> None:
    """Hands rows back untried: `pending` again, attempts and due time unchanged (rows a
    channel merged into a delivery that then failed; the row that led it settles itself)."""
    if not row_ids:
        return
    await session.execute(
        update(_table)
        .where(_o.id.in_(sorted(row_ids)))
        .values(status="pending", claimed_until=None)
    )


async def requeue_undeliverable(
    session: AsyncSession, channel: str, user_id: str, *, now: datetime
) -> None:
    """The recipient can be reached again (they wrote): their `undeliverable` rows return
    to the queue, due `now`, with fresh attempts; the queue order (by id) is unchanged."""
    await session.execute(
        update(_table)
        .where(_o.channel == channel, _o.user_id == user_id, _o.status == "undeliverable")
        .values(status="pending", next_attempt_at=now, attempts=0, claimed_until=None)
    )


async def give_up_pending(session: AsyncSession, channel: str, user_id: str, reason: str) -> int:
    """The recipient is gone for good (a removed webhook): its `pending` rows become
    `failed` with `reason`, never to be claimed; a row in flight (`sending`) settles as its
    delivery decides. Returns how many rows were dropped."""
    result = await session.execute(
        update(_table)
        .where(_o.channel == channel, _o.user_id == user_id, _o.status == "pending")
        .values(status="failed", claimed_until=None, last_error=reason[:ERROR_LENGTH])
        .returning(_o.id)
    )
    return len(result.scalars().all())


# --- write (outside the turn) -------------------------------------------------------------
async def keep(
    session: AsyncSession,
    *,
    channel: str,
    user_id: str,
    kind: str,
    priority: int,
    payload_enc: str,
    status: str,
    reason: str | None,
    now: datetime,
) -> None:
    """Writes one row for a message a channel could not send at once (nothing is lost):
    `status` `pending` (retried) or `undeliverable` (kept until the user writes), `reason`
    cut to ERROR_LENGTH (empty: none). Turns write their own rows in their transaction."""
    await session.execute(
        insert(_table).values(
            channel=channel,
            user_id=user_id,
            kind=kind,
            priority=priority,
            payload_enc=payload_enc,
            status=status,
            attempts=0,
            last_error=(reason or "")[:ERROR_LENGTH] or None,
            next_attempt_at=now,
            created_at=now,
        )
    )


# --- reads ----------------------------------------------------------------------------------
class TicketPush(NamedTuple):
    """The newest message queued to a customer about a ticket: which, when, its payload."""

    ticket_id: int
    at: datetime
    payload_enc: str


async def last_ticket_push(session: AsyncSession, channel: str, user_id: str) -> TicketPush | None:
    """The newest row to (channel, user_id) about a ticket, whatever its status: the ticket
    id, write time and sealed payload (read in the same statement, so a caller that needs
    the words asks nothing more); None when there is none."""
    row = (
        await session.execute(
            select(_o.ticket_id, _o.created_at, _o.payload_enc)
            .where(_o.channel == channel, _o.user_id == user_id, _o.ticket_id.is_not(None))
            .order_by(_o.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    return TicketPush(int(row[0]), row[1], str(row[2]))


async def counts_by_status(session: AsyncSession) -> dict[str, int]:
    """How many rows hold each status (statuses with none are absent)."""
    rows = await session.execute(select(_o.status, func.count()).group_by(_o.status))
    return {str(status): int(n) for status, n in rows.all()}
