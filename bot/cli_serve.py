"""`complaint-bot serve`: every channel with credentials, the HTTP server and the scheduler.

Start order: settings -> app (migrates) -> channels -> HTTP -> channels start -> scheduler.
SIGINT or SIGTERM stops it in reverse, waiting for a dispatch in flight, so a stop never
leaves a message half-sent (and if it must, the outbox lease brings it back).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import importlib
import logging
import signal
import sys
from types import ModuleType

from bot.cli_core import guarded
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("complaint_bot.serve")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = subparsers.add_parser(
        "serve", help="run the channels that have credentials, the HTTP server and the scheduler"
    )
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    return guarded(_serve())


def agent_rooms(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Where new tickets are announced to agents (handlers.services.Services.agent_rooms).

    The Telegram agent group when one is configured. A channel that adds rooms of its own
    (e.g. a WeChat agent account) adds them here.
    """
    rooms: list[tuple[str, str]] = []
    if settings.telegram_enabled and settings.TELEGRAM_AGENT_CHAT_ID is not None:
        rooms.append(("telegram", str(settings.TELEGRAM_AGENT_CHAT_ID)))
    return tuple(rooms)


def channel_module(name: str) -> ModuleType | None:
    """The channel module, or None while it is not written yet; its own errors surface."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # Only the module itself missing is skipped; a missing dependency inside it is a bug.
        if exc.name == name:
            log.info("channel module %s does not exist yet: skipped", name)
            return None
        raise


def create_channels(settings: Settings, services):  # type: ignore[no-untyped-def]
    from bot.channels import CHANNEL_MODULES

    runtimes = []
    for name in CHANNEL_MODULES:
        module = channel_module(name)
        runtime = module.create(settings, services) if module is not None else None
        if runtime is not None:
            runtimes.append(runtime)
    return runtimes


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def _serve() -> int:
    settings = load_settings()  # first: a wrong setting is reported before slow imports
    from bot.app import build
    from bot.outbox import Dispatcher
    from bot.recovery import Recovery
    from bot.scheduler import Scheduler
    from bot.server import HttpServer, create_web_app
    from handlers.jobs import PERIODIC

    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # One line per run of the every-second dispatch would drown everything else.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    stop = _stop_on_signals()
    app = await build(settings)
    app.services = dataclasses.replace(app.services, agent_rooms=agent_rooms(settings))
    services = app.services
    channels = create_channels(settings, services)
    if not channels:
        log.warning(
            "no channel has credentials (set TELEGRAM_BOT_TOKEN or WECHAT_TOKEN): "
            "running the HTTP server and the scheduler only"
        )
    server = HttpServer(create_web_app(services, channels), settings.HTTP_HOST, settings.HTTP_PORT)
    _freeze_startup_objects()
    scheduler = Scheduler(
        services,
        Dispatcher(services, {c.name: c for c in channels}),
        PERIODIC,
        recovery=Recovery(services, channels),
    )
    started = []
    try:
        await _listen(server)
        for channel in channels:
            await channel.start()
            started.append(channel)
            log.info("channel %s started", channel.name)
        scheduler.start()
        log.info("serving on http://%s:%s", settings.HTTP_HOST, server.port)
        await stop.wait()
        log.info("stopping")
    finally:
        await scheduler.stop()
        for channel in reversed(started):
            await _quietly(channel.stop(), f"channel {channel.name}")
        await server.stop()
        await app.close()
    log.info("stopped")
    return 0


def _freeze_startup_objects() -> None:
    """Leaves what start-up loaded (dictionary, model, policy, modules) out of every later
    full garbage collection, which otherwise walks all of it on the event loop: about 60 ms
    each time here, seen as slow callbacks on random messages (bench/bench_pipeline.py
    --debug-slow). Garbage is collected first so that none of it is kept for good."""
    gc.collect()
    gc.freeze()


async def _listen(server) -> None:  # type: ignore[no-untyped-def]
    try:
        await server.start()
    except OSError as exc:  # port taken or address not ours: an operator's fix, not a bug
        raise SettingsError(
            f"setting HTTP_HOST/HTTP_PORT: cannot listen on {server.host}:{server.port}: "
            f"{exc.strerror or exc}"
        ) from None


async def _quietly(stopping: object, what: str) -> None:
    """One part failing to stop must not keep the others running."""
    try:
        await stopping  # type: ignore[misc]
    except Exception:
        log.exception("%s did not stop cleanly", what)
