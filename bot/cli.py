"""The `complaint-bot` command line: one sub-command per module, registered in `COMMAND_MODULES`.

Each module exposes `register(subparsers)`; the parser it adds sets `handler`, a function
taking the parsed arguments and returning the exit code. Nothing is imported or opened
before the chosen command runs, so `--help` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli_core",
    "bot.cli_agents",
    "bot.cli_corrections",
    "bot.cli_nlp",
    "bot.cli_report",
    "bot.cli_serve",
    "bot.cli_wechat",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="complaint-bot",
        description="Complaint intake bot for WeChat and Telegram.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
