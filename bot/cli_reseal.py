"""`complaint-bot db reseal [--batch N]`: moves every sealed value to the current cipher.

Values sealed by an earlier version (storage/vault.py:FORMAT lists the formats) stay
readable, so an upgrade needs nothing more; this command rewrites them in the current format,
e.g. so that the old format's code can one day be dropped. It works in batches, is safe to
interrupt and to run again, and beside running workers (storage/queries/reseal.py).
Registered in the `db` group by bot/cli_core.py.
"""

from __future__ import annotations

import argparse

from bot.cli_core import guarded, positive_int
from bot.settings import load_settings


def add_reseal(db_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds `reseal` to the `db` sub-commands."""
    reseal = db_sub.add_parser(
        "reseal",
        help="rewrite personal data sealed by an earlier version in the current cipher",
    )
    reseal.add_argument(
        "--batch", type=positive_int, default=500, help="rows per transaction (default 500)"
    )
    reseal.set_defaults(handler=run_reseal)


def run_reseal(args: argparse.Namespace) -> int:
    """`db reseal`: 0 when done, 2 on a wrong setting or key (or a value the key cannot
    open: the rows before it stay resealed)."""
    return guarded(_reseal(args.batch))


async def _reseal(batch: int) -> int:
    from bot.app import build
    from storage.queries.reseal import reseal_all
    from storage.vault import FORMAT

    app = await build(load_settings())  # migrated and the key checked first

    def progress(table: str, done: int) -> None:
        print(f"{table}: {done} rows resealed", flush=True)

    try:
        done = await reseal_all(app.services.db, app.services.vault, batch=batch, progress=progress)
    finally:
        await app.close()
    print(f"every sealed value is in format {FORMAT}: {sum(done.values())} rows rewritten")
    return 0
