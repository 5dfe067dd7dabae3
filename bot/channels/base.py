"""The seam every channel adapter implements, and how the composition root makes one
(docs/architecture.md section 2).

An adapter turns platform updates into `Inbound` values, hands them to a `Handle` (in
production `handlers.router.handle`), and renders the returned replies in its own format.
Everything else a person receives comes from the outbox: the dispatcher calls `deliver()`.

A channel package exposes one `ChannelFactory` (`FACTORY`); the registry
`bot/app.py:CHANNELS` lists them, and the composition root (`bot/app.py`) makes the channels
with them for `serve` and `chat`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from handlers.messages import Inbound, Outbound

if TYPE_CHECKING:
    from aiohttp.web import AbstractRouteDef

    from bot.settings import Settings
    from handlers.inbox import Answer, Recorded
    from handlers.services import Services

# Where new-ticket cards are announced to agents: (channel, chat id), as
# `handlers/services.py:Services.agent_rooms` holds them.
Room = tuple[str, str]


class DeliveryError(Exception):
    """A message could not be delivered.

    permanent: retrying cannot help (the user blocked the bot, 45015 outside the window);
    retry_after: the platform asked us to wait this many seconds (Telegram 429);
    dropped: the recipient is no customer and is gone for good (a removed webhook): the row
    is given up as `failed`, marking nobody unreachable and telling no agent.
    """

    def __init__(
        self,
        reason: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        dropped: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after
        self.dropped = dropped


class Handle(Protocol):
    """What an adapter hands each `Inbound` to: the shape of `handlers.router.handle`.

    Returns the replies for the sender ([] when `answer` sends them to the outbox). `answer`,
    `absorbs` and `recorded` are the router's keyword options (see its docstring); tests pass
    a wrapper of the router (a recording or a slow one) with the same shape.
    """

    def __call__(
        self,
        services: Services,
        inbound: Inbound,
        /,
        *,
        answer: Answer | None = ...,
        absorbs: tuple[str, ...] = ...,
        recorded: Recorded | None = ...,
    ) -> Coroutine[Any, Any, list[Outbound]]: ...


class Channel(Protocol):
    """What the outbox dispatcher needs of a channel (`bot/outbox.py:Dispatcher`)."""

    name: str

    async def deliver(self, message: Outbound) -> None:
        """Sends one message; raises DeliveryError when it did not go out."""
        ...


class ChannelRuntime(Channel, Protocol):
    """A running channel: `serve` adds its routes to the one aiohttp server, starts it, and
    stops it on shutdown; `chat` runs the console the same way."""

    def routes(self) -> Sequence[AbstractRouteDef]:
        """aiohttp route definitions this channel serves (e.g. POST /telegram), possibly []."""
        ...

    async def start(self) -> None:
        """Starts background work (polling, connecting); returns without waiting for it."""
        ...

    async def stop(self) -> None:
        """Stops it, waiting for work in hand; called once, in reverse order of start."""
        ...


ConfigT = TypeVar("ConfigT")
RuntimeT = TypeVar("RuntimeT", bound=ChannelRuntime)


def no_agent_rooms(settings: Settings) -> tuple[Room, ...]:
    """A channel without an agents' group: new tickets reach agents in their own chats."""
    return ()


@dataclass(frozen=True)
class ChannelFactory(Generic[ConfigT, RuntimeT]):
    """How the composition root makes one channel: one line of `bot/app.py:CHANNELS`.

    name: the channel's name, as in `Inbound.channel` and the outbox rows.
    config: reads the channel's slice of the settings (its own typed config, e.g.
        `bot/channels/telegram/config.py:TelegramConfig`); None when the channel has no
        credentials and stays off; raises `bot.settings.SettingsError` on a wrong value.
    create: the channel from that slice, the services and the router's `Handle`.
    agent_rooms: where this channel announces new tickets to agents, read from the settings
        alone, so that a command that runs no channel (`chat`) gets the same rooms.
    """

    name: str
    config: Callable[[Settings], ConfigT | None]
    create: Callable[[ConfigT, Services, Handle], RuntimeT]
    agent_rooms: Callable[[Settings], tuple[Room, ...]] = no_agent_rooms

    def from_settings(
        self, settings: Settings, services: Services, handle: Handle
    ) -> RuntimeT | None:
        """The channel, or None when its settings leave it off; raises SettingsError."""
        config = self.config(settings)
        return None if config is None else self.create(config, services, handle)
