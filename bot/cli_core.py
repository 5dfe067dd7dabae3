"""The runtime commands: `chat`, `db upgrade` (and `db reindex`, bot/cli_search.py; `db reseal`,
bot/cli_reseal.py)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from bot.settings import SettingsError, load_settings
from handlers.policy import PolicyError
from storage.vault import VaultError

if TYPE_CHECKING:
    from bot.app import App
    from bot.settings import Settings
    from storage.engine import Database


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    chat = subparsers.add_parser("chat", help="the conversation in this terminal (or a pipe)")
    chat.add_argument("--user", default=None, help="who you are (default: your login name)")
    chat.add_argument("--agent", action="store_true", help="work as a registered console agent")
    chat.add_argument(
        "--lang",
        choices=("zh-CN", "en", "zh-Hant"),
        default=None,
        help="reply language until your own words show one (default: zh-CN)",
    )
    chat.set_defaults(handler=run_chat)

    db = subparsers.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="create or migrate the schema").set_defaults(
        handler=run_db_upgrade
    )
    from bot.cli_search import add_reindex  # issue 14: `db reindex`

    add_reindex(db_sub)
    from bot.cli_reseal import add_reseal  # issue 11 item 3: `db reseal`

    add_reseal(db_sub)


async def open_database(settings: Settings | None = None) -> Database:
    """The deployment's database, migrated to the newest schema (DATA_DIR created first):
    what the operator commands (agents, api-tokens, web-link, webhooks) work on. The caller
    disposes it. Raises SettingsError for wrong settings."""
    from storage.engine import Database
    from storage.migrate import upgrade

    settings = settings or load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.database_url)
    await upgrade(database.engine, settings.database_url)
    return database


def positive_int(text: str) -> int:
    """argparse type for a count of at least 1 (--batch). Raises ArgumentTypeError (argparse
    prints it as a usage error) or ValueError for what is no whole number."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def fail(message: str) -> int:
    """Prints `complaint-bot: error: MESSAGE` on stderr; returns the exit code 2."""
    print(f"complaint-bot: error: {message}", file=sys.stderr)
    return 2


def guarded(run: Coroutine[Any, Any, int]) -> int:
    """Runs a command's coroutine; returns its exit code. A wrong setting, policy or key
    becomes one clear line and exit code 2, not a traceback; Ctrl-C is 130."""
    try:
        return int(asyncio.run(run) or 0)
    except (SettingsError, PolicyError, VaultError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


def run_chat(args: argparse.Namespace) -> int:
    """`chat`: the conversation on stdin/stdout until end of input; 2 on a wrong setting or
    an unregistered `--agent`."""
    return guarded(_chat(args))


async def _chat(args: argparse.Namespace) -> int:
    from bot.app import build, open_console
    from bot.channels.console import Terminal

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
        console = open_console(app, Terminal(user, locale=args.lang))
        await console.run()
    finally:
        await app.close()
    return 0


async def _is_console_agent(app: App, user: str) -> bool:
    from storage.queries import agents as agent_rows

    async with app.db.transaction() as session:
        return await agent_rows.registered(session, "console", user) is not None


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
