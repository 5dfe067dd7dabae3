"""Whether a customer can be reached: a permanent delivery failure (the user blocked the bot,
the messaging window closed) marks them, agents see it on the ticket, and their next message
clears it. A platform that says so itself (Telegram's my_chat_member: "kicked" when the user
blocks the bot, "member" when they unblock it) is believed at once: `platform_says`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from handlers.services import Services
from storage.models import Customer, OutboxMessage, Ticket

BLOCKED = "blocked"  # the reason a failed push to someone who blocked the bot records, too


async def mark_unreachable(session: AsyncSession, channel: str, user_id: str, reason: str) -> None:
    """Marks the customer (channel, user_id) unreachable with `reason` (cut to 255
    characters), in the caller's transaction; someone who is no customer is left alone."""
    await session.execute(
        update(Customer)
        .where(col(Customer.channel) == channel, col(Customer.user_id) == user_id)
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
            col(OutboxMessage.channel) == channel,
            col(OutboxMessage.user_id) == user_id,
            col(OutboxMessage.status) == "undeliverable",
        )
        .values(status="pending", next_attempt_at=now, attempts=0, claimed_until=None)
    )
    if not was_unreachable:  # the caller read the customer already: skip a needless UPDATE
        return
    await session.execute(
        update(Customer)
        .where(col(Customer.channel) == channel, col(Customer.user_id) == user_id)
        .values(unreachable_reason=None)
    )


async def platform_says(services: Services, channel: str, user_id: str, *, reachable: bool) -> None:
    """The platform reports that the person blocked (reachable=False) or unblocked the bot.

    Blocked: marked unreachable now, not after the next push fails, and the assignee of each
    of their open tickets is told (unassigned: the agent rooms), as agents would learn it
    from a failed push. Unblocked: cleared, and pushes kept for them go out again.
    """
    # Imported here: lifecycle (through turn) is heavier than the router's use of this module.
    from handlers import lifecycle as life
    from handlers.tickets import OPEN_STATUSES
    from handlers.turn import Unit

    async with services.db.transaction() as session:
        now = services.now()
        if reachable:
            await mark_reachable(session, channel, user_id, now, was_unreachable=True)
            return
        known = (
            await session.execute(
                select(col(Customer.unreachable_reason)).where(
                    col(Customer.channel) == channel, col(Customer.user_id) == user_id
                )
            )
        ).first()
        if known is None or known.unreachable_reason == BLOCKED:
            return  # not a customer (nothing to tell), or already known: say it once
        await mark_unreachable(session, channel, user_id, BLOCKED)
        unit = Unit(services=services, session=session, now=now)
        open_tickets = (
            (
                await session.execute(
                    select(Ticket).where(
                        col(Ticket.channel) == channel,
                        col(Ticket.user_id) == user_id,
                        col(Ticket.status).in_(OPEN_STATUSES),
                    )
                )
            )
            .scalars()
            .all()
        )
        for ticket in open_tickets:
            await unit.record(
                ticket.id or 0, "unreachable", {"reason": BLOCKED}, actor_kind="system"
            )
            await life.tell_assignee(
                unit, ticket, life.AGENT_TEXTS("agent.customer_blocked", number=ticket.number)
            )
