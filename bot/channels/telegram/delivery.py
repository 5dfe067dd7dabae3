"""Sending an `Outbound` through the Bot API within Telegram's limits (issue 5, item 4).

- ~30 msg/s overall and 20/min per group: PTB's AIORateLimiter (it also pauses every request
  while a 429 is being waited out and retries a few times in place).
- 1 msg/s per chat: `ChatPacing`, a small GCRA that allows a short burst (a reply of two or
  three bubbles) and then spaces messages one interval apart. Nothing is dropped: callers wait.
- A 429 that outlasts the limiter's retries: before anything of the message went out, it is
  handed back as DeliveryError(retry_after=...) so the outbox reschedules the row; once a part
  is out, we wait and go on here, because resending from the top would send that part twice.
- 403 (the user blocked the bot, or the bot left the group): DeliveryError("blocked",
  permanent=True); the core marks the customer unreachable from that reason.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, InputFile, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import DeliveryError
from bot.channels.telegram.moves import ChatMoves
from bot.channels.telegram.render import texts_and_keyboard
from handlers import reachability
from handlers.messages import THREAD, Outbound

log = logging.getLogger(__name__)

BLOCKED = reachability.BLOCKED  # the reason string the core keys "customer unreachable" on
PHOTO_LIMIT = 10 * 1024 * 1024  # sendPhoto refuses bigger images: they go as documents
_PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"}
MAX_IN_PLACE_WAITS = 5

Step = Callable[[], Awaitable[Any]]


class ChatPacing:
    """At most `burst` messages at once per chat, then one every `interval` seconds (GCRA)."""

    def __init__(self, burst: int = 3, interval: float = 1.0) -> None:
        self.burst = max(1, burst)
        self.interval = interval
        self._due: dict[int, float] = {}  # chat -> theoretical time of its next message

    def reserve(self, chat_id: int) -> float:
        """Books the chat's next slot and returns how long to wait for it (no await inside,
        so concurrent senders to one chat queue up in call order)."""
        now = time.monotonic()
        if len(self._due) > 10_000:
            self._due = {chat: due for chat, due in self._due.items() if due > now}
        due = max(self._due.get(chat_id, now), now)
        self._due[chat_id] = due + self.interval
        return max(0.0, due - now - (self.burst - 1) * self.interval)

    async def wait(self, chat_id: int) -> None:
        delay = self.reserve(chat_id)
        if delay > 0:
            await asyncio.sleep(delay)


def _retry_after(exc: RetryAfter) -> float:
    # PTB 22 warns that the attribute becomes a timedelta; accept both, without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: float | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class _Moved(Exception):
    """The chat became a supergroup with another id (Telegram's migrate_to_chat_id)."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(new_chat_id)
        self.new_chat_id = new_chat_id


OnMoved = Callable[[int, int], Awaitable[None]]  # (old chat id, new chat id)


class Sender:
    def __init__(
        self,
        bot: Bot,
        data_dir: Path,
        pacing: ChatPacing,
        retry_limit: float,
        moves: ChatMoves | None = None,
        on_moved: OnMoved | None = None,
    ) -> None:
        self.bot = bot
        self.data_dir = data_dir
        self.pacing = pacing
        self.retry_limit = retry_limit
        self._reply_keyboards: set[int] = set()  # chats shown a contact keyboard (this process)
        self.moves = moves
        self.on_moved = on_moved

    async def send(self, message: Outbound, *, hand_back_429: bool) -> None:
        """Sends every part of the message in order; raises DeliveryError when it cannot.

        A group that became a supergroup is followed: the move is recorded and the message
        goes to the new id (issue 10)."""
        chat_id = int(message.user_id)
        if self.moves is not None:
            chat_id = self.moves.resolve(chat_id)
        try:
            await self._send_to(chat_id, message, hand_back_429)
        except _Moved as moved:
            if self.on_moved is not None:
                await self.on_moved(chat_id, moved.new_chat_id)
            try:
                await self._send_to(moved.new_chat_id, message, hand_back_429)
            except _Moved:
                raise DeliveryError("chat_migrated_twice", permanent=True) from None

    async def _send_to(self, chat_id: int, message: Outbound, hand_back_429: bool) -> None:
        thread = message.meta.get(THREAD)
        topic = int(thread) if thread and thread.isdigit() else None
        steps = self._text_steps(chat_id, message, topic) + [
            self._file_step(chat_id, path, topic) for path in message.files
        ]
        for index, step in enumerate(steps):
            await self._attempt(chat_id, step, hand_back_429=hand_back_429 and index == 0)

    def _text_steps(self, chat_id: int, message: Outbound, topic: int | None) -> list[Step]:
        pieces, keyboard = texts_and_keyboard(message)
        markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None = keyboard
        if isinstance(markup, ReplyKeyboardMarkup):
            self._reply_keyboards.add(chat_id)
        elif markup is None and pieces and chat_id in self._reply_keyboards:
            # The question that offered "share my phone" is over: take the keyboard away
            # (a typed answer leaves it standing otherwise). Inline buttons cannot share a
            # message with this, so it waits for the next plain text.
            self._reply_keyboards.discard(chat_id)
            markup = ReplyKeyboardRemove()
        steps: list[Step] = []
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1

            def step(piece: str = piece, last: bool = last) -> Awaitable[Any]:
                return self.bot.send_message(
                    chat_id,
                    piece,
                    reply_markup=markup if last else None,
                    disable_web_page_preview=True,
                    message_thread_id=topic,
                )

            steps.append(step)
        return steps

    def _file_step(self, chat_id: int, relative: str, topic: int | None = None) -> Step:
        async def step() -> Any:
            path = self.data_dir / relative
            try:
                data = await asyncio.to_thread(path.read_bytes)
            except OSError as exc:
                # The text already told the agent about it; a lost file must not block the rest.
                log.warning("telegram: evidence file %s unreadable (%s); not sent", path, exc)
                return None
            upload = InputFile(data, filename=path.name)
            if path.suffix.lower() in _PHOTO_SUFFIXES and len(data) <= PHOTO_LIMIT:
                return await self.bot.send_photo(chat_id, upload, message_thread_id=topic)
            return await self.bot.send_document(chat_id, upload, message_thread_id=topic)

        return step

    async def _attempt(self, chat_id: int, step: Step, *, hand_back_429: bool) -> Any:
        for _ in range(MAX_IN_PLACE_WAITS):
            await self.pacing.wait(chat_id)
            try:
                return await step()
            except RetryAfter as exc:
                wait = _retry_after(exc)
                if hand_back_429 or wait > self.retry_limit:
                    raise DeliveryError("rate_limited", retry_after=wait) from exc
                log.info("telegram: 429 for chat %s, waiting %.1f s in place", chat_id, wait)
                await asyncio.sleep(wait)
            except ChatMigrated as exc:
                raise _Moved(int(exc.new_chat_id)) from exc
            except TelegramError as exc:
                raise _delivery_error(chat_id, exc) from exc
        raise DeliveryError("rate_limited", retry_after=self.pacing.interval)


def _delivery_error(chat_id: int, exc: TelegramError) -> DeliveryError:
    if isinstance(exc, Forbidden):
        return DeliveryError(BLOCKED, permanent=True)
    if isinstance(exc, ChatMigrated):
        log.error(
            "telegram: chat %s became supergroup %s: update TELEGRAM_AGENT_CHAT_ID",
            chat_id,
            exc.new_chat_id,
        )
        return DeliveryError(f"chat_migrated:{exc.new_chat_id}", permanent=True)
    if isinstance(exc, BadRequest):
        if "chat not found" in exc.message.lower():
            return DeliveryError("chat_not_found", permanent=True)
        return DeliveryError(f"bad_request: {exc.message}", permanent=True)
    if isinstance(exc, InvalidToken):
        return DeliveryError("invalid_token")
    if isinstance(exc, TimedOut):
        # Ambiguous: Telegram may have sent it. Retrying risks a duplicate, dropping risks a loss;
        # a complaint bot prefers the duplicate.
        return DeliveryError("timed_out")
    if isinstance(exc, NetworkError):
        return DeliveryError(f"network: {exc.message}")
    return DeliveryError(f"telegram: {exc.message}")
