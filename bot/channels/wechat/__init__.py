"""The WeChat Official Account channel (issue 6). `create()` is what `serve` calls."""

from __future__ import annotations

from bot.channels.wechat.channel import WeChatChannel
from bot.settings import Settings
from handlers.services import Services

__all__ = ["WeChatChannel", "create"]


def create(settings: Settings, services: Services) -> WeChatChannel | None:
    """The running channel, or None when WECHAT_TOKEN is unset (the channel is off)."""
    if not settings.WECHAT_TOKEN:
        return None
    from handlers.router import handle

    return WeChatChannel(settings, services, handle)
