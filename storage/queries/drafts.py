"""Drafts left alone (handlers/stale_drafts.py): conversations in the middle of a complaint
whose customer went quiet.

The scans filter in SQL on (state, updated_at), served by an index, so they never read the
conversations of people not filling a complaint. Rows are locked `FOR UPDATE SKIP LOCKED`
(PostgreSQL): a conversation whose message is being handled right now is left for the next
run. Each function takes the caller's `AsyncSession`; datetimes are aware UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation, Customer

_v: Any = Conversation.__table__.c  # type: ignore[attr-defined]
_c: Any = Customer.__table__.c  # type: ignore[attr-defined]


def _stale(states: Sequence[str], older_than: datetime) -> Select[Conversation, str | None]:
    """Drafts untouched since `older_than`, with their customer's locale (None: no customer)."""
    statement: Select[Conversation, str | None] = (
        select(Conversation, _c.locale)
        .outerjoin(Customer, and_(_c.channel == _v.channel, _c.user_id == _v.user_id))
        .where(_v.state.in_(list(states)), _v.updated_at <= older_than)
    )
    return statement.with_for_update(of=Conversation, skip_locked=True)


async def stale(
    session: AsyncSession, states: Sequence[str], *, older_than: datetime
) -> list[tuple[Conversation, str | None]]:
    """Conversations in `states` whose last message is at or before `older_than`, each with
    its customer's locale (None: not a customer yet), locked for the caller's transaction."""
    rows = await session.execute(_stale(states, older_than))
    return [(conversation, locale) for conversation, locale in rows.all()]


async def to_remind(
    session: AsyncSession, states: Sequence[str], *, quiet_since: datetime, newer_than: datetime
) -> list[tuple[Conversation, str | None]]:
    """Conversations in `states` quiet since `quiet_since` but touched after `newer_than`
    (not expired yet), not reminded during this quiet spell (`reminded_at` none or at or
    before `updated_at`), each with its customer's locale, locked like `stale`."""
    statement = _stale(states, quiet_since).where(
        _v.updated_at > newer_than,
        or_(_v.reminded_at.is_(None), _v.reminded_at <= _v.updated_at),
    )
    rows = await session.execute(statement)
    return [(conversation, locale) for conversation, locale in rows.all()]
