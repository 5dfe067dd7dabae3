"""The outbox dispatcher on every backend: retries, back-off, failure, crashes, order, races."""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import sys
from datetime import timedelta

from bot.app import App
from bot.channels.base import DeliveryError
from bot.outbox import LEASE, MAX_ATTEMPTS, Dispatcher, backoff
from storage.engine import Database
from storage.models import OutboxMessage
from tests.bot.outbox_support import FakeChannel, enqueue, outbox_row, outbox_rows
from tests.support import FakeClock


def dispatcher(app: App, channel: FakeChannel, **options: object) -> Dispatcher:
    return Dispatcher(app.services, {channel.name: channel}, **options)  # type: ignore[arg-type]


async def test_fails_three_times_then_arrives_once_with_back_off(
    app: App, clock: FakeClock
) -> None:
    channel = FakeChannel(errors=[DeliveryError("timeout")] * 3)
    row_id = await enqueue(app, "u1", "您的投诉正在处理")
    send = dispatcher(app, channel)
    start = clock()

    for attempt, _ in enumerate(range(3), start=1):
        assert await send.run_once() == 0
        row = await outbox_row(app, row_id)
        assert (row.status, row.attempts, row.last_error) == ("pending", attempt, "timeout")
        assert row.next_attempt_at == clock() + backoff(attempt)
        # Not a moment early: the back-off holds even if the scheduler ticks again.
        clock.advance(seconds=backoff(attempt).total_seconds() - 1)
        assert await send.run_once() == 0
        assert channel.tries == attempt
        clock.advance(seconds=1)

    assert await send.run_once() == 1
    assert await send.run_once() == 0
    assert [m.text for m in channel.sent] == ["您的投诉正在处理"]
    row = await outbox_row(app, row_id)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 4, clock())
    assert clock() - start == backoff(1) + backoff(2) + backoff(3)


async def test_retry_after_from_the_platform_is_honoured(app: App, clock: FakeClock) -> None:
    channel = FakeChannel(errors=[DeliveryError("429", retry_after=7)])
    row_id = await enqueue(app, "u1", "hello")
    send = dispatcher(app, channel)
    await send.run_once()
    assert (await outbox_row(app, row_id)).next_attempt_at == clock() + timedelta(seconds=7)
    clock.advance(seconds=7)
    assert await send.run_once() == 1


async def test_permanent_error_is_undeliverable_with_its_reason(app: App) -> None:
    channel = FakeChannel(errors=[DeliveryError("user blocked the bot", permanent=True)])
    row_id = await enqueue(app, "u1", "hello")
    assert await dispatcher(app, channel).run_once() == 0
    row = await outbox_row(app, row_id)
    assert (row.status, row.attempts, row.last_error) == (
        "undeliverable",
        1,
        "user blocked the bot",
    )


async def test_after_the_last_try_the_row_is_kept_as_failed(app: App, clock: FakeClock) -> None:
    channel = FakeChannel(errors=[DeliveryError("platform down")] * MAX_ATTEMPTS)
    row_id = await enqueue(app, "u1", "hello")
    send = dispatcher(app, channel)
    for _ in range(MAX_ATTEMPTS):
        await send.run_once()
        clock.advance(hours=1)
    assert await send.run_once() == 0
    row = await outbox_row(app, row_id)
    assert (row.status, row.attempts, row.last_error) == ("failed", MAX_ATTEMPTS, "platform down")
    assert channel.tries == MAX_ATTEMPTS and channel.sent == []


async def test_unreadable_payload_is_undeliverable(app: App) -> None:
    row_id = await enqueue(app, "u1", "hello")
    async with app.db.transaction() as session:
        row = await session.get(OutboxMessage, row_id)
        assert row is not None
        row.payload_enc = "not-a-fernet-token"
    assert await dispatcher(app, FakeChannel()).run_once() == 0
    assert (await outbox_row(app, row_id)).status == "undeliverable"


async def test_a_crashed_workers_row_is_sent_once_after_its_lease(
    app: App, clock: FakeClock
) -> None:
    row_id = await enqueue(app, "u1", "hello")
    async with app.db.transaction() as session:
        row = await session.get(OutboxMessage, row_id)
        assert row is not None
        row.status, row.attempts, row.claimed_until = "sending", 1, clock() + LEASE
    channel = FakeChannel()
    send = dispatcher(app, channel)
    assert await send.run_once() == 0  # the lease still holds: maybe it is being sent now
    clock.advance(seconds=LEASE.total_seconds() + 1)
    assert await send.run_once() == 1
    assert await send.run_once() == 0
    assert len(channel.sent) == 1
    assert (await outbox_row(app, row_id)).attempts == 2


