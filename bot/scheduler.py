"""The scheduler: the outbox dispatcher every second, the recovery of unprocessed inbound
messages (issue 10) and the periodic scans (issue 4 item 7).

APScheduler 3 with the memory job store: the truth lives in the project's tables, so a
restart loses nothing, and every job is safe to run twice. Two schedulers sharing a job
store would each run every job (docs/platforms.md), so each worker has its own, and on
PostgreSQL a periodic scan runs only where its advisory lock is held: one worker per tick.
The dispatcher itself needs no lock: `FOR UPDATE SKIP LOCKED` shares the rows out.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.outbox import Dispatcher
from bot.recovery import RECOVER_EVERY, Recovery
from handlers.jobs import Job
from handlers.services import Services
from storage.engine import AsyncSession
from storage.queries import shared

log = logging.getLogger(__name__)

DISPATCH_EVERY = 1.0
JOB_DEFAULTS = {
    "coalesce": True,  # after downtime, one catch-up run, not one per missed tick
    "max_instances": 1,  # a slow run is never overlapped by the next tick
    "misfire_grace_time": 30,
}


def lock_id(job_name: str, schema: str | None = None) -> int:
    """A stable signed 64-bit advisory-lock id for a job (the same in every worker).

    Advisory locks are per database, not per schema: the schema is part of the id, so two
    deployments (or test runs) in different schemas of one database never block each other.
    """
    name = f"complaint-bot:{schema or ''}:job:{job_name}"
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def run_exclusively(services: Services, job: Job) -> bool:
    """Runs `job` unless another worker runs it now or ran it this tick; True if it ran."""
    if not services.db.is_postgresql:
        await job.run(services)  # SQLite means one process: nobody to share with
        return True
    # The lock belongs to this transaction, held while the job works in its own ones, and
    # released by the commit (or by the connection dying with a crashed worker).
    async with services.db.transaction() as session:
        key = lock_id(job.name, services.db.search_path)
        taken = await shared.try_xact_lock(session, key)
        if not taken or await _ran_recently(session, services, job):
            return False
        await job.run(services)
    return True


async def _ran_recently(session: AsyncSession, services: Services, job: Job) -> bool:
    """True when another worker already ran this tick; else records that this one does.

    Workers' ticks are not aligned, so without this a scan every 60 s could run once per
    worker each minute. Half the period is the tolerance for the ticks' drift.
    """
    key = f"job:{job.name}"[:64]
    now = services.now()
    last = await shared.updated_at(session, key)
    if last is not None and now - last < timedelta(seconds=job.every_seconds / 2):
        return True
    await shared.put(session, key, "", now=now)
    return False


class Scheduler:
    """The worker's scheduler; remembers the runs in flight so a stop can wait for them."""

    def __init__(
        self,
        services: Services,
        dispatcher: Dispatcher | None,
        jobs: Sequence[Job],
        *,
        dispatch_every: float = DISPATCH_EVERY,
        recovery: Recovery | None = None,
    ) -> None:
        self.services = services
        self.aps = AsyncIOScheduler(job_defaults=JOB_DEFAULTS, timezone=services.tz)
        self._running: set[asyncio.Task[object]] = set()
        if dispatcher is not None:
            self._add("outbox", dispatch_every, dispatcher.run_once)
        if recovery is not None:
            # Every worker: the turns' row claims (SKIP LOCKED) share the rows out.
            self._add("inbound_recovery", RECOVER_EVERY, recovery.run_once, first=datetime.now(UTC))
        for job in jobs:
            # First run at start: after downtime the scans catch up at once, not a period later.
            self._add(
                job.name,
                job.every_seconds,
                _bind(run_exclusively, services, job),
                first=datetime.now(UTC),
            )

    def _add(
        self,
        name: str,
        every: float,
        run: Callable[[], Awaitable[object]],
        first: datetime | None = None,
    ) -> None:
        async def tick() -> None:
            task = asyncio.current_task()
            assert task is not None
            self._running.add(task)
            try:
                await run()
            except Exception:
                # Logged with the job's name; the next tick tries again from the database.
                log.exception("scheduled job %s failed", name)
            finally:
                self._running.discard(task)

        extra = {"next_run_time": first} if first is not None else {}
        self.aps.add_job(tick, IntervalTrigger(seconds=every), id=name, name=name, **extra)

    def start(self) -> None:
        self.aps.start()

    async def stop(self, timeout: float = 15.0) -> None:
        """No new runs; waits for the current ones so no row is left mid-delivery.

        Pause first and shut down last: APScheduler 3's asyncio executor cancels the tasks
        still running when it shuts down, which would cut a scan off mid-transaction.
        """
        if self.aps.running:
            self.aps.pause()
        # A tick handed to the executor just before the pause starts on the next turn of
        # the loop and only then registers itself: let it, so the wait below sees it.
        for _ in range(3):
            await asyncio.sleep(0)
        if self._running:
            await asyncio.wait(set(self._running), timeout=timeout)
        if self.aps.running:
            self.aps.shutdown(wait=False)
        # AsyncIOScheduler defers its shutdown to the next turn of the loop: let it happen.
        for _ in range(10):
            if not self.aps.running:
                break
            await asyncio.sleep(0)


def _bind(
    run: Callable[[Services, Job], Awaitable[bool]], services: Services, job: Job
) -> Callable[[], Awaitable[bool]]:
    async def bound() -> bool:
        return await run(services, job)

    return bound
