"""The outbox dispatcher: delivers the rows handlers wrote, with retries (issue 4 item 5).

A pass claims due rows in one short transaction (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
several workers never take the same row), marks them `sending` with a short lease and
commits; it delivers outside any transaction, then records each result at once in its own
tiny transaction. While rows are in hand a heartbeat renews their lease every few seconds,
so a slow delivery (a 429 waited out, a large file) keeps its rows, and a worker that dies
mid-way leaves rows whose lease runs out within LEASE: another pass takes them again, so
nothing is lost and nothing waits long (issue 10). The window for a double send is only a
row in flight at the crash ("delivered, but killed before the result was written"), which
no outbox can close.

What happened reaches people (handlers/delivery.py): a delivered answer stops the ticket's
first-response clock, and a push to a customer that becomes undeliverable tells the agent.

Per recipient (channel + user_id) only the oldest unfinished row can be claimed, so a later
message never overtakes an earlier one that waits for a retry; a pass repeats its rounds
until nothing more is due, so a queue of several messages still goes out in one pass.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, exists, or_, select, update
from sqlalchemy.orm import aliased
from sqlmodel import col

from bot.channels.base import Channel, DeliveryError
from handlers.delivery import delivered, undelivered
from handlers.messages import Outbound
from handlers.reachability import mark_unreachable
from handlers.services import Services
from storage.models import OutboxMessage
from storage.vault import VaultError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=30)  # 30 s, 1, 2, 4, 8 min: about 15 minutes in all
BACKOFF_CAP = timedelta(minutes=30)
# How long a claim holds without its heartbeat: a crashed worker's rows move on after this.
LEASE = timedelta(seconds=15)
HEARTBEAT = LEASE.total_seconds() / 3  # renewed three times per lease: one missed beat is fine
DELIVERY_TIMEOUT = 120.0  # one delivery may take this long (a 429 of up to 60 s waited out)
BATCH = 50
MAX_ROUNDS = 20  # bounds one pass, so a scheduler tick never runs for long
PARALLEL = 8  # deliveries in flight at once (different recipients only)
UNFINISHED = ("pending", "sending")


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try."""
    # A shift, not `2 **`: typeshed types int ** int as Any (a negative power is a float).
    return min(BACKOFF_BASE * (1 << max(attempts - 1, 0)), BACKOFF_CAP)


def _row_id(row: OutboxMessage) -> int:
    """The key of a row read from the table (None only before its INSERT)."""
    if row.id is None:
        raise ValueError("outbox row without an id")
    return row.id


# Rows this process holds as `sending` (the dispatcher's claims and rows a channel merged into
# a delivery): the heartbeat renews their leases.
IN_FLIGHT: set[int] = set()


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    user_id: str
    attempts: int  # including this try
    payload_enc: str


