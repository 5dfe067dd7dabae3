"""Recorded before acknowledged (issue 10 items 1 and 2).

Every inbound message is first written as its `inbound_messages` row (the raw `Inbound`,
encrypted) in a short transaction of its own; only then may a channel tell the platform
"received". Processing follows in a second transaction that sets `processed_at`, so a crash
or a failed turn leaves an unprocessed row that the recovery job (handlers/recovery.py)
processes later, exactly once: a turn claims its row with `SELECT ... FOR UPDATE` first.

`Answer` decides where one message's replies go: back to the platform request still waiting
for them (WeChat's passive reply), or, once that request gave up, into the outbox in the
same transaction as the turn, so a failed push is retried instead of dropped.

`Gate` bounds how many messages one worker processes at once; the others wait their turn
(recorded already), and the readiness check reports the queue as overload.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from handlers.buttons import EXPIRED_KIND
from handlers.messages import Attachment, Inbound, Outbound
from handlers.services import Services
from handlers.texts import Texts, pick_locale
from handlers.turn import PRIORITY
from storage.engine import SQLITE_BUSY_SECONDS, AsyncSession
from storage.errors import SQLAlchemyError
from storage.queries import inbox as queries
from storage.queries import turns
from storage.vault import mask_text

log = logging.getLogger(__name__)

# WeChat waits 5 s for an answer and Telegram's webhook about as long (docs/platforms.md): the
# record must be written well within that, or the platform is told to retry. Only those
# channels, whose platform sends the message again, pass it to `record`.
RECORD_DEADLINE = 3.0
# Everyone else (a console, an agent's web or API action, a turn for a message already
# acknowledged) has nobody who would send the message again: the record waits for SQLite's
# write lock as long as any writer does. Newcomer trial 18: 16 `chat` consoles on one
# DATA_DIR, each waiting 3 s, lost 3 messages to "database is locked".
PATIENT_RECORD = SQLITE_BUSY_SECONDS
MAX_ATTEMPTS = 3  # failed turns of one message before it is given up (and logged)
PROCESSING_SLOTS = 8  # messages one worker processes at once; the rest wait, recorded
OVERLOADED_AT = 4 * PROCESSING_SLOTS  # messages waiting for a slot: "not ready" above this


class NotRecorded(Exception):
    """The message could not be recorded in time: answer the platform so that it retries."""


@dataclass(frozen=True)
class Recorded:
    id: int  # the inbound_messages row
    processed: bool  # a retry of a message already processed (nothing more to fetch)
    # Rows of the same sender recorded before and not processed yet (a failed turn, a dead
    # worker): read first, so a person's messages are processed in order.
    earlier: tuple[int, ...] = ()


async def record(services: Services, inbound: Inbound, *, wait: float = PATIENT_RECORD) -> Recorded:
    """Writes the message's row once; returns it (also for a retry of a recorded one).

    Raises NotRecorded when SQLite's write lock (this process's turn at it, then another
    process's hold on it) does not come within `wait` seconds, or the database answers with
    an error (PostgreSQL down): nothing was acknowledged. A platform that retries gets
    `wait=RECORD_DEADLINE`; a channel with a deadline of its own (WeChat's 5 s) also
    refuses the message when the record is not done by then. A console tells its user.
    """
    try:
        found = await turns.record_inbound(
            services.db,
            channel=inbound.channel,
            message_id=inbound.message_id,
            user_id=inbound.user_id,
            received_at=services.now(),
            body_enc=services.vault.seal_json(inbound.to_json()),
            wait=wait,
        )
        return Recorded(found.id, found.processed, found.earlier)
    except turns.DRIVER_ERRORS as exc:
        log.warning(
            "inbound message not recorded: channel=%s message=%s: %s",
            inbound.channel,
            inbound.message_id,
            type(exc).__name__,
        )
        raise NotRecorded(str(exc) or type(exc).__name__) from exc


def inbound_from_json(data: dict[str, Any]) -> Inbound:
    """The `Inbound` a row's body holds (the inverse of `Inbound.to_json`)."""
    values = dict(data)
    values["received_at"] = datetime.fromisoformat(values["received_at"])
    values["attachments"] = tuple(Attachment(**item) for item in values.get("attachments", ()))
    return Inbound(**values)


# --- where the replies go -----------------------------------------------------------------
Shape = Callable[[list[Outbound]], list[Outbound]]


def as_is(replies: list[Outbound]) -> list[Outbound]:
    """The default `Shape`: every reply becomes a push of its own, unchanged."""
    return replies


@dataclass
class Answer:
    """Where one message's replies go; decided once, by whoever comes first.

    `waiting`: a platform request waits for them. The turn calls `take()` just before its
    commit; the request calls `give_up()` when its deadline passes. Whoever is first wins:
    taken -> the replies are returned (and stored for retries); given up -> they become
    outbox rows in the turn's own transaction. `shape` merges the replies into what the
    channel pushes (e.g. one WeChat customer-service message for several answers).
    """

    waiting: bool = True
    shape: Shape = as_is
    state: str = field(default="", init=False)

    def __post_init__(self) -> None:
        self.state = "waiting" if self.waiting else "push"

    def take(self) -> bool:
        """Called in the turn: True when the replies go back to the request."""
        if self.state == "waiting":
            self.state = "taken"
        return self.state == "taken"

    def give_up(self) -> bool:
        """Called by the request at its deadline: True when the replies will be pushed."""
        if self.state == "waiting":
            self.state = "push"
        return self.state == "push"

    @property
    def pushed(self) -> bool:
        """True once the replies go to the outbox (the request gave up, or nobody waited)."""
        return self.state == "push"


def direct(replies: list[Outbound], answer: Answer | None) -> list[Outbound]:
    """What goes back to the waiting caller: every reply, or, when they were pushed through
    the outbox, only the toasts (a button's "expired") that are no message to push."""
    if answer is not None and answer.pushed:
        return [r for r in replies if r.kind == EXPIRED_KIND]
    return replies


def pushed() -> Answer:
    """The answer of a message nobody waits for any more (recovery, a late turn)."""
    return Answer(waiting=False)


async def queue_replies(
    session: AsyncSession,
    services: Services,
    replies: list[Outbound],
    answer: Answer,
    now: datetime,
) -> None:
    """Adds the replies as outbox rows to the session's transaction (issue 10 item 2), one
    statement for all; each reply is sealed once."""
    # A button's "expired" is a toast on the button, not a message in the chat.
    sendable = [r for r in replies if (r.text.strip() or r.files) and r.kind != EXPIRED_KIND]
    pushes = [
        turns.Push(
            reply.channel,
            reply.user_id,
            reply.kind,
            PRIORITY.get(reply.kind, 0),
            services.vault.seal_json(reply.to_json()),
        )
        for reply in answer.shape(sendable)
    ]
    await turns.push(session, pushes, now)


async def mark_processed(
    session: AsyncSession,
    services: Services,
    row_id: int,
    replies: list[Outbound],
    answer: Answer | None,
    now: datetime,
) -> None:
    """Within the turn's transaction: replies stored (or queued) and the row done."""
    reply_enc = await settle_replies(session, services, replies, answer, now)
    await turns.mark_processed(session, row_id, reply_enc, now)


async def settle_replies(
    session: AsyncSession,
    services: Services,
    replies: list[Outbound],
    answer: Answer | None,
    now: datetime,
) -> str:
    """Within the turn's transaction: queues the replies when nobody waits for them any
    more (the outbox), and returns what the message's row keeps for a retry, sealed: the
    replies, or [] when they were queued (a retry must not show them a second time)."""
    stored = replies
    if answer is not None and not answer.take():
        await queue_replies(session, services, replies, answer, now)
        stored = []
    return services.vault.seal_json([r.to_json() for r in stored])


async def finish_without_turn(
    services: Services, row_id: int, replies: list[Outbound], answer: Answer | None
) -> None:
    """A turn that undid its changes but still answers (RolledBack): the row is done too."""
    now = services.now()
    async with services.db.transaction() as session:
        if not await queries.claim(session, row_id):
            return
        await mark_processed(session, services, row_id, replies, answer, now)


async def claim(session: AsyncSession, row_id: int, *, skip_locked: bool = False) -> bool:
    """Locks the message's row for this turn: True when it still waits to be processed.

    On PostgreSQL a second worker's turn for the same message waits here until the first
    commits, then sees it processed; with `skip_locked` (recovery) it passes by instead.
    """
    return await queries.claim(session, row_id, skip_locked=skip_locked)


async def failed(services: Services, inbound: Inbound, row_id: int, error: BaseException) -> bool:
    """Counts a failed turn; after MAX_ATTEMPTS the message is given up. True when given up.

    Giving up is never silent: an error line with the ids, and the sender is told.
    """
    # Masked: an error's text may quote what the customer wrote (the column is not sealed).
    reason = mask_text(f"{type(error).__name__}: {error}")[:255]
    try:
        async with services.db.transaction() as session:
            row = await queries.locked(session, row_id)
            if row is None or row.processed_at is not None:
                return False
            row.attempts += 1
            row.last_error = reason
            if row.attempts < MAX_ATTEMPTS:
                return False
            now = services.now()
            row.processed_at = now
            text = Texts(pick_locale(inbound.locale))("common.given_up")
            await queue_replies(
                session,
                services,
                [Outbound(inbound.channel, inbound.reply_target, text)],
                pushed(),
                now,
            )
    except SQLAlchemyError as exc:
        log.warning(
            "inbound %s: failure not counted (%s); the recovery job tries again",
            row_id,
            type(exc).__name__,
        )
        return False
    log.error(
        "inbound message given up after %s failed turns: channel=%s user=%s message=%s: %s",
        MAX_ATTEMPTS,
        inbound.channel,
        inbound.user_id,
        inbound.message_id,
        reason,
    )
    return True


async def unprocessed(services: Services, older_than: timedelta, limit: int) -> list[int]:
    """Ids of recorded messages no turn processed yet, received before now - older_than."""
    cutoff = services.now() - older_than
    async with services.db.transaction() as session:
        return await queries.unprocessed(session, cutoff, limit)


async def is_processed(services: Services, row_id: int) -> bool:
    """True when the `inbound_messages` row `row_id` has `processed_at` set; False also for
    a row that does not exist. Database errors propagate."""
    async with services.db.transaction() as session:
        return await queries.is_processed(session, row_id)


async def load(services: Services, row_id: int) -> Inbound | None:
    """The recorded message of a row, or None when its body cannot be read (logged)."""
    async with services.db.transaction() as session:
        body = await queries.body(session, row_id)
    try:
        return inbound_from_json(services.vault.open_json(body))
    except Exception as exc:  # a row written by a newer version, or with another key
        log.error("inbound %s: recorded body unreadable (%s)", row_id, type(exc).__name__)
        return None


# --- bounded concurrency --------------------------------------------------------------------
class Gate:
    """At most `slots` messages of this worker in processing; the others wait in order.

    Waiting messages are recorded already, so waiting loses nothing; `overloaded` is the
    readiness signal (too many waiting: send traffic elsewhere).
    """

    def __init__(self, slots: int = PROCESSING_SLOTS, overloaded_at: int = OVERLOADED_AT) -> None:
        self.slots = slots
        self.overloaded_at = overloaded_at
        self.busy = 0
        self.waiting = 0
        self._semaphores: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    def _semaphore(self) -> asyncio.Semaphore:
        # One per event loop: tests and CLI commands run several loops in one process.
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            self._semaphores = {k: v for k, v in self._semaphores.items() if not k.is_closed()}
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.slots)
        return semaphore

    @property
    def overloaded(self) -> bool:
        """True while more than `overloaded_at` messages wait for a slot: /readyz answers 503
        so a load balancer sends traffic elsewhere (bot/server.py:readyz)."""
        return self.waiting > self.overloaded_at

    async def __aenter__(self) -> None:
        semaphore = self._semaphore()
        self.waiting += 1
        try:
            await semaphore.acquire()
        finally:
            self.waiting -= 1
        self.busy += 1

    async def __aexit__(self, *_: object) -> None:
        self.busy -= 1
        self._semaphore().release()


GATE = Gate()


async def abandon(services: Services, row_id: int, reason: str) -> None:
    """A row that can never be processed (its body unreadable): done, with the reason kept."""
    async with services.db.transaction() as session:
        await queries.abandon(session, row_id, services.now(), reason)
    log.error("inbound %s abandoned: %s", row_id, reason)
