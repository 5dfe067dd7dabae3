"""`complaint-bot agents add|list|remove`: who may use the agent commands, and in which chat."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.cli_core import fail, guarded, open_database
from storage.models import Agent
from storage.queries import agents as agent_rows

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


async def _add(args: argparse.Namespace) -> int:
    name = args.name.strip()
    if not name or len(name) > 64:
        return fail("--name must be 1 to 64 characters")
    database = await open_database()
    try:
        async with database.transaction() as session:
            agent = await agent_rows.registered(session, args.channel, args.id, active_only=False)
            if agent is None:
                agent = Agent(
                    channel=args.channel, user_id=args.id, name=name, created_at=datetime.now(UTC)
                )
                agent_rows.add(session, agent)
            agent.name, agent.active = name, True
            agent.role = "supervisor" if args.supervisor else "agent"
    finally:
        await database.dispose()
    print(f"agent {name} ({agent.role}) registered on {args.channel} as {args.id}")
    return 0


async def _list() -> int:
    database = await open_database()
    try:
        async with database.transaction() as session:
            agents = await agent_rows.every(session)
    finally:
        await database.dispose()
    if not agents:
        print("no agents registered; add one with: complaint-bot agents add --channel ... ")
    for agent in agents:
        state = "" if agent.active else "  (removed)"
        print(f"{agent.channel}\t{agent.user_id}\t{agent.name}\t{agent.role}{state}")
    return 0


async def _remove(args: argparse.Namespace) -> int:
    database = await open_database()
    try:
        async with database.transaction() as session:
            agent = await agent_rows.registered(session, args.channel, args.id, active_only=False)
            if agent is None:
                return fail(f"no agent {args.id} on {args.channel}")
            # Kept, not deleted: the audit trail and assignments still name them.
            agent.active = False
    finally:
        await database.dispose()
    print(f"agent {args.id} on {args.channel} removed")
    return 0
