"""Whether a customer can be reached: a permanent delivery failure (the user blocked the bot,
the messaging window closed) marks them, agents see it on the ticket, and their next message
clears it."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Customer


async def mark_unreachable(session: AsyncSession, channel: str, user_id: str, reason: str) -> None:
    await session.execute(
        update(Customer)
        .where(Customer.channel == channel, Customer.user_id == user_id)  # type: ignore[arg-type]
        .values(unreachable_reason=reason[:255])
    )


async def mark_reachable(session: AsyncSession, channel: str, user_id: str) -> None:
    await session.execute(
        update(Customer)
        .where(
            Customer.channel == channel,  # type: ignore[arg-type]
            Customer.user_id == user_id,  # type: ignore[arg-type]
            Customer.unreachable_reason.is_not(None),  # type: ignore[union-attr]
        )
        .values(unreachable_reason=None)
    )
