"""The composition root: the only place where concrete classes meet, for `serve`, `chat`
and the tests alike (docs/architecture.md section 2).

settings -> data folder and keys -> database (migrated) -> policy, classifier -> Services
(`build`); then around them either every channel whose settings are present, the HTTP
server and the scheduler (`create_serving`, for `serve`), or the console on a terminal
(`open_console`, for `chat`). Channels come from the registry `CHANNELS`: adding one is a
new package under bot/channels/ that exposes a `bot/channels/base.py:ChannelFactory`, plus
its line here. Nothing here runs at import time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.channels import console, telegram, wechat
from bot.channels.base import ChannelFactory, ChannelRuntime, Handle, Room
from bot.channels.console import Console, Terminal
from bot.keys import pii_key
from bot.outbox import Dispatcher
from bot.settings import Settings
from handlers import router
from handlers.policy import Policy, load_policy
from handlers.services import Services, system_clock
from nlp import tokenizer
from nlp.classifier import Classifier
from storage.engine import Database
from storage.keycheck import verify_key
from storage.migrate import upgrade
from storage.vault import Vault

if TYPE_CHECKING:
    from bot.scheduler import Scheduler
    from bot.server import HttpServer

log = logging.getLogger(__name__)

# The channel registry: name -> factory, one line per channel. `serve` runs every channel
# whose settings are present, in this order; `chat` opens the console.
CHANNELS: Mapping[str, ChannelFactory[Any, Any]] = {
    factory.name: factory
    for factory in (
        telegram.FACTORY,
        wechat.FACTORY,
        console.FACTORY,
    )
}


@dataclass
class App:
    """The settings and the services built from them; `close()` releases the database."""

    settings: Settings
    services: Services

    @property
    def db(self) -> Database:
        """The services' database (`storage/engine.py:Database`)."""
        return self.services.db

    async def close(self) -> None:
        """Closes the database's connections; the App is not used after it."""
        await self.services.db.dispose()


def load_classifier(settings: Settings, policy: Policy) -> Classifier:
    """The classifier: the business's trained model in DATA_DIR/model/ or the built-in one,
    over the policy's category codes."""
    # The dictionary loads here, at start-up, never on the first customer's message.
    tokenizer.load()
    return Classifier.load(settings.data_dir, policy.category_codes)


def agent_rooms(settings: Settings) -> tuple[Room, ...]:
    """Where new tickets are announced to agents (`handlers/services.py:Services.agent_rooms`):
    the rooms every registered channel declares, e.g. the Telegram agents' group."""
    return tuple(room for factory in CHANNELS.values() for room in factory.agent_rooms(settings))


async def build(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = system_clock,
    migrate: bool = True,
    search_path: str | None = None,
) -> App:
    """The App for any command or test: creates DATA_DIR, reads the `PII_KEY`, migrates the
    database (unless `migrate` is False), checks the key against it, loads the policy and
    the classifier.

    `clock` gives aware datetimes (tests pass a fake one); `search_path` is a PostgreSQL
    schema (tests). Raises SettingsError, PolicyError or VaultError (the CLI prints them as
    one line); the database is closed again when it fails.
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    vault = Vault(pii_key(settings))
    policy = load_policy(settings.policy_file)
    database = Database(settings.database_url, search_path=search_path)
    try:
        if migrate:
            await upgrade(database.engine, settings.database_url, search_path)
        # Before anything reads or writes personal data: a worker with the wrong key stops here.
        await verify_key(database, vault, clock())
    except BaseException:
        await database.dispose()
        raise
    services = Services(
        db=database,
        vault=vault,
        policy=policy,
        classifier=load_classifier(settings, policy),
        data_dir=settings.data_dir,
        tz=settings.tz,
        clock=clock,
        agent_rooms=agent_rooms(settings),
        public_url=settings.public_url,
        web_link_minutes=settings.WEB_LINK_MINUTES,
    )
    try:
        # Read once here, so recording an event never reads the webhooks on a message.
        await services.webhooks.load(database, services.now())
    except BaseException:
        await database.dispose()
        raise
    return App(settings, services)


def create_channels(app: App, handle: Handle = router.handle) -> list[ChannelRuntime]:
    """Every registered channel whose settings are present, in registry order (not started).

    Raises SettingsError when a channel's settings are present but wrong.
    """
    channels: list[ChannelRuntime] = []
    for factory in CHANNELS.values():
        channel = factory.from_settings(app.settings, app.services, handle)
        if channel is not None:
            channels.append(channel)
    return channels


@dataclass
class Serving:
    """What `complaint-bot serve` runs around the services (none of it started yet)."""

    channels: list[ChannelRuntime]
    server: HttpServer
    scheduler: Scheduler


def create_serving(app: App, handle: Handle = router.handle) -> Serving:
    """The channels, the one HTTP server (their routes, /healthz, /readyz, /metrics on
    HTTP_HOST:HTTP_PORT) and the scheduler (outbox dispatch, recovery, periodic jobs).

    Raises SettingsError when a channel's settings are wrong.
    """
    # Only `serve` pays for the HTTP server and APScheduler.
    from bot.recovery import Recovery
    from bot.scheduler import Scheduler
    from bot.server import HttpServer, create_web_app
    from bot.webhook_delivery import WebhookDelivery
    from handlers.jobs import PERIODIC

    # The webhook sender is no platform: it only delivers outbox rows (and keeps the
    # process's list of webhooks fresh while it runs).
    channels = [*create_channels(app, handle), WebhookDelivery(app.services)]
    services = app.services
    settings = app.settings
    web_app = create_web_app(services, channels, settings=settings)
    server = HttpServer(web_app, settings.HTTP_HOST, settings.HTTP_PORT)
    scheduler = Scheduler(
        services,
        Dispatcher(services, {c.name: c for c in channels}),
        PERIODIC,
        recovery=Recovery(services, channels),
    )
    return Serving(channels, server, scheduler)


def open_console(app: App, terminal: Terminal, handle: Handle = router.handle) -> Console:
    """The console channel for `complaint-bot chat`, with the pushes addressed to its user.

    Pushes for this user (replies from agents, progress, surveys) show in the session;
    everyone else's outbox rows are left for their own sessions and channels.
    """
    factory: ChannelFactory[Terminal, Console] = CHANNELS[console.CHANNEL]
    session = factory.create(terminal, app.services, handle)
    pushes = Dispatcher(
        app.services, {session.name: session}, recipient=(session.name, terminal.user_id)
    )
    session.poll = pushes.run_once
    return session
