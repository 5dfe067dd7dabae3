"""The outbox dispatcher: delivers the rows handlers wrote, with retries (issue 4 item 5).

A pass claims due rows in one short transaction (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
several workers never take the same row), marks them `sending` with a lease and commits;
it delivers outside any transaction, then records each result at once in its own tiny
transaction. A worker that dies mid-way leaves its rows `sending`: when the lease runs out
another pass takes them again, so nothing is lost. The window for a double send is only
"delivered, but killed before the result was written", which no outbox can close.

Per recipient (channel + user_id) only the oldest unfinished row can be claimed, so a later
message never overtakes an earlier one that waits for a retry; a pass repeats its rounds
until nothing more is due, so a queue of several messages still goes out in one pass.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from bot.channels.base import Channel, DeliveryError
from handlers.messages import Outbound
from handlers.reachability import mark_unreachable
from handlers.services import Services
from storage.models import OutboxMessage
from storage.vault import VaultError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=30)  # 30 s, 1, 2, 4, 8 min: about 15 minutes in all
BACKOFF_CAP = timedelta(minutes=30)
LEASE = timedelta(minutes=2)  # longer than any delivery may take (see DELIVERY_TIMEOUT)
DELIVERY_TIMEOUT = LEASE.total_seconds() / 2
MIN_TIME_LEFT = 5.0  # seconds of lease a delivery needs to start at all
BATCH = 50
MAX_ROUNDS = 20  # bounds one pass, so a scheduler tick never runs for long
PARALLEL = 8  # deliveries in flight at once (different recipients only)
UNFINISHED = ("pending", "sending")


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


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
    ) -> None:
        self.services = services
        self.channels = dict(channels)
        self.recipient = recipient
        self.batch = batch
        self._parallel = asyncio.Semaphore(PARALLEL)

    async def run_once(self) -> int:
        """One pass: delivers everything due now; returns how many messages went out."""
        if not self.channels:
            return 0
        delivered = 0
        for _ in range(MAX_ROUNDS):
            # Taken before the claim, so it ends no later than the lease written in the row;
            # monotonic time, because the lease is about other workers, not business hours.
            lease_ends = asyncio.get_running_loop().time() + LEASE.total_seconds()
            claimed = await self._claim(self.services.now())
            if not claimed:
                break
            results = await asyncio.gather(
                *(self._deliver(row, lease_ends) for row in claimed)
            )
            delivered += sum(results)
        return delivered

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
                Claimed(r.id, r.channel, r.user_id, r.attempts + 1, r.payload_enc)  # type: ignore[arg-type]
                for r in rows
            ]
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([c.id for c in claimed]))  # type: ignore[union-attr]
                .values(
                    status="sending",
                    claimed_until=now + LEASE,
                    # Counted at the claim: a message that kills its worker still runs out.
                    attempts=OutboxMessage.attempts + 1,
                )
            )
            return claimed

    def _due(self, now: datetime):  # type: ignore[no-untyped-def]
        row = OutboxMessage
        earlier = aliased(OutboxMessage)
        pending_due = and_(row.status == "pending", row.next_attempt_at <= now)
        lease_over = and_(row.status == "sending", row.claimed_until < now)  # type: ignore[operator]
        # The head of each recipient's queue only: an earlier unfinished row blocks it.
        blocked = exists().where(
            earlier.channel == row.channel,
            earlier.user_id == row.user_id,
            earlier.id < row.id,  # type: ignore[operator]
            earlier.status.in_(UNFINISHED),  # type: ignore[attr-defined]
        )
        statement = (
            select(row)
            .where(or_(pending_due, lease_over))
            .where(row.channel.in_(sorted(self.channels)))  # type: ignore[attr-defined]
            .where(~blocked)
            .order_by(row.priority.desc(), row.id)  # type: ignore[attr-defined]
            .limit(self.batch)
        )
        if self.recipient is not None:
            channel, user_id = self.recipient
            statement = statement.where(row.channel == channel, row.user_id == user_id)
        return statement

    # --- delivering -----------------------------------------------------------------------
    async def _deliver(self, row: Claimed, lease_ends: float) -> int:
        try:
            message = Outbound.from_json(self.services.vault.open_json(row.payload_enc))
        except (VaultError, ValueError, KeyError, TypeError) as exc:
            await self._give_up(row, "undeliverable", f"payload unreadable: {exc}")
            return 0
        async with self._parallel:
            # A row that waited too long for its turn hands its claim back instead of
            # racing the worker that may take it over when the lease runs out.
            time_left = lease_ends - asyncio.get_running_loop().time()
            if time_left < MIN_TIME_LEFT:
                await self._release(row)
                return 0
            try:
                await asyncio.wait_for(
                    self.channels[row.channel].deliver(message),
                    min(DELIVERY_TIMEOUT, time_left - MIN_TIME_LEFT / 2),
                )
            except DeliveryError as exc:
                await self._failed(row, exc)
                return 0
            except TimeoutError:
                await self._failed(row, DeliveryError("timed out"))
                return 0
            except Exception as exc:
                # A bug in an adapter must not stop the other deliveries; retried like a failure.
                log.exception("outbox %s: adapter %s raised", row.id, row.channel)
                await self._failed(row, DeliveryError(f"{type(exc).__name__}: {exc}"))
                return 0
        await self._finish(row, status="sent", sent_at=self.services.now())
        return 1

    async def _release(self, row: Claimed) -> None:
        """Gives an untried claim back: due again at once, and the try is not counted."""
        await self._finish(row, status="pending", attempts=row.attempts - 1)

    async def _failed(self, row: Claimed, error: DeliveryError) -> None:
        if error.permanent:
            await self._give_up(row, "undeliverable", error.reason)
        elif row.attempts >= MAX_ATTEMPTS:
            await self._give_up(row, "failed", error.reason)
        else:
            wait = backoff(row.attempts)
            if error.retry_after is not None:
                # The platform said how long (Telegram 429): its number, not our guess.
                wait = timedelta(seconds=error.retry_after)
            log.info("outbox %s: try %s failed (%s), next in %s", row.id, row.attempts,
                     error.reason, wait)
            await self._finish(
                row, status="pending", next_attempt_at=self.services.now() + wait,
                last_error=error.reason[:512],
            )

    async def _give_up(self, row: Claimed, status: str, reason: str) -> None:
        log.warning("outbox %s to %s: %s after %s tries: %s", row.id, row.channel, status,
                    row.attempts, reason)
        await self._finish(row, status=status, last_error=reason[:512])
        if status == "undeliverable":
            # Agents see on the ticket that the customer cannot be reached, and why.
            async with self.services.db.transaction() as session:
                await mark_unreachable(session, row.channel, row.user_id, reason)

    async def _finish(self, row: Claimed, **values: object) -> None:
        async with self.services.db.transaction() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id)  # type: ignore[arg-type]
                .values(claimed_until=None, **values)
            )
