"""The Telegram channel (issue 5): python-telegram-bot against the Bot API, polling or webhook.

`serve` calls `create(settings, services)`; None means no TELEGRAM_BOT_TOKEN, channel off.
Modules: config (settings), inbound (update -> Inbound), evidence (file downloads), render
(text splitting, keyboards), delivery (sending within Telegram's limits), serial (per-chat
order, albums), menu (command menus), channel (the running Application, the webhook route).
"""

from __future__ import annotations

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.config import TelegramConfig
from bot.channels.telegram.delivery import BLOCKED
from bot.settings import Settings
from handlers.services import Services

__all__ = ["BLOCKED", "TelegramChannel", "TelegramConfig", "create"]


def create(settings: Settings, services: Services) -> TelegramChannel | None:
    if not settings.telegram_enabled:
        return None
    return TelegramChannel(TelegramConfig.from_settings(settings), services)
