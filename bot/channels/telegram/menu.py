"""The bot's command menus (setMyCommands): customers' in private chats, agents' in the group.

The descriptions come from the locale catalogue's [menu] section (`menu.agent_<command>` where
an agent command shares a customer command's name).
"""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from handlers.texts import Texts

log = logging.getLogger(__name__)

CUSTOMER_COMMANDS = ("start", "new", "status", "cancel", "help")
AGENT_COMMANDS = (
    "queue",
    "show",
    "take",
    "assign",
    "reply",
    "ask",
    "status",
    "propose",
    "resolve",
    "reject",
    "escalate",
    "reclass",
    "note",
    "stats",
    "help",
)


def describe(locale: str, command: str, agent: bool = False) -> str:
    """The menu line for a command, from the locale catalogue's [menu] section."""
    texts = Texts(locale)
    if agent and texts.has(f"menu.agent_{command}"):
        return texts(f"menu.agent_{command}")
    return texts(f"menu.{command}")


def commands(names: tuple[str, ...], locale: str, agent: bool = False) -> list[BotCommand]:
    return [BotCommand(name, describe(locale, name, agent)) for name in names]


async def set_menus(bot: Bot, agent_chat_id: int | None) -> None:
    """Best effort: a menu that could not be set is logged, never fatal to the channel."""
    menus: list[tuple[tuple[str, ...], BotCommandScope]] = [
        (CUSTOMER_COMMANDS, BotCommandScopeAllPrivateChats())
    ]
    if agent_chat_id is not None:
        menus.append((AGENT_COMMANDS, BotCommandScopeChat(agent_chat_id)))
    try:
        for names, scope in menus:
            agent = names is AGENT_COMMANDS
            await bot.set_my_commands(commands(names, "zh-CN", agent), scope=scope)
            await bot.set_my_commands(commands(names, "en", agent), scope=scope, language_code="en")
    except TelegramError as exc:
        log.warning("telegram: could not set the command menu: %s", exc)
