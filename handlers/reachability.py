"""Whether a customer can be reached: a permanent delivery failure (the user blocked the bot,
the messaging window closed) marks them, agents see it on the ticket, and their next message
clears it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Customer, OutboxMessage


async def mark_unreachable(session: AsyncSession, channel: str, user_id: str, reason: str) -> None:
    await session.execute(
        update(Customer)
        .where(Customer.channel == channel, Customer.user_id == user_id)  # type: ignore[arg-type]
        .values(unreachable_reason=reason[:255])
    )


async def mark_reachable(
    session: AsyncSession, channel: str, user_id: str, now: datetime, *, was_unreachable: bool
) -> None:
    """The customer wrote: they can be reached again, and what waited for them goes out.

    Pushes kept as undeliverable (blocked bot, WeChat's closed 48-hour window) return to the
    queue in this message's own transaction, oldest first as always.
    """
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,  # type: ignore[arg-type]
            OutboxMessage.user_id == user_id,  # type: ignore[arg-type]
            OutboxMessage.status == "undeliverable",  # type: ignore[arg-type]
        )
        .values(status="pending", next_attempt_at=now, attempts=0, claimed_until=None)
    )
    if not was_unreachable:  # the caller read the customer already: skip a needless UPDATE
        return
    await session.execute(
        update(Customer)
        .where(Customer.channel == channel, Customer.user_id == user_id)  # type: ignore[arg-type]
        .values(unreachable_reason=None)
    )
