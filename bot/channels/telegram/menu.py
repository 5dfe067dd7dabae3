"""The bot's command menus (setMyCommands): customers' in private chats, agents' in the group.

The descriptions are looked up in the locale catalogue under `menu.<command>` and fall back to
the short table below until the catalogue carries them.
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
    "queue", "show", "take", "assign", "reply", "ask", "status", "propose", "resolve",
    "reject", "escalate", "reclass", "note", "stats", "help",
)
_FALLBACK = {
    "zh-CN": {
        "start": "开始", "new": "提交新投诉", "status": "查询进度", "cancel": "取消当前投诉",
        "help": "帮助", "queue": "待处理工单", "show": "查看工单", "take": "认领工单",
        "assign": "指派工单", "reply": "回复客户", "ask": "请客户补充材料",
        "propose": "提出处理方案", "resolve": "办结工单", "reject": "不予受理",
        "escalate": "升级工单", "reclass": "重新分类", "note": "内部备注", "stats": "统计",
    },
    "en": {
        "start": "Start", "new": "File a new complaint", "status": "Check progress",
        "cancel": "Cancel the current complaint", "help": "Help", "queue": "Ticket queue",
        "show": "Show a ticket", "take": "Take a ticket", "assign": "Assign a ticket",
        "reply": "Reply to the customer", "ask": "Ask the customer for material",
        "propose": "Propose a remedy", "resolve": "Resolve a ticket", "reject": "Reject a ticket",
        "escalate": "Escalate a ticket", "reclass": "Reclassify", "note": "Internal note",
        "stats": "Statistics",
    },
}


def describe(locale: str, command: str) -> str:
    texts = Texts(locale)
    key = f"menu.{command}"
    known = texts.keys()  # a set, not a dict: Texts has no `in` of its own
    if key in known:
        return texts(key)
    return _FALLBACK[texts.locale][command]


def commands(names: tuple[str, ...], locale: str) -> list[BotCommand]:
    return [BotCommand(name, describe(locale, name)) for name in names]


async def set_menus(bot: Bot, agent_chat_id: int | None) -> None:
    """Best effort: a menu that could not be set is logged, never fatal to the channel."""
    menus: list[tuple[tuple[str, ...], BotCommandScope]] = [
        (CUSTOMER_COMMANDS, BotCommandScopeAllPrivateChats())
    ]
    if agent_chat_id is not None:
        menus.append((AGENT_COMMANDS, BotCommandScopeChat(agent_chat_id)))
    try:
        for names, scope in menus:
            await bot.set_my_commands(commands(names, "zh-CN"), scope=scope)
            await bot.set_my_commands(commands(names, "en"), scope=scope,
                                      language_code="en")
    except TelegramError as exc:
        log.warning("telegram: could not set the command menu: %s", exc)
