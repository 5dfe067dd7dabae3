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
from datetime import datetime

from bot.channels.base import Channel, DeliveryError
from handlers.delivery import STALE_ITEM, current_card, delivered, stale_together, undelivered
from handlers.messages import Outbound
from handlers.reachability import mark_unreachable
from handlers.services import Services
from storage import outbox as rows
from storage.outbox import LEASE, MAX_ATTEMPTS, Claimed, backoff
from storage.vault import VaultError

log = logging.getLogger(__name__)

# The state machine (claim, lease, settle, back-off) is storage/outbox.py's; re-exported
# here for the channels and tests that name them.
__all__ = [
    "BATCH",
    "DELIVERY_TIMEOUT",
    "HEARTBEAT",
    "IN_FLIGHT",
    "LEASE",
    "MAX_ATTEMPTS",
    "MAX_ROUNDS",
    "PARALLEL",
    "Claimed",
    "Dispatcher",
    "backoff",
    "renew_leases",
]
HEARTBEAT = LEASE.total_seconds() / 3  # renewed three times per lease: one missed beat is fine
DELIVERY_TIMEOUT = 120.0  # one delivery may take this long (a 429 of up to 60 s waited out)
BATCH = 50
MAX_ROUNDS = 20  # bounds one pass, so a scheduler tick never runs for long
PARALLEL = 8  # deliveries in flight at once (different recipients only)


# Rows this process holds as `sending` (the dispatcher's claims and rows a channel merged into
# a delivery): the heartbeat renews their leases.
IN_FLIGHT: set[int] = set()


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
            return await rows.claim(
                session,
                now=now,
                channels=self.channels,
                limit=self.batch,
                recipient=self.recipient,
            )

    # --- delivering -----------------------------------------------------------------------
    async def _deliver(self, row: Claimed) -> int:
        try:
            message = Outbound.from_json(self.services.vault.open_json(row.payload_enc))
        except (VaultError, ValueError, KeyError, TypeError) as exc:
            await self._give_up(row, "undeliverable", f"payload unreadable: {exc}", None)
            return 0
        # A new-ticket card that waited (its agent away) says where the ticket stands now;
        # one about the recipient's own ticket is not sent at all (handlers/delivery.py).
        current = await current_card(self.services, message)
        if current is None:
            async with self.services.db.transaction() as session:
                await rows.settle_sent(session, [row.id], now=self.services.now())
            return 0
        message, along = current, list[int]()
        if STALE_ITEM in message.meta:
            message, along = await self._stale_along(row, message)
        async with self._parallel:
            try:
                await asyncio.wait_for(
                    self.channels[row.channel].deliver(message), DELIVERY_TIMEOUT
                )
            except DeliveryError as exc:
                await self._release(along)
                await self._failed(row, exc, message)
                return 0
            except TimeoutError:
                await self._release(along)
                await self._failed(row, DeliveryError("timed out"), message)
                return 0
            except Exception as exc:
                # A bug in an adapter must not stop the other deliveries; retried like a failure.
                log.exception("outbox %s: adapter %s raised", row.id, row.channel)
                await self._release(along)
                await self._failed(row, DeliveryError(f"{type(exc).__name__}: {exc}"), message)
                return 0
            finally:
                IN_FLIGHT.difference_update(along)
        now = self.services.now()
        async with self.services.db.transaction() as session:
            await rows.settle_sent(session, [row.id, *along], now=now)
        await self._outcome(delivered(self.services, [message], now))
        return 1

    async def _stale_along(self, row: Claimed, message: Outbound) -> tuple[Outbound, list[int]]:
        """The recipient's other waiting cards that are stale too (or about their own
        tickets, dropped), leased and folded into this notice as one message: an agent who
        opens a session after a busy hour reads one list, not a notice per ticket (newcomer
        trial 20). Returns the notice and the rows it carries, to settle with this one."""
        services, now = self.services, self.services.now()
        async with services.db.transaction() as session:
            waiting = await rows.take_waiting(
                session, channel=row.channel, user_id=row.user_id, now=now, limit=BATCH
            )
        cards: dict[int, Outbound | None] = {}
        for other in waiting:
            try:
                found = Outbound.from_json(services.vault.open_json(other.payload_enc))
            except (VaultError, ValueError, KeyError, TypeError):
                continue  # left for its own turn, which gives it up with the reason
            if found.kind != "card":
                continue
            current = await current_card(services, found)
            if current is None or STALE_ITEM in current.meta:
                cards[other.id] = current
        if not cards:
            return message, []
        async with services.db.transaction() as session:
            taken = await rows.lease(session, list(cards), now=now)
        IN_FLIGHT.update(taken)
        notices = [message, *(n for i in taken if (n := cards[i]) is not None)]
        return stale_together(notices), taken

    async def _release(self, row_ids: list[int]) -> None:
        if row_ids:
            async with self.services.db.transaction() as session:
                await rows.release(session, row_ids)

    async def _outcome(self, work: Awaitable[None]) -> None:
        # The message is out whatever happens here; a failure to note it is logged, not fatal.
        try:
            await work
        except Exception:
            log.exception("outbox: recording a delivery outcome failed")

    async def _failed(self, row: Claimed, error: DeliveryError, message: Outbound) -> None:
        if error.dropped:
            # Not a customer's message (a removed webhook's event): no unreachable customer,
            # no agent to tell, and not counted with the undeliverable pushes to customers.
            await self._give_up(row, "failed", error.reason, None)
        elif error.permanent:
            await self._give_up(row, "undeliverable", error.reason, message)
        elif row.attempts >= MAX_ATTEMPTS:
            await self._give_up(row, "failed", error.reason, message)
        else:
            async with self.services.db.transaction() as session:
                wait = await rows.settle_retry(
                    session,
                    row.id,
                    attempts=row.attempts,
                    now=self.services.now(),
                    reason=error.reason,
                    retry_after=error.retry_after,
                )
            log.info(
                "outbox %s: try %s failed (%s), next in %s",
                row.id,
                row.attempts,
                error.reason,
                wait,
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
        async with self.services.db.transaction() as session:
            await rows.settle_given_up(session, row.id, status=status, reason=reason)
        if status == "undeliverable":
            # Agents see on the ticket that the customer cannot be reached, and why.
            async with self.services.db.transaction() as session:
                await mark_unreachable(session, row.channel, row.user_id, reason)
        if message is not None:
            await self._outcome(undelivered(self.services, row.id, message, reason))


async def renew_leases(services: Services) -> None:
    """Moves the lease of every row this process holds on by LEASE from now."""
    held = sorted(IN_FLIGHT)
    if not held:
        return
    async with services.db.transaction() as session:
        await rows.renew(session, held, now=services.now())
