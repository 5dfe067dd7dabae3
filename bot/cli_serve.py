"""`complaint-bot serve`: every channel with credentials, the HTTP server and the scheduler.

The parts are made by the composition root (`bot/app.py:build`, `bot/app.py:create_serving`);
this module runs them. Start order: settings -> app (migrates) -> channels -> HTTP ->
channels start -> scheduler.
SIGINT or SIGTERM stops it in reverse, waiting for a dispatch in flight, so a stop never
leaves a message half-sent (and if it must, the outbox lease brings it back).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
from collections.abc import Awaitable
from typing import TYPE_CHECKING

from bot import log_format
from bot.cli_core import guarded
from bot.settings import SettingsError, load_settings

# The outbox's webhook sender (bot/webhook_delivery.py), which runs beside the platforms.
WEBHOOKS = "webhook"

if TYPE_CHECKING:
    from bot.server import HttpServer

log = logging.getLogger("complaint_bot.serve")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = subparsers.add_parser(
        "serve", help="run the channels that have credentials, the HTTP server and the scheduler"
    )
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """`serve`: runs until SIGINT or SIGTERM; 0 after a clean stop, 2 on a wrong setting."""
    return guarded(_serve())


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def _serve() -> int:
    settings = load_settings()  # first: a wrong setting is reported before slow imports
    from bot.app import build, create_serving

    # Times in TIMEZONE with the offset, as the chats show them (bot/log_format.py).
    log_format.configure(logging.INFO, settings.tz)
    # One line per run of the every-second dispatch would drown everything else.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    stop = _stop_on_signals()
    app = await build(settings)
    try:
        serving = create_serving(app)
    except BaseException:
        await app.close()
        raise
    channels, server, scheduler = serving.channels, serving.server, serving.scheduler
    if all(channel.name == WEBHOOKS for channel in channels):  # no platform's channel
        log.warning(
            "no channel has credentials (set TELEGRAM_BOT_TOKEN or WECHAT_TOKEN): "
            "running the HTTP server and the scheduler only"
        )
    _freeze_startup_objects()
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


async def _listen(server: HttpServer) -> None:
    try:
        await server.start()
    except OSError as exc:  # port taken or address not ours: an operator's fix, not a bug
        raise SettingsError(
            f"setting HTTP_HOST/HTTP_PORT: cannot listen on {server.host}:{server.port}: "
            f"{exc.strerror or exc}"
        ) from None


async def _quietly(stopping: Awaitable[None], what: str) -> None:
    """One part failing to stop must not keep the others running."""
    try:
        await stopping
    except Exception:
        log.exception("%s did not stop cleanly", what)