class Dispatcher:
    """Delivers due outbox rows through `channels` (by channel name).

    `recipient` restricts it to one (channel, user_id): the console chat shows only its
    own user's pushes and leaves everyone else's rows alone.
    """

    def __init__(
        self,
        services: Services,
        channels: Mapping[str, Channel],
        *,
        recipient: tuple[str, str] | None = None,
        batch: int = BATCH,
        heartbeat: float = HEARTBEAT,
    ) -> None:
        self.services = services
        self.channels = dict(channels)
        self.recipient = recipient
        self.batch = batch
        self.heartbeat = heartbeat  # seconds between lease renewals
        self._parallel = asyncio.Semaphore(PARALLEL)

    async def run_once(self) -> int:
        """One pass: delivers everything due now; returns how many messages went out."""
        if not self.channels:
            return 0
        delivered = 0
        beating = asyncio.Event()
        heart = asyncio.create_task(self._heartbeat(beating))
        try:
            for _ in range(MAX_ROUNDS):
                claimed = await self._claim(self.services.now())
                if not claimed:
                    break
                IN_FLIGHT.update(row.id for row in claimed)
                try:
                    results = await asyncio.gather(*(self._deliver(row) for row in claimed))
                finally:
                    IN_FLIGHT.difference_update(row.id for row in claimed)
                delivered += sum(results)
        finally:
            beating.set()
            await heart
        return delivered

    async def _heartbeat(self, done: asyncio.Event) -> None:
        """Renews the lease of every row this process is delivering, until `done`."""
        while not done.is_set():
            try:
                await asyncio.wait_for(done.wait(), self.heartbeat)
                return
            except TimeoutError:
                pass
            try:
                await renew_leases(self.services)
            except Exception:
                # A missed beat costs at most a duplicate after LEASE; it must not stop sends.
                log.exception("outbox: lease renewal failed")

    # --- claiming -------------------------------------------------------------------------
    async def _claim(self, now: datetime) -> list[Claimed]:
        async with self.services.db.transaction() as session:
            statement = self._due(now)
            if self.services.db.is_postgresql:
                statement = statement.with_for_update(skip_locked=True)
            rows = list((await session.execute(statement)).scalars().all())
            if not rows:
                return []
            # Read before the update: the session refreshes its objects with the new values.
            claimed = [
                Claimed(_row_id(r), r.channel, r.user_id, r.attempts + 1, r.payload_enc)
                for r in rows
            ]
            await session.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.id).in_([c.id for c in claimed]))
                .values(
                    status="sending",
                    claimed_until=now + LEASE,
                    # Counted at the claim: a message that kills its worker still runs out.
                    attempts=OutboxMessage.attempts + 1,
                )
            )
            return claimed

    def _due(self, now: datetime) -> Select[OutboxMessage]:
        row = OutboxMessage
        earlier = aliased(OutboxMessage)
        pending_due = and_(col(row.status) == "pending", col(row.next_attempt_at) <= now)
        lease_over = and_(col(row.status) == "sending", col(row.claimed_until) < now)
        # The head of each recipient's queue only: an earlier unfinished row blocks it.
        blocked = exists().where(
            col(earlier.channel) == col(row.channel),
            col(earlier.user_id) == col(row.user_id),
            col(earlier.id) < col(row.id),
            col(earlier.status).in_(UNFINISHED),
        )
        statement = (
            select(row)
            .where(or_(pending_due, lease_over))
            .where(col(row.channel).in_(sorted(self.channels)))
            .where(~blocked)
            .order_by(col(row.priority).desc(), col(row.id))
            .limit(self.batch)
        )
        if self.recipient is not None:
            channel, user_id = self.recipient
            statement = statement.where(col(row.channel) == channel, col(row.user_id) == user_id)
        return statement

    # --- delivering -----------------------------------------------------------------------
    async def _deliver(self, row: Claimed) -> int:
        try:
            message = Outbound.from_json(self.services.vault.open_json(row.payload_enc))
        except (VaultError, ValueError, KeyError, TypeError) as exc:
            await self._give_up(row, "undeliverable", f"payload unreadable: {exc}", None)
            return 0
        async with self._parallel:
            try:
                await asyncio.wait_for(
                    self.channels[row.channel].deliver(message), DELIVERY_TIMEOUT
                )
            except DeliveryError as exc:
                await self._failed(row, exc, message)
                return 0
            except TimeoutError:
                await self._failed(row, DeliveryError("timed out"), message)
                return 0
            except Exception as exc:
                # A bug in an adapter must not stop the other deliveries; retried like a failure.
                log.exception("outbox %s: adapter %s raised", row.id, row.channel)
                await self._failed(row, DeliveryError(f"{type(exc).__name__}: {exc}"), message)
                return 0
        now = self.services.now()
        await self._finish(row, status="sent", sent_at=now)
        await self._outcome(delivered(self.services, [message], now))
        return 1

    async def _outcome(self, work: Awaitable[None]) -> None:
        # The message is out whatever happens here; a failure to note it is logged, not fatal.
        try:
            await work
        except Exception:
            log.exception("outbox: recording a delivery outcome failed")

    async def _failed(self, row: Claimed, error: DeliveryError, message: Outbound) -> None:
        if error.permanent:
            await self._give_up(row, "undeliverable", error.reason, message)
        elif row.attempts >= MAX_ATTEMPTS:
            await self._give_up(row, "failed", error.reason, message)
        else:
            wait = backoff(row.attempts)
            if error.retry_after is not None:
                # The platform said how long (Telegram 429): its number, not our guess.
                wait = timedelta(seconds=error.retry_after)
            log.info(
                "outbox %s: try %s failed (%s), next in %s",
                row.id,
                row.attempts,
                error.reason,
                wait,
            )
            await self._finish(
                row,
                status="pending",
                next_attempt_at=self.services.now() + wait,
                last_error=error.reason[:512],
            )

    async def _give_up(
        self, row: Claimed, status: str, reason: str, message: Outbound | None
    ) -> None:
        log.warning(
            "outbox %s to %s: %s after %s tries: %s",
            row.id,
            row.channel,
            status,
            row.attempts,
            reason,
        )
        await self._finish(row, status=status, last_error=reason[:512])
        if status == "undeliverable":
            # Agents see on the ticket that the customer cannot be reached, and why.
            async with self.services.db.transaction() as session:
                await mark_unreachable(session, row.channel, row.user_id, reason)
        if message is not None:
            await self._outcome(undelivered(self.services, row.id, message, reason))

    async def _finish(self, row: Claimed, **values: object) -> None:
        async with self.services.db.transaction() as session:
            await session.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == row.id)
                .values(claimed_until=None, **values)
            )


async def renew_leases(services: Services) -> None:
    """Moves the lease of every row this process holds on by LEASE from now."""
    held = sorted(IN_FLIGHT)
    if not held:
        return
    async with services.db.transaction() as session:
        await session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(held), col(OutboxMessage.status) == "sending")
            .values(claimed_until=services.now() + LEASE)
        )
