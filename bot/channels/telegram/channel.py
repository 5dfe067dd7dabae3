"""The running Telegram channel: PTB's Application in polling or webhook mode (issue 5).

Updates are recorded before Telegram hears they arrived (issue 10), then become `Inbound`
values for `handlers.router.handle`; the turn writes its replies to the outbox, sent at once
by a dispatcher pass for that chat, and the scheduler's dispatcher calls `deliver()` for
everything else and for what failed. Start-up never crashes the
process: a bad token or an unreachable API is logged clearly and retried with back-off.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import CallbackQuery, Chat, ChatMember, ChatMemberUpdated, Message, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, ExtBot, TypeHandler

from bot.channels.base import DeliveryError, Handle
from bot.channels.telegram import inbound as convert
from bot.channels.telegram.config import TelegramConfig
from bot.channels.telegram.delivery import ChatPacing, Sender
from bot.channels.telegram.evidence import EvidenceStore
from bot.channels.telegram.menu import set_menus
from bot.channels.telegram.moves import ChatMoves
from bot.channels.telegram.serial import Album, Albums, ChatLanes
from bot.channels.telegram.updates import SkippingUpdatesRequest, skip
from bot.outbox import Dispatcher
from handlers import inbox, notify, reachability
from handlers.buttons import EXPIRED_KIND
from handlers.inbox import NotRecorded, pushed
from handlers.messages import Attachment, Inbound, Outbound
from handlers.services import Services

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# my_chat_member: a customer blocking (or unblocking) the bot is news to act on (issue 15).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
MAX_BACKOFF = 300.0


# The application _build_application makes: AIORateLimiter makes the bot ExtBot[int] (its
# per-call argument type), and there is no JobQueue.
TelegramApplication = Application[
    ExtBot[int], ContextTypes.DEFAULT_TYPE, dict[Any, Any], dict[Any, Any], dict[Any, Any], None
]


class TelegramChannel:
    name = "telegram"

    def __init__(self, config: TelegramConfig, services: Services, handle: Handle) -> None:
        # PTB 22 opt-in: durations such as RetryAfter.retry_after are timedeltas. Without it PTB
        # warns from inside its own 429 handling on every flood-control answer.
        os.environ.setdefault("PTB_TIMEDELTA", "1")
        self.config = config
        self.services = services
        self._handle = handle
        self.application = self._build_application()
        self.bot = self.application.bot
        self.moves = ChatMoves(services)
        self.sender = Sender(
            self.bot,
            config.data_dir,
            ChatPacing(config.chat_burst, config.chat_interval),
            config.retry_limit,
            self.moves,
            self._follow,
        )
        limit = services.policy.intake.max_attachment_mb * 1024 * 1024
        self.evidence = EvidenceStore(self.bot, config.data_dir, limit)
        self.albums = Albums(config.album_wait)
        self._lanes: ChatLanes | None = None
        self._ready: asyncio.Event | None = None
        self._connecting: asyncio.Task[None] | None = None
        self._polling: asyncio.Task[None] | None = None
        # Records written before Telegram got its answer, by message key, handed to the
        # router with the update so that it does not record the message a second time.
        self._recorded: RecordBook = RecordBook()

    # --- set-up ---------------------------------------------------------------------------
    def _build_application(self) -> TelegramApplication:
        builder = (
            Application.builder()
            .token(self.config.token)
            .base_url(self.config.api_url)
            .base_file_url(self.config.file_url)
            # Overall 30/s and 20/min per group; on a 429 it pauses every request, waits
            # retry_after and retries a few times before giving up (docs/platforms.md).
            .rate_limiter(AIORateLimiter(max_retries=self.config.limiter_retries))
            # The project's scheduler runs periodic work; PTB's own JobQueue is not used.
            .job_queue(None)
        )
        # No PTB Updater in either mode: updates come through POST /telegram or the polling
        # loop below, both of which record an update before Telegram is told it arrived.
        builder = builder.updater(None)
        if self.config.mode != "webhook":
            # One unreadable update must not fail the whole batch (updates.py).
            builder = builder.get_updates_request(SkippingUpdatesRequest())
        application = builder.build()
        application.add_handler(TypeHandler(Update, self._on_update))
        application.add_error_handler(self._on_error)
        return application

    def routes(self) -> list[web.RouteDef]:
        if self.config.mode != "webhook":
            return []
        return [web.post("/telegram", self.webhook)]

    async def start(self) -> None:
        """Returns at once; the connection is made (and retried) in the background."""
        self._ready = asyncio.Event()
        self._lanes = ChatLanes()
        self._connecting = asyncio.create_task(self._connect(), name="telegram-connect")

    async def wait_ready(self, timeout: float | None = None) -> None:
        assert self._ready is not None, "start() first"
        await asyncio.wait_for(self._ready.wait(), timeout)

    @property
    def ready(self) -> bool:
        return self._ready is not None and self._ready.is_set()

    async def _connect(self) -> None:
        await self.moves.load()  # a group that moved earlier is served at its new id
        await self._initialize_with_backoff()
        await self.application.start()
        await set_menus(self.bot, self.agent_chat_id)
        if self.config.mode == "webhook":
            await self._register_webhook()
        else:
            await self._retrying(self.bot.delete_webhook)  # getUpdates refuses while one is set
            self._polling = asyncio.create_task(self._poll(), name="telegram-polling")
        assert self._ready is not None
        self._ready.set()
        log.info("telegram: connected as @%s in %s mode", self.bot.username, self.config.mode)

    async def _initialize_with_backoff(self) -> None:
        delay = 1.0
        while True:
            try:
                await self.application.initialize()  # getMe: checks the token and the API
                return
            except InvalidToken:
                log.error(
                    "telegram: the Bot API at %s refused TELEGRAM_BOT_TOKEN (wrong or revoked "
                    "token; get one from @BotFather). Retrying in %.0f s.",
                    self.config.api_url.rsplit("/", 1)[0],
                    delay,
                )
            except TelegramError as exc:
                log.error(
                    "telegram: cannot reach the Bot API at %s (%s). Retrying in %.0f s.",
                    self.config.api_url.rsplit("/", 1)[0],
                    exc,
                    delay,
                )
            # A failed getMe leaves its connection pool open; the next try opens a new one.
            await self.bot.shutdown()
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)

    async def _register_webhook(self) -> None:
        if not self.config.webhook_url:
            log.warning(
                "telegram: no public webhook URL configured; assuming the webhook "
                "already points at this server's POST /telegram"
            )
            return
        await self.bot.set_webhook(
            self.config.webhook_url,
            secret_token=self.config.webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
        )

    async def _retrying(self, call: Callable[[], Awaitable[object]]) -> None:
        delay = 1.0
        while True:
            try:
                await call()
                return
            except TelegramError as exc:
                log.warning(
                    "telegram: %s failed (%s); retrying in %.0f s",
                    getattr(call, "__name__", "call"),
                    exc,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF)

    async def _poll(self) -> None:
        """Long polling that confirms an update (the next offset) only once it is recorded.

        PTB's Updater confirms a batch with the next getUpdates while the batch still waits
        in memory: a crash then loses it for good (issue 10). Here an update that cannot be
        recorded ends the batch, and the next getUpdates fetches it again.
        """
        offset: int | None = None
        delay = 1.0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=offset,
                    timeout=self.config.poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                )
            except TelegramError as exc:
                # One line per failure, not a traceback; the same back-off as at start.
                log.warning("telegram: polling failed (%s); retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF)
                continue
            delay = 1.0
            for update in updates:
                if not await self._accept(update):
                    await asyncio.sleep(1.0)  # the database is busy or down: fetched again
                    break
                offset = update.update_id + 1

    async def _accept(self, update: Update) -> bool:
        """Records what the update asks the core to handle, then hands it on; False when it
        could not be recorded (Telegram must be told to send it again)."""
        inbound = self._recordable(update)
        if inbound is not None:
            try:
                self._recorded[inbound.message_id] = await inbox.record(
                    self.services, inbound, wait=inbox.RECORD_DEADLINE
                )
            except NotRecorded:
                return False
            except Exception:  # a bug must not stop polling, nor acknowledge the update
                log.exception("telegram: update %s not recorded", update.update_id)
                return False
        await self.application.update_queue.put(update)
        return True

    def _recordable(self, update: Update) -> Inbound | None:
        """The Inbound `_on_update` will hand to the router (media not fetched yet), or None
        for an update it ignores (other chats, bots, service messages)."""
        query = update.callback_query
        if query is not None:
            message = query.message
            if message is None or not self._served(message.chat) or query.data is None:
                return None
            return convert.callback_inbound(query)
        edited = update.message is None
        message = update.message or update.edited_message
        if message is None or message.migrate_to_chat_id:
            return None
        if not self._served(message.chat) or message.from_user is None or message.from_user.is_bot:
            return None
        pending = [] if edited else _pending_attachments(message)
        inbound = convert.message_inbound([message], pending, bot_id=self.bot.id, edited=edited)
        if not inbound.text and not pending and not _says_something(message):
            return None
        return inbound

    async def stop(self) -> None:
        for task in (self._connecting, self._polling):
            if task is not None and not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        application = self.application
        if application.running:
            await application.stop()
        if self._lanes is not None:
            await self._lanes.drain()  # answers in flight still go out
        await application.shutdown()  # a no-op when it never got initialised ...
        await self.bot.shutdown()  # ... so the connection pool of a failed getMe is closed here

    # --- webhook --------------------------------------------------------------------------
    async def webhook(self, request: web.Request) -> web.Response:
        """POST /telegram. The secret is checked before the body is even read."""
        given = request.headers.get(SECRET_HEADER, "")
        secret = self.config.webhook_secret or ""
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="forbidden")
        if not self.ready:
            return web.Response(status=503, text="starting")  # Telegram retries later
        try:
            data = await request.json()
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            log.warning(
                "telegram: POST /telegram without an update (%s bytes); refused",
                request.content_length,
            )
            return web.Response(status=400, text="not an update")
        try:
            update = Update.de_json(data, self.bot)
        except Exception as error:  # PTB raises TypeError, KeyError, ValueError ... by shape
            # Acknowledged, or Telegram would post it again for ever (updates.py).
            skip(data, error)
            return web.Response(text="skipped")
        if update is None:
            return web.Response(text="skipped")
        # Recorded before the 200 (Telegram never resends an update it got 200 for), then
        # handled like a polled one. Not recorded: a non-2xx, and Telegram sends it again.
        if not await self._accept(update):
            return web.Response(status=503, text="busy, retry")
        return web.Response(text="ok")

    # --- inbound --------------------------------------------------------------------------
    async def _on_update(self, update: object, _: ContextTypes.DEFAULT_TYPE) -> None:
        """Only sorts the update into its chat's lane, so one slow chat holds up no other."""
        if not isinstance(update, Update):
            return
        if update.callback_query is not None:
            await self._on_button(update.callback_query)
        elif update.message is not None:
            if await self._moved(update.message):
                return
            self._on_message(update.message, edited=False)
        elif update.edited_message is not None:
            self._on_message(update.edited_message, edited=True)
        elif update.my_chat_member is not None:
            self._on_membership(update.my_chat_member)

    def _on_membership(self, change: ChatMemberUpdated) -> None:
        """A customer blocking the bot arrives as "kicked" in their private chat; unblocking
        as "member" (Bot API: my_chat_member). Groups' own membership is not a customer's."""
        if change.chat.type != Chat.PRIVATE:
            return
        status = change.new_chat_member.status
        if status not in (ChatMember.BANNED, ChatMember.MEMBER):
            return
        user_id = str(change.chat.id)
        reachable = status == ChatMember.MEMBER
        log.info("telegram: chat %s %s the bot", user_id, "unblocked" if reachable else "blocked")
        self._submit(
            change.chat.id,
            lambda: reachability.platform_says(
                self.services, convert.CHANNEL, user_id, reachable=reachable
            ),
        )

    @property
    def agent_chat_id(self) -> int | None:
        """The agents' group: the configured id, or where that group moved to."""
        configured = self.config.agent_chat_id
        return None if configured is None else self.moves.resolve(configured)

    def _served(self, chat: Chat) -> bool:
        return convert.is_served_chat(chat, self.agent_chat_id)

    # --- groups that move (issue 10) ------------------------------------------------------
    async def _moved(self, message: Message) -> bool:
        """A group upgraded to a supergroup: follows the agents' group to its new id.
        True for the service messages that say so (nothing else to handle in them)."""
        if message.migrate_to_chat_id:
            old, new = message.chat.id, message.migrate_to_chat_id
        elif message.migrate_from_chat_id:
            old, new = message.migrate_from_chat_id, message.chat.id
        else:
            if message.chat.type != Chat.PRIVATE and not self._served(message.chat):
                await self.moves.reload_if_stale()  # another worker may have seen a move
            return False
        if self.moves.resolve(old) == self.agent_chat_id:
            await self._follow(old, new)
        return True

    async def _follow(self, old: int, new: int) -> None:
        """Stores the move once, logs it, and tells the operator in the new group."""
        if old == new:
            return
        if not await self.moves.record(old, new):
            return  # known already (the second service message, or another worker)
        log.warning(
            "telegram: chat %s became supergroup %s; following it there. Set "
            "TELEGRAM_AGENT_CHAT_ID=%s",
            old,
            new,
            new,
        )
        await notify.room_moved(self.services, self.name, str(old), str(new))

    def _on_message(self, message: Message, *, edited: bool) -> None:
        chat = message.chat
        sender = message.from_user
        if not self._served(chat) or sender is None or sender.is_bot:
            return
        if message.media_group_id and not edited:
            album = self.albums.add(message)
            if album is not None:
                self._submit(chat.id, lambda: self._handle_album(album))
            return
        self._submit(chat.id, lambda: self._handle_messages([message], edited))

    def _submit(self, chat_id: int, job: Callable[[], Awaitable[None]]) -> None:
        assert self._lanes is not None, "start() first"
        self._lanes.submit(chat_id, job)

    async def _handle_album(self, album: Album) -> None:
        await self._handle_messages(await self.albums.collect(album), edited=False)

    async def _handle_messages(self, messages: list[Message], edited: bool) -> None:
        attachments = [] if edited else await self._attachments(messages)
        inbound = convert.message_inbound(messages, attachments, bot_id=self.bot.id, edited=edited)
        if not inbound.text and not attachments and not _says_something(messages[0]):
            return  # service messages: someone joined the group, a pin ...
        # The album's other items were recorded one by one: this turn stands for them too.
        absorbs = tuple(convert.message_key(m) for m in messages[1:])
        for absorbed in absorbs:
            self._recorded.pop(absorbed, None)
        replies = await self._handle(
            self.services,
            inbound,
            absorbs=absorbs,
            answer=pushed(),
            recorded=self._recorded.pop(inbound.message_id, None),
        )
        await self._reply(replies)
        await self._flush(inbound.reply_target)

    async def _attachments(self, messages: list[Message]) -> list[Attachment]:
        found: list[Attachment] = []
        for message in messages:
            found.extend(convert.evidence_attachments(message))
            for source in convert.file_sources(message):
                found.append(await self.evidence.fetch(source, message.chat.id))
        return found

    async def _on_button(self, query: CallbackQuery) -> None:
        message = query.message
        if message is None or not self._served(message.chat) or query.data is None:
            await self._answer_button(query)  # stops the spinner; nothing else to do
            return
        self._submit(message.chat.id, lambda: self._handle_button(query))

    async def _handle_button(self, query: CallbackQuery) -> None:
        inbound = convert.callback_inbound(query)
        replies: list[Outbound] = []
        try:
            replies = await self._handle(
                self.services,
                inbound,
                answer=pushed(),
                recorded=self._recorded.pop(inbound.message_id, None),
            )
        finally:
            # Answered once handled, so an expired press is told so on the button itself
            # (a toast) rather than by a new message in the chat.
            expired = [r for r in replies if r.kind == EXPIRED_KIND]
            await self._answer_button(query, expired[0].text if expired else None)
        message = query.message
        if message is not None and message.chat.type == Chat.PRIVATE:
            # A used keyboard is removed so old buttons are not pressed again later; cards in
            # the agent group keep theirs (show stays useful, a second take gets an answer).
            try:
                await self.bot.edit_message_reply_markup(
                    message.chat.id, message.message_id, reply_markup=None
                )
            except TelegramError as exc:
                log.info("telegram: could not tidy the keyboard: %s", exc)
        await self._reply([r for r in replies if r.kind != EXPIRED_KIND])
        await self._flush(inbound.reply_target)

    async def _answer_button(self, query: CallbackQuery, text: str | None = None) -> None:
        try:
            await query.answer(text)
        except TelegramError as exc:
            log.warning("telegram: answerCallbackQuery failed: %s", exc)

    async def _flush(self, chat: str) -> None:
        """Sends the answers the turn wrote to the outbox now, not at the scheduler's next
        tick. They are outbox rows so that a crash after the turn's commit, or a failed
        send, still delivers them (issue 10); what fails here the dispatcher retries."""
        try:
            await Dispatcher(
                self.services, {self.name: self}, recipient=(self.name, chat)
            ).run_once()
        except Exception as exc:  # the database went away: the rows wait in the outbox
            log.warning(
                "telegram: immediate send to chat %s failed (%s); the outbox retries",
                chat,
                type(exc).__name__,
            )

    async def _reply(self, replies: list[Outbound]) -> None:
        """Sends what the router returned itself (only its error answer, since the turn's
        replies are outbox rows)."""
        for reply in replies:
            try:
                await self.sender.send(reply, hand_back_429=False)
            except DeliveryError as exc:
                log.warning(
                    "telegram: reply to chat %s (%s) not delivered: %s",
                    reply.user_id,
                    reply.kind,
                    exc.reason,
                )

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Ids only: the update itself holds the customer's words and name (personal data).
        update_id = getattr(update, "update_id", None)
        chat = getattr(getattr(update, "effective_chat", None), "id", None)
        log.error(
            "telegram: error while handling update %s in chat %s",
            update_id,
            chat,
            exc_info=context.error,
        )

    # --- outbound (the outbox dispatcher) ----------------------------------------------------
    async def deliver(self, message: Outbound) -> None:
        if not self.ready:
            raise DeliveryError("not_connected", retry_after=5.0)
        await self.sender.send(message, hand_back_429=True)


class RecordBook(OrderedDict[str, "inbox.Recorded"]):
    """Records waiting for their update's turn, oldest dropped past a bound (an update
    that never reaches its turn: the router then simply records it again)."""

    LIMIT = 10_000

    def __setitem__(self, key: str, value: inbox.Recorded) -> None:
        super().__setitem__(key, value)
        while len(self) > self.LIMIT:
            self.popitem(last=False)


def _pending_attachments(message: Message) -> list[Attachment]:
    """The message's files by their Telegram ids (fetched when it is handled)."""
    found = [
        Attachment(
            source.kind,
            file_ref=source.file_id,
            mime=source.mime,
            size=source.size,
            name=source.name,
            note=source.note,
            group_ref=source.group_ref,
        )
        for source in convert.file_sources(message)
    ]
    place = convert.location_attachment(message)
    return [*found, place] if place is not None else found


def _says_something(message: Message) -> bool:
    """Content without text or files (a sticker, a dice): the core answers it kindly."""
    return bool(message.sticker or message.dice or message.contact or message.poll)
