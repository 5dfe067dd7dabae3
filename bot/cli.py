"""The `complaint-bot` command line: one sub-command per module, registered in `COMMAND_MODULES`.

Each module exposes `register(subparsers)`; the parser it adds sets `handler`, a function
taking the parsed arguments and returning the exit code. Nothing is imported or opened
before the chosen command runs, so `--help` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# Command -> the module that registers it. Only the module of the command being run is
# imported, so `classify` never pays for SQLAlchemy or Alembic (start-up matters there);
# `--help` or an unknown command imports them all to list everything.
COMMANDS: dict[str, str] = {
    "chat": "bot.cli_core",
    "db": "bot.cli_core",
    "doctor": "bot.cli_doctor",
    "agents": "bot.cli_agents",
    "corrections": "bot.cli_corrections",
    "classify": "bot.cli_nlp",
    "eval": "bot.cli_nlp",
    "train": "bot.cli_nlp",
    "report": "bot.cli_report",
    "serve": "bot.cli_serve",
    "wechat": "bot.cli_wechat",
    "webhooks": "bot.cli_webhooks",
    "api-tokens": "bot.cli_api",
    "web-link": "bot.cli_web",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with `command`'s module registered (all of them when None or unknown)."""
    parser = argparse.ArgumentParser(
        prog="complaint-bot",
        description="Complaint intake bot for WeChat and Telegram.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command (argv without the program name; default sys.argv); its exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = words[0] if words and not words[0].startswith("-") else None
    args = build_parser(command).parse_args(words)
    try:
        return int(args.handler(args) or 0)
    except BrokenPipeError:
        # The reader went away (`complaint-bot classify … | head -3`): stop quietly, as the
        # Python docs advise (library/signal.html, "Note on SIGPIPE"), instead of a traceback;
        # stdout goes to devnull so the interpreter's own flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command cut off this way


if __name__ == "__main__":
    sys.exit(main())
