"""The satisfaction survey's clock: sent after the result, closed as "no response" after a week."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers import lifecycle as life
from handlers.services import Services
from handlers.states import State
from handlers.turn import Unit
from storage.models import Ticket


async def send_surveys(services: Services) -> int:
    async with services.db.transaction() as session:
        unit = Unit(services=services, session=session, now=services.now())
        due = (
            (
                await session.execute(
                    select(Ticket)
                    .where(
                        Ticket.status == "resolved",
                        Ticket.survey_sent_at.is_(None),  # type: ignore[union-attr]
                        Ticket.survey_due_at <= unit.now,  # type: ignore[operator]
                    )
                    .with_for_update()
                )
            )
            .scalars()
            .all()
        )
        for ticket in due:
            await send_survey(unit, ticket)
        return len(due)


async def send_survey(unit: Unit, ticket: Ticket) -> None:
    """The survey question, with 1-5 as buttons or numbers, in the customer's own chat."""
    choices = life.survey_choices(ticket)
    ticket.survey_sent_at = unit.now
    await unit.record(ticket.id or 0, "survey_sent")
    await life.tell_customer(unit, ticket, "survey.question", kind="survey", choices=choices)
    await unit.prompt(
        ticket.channel, ticket.user_id, State.SURVEY_SCORE, choices, ticket=ticket.number
    )


async def close_unanswered(services: Services) -> int:
    async with services.db.transaction() as session:
        unit = Unit(services=services, session=session, now=services.now())
        days = services.policy.survey.close_after_days
        stale = (
            (
                await session.execute(
                    select(Ticket)
                    .where(
                        Ticket.status == "resolved",
                        Ticket.survey_sent_at <= unit.now - timedelta(days=days),  # type: ignore[operator]
                    )
                    .with_for_update()
                )
            )
            .scalars()
            .all()
        )
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