KILLED_WORKER = """
import asyncio, os, signal, sys
from datetime import datetime
from pathlib import Path
from bot.outbox import Dispatcher
from handlers.policy import load_policy
from handlers.services import Services
from storage.engine import Database
from storage.vault import Vault, load_or_create_key

class DiesWhileSending:
    name = "fake"
    async def deliver(self, message):
        os.kill(os.getpid(), signal.SIGKILL)

async def main():
    data_dir, url, search_path, now, key = sys.argv[1:6]
    at = datetime.fromisoformat(now)
    services = Services(
        db=Database(url, search_path=search_path or None),
        vault=Vault(load_or_create_key(key or None, Path(data_dir))),
        policy=load_policy(None), classifier=None, data_dir=Path(data_dir),
        tz=at.tzinfo, clock=lambda: at,
    )
    await Dispatcher(services, {"fake": DiesWhileSending()}).run_once()

asyncio.run(main())
"""


async def test_killed_between_claim_and_send_arrives_once_after_restart(
    app: App, clock: FakeClock
) -> None:
    row_id = await enqueue(app, "u1", "您的投诉已受理")
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        KILLED_WORKER,
        str(app.settings.data_dir),
        app.settings.database_url,
        app.db.search_path or "",
        clock().isoformat(),
        app.settings.PII_KEY or "",  # PostgreSQL: the shared key every worker must use
    )
    assert await asyncio.wait_for(worker.wait(), 30) == -signal.SIGKILL
    row = await outbox_row(app, row_id)
    assert (row.status, row.attempts) == ("sending", 1)  # claimed and committed, never sent

    channel = FakeChannel()
    send = dispatcher(app, channel)  # the restarted worker
    assert await send.run_once() == 0
    clock.advance(seconds=LEASE.total_seconds() + 1)
    assert await send.run_once() == 1
    assert await send.run_once() == 0
    assert [m.text for m in channel.sent] == ["您的投诉已受理"]


async def test_a_later_message_never_overtakes_one_waiting_for_a_retry(
    app: App, clock: FakeClock
) -> None:
    channel = FakeChannel(errors=[DeliveryError("timeout")])
    for text in ("one", "two", "three"):
        await enqueue(app, "u1", text)
    await enqueue(app, "u2", "other")
    send = dispatcher(app, channel)
    assert await send.run_once() == 1  # u1's first failed; u2 is not held up by it
    assert [m.text for m in channel.sent] == ["other"]
    clock.advance(seconds=backoff(1).total_seconds())
    assert await send.run_once() == 3
    assert [m.text for m in channel.sent] == ["other", "one", "two", "three"]


async def test_an_undeliverable_message_does_not_block_the_next(app: App) -> None:
    channel = FakeChannel(errors=[DeliveryError("blocked", permanent=True)])
    await enqueue(app, "u1", "one")
    await enqueue(app, "u1", "two")
    assert await dispatcher(app, channel).run_once() == 1
    assert [m.text for m in channel.sent] == ["two"]


async def test_filter_to_one_recipient_and_unknown_channels_left_alone(app: App) -> None:
    await enqueue(app, "alice", "for alice")
    await enqueue(app, "bob", "for bob")
    await enqueue(app, "carol", "elsewhere", channel="wechat")
    channel = FakeChannel()
    assert await dispatcher(app, channel, recipient=("fake", "alice")).run_once() == 1
    assert [m.text for m in channel.sent] == ["for alice"]
    assert [r.status for r in await outbox_rows(app)] == ["sent", "pending", "pending"]


async def test_two_dispatchers_at_once_never_send_a_row_twice(app: App) -> None:
    """Two workers with their own engines on one database: each row once, each queue in order."""
    expected = {f"u{n}": [f"u{n}-{i}" for i in range(6)] for n in range(8)}
    for i in range(6):
        for user, texts in expected.items():
            await enqueue(app, user, texts[i])
    other_db = Database(app.settings.database_url, search_path=app.db.search_path)
    other = dataclasses.replace(app.services, db=other_db)
    first, second = FakeChannel(pause=0.002), FakeChannel(pause=0.002)
    try:
        workers = (dispatcher(app, first), Dispatcher(other, {"fake": second}))

        async def keep_dispatching(worker: Dispatcher) -> None:
            for _ in range(200):
                if len(first.sent) + len(second.sent) >= 48:
                    return
                await worker.run_once()
                await asyncio.sleep(0.001)

        await asyncio.gather(*(keep_dispatching(w) for w in workers))
    finally:
        await other_db.dispose()
    assert first.sent and second.sent  # they really did work side by side
    sent = first.sent + second.sent
    assert sorted(m.text for m in sent) == sorted(t for ts in expected.values() for t in ts)
    for user, texts in expected.items():
        # Each worker's record is in send order; a queue's rows may move between workers
        # only after the earlier one was sent, so merging by position keeps their order.
        mine = [m.text for m in first.sent if m.user_id == user]
        theirs = [m.text for m in second.sent if m.user_id == user]
        assert mine == [t for t in texts if t in mine]
        assert theirs == [t for t in texts if t in theirs]
    assert {r.status for r in await outbox_rows(app)} == {"sent"}
