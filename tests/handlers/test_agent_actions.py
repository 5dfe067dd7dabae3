"""Agent commands from the console or the API run the chat's handler (handlers/agent_actions.py):
same answers, same events and actor, same push to the customer; a retried request runs once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from handlers.agent_actions import NotACommand, act
from storage.models import Agent, TicketEvent
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.test_lifecycle import file_complaint
from tests.support import Person, tickets


async def _agent(app: App, user_id: str) -> Agent:
    async with app.db.transaction() as session:
        found = await session.execute(select(Agent).where(Agent.user_id == user_id))
        return found.scalar_one()


async def test_a_reply_from_the_web_is_the_chats_reply(app: App) -> None:
    await add_agent(app, "a1", "张三")
    customer = Person(app, "c1")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    agent = await _agent(app, "a1")

    taken = await act(app.services, agent, "take", ticket.number, source="web", request_id="r1")
    assert any("已接单" in answer for answer in taken.answers) and not taken.refused
    replied = await act(
        app.services,
        agent,
        "reply",
        f"{ticket.number} 您好，已为您核实",
        source="web",
        request_id="r2",
    )
    assert replied.answers
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    assert any("已为您核实" in text for text in inboxes.of("c1"))

    again = await act(
        app.services,
        agent,
        "reply",
        f"{ticket.number} 您好，已为您核实",
        source="web",
        request_id="r2",
    )
    assert again == replied  # the same request id: answered from the first run, not sent twice
    await deliver_all(app, inboxes)
    assert sum("已为您核实" in text for text in inboxes.of("c1")) == 1
    async with app.db.transaction() as session:
        events = (await session.execute(select(TicketEvent))).scalars().all()
    assert {e.actor_id for e in events if e.kind == "assigned"} == {"console:a1"}


async def test_only_declared_commands_run(app: App) -> None:
    await add_agent(app, "a1", "张三")
    agent = await _agent(app, "a1")
    with pytest.raises(NotACommand):
        await act(app.services, agent, "drop_tables", "", source="web", request_id="x")
    with pytest.raises(ValueError):
        await act(app.services, agent, "queue", "", source="mail", request_id="x")


async def test_a_refused_command_says_so(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "李四")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    first, second = await _agent(app, "a1"), await _agent(app, "a2")
    assert not (
        await act(app.services, first, "take", ticket.number, source="web", request_id="t1")
    ).refused
    taken = await act(app.services, second, "take", ticket.number, source="web", request_id="t2")
    assert taken.refused and "张三" in taken.answers[-1]  # held by another: nothing changed
    again = await act(app.services, second, "take", ticket.number, source="web", request_id="t2")
    assert again == taken  # a replay of a refused run is refused again


def test_every_ticket_action_is_a_declared_command() -> None:
    from handlers.agent_actions import TICKET_ACTIONS
    from handlers.agents import COMMANDS

    assert TICKET_ACTIONS and set(TICKET_ACTIONS) <= set(COMMANDS)
