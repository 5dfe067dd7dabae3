"""The outbox's state machine in storage/outbox.py, on every backend (issue 11 item 1):
what a claim takes, what a lease skips, how each settlement leaves a row."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from storage import outbox
from storage.models import OutboxMessage
from tests.support import FakeClock


async def write(app: App, user: str, kind: str = "reply", priority: int = 0) -> None:
    async with app.db.transaction() as session:
        await outbox.keep(
            session,
            channel="console",
            user_id=user,
            kind=kind,
            priority=priority,
            payload_enc=app.services.vault.seal_json({"kind": kind}),
            status="pending",
            reason=None,
            now=app.services.clock(),
        )


async def claim(app: App) -> list[outbox.Claimed]:
    async with app.db.transaction() as session:
        return await outbox.claim(session, now=app.services.clock(), channels={"console"}, limit=10)


async def row(app: App, row_id: int) -> OutboxMessage:
    async with app.db.transaction() as session:
        found = await session.get(OutboxMessage, row_id)
        assert found is not None
        return found


async def test_a_claim_takes_each_recipients_head_by_priority(app: App, clock: FakeClock) -> None:
    await write(app, "a")
    await write(app, "a", kind="result", priority=5)  # behind a's first row all the same
    await write(app, "b", kind="result", priority=5)
    first = await claim(app)
    assert [(c.user_id, c.attempts) for c in first] == [("b", 1), ("a", 1)]
    assert await claim(app) == []  # leased, and a's second row waits for its first
    taken = await row(app, first[1].id)
    assert (taken.status, taken.attempts) == ("sending", 1)
    assert taken.claimed_until == clock() + outbox.LEASE

    clock.advance(seconds=outbox.LEASE.total_seconds() + 1)  # the worker died
    again = await claim(app)
    assert sorted((c.user_id, c.attempts) for c in again) == [("a", 2), ("b", 2)]


async def test_lease_skips_rows_another_worker_took(app: App) -> None:
    await write(app, "a")
    await write(app, "a")
    async with app.db.transaction() as session:
        waiting = await outbox.take_waiting(
            session, channel="console", user_id="a", now=app.services.clock(), limit=10
        )
    ids = [w.id for w in waiting]
    assert len(ids) == 2
    head = (await claim(app))[0].id  # the dispatcher takes the head meanwhile
    async with app.db.transaction() as session:
        leased = await outbox.lease(session, list(reversed(ids)), now=app.services.clock())
    assert leased == [i for i in reversed(ids) if i != head]
    assert (await row(app, leased[0])).attempts == 0  # a merged row rides on another's try


async def test_settlements(app: App, clock: FakeClock) -> None:
    for user in ("a", "b", "c", "d"):
        await write(app, user)
    rows = {c.user_id: c for c in await claim(app)}
    now = clock()
    async with app.db.transaction() as session:
        await outbox.settle_sent(session, [rows["a"].id], now=now)
        waited = await outbox.settle_retry(
            session, rows["b"].id, attempts=3, now=now, reason="x" * 600
        )
        told = await outbox.settle_retry(
            session, rows["c"].id, attempts=3, now=now, reason="429", retry_after=7
        )
        await outbox.settle_given_up(session, rows["d"].id, status="undeliverable", reason="no")
        with pytest.raises(ValueError):
            await outbox.settle_given_up(session, rows["d"].id, status="sent", reason="no")
    assert waited == outbox.backoff(3) == timedelta(minutes=2)
    assert told == timedelta(seconds=7)
    sent, retried, later, kept = [await row(app, rows[u].id) for u in "abcd"]
    assert (sent.status, sent.sent_at, sent.claimed_until) == ("sent", now, None)
    assert (retried.status, retried.next_attempt_at) == ("pending", now + waited)
    assert retried.last_error == "x" * outbox.ERROR_LENGTH
    assert later.next_attempt_at == now + told
    assert (kept.status, kept.last_error) == ("undeliverable", "no")

    clock.advance(minutes=1)
    async with app.db.transaction() as session:
        await outbox.requeue_undeliverable(session, "console", "d", now=clock())
    back = await row(app, rows["d"].id)
    assert (back.status, back.attempts, back.next_attempt_at) == ("pending", 0, clock())


async def test_release_hands_rows_back_untried(app: App) -> None:
    await write(app, "a")
    taken = (await claim(app))[0]
    async with app.db.transaction() as session:
        await outbox.release(session, [taken.id])
    back = await row(app, taken.id)
    assert (back.status, back.claimed_until, back.attempts) == ("pending", None, 1)
    assert [c.id for c in await claim(app)] == [taken.id]
