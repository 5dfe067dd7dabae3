"""Whether a customer can be reached: a permanent delivery failure (the user blocked the bot,
the messaging window closed) marks them, agents see it on the ticket, and their next message
clears it. A platform that says so itself (Telegram's my_chat_member: "kicked" when the user
blocks the bot, "member" when they unblock it) is believed at once: `platform_says`."""

from __future__ import annotations

from datetime import datetime

from handlers.services import Services
from storage import outbox
from storage.engine import AsyncSession
from storage.queries import customers
from storage.queries import tickets as ticket_rows

BLOCKED = "blocked"  # the reason a failed push to someone who blocked the bot records, too


async def mark_unreachable(session: AsyncSession, channel: str, user_id: str, reason: str) -> None:
    """Marks the customer (channel, user_id) unreachable with `reason` (cut to 255
    characters), in the caller's transaction; someone who is no customer is left alone."""
    await customers.set_unreachable(session, channel, user_id, reason)


async def mark_reachable(
    session: AsyncSession, channel: str, user_id: str, now: datetime, *, was_unreachable: bool
) -> None:
    """The customer wrote: they can be reached again, and what waited for them goes out.

    Pushes kept as undeliverable (blocked bot, WeChat's closed 48-hour window) return to the
    queue in this message's own transaction, oldest first as always.
    """
    await outbox.requeue_undeliverable(session, channel, user_id, now=now)
    if not was_unreachable:  # the caller read the customer already: skip a needless UPDATE
        return
    await customers.set_unreachable(session, channel, user_id, None)


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
        is_customer, reason = await customers.unreachable_reason(session, channel, user_id)
        if not is_customer or reason == BLOCKED:
            return  # not a customer (nothing to tell), or already known: say it once
        await mark_unreachable(session, channel, user_id, BLOCKED)
        unit = Unit(services=services, session=session, now=now)
        open_tickets = await ticket_rows.open_of(session, channel, user_id, OPEN_STATUSES)
        for ticket in reversed(open_tickets):  # oldest first, as they were filed
            await unit.record(
                ticket.id or 0, "unreachable", {"reason": BLOCKED}, actor_kind="system"
            )
            await life.tell_assignee(
                unit, ticket, life.AGENT_TEXTS("agent.customer_blocked", number=ticket.number)
            )
