"""`complaint-bot webhooks add|list|remove|test`: outside URLs told of ticket events.

`add` prints the webhook's id and its signing secret, once: the secret is stored sealed with
PII_KEY (it is needed whole to sign) and never shown again. docs/operations.md, "Webhooks".
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import aiohttp

from bot.cli_core import fail, guarded, open_database
from bot.keys import pii_key
from bot.settings import load_settings
from handlers import webhooks
from storage.engine import Database
from storage.keycheck import verify_key
from storage.vault import Vault


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hooks = subparsers.add_parser("webhooks", help="send ticket events to outside URLs")
    actions = hooks.add_subparsers(dest="webhooks_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a webhook; prints its id and signing secret once")
    add.add_argument("url", help="http:// or https:// URL that receives the POSTs")
    add.add_argument(
        "--events",
        required=True,
        help=f"comma-separated, from: {', '.join(webhooks.EVENT_NAMES)}; or * for all",
    )
    add.add_argument(
        "--personal-data",
        action="store_true",
        help="include the customer's name, phone, e-mail and the complaint's text",
    )
    add.add_argument("--name", help="a label for the list (1-64 characters)")
    add.set_defaults(handler=lambda args: guarded(_add(args)))
    actions.add_parser("list", help="list webhooks (secrets are never shown)").set_defaults(
        handler=lambda args: guarded(_list())
    )
    remove = actions.add_parser("remove", help="stop a webhook; its waiting events are dropped")
    remove.add_argument("id", type=int)
    remove.set_defaults(handler=lambda args: guarded(_remove(args)))
    test = actions.add_parser("test", help="send a signed ping event now and show the answer")
    test.add_argument("id", type=int)
    test.set_defaults(handler=lambda args: guarded(_test(args)))


@dataclass
class _Store:
    db: Database
    vault: Vault


@asynccontextmanager
async def _store() -> AsyncIterator[_Store]:
    """The database (migrated) and the vault, its key checked: a secret sealed with a wrong
    key could never sign."""
    settings = load_settings()
    database = await open_database(settings)  # creates DATA_DIR, where SQLite's key is made
    try:
        vault = Vault(pii_key(settings))
        await verify_key(database, vault, datetime.now(UTC))
        yield _Store(database, vault)
    finally:
        await database.dispose()


async def _add(args: argparse.Namespace) -> int:
    async with _store() as store:
        try:
            added = await webhooks.add(
                store.db,
                store.vault,
                url=args.url,
                events=args.events,
                personal_data=args.personal_data,
                name=args.name,
                now=datetime.now(UTC),
            )
        except webhooks.WebhookError as exc:
            return fail(str(exc))
    print(f"webhook {added.id} added")
    print(f"secret: {added.secret}")
    print("keep the secret now: it is not shown again (it signs every request)")
    return 0


async def _list() -> int:
    async with _store() as store:
        hooks = await webhooks.listed(store.db)
    if not hooks:
        print("no webhooks; add one with: complaint-bot webhooks add URL --events ...")
    for hook in hooks:
        flags = ["personal-data" if hook.personal_data else "no-personal-data"]
        if not hook.active:
            flags.append("removed")
        print(
            f"{hook.id}\t{hook.name or '-'}\t{hook.url}\t{','.join(hook.events)}\t{' '.join(flags)}"
        )
    return 0


async def _remove(args: argparse.Namespace) -> int:
    async with _store() as store:
        try:
            dropped = await webhooks.remove(store.db, args.id, datetime.now(UTC))
        except webhooks.WebhookError as exc:
            return fail(str(exc))
    print(f"webhook {args.id} removed; {dropped} waiting event(s) dropped")
    return 0


async def _test(args: argparse.Namespace) -> int:
    # Sent at once, not through the outbox: the operator sees the receiver's answer.
    from bot.webhook_delivery import TIMEOUT, post
    from storage.vault import VaultError

    async with _store() as store:
        try:
            where = await webhooks.destination(store.db, store.vault, args.id)
        except VaultError as exc:
            return fail(str(exc))
    if where is None:
        return fail(f"no active webhook {args.id}")
    message = webhooks.ping(args.id, datetime.now(UTC))
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        try:
            status, _ = await post(http, where, message)
        except Exception as exc:
            return fail(f"ping {message.meta[webhooks.META_EVENT_ID]} not delivered: {exc}")
    if not 200 <= status < 300:
        return fail(f"ping {message.meta[webhooks.META_EVENT_ID]} answered HTTP {status}")
    print(f"ping {message.meta[webhooks.META_EVENT_ID]} delivered: HTTP {status}")
    return 0
