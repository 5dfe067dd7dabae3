"""The scheduler: job settings, one worker per periodic scan on PostgreSQL, a real short run."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.app import App
from bot.outbox import Dispatcher
from bot.scheduler import JOB_DEFAULTS, Scheduler, lock_id, run_exclusively
from handlers.jobs import PERIODIC, Job
from handlers.services import Services
from tests.bot.outbox_support import FakeChannel, enqueue
from tests.support import FakeClock


class Counting:
    """A periodic scan that records its runs."""

    def __init__(self) -> None:
        self.runs = 0
        self.ran = asyncio.Event()

    async def __call__(self, services: Services) -> None:
        self.runs += 1
        self.ran.set()


def test_lock_ids_are_stable_and_distinct() -> None:
    assert lock_id("sla_watch") == lock_id("sla_watch")
    assert lock_id("sla_watch") != lock_id("survey_send")
    assert lock_id("sla_watch", "tenant_a") != lock_id("sla_watch", "tenant_b")
    assert -(2**63) <= lock_id("sla_watch") < 2**63


async def test_jobs_coalesce_never_overlap_and_include_the_lead_scans(app: App) -> None:
    jobs = [Job("scan", 60, Counting()), *PERIODIC]
    scheduler = Scheduler(app.services, Dispatcher(app.services, {}), jobs)
    names = {job.id for job in scheduler.aps.get_jobs()}
    assert names == {"outbox", "scan", *(job.name for job in PERIODIC)}
    assert JOB_DEFAULTS["coalesce"] is True and JOB_DEFAULTS["max_instances"] == 1
    assert JOB_DEFAULTS["misfire_grace_time"] > 0


async def test_a_scan_runs_on_the_worker_holding_its_lock_only(app: App, clock: FakeClock) -> None:
    scan = Counting()
    job = Job("sla_watch", 60, scan)
    if not app.db.is_postgresql:
        assert await run_exclusively(app.services, job) and scan.runs == 1
        return
    # Another worker is running the scan right now: this one skips the tick.
    key = {"id": lock_id(job.name, app.db.search_path)}
    async with app.db.engine.connect() as other:
        await other.execute(text("SELECT pg_advisory_lock(:id)"), key)
        assert not await run_exclusively(app.services, job)
        await other.execute(text("SELECT pg_advisory_unlock(:id)"), key)
    assert scan.runs == 0
    assert await run_exclusively(app.services, job)
    # A worker whose tick comes a few seconds later sees the run and does not repeat it.
    clock.advance(seconds=5)
    assert not await run_exclusively(app.services, job)
    clock.advance(seconds=60)
    assert await run_exclusively(app.services, job)
    assert scan.runs == 2


@pytest.mark.parametrize("failing", [False, True])
async def test_a_started_scheduler_delivers_and_runs_the_scans(app: App, failing: bool) -> None:
    await enqueue(app, "u1", "hello")
    channel = FakeChannel()
    scan = Counting()

    async def broken(services: Services) -> None:
        raise RuntimeError("a bug in one scan")

    jobs = [Job("broken", 0.05, broken)] if failing else []
    scheduler = Scheduler(
        app.services,
        Dispatcher(app.services, {"fake": channel}),
        [*jobs, Job("scan", 0.05, scan)],
        dispatch_every=0.05,
    )
    scheduler.start()
    try:
        await asyncio.wait_for(scan.ran.wait(), 10)
        for _ in range(500):  # generous: the shared test machine may be busy
            if channel.sent:
                break
            await asyncio.sleep(0.02)
    finally:
        await scheduler.stop()
    assert [m.text for m in channel.sent] == ["hello"]
    assert not scheduler.aps.running
