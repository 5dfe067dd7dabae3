"""`complaint-bot agents add|list|remove`: who may use the agent commands, and in which chat."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.cli_core import fail, guarded
from bot.settings import load_settings
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Agent

CHANNELS = ("console", "telegram", "wechat")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    agents = subparsers.add_parser("agents", help="register agents and supervisors")
    actions = agents.add_subparsers(dest="agents_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="register (or update) an agent")
    add.add_argument("--channel", required=True, choices=CHANNELS)
    add.add_argument("--id", required=True, help="the agent's user id on that channel")
    add.add_argument("--name", required=True, help="the name customers and colleagues see")
    add.add_argument("--supervisor", action="store_true", help="receives escalations")
    add.set_defaults(handler=lambda args: guarded(_add(args)))
    actions.add_parser("list", help="list registered agents").set_defaults(
        handler=lambda args: guarded(_list())
    )
    remove = actions.add_parser("remove", help="stop an agent from using agent commands")
    remove.add_argument("--channel", required=True, choices=CHANNELS)
    remove.add_argument("--id", required=True)
    remove.set_defaults(handler=lambda args: guarded(_remove(args)))


async def _database() -> Database:
    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.database_url)
    await upgrade(database.engine, settings.database_url)
    return database


async def _find(session: AsyncSession, channel: str, user_id: str) -> Agent | None:
    statement = select(Agent).where(col(Agent.channel) == channel, col(Agent.user_id) == user_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def _add(args: argparse.Namespace) -> int:
    name = args.name.strip()
    if not name or len(name) > 64:
        return fail("--name must be 1 to 64 characters")
    database = await _database()
    try:
        async with database.transaction() as session:
            agent = await _find(session, args.channel, args.id)
            if agent is None:
                agent = Agent(
                    channel=args.channel, user_id=args.id, name=name, created_at=datetime.now(UTC)
                )
                session.add(agent)
            agent.name, agent.active = name, True
            agent.role = "supervisor" if args.supervisor else "agent"
    finally:
        await database.dispose()
    print(f"agent {name} ({agent.role}) registered on {args.channel} as {args.id}")
    return 0


async def _list() -> int:
    database = await _database()
    try:
        async with database.transaction() as session:
            agents = (await session.execute(select(Agent).order_by(col(Agent.id)))).scalars().all()
    finally:
        await database.dispose()
    if not agents:
        print("no agents registered; add one with: complaint-bot agents add --channel ... ")
    for agent in agents:
        state = "" if agent.active else "  (removed)"
        print(f"{agent.channel}\t{agent.user_id}\t{agent.name}\t{agent.role}{state}")
    return 0


async def _remove(args: argparse.Namespace) -> int:
    database = await _database()
    try:
        async with database.transaction() as session:
            agent = await _find(session, args.channel, args.id)
            if agent is None:
                return fail(f"no agent {args.id} on {args.channel}")
            # Kept, not deleted: the audit trail and assignments still name them.
            agent.active = False
    finally:
        await database.dispose()
    print(f"agent {args.id} on {args.channel} removed")
    return 0
