"""The WeChat channel: the server URL (GET/POST /wechat) and `deliver()` for the outbox.

POST /wechat: signature, freshness and replay checks (403, nothing read) -> size-capped,
hardened XML (400) -> safe-mode decryption -> one Inbound -> `handlers.router.handle`.
WeChat waits 5 seconds and then retries (three attempts): the answer is the passive reply
when it is ready within `reply_deadline`, otherwise "success" and the answer follows as a
customer-service message. Retries of one message share one processing (in this worker);
across workers the router's deduplication keeps it to one ticket. A retry of a message
answered passively gets the same passive reply: WeChat retries only when no answer reached
it in time, so the earlier one was lost and is never shown (docs/platforms.md).
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.channels.base import DeliveryError, Handle
from bot.channels.wechat import wxml
from bot.channels.wechat.api import WeChatApi, WeChatApiError
from bot.channels.wechat.delivery import Sender
from bot.channels.wechat.inbound import CHANNEL, WeChatMessage, to_inbound, with_media
from bot.channels.wechat.signing import Query, Refused, Verifier
from bot.channels.wechat.split import split_text
from bot.outbox import Dispatcher
from bot.settings import Settings
from handlers import inbox
from handlers.inbox import Answer, NotRecorded
from handlers.messages import Attachment, Inbound, Outbound, render_choices_as_text
from handlers.services import Services
from storage.vault import mask_text

log = logging.getLogger(__name__)

SUCCESS = "success"  # WeChat's "received, no passive reply" (no retry, nothing shown)
# WeChat gives up after 5 s; answering by 4 s leaves room for the network.
REPLY_DEADLINE = 4.0
FLIGHT_MEMORY = 60.0  # how long a finished message's answer state is kept for retries
DELIVER_TRIES = 3


@dataclass
class Flight:
    """One WeChat message being handled; its retries join it instead of starting again."""

    answer: Answer  # passive reply or outbox: decided once (handlers/inbox.py)
    recorded: asyncio.Event = field(default_factory=asyncio.Event)
    deferred: bool = False  # the answer goes out as a customer-service message, pushed once
    # A passive reply's rest (past 2 KB, and files) went out as a push: a retry that gets the
    # passive reply again must not push it twice. Also set when the message was processed
    # before (a retry reaching this worker after FLIGHT_MEMORY, or another worker's message).
    rest_sent: bool = False
    task: asyncio.Task[list[Outbound]] = field(init=False)


@dataclass
class WeChatChannel:
    settings: Settings
    services: Services
    handle: Handle
    reply_deadline: float = REPLY_DEADLINE
    name: str = CHANNEL
    api: WeChatApi | None = None
    verifier: Verifier = field(init=False)
    sender: Sender = field(init=False)
    _flights: dict[str, Flight] = field(default_factory=dict, init=False)
    _background: set[asyncio.Task[None]] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        settings = self.settings
        assert settings.WECHAT_TOKEN, "the channel is off without WECHAT_TOKEN"
        self.verifier = Verifier(
            settings.WECHAT_TOKEN, settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_APP_ID
        )
        if self.api is None and settings.WECHAT_APP_ID and settings.WECHAT_APP_SECRET:
            self.api = WeChatApi(
                settings.WECHAT_API_BASE_URL,
                settings.WECHAT_APP_ID,
                settings.WECHAT_APP_SECRET,
                self.services,
            )
        self.sender = Sender(settings, self.services, self.api)

    # --- ChannelRuntime ---------------------------------------------------------------------
    def routes(self) -> list[web.RouteDef]:
        return [web.get("/wechat", self.verify_url), web.post("/wechat", self.receive)]

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        if self._background:
            await asyncio.wait(self._background, timeout=10)
        if self.api is not None:
            await self.api.close()

    async def deliver(self, message: Outbound) -> None:
        await self.sender.deliver(message)

    async def idle(self) -> None:
        """Waits until every message in hand is handled and its deferred answer sent (tests)."""
        while self._background or any(not f.task.done() for f in self._flights.values()):
            pending = [f.task for f in self._flights.values() if not f.task.done()]
            await asyncio.wait([*pending, *self._background])

    # --- the server URL ---------------------------------------------------------------------
    def _now(self) -> float:
        return self.services.clock().timestamp()

    async def verify_url(self, request: web.Request) -> web.Response:
        """WeChat's URL check when the server address is saved in its console."""
        try:
            self.verifier.check(Query.of(request.query), self._now())
        except Refused as exc:
            log.warning("wechat: GET refused: %s", exc)
            return web.Response(status=403, text="forbidden")
        return web.Response(text=request.query.get("echostr", ""))

    async def receive(self, request: web.Request) -> web.Response:
        query = Query.of(request.query)
        try:
            self.verifier.check(query, self._now())
        except Refused as exc:
            log.warning("wechat: POST refused: %s", exc)
            return web.Response(status=403, text="forbidden")
        try:
            message = await self._read(request, query)
        except Refused as exc:
            log.warning("wechat: POST refused: %s", exc)
            return web.Response(status=403, text="forbidden")
        except wxml.BadXML as exc:
            status = 413 if "too large" in str(exc) else 400
            # No body in the log: it may hold a customer's words.
            log.warning("wechat: POST refused (%s): %s", status, exc)
            return web.Response(status=status, text=str(exc))
        if message.silent:
            return web.Response(text=SUCCESS)
        try:
            replies, push_rest = await self._answer(message)
        except NotRecorded:
            # Not "success": WeChat retries a message that got no valid answer (docs/platforms.md).
            return web.Response(status=503, text="busy, retry")
        if not replies:
            return web.Response(text=SUCCESS)
        return self._passive(message, query, replies, push_rest=push_rest)

    async def _read(self, request: web.Request, query: Query) -> WeChatMessage:
        if (request.content_length or 0) > wxml.MAX_BODY_BYTES:
            raise wxml.BadXML("body too large")
        fields = wxml.parse(await _read_capped(request))
        if query.encrypted:
            fields = wxml.parse(self.verifier.decrypt(query, fields.get("Encrypt", "")))
        message = WeChatMessage.of(fields)
        missing = message.missing_fields()
        if missing:
            raise wxml.BadXML(f"required fields missing: {', '.join(missing)}")
        return message

    def _passive(
        self, message: WeChatMessage, query: Query, replies: list[Outbound], *, push_rest: bool
    ) -> web.Response:
        text = "\n\n".join(render_choices_as_text(r) for r in replies if r.text.strip())
        files = tuple(path for reply in replies for path in reply.files)
        pieces = split_text(text)
        # A passive reply holds one text of at most 2 KB: the rest of a long text and any
        # images follow as customer-service messages, once for all attempts.
        if push_rest and (len(pieces) > 1 or files):
            rest = "\n".join(pieces[1:])
            self._later(self._send_all([_combined(replies, files=files, text=rest)]))
        if not pieces:
            return web.Response(text=SUCCESS)
        text = pieces[0]
        xml = wxml.text_reply(message.openid, message.to_account, text, self._now())
        if query.encrypted:
            xml = self.verifier.encrypt(xml, query.nonce, query.timestamp)
        return web.Response(text=xml, content_type="application/xml")

    # --- the five seconds -------------------------------------------------------------------
    async def _answer(self, message: WeChatMessage) -> tuple[list[Outbound], bool]:
        """The passive replies if they are ready in time and the answer was not deferred,
        else []; and whether this attempt pushes the rest of a long passive reply.

        Every attempt at a message answered passively gets the same replies: WeChat retries
        only when the answer it waited for did not reach it within 5 seconds, so the earlier
        reply was lost (newcomer trial 15: "success" to the retry, and the customer never
        saw the answer). Raises NotRecorded when the message could not be recorded: WeChat
        must retry.
        """
        key = message.key
        flight = self._flights.get(key)
        if flight is None:
            flight = Flight(Answer(shape=self.shape))
            flight.task = asyncio.create_task(self._process(message, flight))
            self._flights[key] = flight
            flight.task.add_done_callback(lambda task: self._settled(key, task))
        try:
            replies = await asyncio.wait_for(asyncio.shield(flight.task), self.reply_deadline)
        except TimeoutError:
            replies = await self._late(message, flight)
        except NotRecorded:
            raise
        except Exception:
            log.exception("wechat: message %s failed before the router answered", key)
            if not flight.recorded.is_set():
                raise NotRecorded("failed before it was recorded") from None
            return [], False  # recorded: the recovery job processes it
        replies = self._passive_answer(flight, replies)
        push_rest = bool(replies) and not flight.rest_sent
        flight.rest_sent = flight.rest_sent or push_rest
        return replies, push_rest

    async def _late(self, message: WeChatMessage, flight: Flight) -> list[Outbound]:
        """The deadline passed: "success" once recorded, the answer follows as a push."""
        if not flight.recorded.is_set():
            raise NotRecorded("not recorded within the reply deadline")
        if flight.answer.give_up():
            if not flight.deferred:
                flight.deferred = True
                self._later(self._push_when_done(message.openid, flight.task))
            return []
        # The turn took the passive reply just before its commit: that commit is moments
        # away, and the reply is stored for WeChat's retry if it comes too late for this one.
        try:
            return await asyncio.shield(flight.task)
        except Exception:
            # The router answers its own errors; anything reaching here failed around it.
            # Logged with ids only (the message text is personal data), never swallowed.
            log.exception(
                "wechat: a message from %s (%s) failed before an answer",
                mask_text(message.openid),
                message.kind,
            )
            return []

    @staticmethod
    def _passive_answer(flight: Flight, replies: list[Outbound]) -> list[Outbound]:
        """The replies for this attempt: none once the answer was deferred to a push (it
        carries them; "success" to every attempt), else the same passive replies each time."""
        return [] if flight.deferred else replies

    def _settled(self, key: str, task: asyncio.Task[list[Outbound]]) -> None:
        flight = self._flights.get(key)
        if flight is not None and not flight.recorded.is_set():
            self._flights.pop(key, None)  # a retry starts afresh and tries to record again
            return
        asyncio.get_running_loop().call_later(FLIGHT_MEMORY, self._flights.pop, key, None)

    async def _process(self, message: WeChatMessage, flight: Flight) -> list[Outbound]:
        inbound = to_inbound(message, self.services.now())
        # Before WeChat hears anything, and within its deadline: WeChat retries what failed.
        recorded = await inbox.record(self.services, inbound, wait=inbox.RECORD_DEADLINE)
        # Processed before: the router gives the stored passive reply, whose rest was pushed.
        flight.rest_sent = recorded.processed
        flight.recorded.set()
        if inbound.attachments and not recorded.processed:
            inbound = await self._with_media_kept(inbound)
        # The user wrote: the core re-queues what waited for them (their window is open again).
        return await self.handle(self.services, inbound, answer=flight.answer, recorded=recorded)

    async def _with_media_kept(self, inbound: Inbound) -> Inbound:
        """The inbound with its media downloaded; on any failure the message goes on with
        the media kept by reference, so an error before the router never loses a message."""
        try:
            return await with_media(inbound, self._download)
        except Exception as exc:
            log.error(
                "wechat: media of message %s from %s not fetched (%s); kept by reference",
                inbound.message_id,
                inbound.user_id,
                type(exc).__name__,
                exc_info=exc,
            )
            return inbound

    async def _push_when_done(self, openid: str, task: asyncio.Task[list[Outbound]]) -> None:
        """The turn wrote its answer to the outbox: send it now rather than at the next tick
        of the scheduler; a failure stays in the outbox, retried by the dispatcher."""
        try:
            await task
        except Exception:
            return  # logged by the router; recorded, so the recovery job answers later
        try:
            await Dispatcher(self.services, {CHANNEL: self}, recipient=(CHANNEL, openid)).run_once()
        except Exception as exc:  # the database went away: the rows wait in the outbox
            log.warning(
                "wechat: immediate push to %s failed (%s); the outbox retries",
                mask_text(openid),
                type(exc).__name__,
            )

    async def _send_all(self, replies: list[Outbound]) -> None:
        if not replies:
            return
        message = _combined(replies)
        for attempt in range(DELIVER_TRIES):
            try:
                await self.deliver(message)
                return
            except DeliveryError as exc:
                if exc.permanent or attempt == DELIVER_TRIES - 1:
                    status = "undeliverable" if exc.permanent else "pending"
                    await self.sender.keep_for_later(message, exc.reason, status)
                    return
                await asyncio.sleep(exc.retry_after or 0.5 * 2**attempt)

    def _later(self, work: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # --- media ------------------------------------------------------------------------------
    async def prepare(self, inbound: Inbound) -> Inbound:
        """A recorded message the recovery job processes: its media fetched first."""
        return await with_media(inbound, self._download) if inbound.attachments else inbound

    def shape(self, replies: list[Outbound]) -> list[Outbound]:
        """Several answers to one message pushed as one customer-service message."""
        return [_combined(replies)] if replies else []

    async def _download(self, kind: str, media_id: str) -> Attachment:
        """Stores a media file under DATA_DIR/evidence/wechat/ at once (media_id lasts 3 days)."""
        if self.api is None:
            return Attachment(kind, file_ref=media_id)
        limit = self.services.policy.intake.max_attachment_mb * 1024 * 1024
        try:
            media = await self.api.download_media(media_id, limit)
        except (WeChatApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("wechat: media %s not downloaded: %s", media_id, exc)
            return Attachment(kind, file_ref=media_id)
        if media.content is None:
            return Attachment(
                kind, None, media_id, media.mime, media.size, media.name, too_large=True
            )
        suffix = Path(media.name or "").suffix.lower() or _suffix(media.mime)
        relative = Path("evidence") / CHANNEL / f"{uuid.uuid4().hex}{suffix}"
        await asyncio.to_thread(_write, self.services.data_dir / relative, media.content)
        return Attachment(
            kind, relative.as_posix(), media_id, media.mime, media.size, media.name or relative.name
        )


async def _read_capped(request: web.Request) -> bytes:
    """The body, refused as soon as it grows past the cap (a chunked body has no length)."""
    chunks: list[bytes] = []
    total = 0
    while chunk := await request.content.readany():
        total += len(chunk)
        if total > wxml.MAX_BODY_BYTES:
            raise wxml.BadXML("body too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _combined(
    replies: list[Outbound], *, text: str | None = None, files: tuple[str, ...] | None = None
) -> Outbound:
    """Several answers to one message as one customer-service message (one budget slot).

    `text` and `files` replace the combined ones (the rest of a passive reply).
    """
    first = replies[0]
    if text is None:
        text = "\n\n".join(render_choices_as_text(r) for r in replies if r.text.strip())
    if files is None:
        files = tuple(path for reply in replies for path in reply.files)
    return Outbound(
        first.channel,
        first.user_id,
        text,
        files=files,
        kind="reply",
        ticket_number=first.ticket_number,
    )


def _suffix(mime: str) -> str:
    known = {
        "image/jpeg": ".jpg",
        "audio/amr": ".amr",
        "video/mp4": ".mp4",
        "audio/speex": ".speex",
    }
    return known.get(mime) or mimetypes.guess_extension(mime) or ".bin"


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
