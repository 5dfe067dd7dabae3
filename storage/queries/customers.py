"""Customer queries (table `customers`): whether a customer can be reached.

Each function takes the caller's `AsyncSession` and joins its transaction. A customer is
one (channel, user_id); someone who never filed a ticket has no row, and the updates here
then change nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Customer

REASON_LENGTH = 255  # characters of `unreachable_reason` kept (the column's length)

_c: Any = Customer.__table__.c  # type: ignore[attr-defined]


async def set_unreachable(
    session: AsyncSession, channel: str, user_id: str, reason: str | None
) -> None:
    """Marks the customer unreachable with `reason` (cut to REASON_LENGTH characters), or
    reachable again with None."""
    await session.execute(
        update(Customer)
        .where(_c.channel == channel, _c.user_id == user_id)
        .values(unreachable_reason=None if reason is None else reason[:REASON_LENGTH])
    )


async def unreachable_reason(
    session: AsyncSession, channel: str, user_id: str
) -> tuple[bool, str | None]:
    """(is a customer, why they cannot be reached: None when they can)."""
    row = (
        await session.execute(
            select(_c.unreachable_reason).where(_c.channel == channel, _c.user_id == user_id)
        )
    ).first()
    if row is None:
        return False, None
    return True, row[0]
