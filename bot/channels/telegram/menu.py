"""The bot's command menus (setMyCommands): customers' in private chats, agents' in the group.

The agents' menu is derived from the one declaration of their commands
(handlers/agent_commands.py:AGENT_COMMANDS), with each command's `agent_commands.<name>.menu`
text; a command declared there is in the menu without an edit here. The customers' menu lists
the router's commands, described under [menu] in the locale catalogue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from handlers.agent_commands import AGENT_COMMANDS as DECLARED
from handlers.texts import SUPPORTED, Texts

log = logging.getLogger(__name__)

CUSTOMER_COMMANDS = ("start", "new", "status", "cancel", "help")
AGENT_COMMANDS = tuple(declared.name for declared in DECLARED if not declared.hidden)


def customer_commands(locale: str) -> list[BotCommand]:
    """The customers' menu in `locale`: each command with its [menu] description."""
    texts = Texts(locale)
    return [BotCommand(name, texts(f"menu.{name}")) for name in CUSTOMER_COMMANDS]


def agent_commands(locale: str) -> list[BotCommand]:
    """The agents' menu in `locale`: every declared agent command but the hidden ones
    (`start`), in declaration order."""
    texts = Texts(locale)
    return [
        BotCommand(declared.name, texts(declared.menu_key))
        for declared in DECLARED
        if not declared.hidden
    ]


async def set_menus(bot: Bot, agent_chat_id: int | None) -> None:
    """Sets the customers' menu for private chats and, with an agent group, the agents' menu
    there, once per locale (the default, then each other language by its code). Best
    effort: a menu that could not be set is logged, never fatal to the channel."""
    menus: list[tuple[Callable[[str], list[BotCommand]], BotCommandScope]] = [
        (customer_commands, BotCommandScopeAllPrivateChats())
    ]
    if agent_chat_id is not None:
        menus.append((agent_commands, BotCommandScopeChat(agent_chat_id)))
    try:
        for build, scope in menus:
            for locale in SUPPORTED:
                language = None if locale == SUPPORTED[0] else locale  # the default first
                await bot.set_my_commands(build(locale), scope=scope, language_code=language)
    except TelegramError as exc:
        log.warning("telegram: could not set the command menu: %s", exc)
