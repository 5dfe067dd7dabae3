"""`complaint-bot corrections export [FILE]`: agents' reclassifications as training lines.

Writes `{"text","category","severity"}` per corrected ticket (its classification as the agents
left it), the format `complaint-bot train` reads. Phone, ID and card numbers, e-mail addresses
and names in the text are masked: training data needs the words, not who said them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli_core import guarded
from bot.settings import Settings, load_settings
from storage.engine import Database
from storage.migrate import upgrade
from storage.queries import tickets as ticket_rows
from storage.vault import Vault, load_or_create_key, mask_personal


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    corrections = subparsers.add_parser("corrections", help="agents' classification fixes")
    actions = corrections.add_subparsers(
        dest="corrections_command", metavar="ACTION", required=True
    )
    export = actions.add_parser("export", help="write them as training lines (JSONL)")
    export.add_argument("file", nargs="?", type=Path, help="output file (default: stdout)")
    export.set_defaults(handler=lambda args: guarded(_export(args.file)))


async def corrected_lines(database: Database, vault: Vault) -> list[dict[str, str]]:
    async with database.transaction() as session:
        tickets = await ticket_rows.reclassified(session)
    lines = []
    for ticket in tickets:
        text = vault.open(ticket.account_enc)
        if text:
            lines.append(
                {
                    "text": _masked(text, vault.open(ticket.name_enc)),
                    "category": ticket.category,
                    "severity": ticket.severity,
                }
            )
    return lines


def _masked(text: str, name: str | None) -> str:
    """The account as a training line: contacts and ID numbers masked, and names too (the
    customer's own wherever it occurs, any "我叫…"), as agents who do not own the ticket see
    it (newcomer trial 9: "我叫赵伟 136****5555"). The classifier needs the words, not who."""
    return mask_personal(text, (name,))


async def read_corrections(settings: Settings) -> list[dict[str, str]]:
    """The corrected tickets of the deployment's database as training lines (also read by
    `complaint-bot train --from-corrections`)."""
    vault = Vault(load_or_create_key(settings.PII_KEY, settings.data_dir))
    database = Database(settings.database_url)
    try:
        await upgrade(database.engine, settings.database_url)
        return await corrected_lines(database, vault)
    finally:
        await database.dispose()


async def _export(target: Path | None) -> int:
    lines = await read_corrections(load_settings())
    body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    if target is None:
        sys.stdout.write(body)
    else:
        target.write_text(body, encoding="utf-8")
    print(f"{len(lines)} corrected complaints exported", file=sys.stderr)
    return 0
