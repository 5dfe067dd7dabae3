"""The satisfaction survey's clock: sent after the result, closed as "no response" after a week."""

from __future__ import annotations

from datetime import timedelta

from handlers import lifecycle as life
from handlers.services import Services
from handlers.states import State
from handlers.turn import Unit
from storage.models import Ticket
from storage.queries import tickets as tickets_q


async def send_surveys(services: Services) -> int:
    """Sends every survey that is due (docs/process.md section 5); returns how many. Reads
    only the due ones (storage/queries/tickets.py:surveys_due)."""
    async with services.db.transaction() as session:
        unit = Unit(services=services, session=session, now=services.now())
        due = await tickets_q.surveys_due(session, now=unit.now)
        for ticket in due:
            await send_survey(unit, ticket)
        return len(due)


async def send_survey(unit: Unit, ticket: Ticket) -> None:
    """The survey question, with 1-5 as buttons or numbers, in the customer's own chat."""
    choices = life.survey_choices(ticket)
    ticket.survey_sent_at = unit.now
    # The system sends it, also when it goes out inside an agent's /resolve (delay 0).
    await unit.record(ticket.id or 0, "survey_sent", actor_kind="system")
    await life.tell_customer(unit, ticket, "survey.question", kind="survey", choices=choices)
    await unit.prompt(
        ticket.channel, ticket.user_id, State.SURVEY_SCORE, choices, ticket=ticket.number
    )


async def close_unanswered(services: Services) -> int:
    """Closes as "no response" the resolved tickets whose survey went out
    `policy.survey.close_after_days` days ago or more; returns how many
    (storage/queries/tickets.py:surveys_unanswered)."""
    async with services.db.transaction() as session:
        unit = Unit(services=services, session=session, now=services.now())
        days = services.policy.survey.close_after_days
        stale = await tickets_q.surveys_unanswered(session, sent_by=unit.now - timedelta(days=days))
        for ticket in stale:
            ticket.survey_outcome = "no_response"
            await life.move(
                unit,
                ticket,
                "closed",
                actor_kind="system",
                actor_id=None,
                text="survey: no response",
            )
        return len(stale)
