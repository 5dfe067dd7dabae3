"""The seam every channel adapter implements (docs/architecture.md section 2).

An adapter turns platform updates into `Inbound` values, hands them to
`handlers.router.handle`, and renders the returned replies in its own format. Everything
else a person receives comes from the outbox: the dispatcher calls `deliver()`.
"""

from __future__ import annotations

from typing import Protocol

from handlers.messages import Outbound


class DeliveryError(Exception):
    """A message could not be delivered.

    permanent: retrying cannot help (the user blocked the bot, 45015 outside the window);
    retry_after: the platform asked us to wait this many seconds (Telegram 429).
    """

    def __init__(
        self, reason: str, *, permanent: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


class Channel(Protocol):
    name: str

    async def deliver(self, message: Outbound) -> None:
        """Sends one message; raises DeliveryError when it did not go out."""
        ...


class ChannelRuntime(Channel, Protocol):
    """A running channel inside `complaint-bot serve`.

    Each channel module (bot/channels/telegram.py, bot/channels/wechat.py) exposes
    `create(settings, services) -> ChannelRuntime | None` (None when it has no credentials);
    `serve` adds its routes to the one aiohttp server, starts it, and stops it on shutdown.
    """

    def routes(self) -> list[object]:
        """aiohttp RouteDefs this channel serves (e.g. POST /telegram), possibly empty."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...
