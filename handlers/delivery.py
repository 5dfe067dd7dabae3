"""What a delivery's outcome means for a ticket (issue 10): the outbox dispatcher reports
each push it delivered or gave up on, and the people concerned learn what they need.

- A customer answer counts as the first response when it reaches the customer, not when the
  agent typed it: an undelivered reply leaves the first-response clock running.
- A push to a ticket's customer that becomes undeliverable (blocked bot, closed WeChat
  window, retries spent) and carries an answer, a request, a result or a survey is told
  once to the assignee, or the agent rooms (masked), or the supervisors when there is
  neither.
"""

from __future__ import annotations

import json
from datetime import datetime

from handlers import lifecycle as life
from handlers.messages import Outbound
from handlers.services import Services
from handlers.turn import Unit
from storage.queries import agents as agent_rows
from storage.queries import tickets as ticket_rows

# Outbound.meta key of an agent's answer that stops the first-response clock once delivered.
FIRST_RESPONSE = "first_response"
# Pushes whose loss an agent must hear of: answers, requests, results, surveys, and any
# progress an agent sent. Automatic notices ("assigned to 张三") only show in /show.
TOLD_KINDS = frozenset({"reply", "result", "survey", "request"})
EXCERPT = 40  # characters of the undelivered text shown to the agent


def first_response_meta() -> dict[str, str]:
    """The `Outbound.meta` of an agent's answer: its delivery stops the ticket's
    first-response clock (docs/process.md section 4)."""
    return {FIRST_RESPONSE: "1"}


async def delivered(services: Services, messages: list[Outbound], at: datetime) -> None:
    """Stops the first-response clock of the tickets whose answer just reached the customer."""
    numbers = sorted(
        {m.ticket_number for m in messages if m.ticket_number and m.meta.get(FIRST_RESPONSE)}
    )
    if not numbers:
        return
    async with services.db.transaction() as session:
        await ticket_rows.mark_first_responded(session, numbers, at)


async def undelivered(services: Services, outbox_id: int, message: Outbound, reason: str) -> None:
    """Tells the agent once that a push to the ticket's customer cannot be delivered."""
    if not message.ticket_number or not (
        message.kind in TOLD_KINDS or message.meta.get(FIRST_RESPONSE)
    ):
        return
    marker = json.dumps({"outbox": outbox_id})
    async with services.db.transaction() as session:
        ticket = await ticket_rows.by_number(session, message.ticket_number)
        if ticket is None or (ticket.channel, ticket.user_id) != (message.channel, message.user_id):
            return
        if await ticket_rows.has_event(
            session, ticket.id or 0, "undelivered", marker
        ):  # this push failed before (re-queued when the customer wrote)
            return
        unit = Unit(services=services, session=session, now=services.now())
        await unit.record(ticket.id or 0, "undelivered", {"outbox": outbox_id}, actor_kind="system")
        words = " ".join(message.text.split())
        excerpt = words if len(words) <= EXCERPT else words[: EXCERPT - 1] + "…"
        await life.tell_assignee(
            unit,
            ticket,
            life.AGENT_TEXTS(
                "agent.undelivered", number=ticket.number, text=excerpt, reason=reason[:200]
            ),
        )


# Outbound.meta key of a stale card's line (`current_card`), for notices that go out together.
STALE_ITEM = "stale_item"


async def current_card(services: Services, message: Outbound) -> Outbound | None:
    """A new-ticket card as it stands when it goes out: a card queued for an agent who was
    away (a console or WeChat session opened later) whose ticket someone has taken since,
    or that is no longer open, becomes one line with its current status and handler and
    no take button (newcomer trial 16: 李四 was offered "1. 接单" for a ticket 张三 had
    resolved). None, nothing to deliver, when the recipient is the ticket's handler: they
    took it themselves or were told when it was given to them (newcomer trial 20: an
    agent's own /take came back as "已由 张三 负责"). Any other message, or a card still
    unassigned, goes as it is."""
    if message.kind != "card" or not message.ticket_number:
        return message
    async with services.db.transaction() as session:
        ticket = await ticket_rows.by_number(session, message.ticket_number, lock=False)
        if ticket is None or (ticket.assignee_id is None and ticket.status in life.OPEN):
            return message
        agent = None
        if ticket.assignee_id is not None:
            agent = await agent_rows.by_id(session, ticket.assignee_id)
            recipient = await agent_rows.registered(session, message.channel, message.user_id)
            if recipient is not None and recipient.id == ticket.assignee_id:
                return None
    t = life.AGENT_TEXTS
    values = {
        "number": ticket.number,
        "status": t(f"status_label.{ticket.status}"),
        "assignee": agent.name if agent is not None else t("agent.card_stale_nobody"),
    }
    return Outbound(
        message.channel,
        message.user_id,
        t("agent.card_stale", **values),
        kind="alert",
        ticket_number=message.ticket_number,
        meta={**message.meta, STALE_ITEM: t("agent.card_stale_item", **values)},
    )


def stale_together(messages: list[Outbound]) -> Outbound:
    """Several stale cards (`current_card`) going to one agent at once as one notice, a line
    per ticket with its handler and status (newcomer trial 20: a session opened after a busy
    hour was flooded, one notice per ticket); one alone keeps its own sentence."""
    if len(messages) == 1:
        return messages[0]
    lines = "\n".join(m.meta.get(STALE_ITEM, m.text) for m in messages)
    first = messages[0]
    meta = {k: v for k, v in first.meta.items() if k != STALE_ITEM}
    return Outbound(
        first.channel,
        first.user_id,
        life.AGENT_TEXTS("agent.cards_stale", lines=lines),
        kind="alert",
        meta=meta,
    )
