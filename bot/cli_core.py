"""The runtime commands: `chat`, `db upgrade`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys

from bot.settings import SettingsError, load_settings
from handlers.policy import PolicyError
from storage.vault import VaultError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    chat = subparsers.add_parser("chat", help="the conversation in this terminal (or a pipe)")
    chat.add_argument("--user", default=None, help="who you are (default: your login name)")
    chat.add_argument("--agent", action="store_true", help="work as a registered console agent")
    chat.add_argument(
        "--lang",
        choices=("zh-CN", "en"),
        default=None,
        help="reply language until your own words show one (default: zh-CN)",
    )
    chat.set_defaults(handler=run_chat)

    db = subparsers.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="create or migrate the schema").set_defaults(
        handler=run_db_upgrade
    )


def fail(message: str) -> int:
    print(f"complaint-bot: error: {message}", file=sys.stderr)
    return 2


def guarded(run: object) -> int:
    """Runs a coroutine; configuration errors become one clear line, not a traceback."""
    try:
        return int(asyncio.run(run) or 0)  # type: ignore[arg-type]
    except (SettingsError, PolicyError, VaultError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


def run_chat(args: argparse.Namespace) -> int:
    return guarded(_chat(args))


async def _chat(args: argparse.Namespace) -> int:
    from bot.app import build
    from bot.channels.console import CHANNEL, Console, ConsolePushes
    from bot.outbox import Dispatcher
    from handlers.router import handle

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if hasattr(sys.stdin, "reconfigure"):
        # Undecodable input (a paste cut inside a UTF-8 character) reads as U+FFFD, not as
        # an error or as surrogates that cannot be stored (issue 10).
        sys.stdin.reconfigure(errors="replace")
    app = await build(load_settings())
    try:
        user = args.user or getpass.getuser()
        if args.agent and not await _is_console_agent(app, user):
            return fail(
                f"{user} is not a registered console agent; register with: "
                f"complaint-bot agents add --channel console --id {user} --name NAME"
            )

        async def send(inbound):  # type: ignore[no-untyped-def]
            return await handle(app.services, inbound)

        console = Console(app.services, send, user, locale=args.lang)
        # Pushes addressed to this user (replies from agents, progress, surveys) show here;
        # everyone else's outbox rows are left for their own sessions and channels.
        pushes = Dispatcher(
            app.services, {CHANNEL: ConsolePushes(console)}, recipient=(CHANNEL, user)
        )
        console.poll = pushes.run_once
        await console.run()
    finally:
        await app.close()
    return 0


async def _is_console_agent(app: object, user: str) -> bool:
    from sqlalchemy import select

    from storage.models import Agent

    async with app.db.transaction() as session:  # type: ignore[attr-defined]
        found = await session.execute(
            select(Agent.id).where(
                Agent.channel == "console",
                Agent.user_id == user,
                Agent.active.is_(True),  # type: ignore[attr-defined]
            )
        )
        return found.first() is not None


def run_db_upgrade(args: argparse.Namespace) -> int:
    return guarded(_db_upgrade())


async def _db_upgrade() -> int:
    from storage.engine import Database
    from storage.migrate import table_names, upgrade

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.database_url)
    try:
        await upgrade(database.engine, settings.database_url)
        tables = await table_names(database.engine)
    finally:
        await database.dispose()
    print(f"database is up to date ({len(tables)} tables): {database.url.render_as_string()}")
    return 0
