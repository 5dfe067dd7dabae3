"""Agent queries (table `agents`): who may use agent commands, and who hears of what.

The table is small (a team, not customers), so lists are read whole. Each function takes
the caller's `AsyncSession` and joins its transaction; rows are ORM `Agent`s the caller may
change within that transaction, except `active`'s within a filing (`keep_active`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Agent

_a: Any = Agent.__table__.c  # type: ignore[attr-defined]


async def by_id(session: AsyncSession, agent_id: int) -> Agent | None:
    """The agent with that id (active or not), None when there is none."""
    return await session.get(Agent, agent_id)


async def registered(
    session: AsyncSession, channel: str, user_id: str, *, active_only: bool = True
) -> Agent | None:
    """The agent registered for (channel, user_id), None when there is none; with
    `active_only` False a removed one is found too (the CLI re-registers it)."""
    statement = select(Agent).where(_a.channel == channel, _a.user_id == user_id)
    if active_only:
        statement = statement.where(_a.active.is_(True))
    return (await session.execute(statement)).scalar_one_or_none()


async def active_by_name_or_id(session: AsyncSession, who: str) -> Agent | None:
    """An active agent whose display name or platform user id is `who` (`/assign`), the
    first registered when several match; None when none does."""
    statement = (
        select(Agent)
        .where(_a.active.is_(True), or_(_a.name == who, _a.user_id == who))
        .order_by(_a.id)
    )
    return (await session.execute(statement)).scalars().first()


# Where a transaction keeps the active agents it already read (`keep_active`).
_ACTIVE = "storage.queries.agents.active"


def keep_active(session: AsyncSession, agents: list[Agent]) -> None:
    """Keeps `agents`, the active agents in registration order as a statement of this
    transaction just read them, for `active` to answer from for the rest of the transaction
    (filing reads them with the customer: storage/queries/turns.py:file_customer, whose
    copies are read-only, not entities of the session; the SLA scan reads them once for all
    its tickets: handlers/sla.py:scan_clocks)."""
    session.info[_ACTIVE] = agents


async def active(session: AsyncSession, *, role: str | None = None) -> list[Agent]:
    """The active agents in registration order; `role` ("agent" | "supervisor") narrows
    them to that role. Read-only copies when the transaction kept them (`keep_active`, no
    statement), else entities of the session."""
    kept: list[Agent] | None = session.info.get(_ACTIVE)
    if kept is not None:
        return [agent for agent in kept if role is None or agent.role == role]
    statement = select(Agent).where(_a.active.is_(True)).order_by(_a.id)
    if role is not None:
        statement = statement.where(_a.role == role)
    return list((await session.execute(statement)).scalars().all())


async def every(session: AsyncSession) -> list[Agent]:
    """Every agent ever registered, removed ones too, in registration order."""
    return list((await session.execute(select(Agent).order_by(_a.id))).scalars().all())


def add(session: AsyncSession, agent: Agent) -> None:
    """Adds a new agent row to the caller's transaction (written at its commit)."""
    session.add(agent)


async def named(session: AsyncSession, who: str, channel: str | None) -> Agent | None:
    """The active agent an operator names on the command line (`--agent WHO [--channel C]`):
    the one registered as (channel, who) when a channel is given, else by display name or
    user id (active_by_name_or_id); None when none is."""
    if channel:
        return await registered(session, channel, who)
    return await active_by_name_or_id(session, who)
