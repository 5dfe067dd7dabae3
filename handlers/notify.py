"""Who hears of a new ticket: the agent rooms get a card; supervisors hear of urgent ones."""

from __future__ import annotations

from handlers import lifecycle as life
from handlers.agents import short_number
from handlers.messages import Choice, Outbound
from handlers.remedies import describe, on_ticket
from handlers.services import Services
from handlers.ticket_facts import facts_line
from handlers.tickets import object_label
from handlers.turn import Turn, Unit
from storage.models import Ticket
from storage.queries import agents as agent_rows


async def announce(turn: Turn, ticket: Ticket) -> None:
    """A ticket-filed hook: queues the new ticket's card (take / show buttons) to every
    agent room, masked, and to each active agent on a channel without a room (whole for a
    supervisor, masked for the others), in the filing's transaction."""
    t, policy = life.AGENT_TEXTS, turn.services.policy

    def card(summary: str) -> str:
        return t(
            "agent.card",
            number=ticket.number,
            category=policy.category(ticket.category).label("zh-CN"),
            severity=policy.severity(ticket.severity).label("zh-CN"),
            first_due=life.local(turn, ticket.first_response_due),
            due=life.local(turn, ticket.resolution_due),
            object=object_label(ticket) or "-",
            remedy=describe(on_ticket(ticket, turn.services.vault), t, with_kind=True) or "-",
            summary=summary,
        )

    text = card(life.summary(ticket, turn))
    choices = card_choices(ticket)
    # Nobody holds a new ticket yet: every agent but a supervisor sees it masked, as in /show.
    # The summary masked before it is cut (newcomer trial 9), then the rest of the card.
    masked = life.masked(turn, ticket, card(life.summary(ticket, turn, hidden=True)))
    rooms = turn.services.agent_rooms
    for channel, chat in rooms:
        await turn.push(
            Outbound(channel, chat, masked, choices, kind="card", ticket_number=ticket.number),
            ticket.id,
        )
    # Agents on a channel without an agent room (WeChat, the console) hear of it themselves.
    with_room = {channel for channel, _ in rooms}
    agents = await agent_rows.active(turn.session)
    for agent in agents:
        if agent.channel not in with_room:
            shown = text if life.sees_whole(agent, ticket) else masked
            await life.tell_agent(turn, agent, shown, ticket, choices, kind="card")


def card_choices(ticket: Ticket) -> tuple[Choice, ...]:
    """A card's take / show: buttons where the channel has them, else the commands to type
    with the ticket's short number ("接单 /take 5 · 详情 /show 5"), the way agents type them
    (handlers/agents.py:short_number_matches reads them back)."""
    t = life.AGENT_TEXTS
    short = short_number(ticket.number)
    return (
        Choice(f"take:{ticket.number}", t("agent.card_take"), typed=f"/take {short}"),
        Choice(f"show:{ticket.number}", t("agent.card_show"), typed=f"/show {short}"),
    )


async def urgent_alert(
    turn: Turn, ticket: Ticket, *, spare: str | None = None, why: str | None = None
) -> None:
    """A ticket-filed hook: escalates an `urgent` ticket at once (reason "urgent");
    docs/process.md section 4. Other severities: nothing. `spare`: the agent whose action
    made it urgent (/reclass), not told of it (`lifecycle.alert_supervisors`); `why`: that
    action in words ("李四 改判为紧急"), said as the reason."""
    if ticket.severity != "urgent":
        return

    # "紧急" is the alert's own word: the facts add why (always: ticket_facts.py), the
    # deadline and any earlier escalation (newcomer trial 9).
    facts = await facts_line(turn, ticket, life.AGENT_TEXTS, severity=False, why=why)

    def alert(hidden: bool) -> str:
        summary = life.summary(ticket, turn, hidden=hidden)  # masked before the cut
        return life.AGENT_TEXTS(
            "agent.alert_urgent", number=ticket.number, facts=facts, summary=summary
        )

    await life.escalate(
        turn,
        ticket,
        alert(hidden=False),
        actor_kind="system",
        actor_id=None,
        reason="urgent",
        masked_text=alert(hidden=True),
        spare=spare,
    )


async def room_moved(services: Services, channel: str, old: str, new: str) -> None:
    """Tells the operator, in the agents' group's new home, that the bot follows it there and
    which id to put in the settings (a group upgraded to a supergroup, issue 10)."""
    async with services.db.transaction() as session:
        unit = Unit(services=services, session=session, now=services.now())
        await unit.push(
            Outbound(
                channel, new, life.AGENT_TEXTS("agent.group_moved", old=old, new=new), kind="alert"
            )
        )
