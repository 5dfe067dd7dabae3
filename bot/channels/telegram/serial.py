"""Per-chat ordering without a global queue, and albums gathered into one message.

PTB hands updates over one at a time. Handling one (a file download, a transaction) must not
hold up every other customer, yet two messages of one chat must be handled in the order sent:
each chat gets a chain of tasks, each waiting for the one before it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Message

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


class ChatLanes:
    """One lane per chat: jobs of one chat run in order; different chats run side by side."""

    def __init__(self, limit: int = 16) -> None:
        self._tails: dict[int, asyncio.Task[None]] = {}
        self._running = asyncio.Semaphore(limit)  # bounds open transactions and downloads

    def submit(self, chat_id: int, job: Job) -> None:
        previous = self._tails.get(chat_id)
        task = asyncio.create_task(self._run(previous, job, chat_id))
        self._tails[chat_id] = task
        task.add_done_callback(lambda done: self._forget(chat_id, done))

    async def _run(self, previous: asyncio.Task[None] | None, job: Job, chat_id: int) -> None:
        if previous is not None:
            await asyncio.wait([previous])  # its failure is its own; ours still runs
        async with self._running:
            try:
                await job()
            except Exception:
                log.exception("telegram: handling an update of chat %s failed", chat_id)

    def _forget(self, chat_id: int, done: asyncio.Task[None]) -> None:
        if self._tails.get(chat_id) is done:
            del self._tails[chat_id]

    async def drain(self) -> None:
        """Waits for every queued job (at shutdown)."""
        while self._tails:
            await asyncio.wait(list(self._tails.values()))


@dataclass
class Album:
    messages: list[Message] = field(default_factory=list)
    last_seen: float = 0.0
    closed: bool = False


class Albums:
    """Items sharing a media_group_id arrive as separate updates: collect them until none has
    come for `wait` seconds, then hand them over together (one evidence set, one answer)."""

    def __init__(self, wait: float) -> None:
        self.wait = wait
        self._open: dict[str, Album] = {}

    def add(self, message: Message) -> Album | None:
        """Adds an item; returns the album if this item opened it (the caller schedules it)."""
        key = f"{message.chat.id}:{message.media_group_id}"
        loop = asyncio.get_running_loop()
        album = self._open.get(key)
        if album is not None and not album.closed:
            album.messages.append(message)
            album.last_seen = loop.time()
            return None
        album = Album([message], loop.time())
        self._open[key] = album
        return album

    async def collect(self, album: Album) -> list[Message]:
        """Waits until the album has been quiet for `wait` seconds; returns its items in order."""
        loop = asyncio.get_running_loop()
        while (remaining := album.last_seen + self.wait - loop.time()) > 0:
            await asyncio.sleep(remaining)
        album.closed = True
        first = album.messages[0]
        key = f"{first.chat.id}:{first.media_group_id}"
        if self._open.get(key) is album:
            del self._open[key]
        return sorted(album.messages, key=lambda m: m.message_id)
