"""The WeChat Official Account channel (issue 6).

`FACTORY` is this channel's line in the registry `bot/app.py:CHANNELS`: it is on when
WECHAT_TOKEN is set. The channel reads its WECHAT_* settings from `Settings` itself, so its
settings slice is the settings. wechatpy and the channel's modules are imported only when
the channel is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.channels.base import ChannelFactory, Handle
from bot.settings import Settings
from handlers.services import Services

if TYPE_CHECKING:
    from bot.channels.wechat.channel import WeChatChannel

__all__ = ["FACTORY"]


def config(settings: Settings) -> Settings | None:
    """The settings while WECHAT_TOKEN is set; None turns the channel off."""
    return settings if settings.wechat_enabled else None


def create(settings: Settings, services: Services, handle: Handle) -> WeChatChannel:
    """The channel: its routes GET and POST /wechat, and `deliver()` for the outbox."""
    from bot.channels.wechat.channel import WeChatChannel

    return WeChatChannel(settings, services, handle)


FACTORY: ChannelFactory[Settings, WeChatChannel] = ChannelFactory("wechat", config, create)
