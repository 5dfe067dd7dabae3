"""Values every worker shares (table `shared_values`), and the locks workers share.

Platform adapters keep here what all workers must agree on: WeChat's access token and each
user's customer-service budget, Telegram's moved groups, the scheduler's last runs. Keys are
at most 64 characters (the column's length); values are stored as the caller gives them
(sealed by the caller when they are personal or secret). Each function takes the caller's
`AsyncSession` and joins its transaction; datetimes are aware UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboundMessage, SharedValue

# The Core table, not the ORM entity: an ORM-enabled INSERT costs about 1 ms more per call.
_table: Any = SharedValue.__table__  # type: ignore[attr-defined]
_s: Any = _table.c
_i: Any = InboundMessage.__table__.c  # type: ignore[attr-defined]


def _insert(session: AsyncSession) -> Any:
    """The dialect's INSERT, for ON CONFLICT (PostgreSQL and SQLite write it the same)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


async def value(session: AsyncSession, key: str, *, lock: bool = False) -> SharedValue | None:
    """The row stored under `key`, or None; `lock` holds it FOR UPDATE until the caller's
    transaction ends (a no-op on SQLite, whose single writer serialises anyway)."""
    statement = select(SharedValue).where(_s.key == key)
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def values_under(session: AsyncSession, prefix: str) -> list[tuple[str, str]]:
    """Every (key, value_enc) whose key starts with `prefix`, in no particular order."""
    rows = await session.execute(
        select(_s.key, _s.value_enc).where(_s.key.startswith(prefix, autoescape=True))
    )
    return [(str(key), str(stored)) for key, stored in rows.all()]


async def add_if_absent(
    session: AsyncSession,
    key: str,
    value_enc: str,
    *,
    now: datetime,
    expires_at: datetime | None = None,
) -> bool:
    """Stores `value_enc` under `key` unless a row is there already (one INSERT ... ON
    CONFLICT DO NOTHING, safe when two workers race); True when this call wrote it."""
    written = (
        await session.execute(
            _insert(session)(_table)
            .values(key=key, value_enc=value_enc, expires_at=expires_at, updated_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(_s.key)
        )
    ).first()
    return written is not None


async def put(
    session: AsyncSession,
    key: str,
    value_enc: str,
    *,
    now: datetime,
    expires_at: datetime | None = None,
) -> None:
    """Stores `value_enc` under `key`, replacing what was there (INSERT ... ON CONFLICT DO
    UPDATE); `updated_at` becomes `now`."""
    statement = _insert(session)(_table).values(
        key=key, value_enc=value_enc, expires_at=expires_at, updated_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["key"],
            set_={"value_enc": value_enc, "expires_at": expires_at, "updated_at": now},
        )
    )


async def replace(
    session: AsyncSession, key: str, value_enc: str, *, now: datetime, expires_at: datetime | None
) -> None:
    """Overwrites the row under `key` (which the caller holds, see `value(lock=True)`);
    nothing happens when there is none."""
    await session.execute(
        update(_table)
        .where(_s.key == key)
        .values(value_enc=value_enc, expires_at=expires_at, updated_at=now)
    )


async def updated_at(session: AsyncSession, key: str) -> datetime | None:
    """When the row under `key` was last written, None when there is none."""
    stamp: datetime | None = await session.scalar(select(_s.updated_at).where(_s.key == key))
    return stamp


# --- locks across workers (PostgreSQL advisory locks) ----------------------------------------
async def hold_xact_lock(session: AsyncSession, lock_id: int) -> None:
    """Waits for PostgreSQL's advisory lock `lock_id` (signed 64-bit) and holds it until the
    caller's transaction ends. SQLite: nothing to do, BEGIN IMMEDIATE is already the lock."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


async def try_xact_lock(session: AsyncSession, lock_id: int) -> bool:
    """Takes PostgreSQL's advisory lock `lock_id` for the caller's transaction if it is free;
    False when another transaction holds it. SQLite (one process): always True."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    taken = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": lock_id})
    return bool(taken)


# --- what platforms' messaging windows read -----------------------------------------------
async def last_inbound(
    session: AsyncSession, channel: str, user_id: str, *, event_prefix: str
) -> tuple[datetime | None, datetime | None]:
    """When (channel, user_id) last wrote: (last message, last event), each None when never.
    Events are the inbound rows whose `message_id` starts with `event_prefix` (WeChat: "ev:",
    bot/channels/wechat/inbound.py); two MAX() reads on `inbound_messages`."""
    base = select(func.max(_i.received_at)).where(_i.channel == channel, _i.user_id == user_id)
    is_event = _i.message_id.startswith(event_prefix, autoescape=True)
    last_message: datetime | None = (await session.execute(base.where(~is_event))).scalar()
    last_event: datetime | None = (await session.execute(base.where(is_event))).scalar()
    return last_message, last_event
