"""The Telegram channel (issue 5): python-telegram-bot against the Bot API, polling or webhook.

`FACTORY` is this channel's line in the registry `bot/app.py:CHANNELS`: it is on when
TELEGRAM_BOT_TOKEN is set. Modules: config (its settings slice), inbound (update -> Inbound),
evidence (file downloads), render (text splitting, keyboards), delivery (sending within
Telegram's limits), serial (per-chat order, albums), menu (command menus), channel (the
running Application, the webhook route). This package's own import stays light: PTB is
imported only when the channel is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.channels.base import ChannelFactory, Handle, Room
from bot.channels.telegram.config import TelegramConfig
from bot.settings import Settings
from handlers.services import Services

if TYPE_CHECKING:
    from bot.channels.telegram.channel import TelegramChannel

__all__ = ["FACTORY"]


def config(settings: Settings) -> TelegramConfig | None:
    """The channel's settings, or None without TELEGRAM_BOT_TOKEN (the channel is off);
    raises SettingsError in webhook mode without TELEGRAM_WEBHOOK_SECRET."""
    return TelegramConfig.from_settings(settings) if settings.telegram_enabled else None


def create(config: TelegramConfig, services: Services, handle: Handle) -> TelegramChannel:
    """The channel (not started: `serve` starts it after the HTTP server)."""
    from bot.channels.telegram.channel import TelegramChannel

    return TelegramChannel(config, services, handle)


def agent_rooms(settings: Settings) -> tuple[Room, ...]:
    """The agents' group (TELEGRAM_AGENT_CHAT_ID) while the channel is on (issue 5)."""
    if settings.telegram_enabled and settings.TELEGRAM_AGENT_CHAT_ID is not None:
        return (("telegram", str(settings.TELEGRAM_AGENT_CHAT_ID)),)
    return ()


FACTORY: ChannelFactory[TelegramConfig, TelegramChannel] = ChannelFactory(
    "telegram", config, create, agent_rooms
)
