"""The inbound messages' bookkeeping off the message path: a failed turn, recovery, abandon.

ORM statements (these run once per failure or per recovery scan, not per message); the
message path's own statements are storage/queries/turns.py's. Every function takes the
caller's `AsyncSession`, so it joins the caller's transaction; datetimes are aware.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import InboundMessage


async def claim(session: AsyncSession, row_id: int, *, skip_locked: bool = False) -> bool:
    """Locks the message's row (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE has
    serialised writers already): True when it still waits to be processed, False when it
    was processed or does not exist, or (with `skip_locked`) another transaction holds it."""
    statement = (
        select(col(InboundMessage.processed_at))
        .where(col(InboundMessage.id) == row_id)
        .with_for_update(skip_locked=skip_locked)
    )
    found = (await session.execute(statement)).first()
    return found is not None and found.processed_at is None


async def locked(session: AsyncSession, row_id: int) -> InboundMessage | None:
    """The message's row as an ORM entity, locked for this transaction (to count a failed
    attempt on it); None when it does not exist."""
    statement = select(InboundMessage).where(col(InboundMessage.id) == row_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def unprocessed(session: AsyncSession, received_before: datetime, limit: int) -> list[int]:
    """Ids of rows no turn processed yet, received at or before `received_before`, oldest
    first, at most `limit`."""
    rows = await session.execute(
        select(col(InboundMessage.id))
        .where(
            col(InboundMessage.processed_at).is_(None),
            col(InboundMessage.received_at) <= received_before,
        )
        .order_by(col(InboundMessage.id))
        .limit(limit)
    )
    # A primary key read back is never None; the column's type only says so before INSERT.
    return [row_id for row_id in rows.scalars() if row_id is not None]


async def is_processed(session: AsyncSession, row_id: int) -> bool:
    """True when row `row_id` has `processed_at` set; False also for no such row."""
    found = (
        await session.execute(
            select(col(InboundMessage.processed_at)).where(col(InboundMessage.id) == row_id)
        )
    ).first()
    return found is not None and found.processed_at is not None


async def body(session: AsyncSession, row_id: int) -> str | None:
    """The sealed body (the recorded `Inbound` as JSON) of row `row_id`, None when none."""
    statement = select(col(InboundMessage.body_enc)).where(col(InboundMessage.id) == row_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def abandon(session: AsyncSession, row_id: int, now: datetime, reason: str) -> None:
    """Marks row `row_id` processed at `now` without a turn, keeping `reason` (cut to 255
    characters) as its last error; a row processed already is left as it is."""
    await session.execute(
        update(InboundMessage)
        .where(col(InboundMessage.id) == row_id, col(InboundMessage.processed_at).is_(None))
        .values(processed_at=now, last_error=reason[:255])
        .execution_options(synchronize_session=False)
    )
