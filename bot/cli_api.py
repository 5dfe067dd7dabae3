"""`complaint-bot api-tokens create|list|revoke`: bearer tokens of the REST API (/api/v1/).

A token acts as one agent, with the scope "read" or "read-write". `create` prints the token
once: only its hash is stored (bot/api/tokens.py), so it cannot be shown again.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from bot.api.tokens import SCOPES, new_token, prefix, token_hash
from bot.cli_core import fail, guarded, open_database
from storage.queries import agents as agent_rows

CHANNELS = ("console", "telegram", "wechat")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tokens = subparsers.add_parser("api-tokens", help="bearer tokens of the REST API")
    actions = tokens.add_subparsers(dest="tokens_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a token for an agent (shown once)")
    create.add_argument(
        "--agent", required=True, help="the agent's user id on their channel, or their name"
    )
    create.add_argument("--channel", choices=CHANNELS, help="the agent's channel, when ids repeat")
    create.add_argument("--scope", required=True, choices=SCOPES)
    create.add_argument("--name", default=None, help="what the token is for (up to 64 characters)")
    create.set_defaults(handler=lambda args: guarded(_create(args)))
    actions.add_parser("list", help="list tokens (never the tokens themselves)").set_defaults(
        handler=lambda args: guarded(_list())
    )
    revoke = actions.add_parser("revoke", help="stop a token from working")
    revoke.add_argument("id", type=int, help="the token's id, as `list` shows it")
    revoke.set_defaults(handler=lambda args: guarded(_revoke(args)))


async def _create(args: argparse.Namespace) -> int:
    from storage.queries import api_tokens as tokens_q

    name = (args.name or "").strip() or None
    if name is not None and len(name) > 64:
        return fail("--name must be at most 64 characters")
    token = new_token()
    database = await open_database()
    try:
        async with database.transaction() as session:
            agent = await agent_rows.named(session, args.agent, args.channel)
            if agent is None:
                return fail(f"no active agent {args.agent!r}; see: complaint-bot agents list")
            token_id = await tokens_q.create(
                session,
                agent_id=agent.id or 0,
                scope=args.scope,
                name=name,
                token_hash=token_hash(token),
                prefix=prefix(token),
                now=datetime.now(UTC),
            )
    finally:
        await database.dispose()
    print(token)
    print(
        f"token {token_id} ({args.scope}) for {agent.name} ({agent.role}) on {agent.channel}:"
        f" keep it now, it is not shown again",
        file=sys.stderr,
    )
    return 0


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "-"


async def _list() -> int:
    from storage.queries import api_tokens as tokens_q

    database = await open_database()
    try:
        async with database.transaction() as session:
            rows = await tokens_q.every(session)
    finally:
        await database.dispose()
    if not rows:
        print("no API tokens; create one with: complaint-bot api-tokens create --agent ID ...")
        return 0
    print("id\tname\tprefix\tagent\tscope\tcreated\tlast used\trevoked")
    for row in rows:
        agent = f"{row.agent_channel}:{row.agent_user_id} {row.agent_name}"
        if not row.agent_active:
            agent += " (removed)"
        print(
            "\t".join(
                (
                    str(row.id),
                    row.name or "-",
                    row.prefix + "…",
                    agent,
                    row.scope,
                    _when(row.created_at),
                    _when(row.last_used_at),
                    _when(row.revoked_at),
                )
            )
        )
    return 0


async def _revoke(args: argparse.Namespace) -> int:
    from storage.queries import api_tokens as tokens_q

    database = await open_database()
    try:
        async with database.transaction() as session:
            revoked = await tokens_q.revoke(session, args.id, datetime.now(UTC))
    finally:
        await database.dispose()
    if revoked is None:
        return fail(f"no API token {args.id}; see: complaint-bot api-tokens list")
    print(f"API token {args.id} revoked" if revoked else f"API token {args.id} was revoked already")
    return 0
