"""Who hears of a new ticket: the agent rooms get a card; supervisors hear of urgent ones."""

from __future__ import annotations

from handlers import lifecycle as life
from handlers.messages import Choice, Outbound
from handlers.turn import Turn
from storage.models import Ticket


async def announce(turn: Turn, ticket: Ticket) -> None:
    t, policy = life.AGENT_TEXTS, turn.services.policy
    text = t(
        "agent.card", number=ticket.number,
        category=policy.category(ticket.category).label("zh-CN"),
        severity=policy.severity(ticket.severity).label("zh-CN"),
        first_due=life.local(turn, ticket.first_response_due),
        due=life.local(turn, ticket.resolution_due),
        summary=life.summary(ticket, turn),
    )
    choices = (Choice(f"take:{ticket.number}", t("agent.card_take")),
               Choice(f"show:{ticket.number}", t("agent.card_show")))
    for channel, chat in turn.services.agent_rooms:
        await turn.push(Outbound(channel, chat, text, choices, kind="card",
                                 ticket_number=ticket.number), ticket.id)


async def urgent_alert(turn: Turn, ticket: Ticket) -> None:
    # DOMAIN.md section 4: an urgent ticket goes to a supervisor at once.
    if ticket.severity != "urgent":
        return
    await life.escalate(
        turn, ticket,
        life.AGENT_TEXTS("agent.alert_urgent", number=ticket.number,
                         summary=life.summary(ticket, turn)),
        actor_kind="system", actor_id=None, reason="urgent",
    )
