"""`complaint-bot db reindex [--all] [--batch N]`: fills the search index of older tickets.

Tickets filed before the blind index existed (issue 14), or before a change of `PII_KEY`,
have no tokens the search can find; this command computes them from the sealed values, in
batches, and is safe to interrupt and to run again (handlers/search.py:reindex). Registered
in the `db` group by bot/cli_core.py.
"""

from __future__ import annotations

import argparse
import sys

from bot.cli_core import guarded, positive_int
from bot.settings import load_settings


def add_reindex(db_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds `reindex` to the `db` sub-commands."""
    reindex = db_sub.add_parser(
        "reindex",
        help="fill the search index of tickets filed before it (after an upgrade or a key change)",
    )
    reindex.add_argument(
        "--all", action="store_true", help="recompute every ticket's index, not only the missing"
    )
    reindex.add_argument(
        "--batch", type=positive_int, default=500, help="tickets per transaction (default 500)"
    )
    reindex.set_defaults(handler=run_reindex)


def run_reindex(args: argparse.Namespace) -> int:
    """`db reindex`: 0 when done, 2 on a wrong setting or key."""
    return guarded(_reindex(args.all, args.batch))


async def _reindex(every: bool, batch: int) -> int:
    from bot.app import build
    from handlers.search import reindex

    app = await build(load_settings())  # migrated and the key checked first

    def progress(done: int, total: int) -> None:
        print(f"indexed {done}/{total} tickets", flush=True)

    try:
        done = await reindex(
            app.services.db, app.services.vault, every=every, batch=batch, progress=progress
        )
    finally:
        await app.close()
    print(f"search index up to date: {done} tickets indexed", file=sys.stdout)
    return 0
