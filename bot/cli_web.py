"""`complaint-bot web-link --agent ID`: a one-time sign-in link to the web console for an
agent, printed for the operator to hand over (the same link `/web` gives in the chat;
handlers/web_links.py)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.cli_core import fail, guarded, open_database
from bot.settings import load_settings
from handlers.web_links import issue_link
from storage.queries import agents as agent_rows

CHANNELS = ("console", "telegram", "wechat")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    link = subparsers.add_parser(
        "web-link", help="print a one-time sign-in link to the web console for an agent"
    )
    link.add_argument(
        "--agent", required=True, help="the agent's user id on their channel, or their name"
    )
    link.add_argument("--channel", choices=CHANNELS, help="the agent's channel, when ids repeat")
    link.set_defaults(handler=lambda args: guarded(_link(args)))


async def _link(args: argparse.Namespace) -> int:
    settings = load_settings()
    database = await open_database(settings)
    try:
        async with database.transaction() as session:
            agent = await agent_rows.named(session, args.agent, args.channel)
            if agent is None:
                return fail(f"no active agent {args.agent!r}; see: complaint-bot agents list")
            url = await issue_link(
                session,
                agent,
                now=datetime.now(UTC),
                minutes=settings.WEB_LINK_MINUTES,
                public_url=settings.public_url,
            )
    finally:
        await database.dispose()
    print(url)
    return 0
