"""SQLite's write lock in this process: urgent transactions (records of inbound messages,
issue 10) go before ordinary ones already waiting; a wait past its limit is refused."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from storage.engine import Database, _WriterLock


async def test_an_urgent_transaction_goes_before_ordinary_ones_waiting(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'lock.db'}")
    order: list[str] = []
    release = asyncio.Event()
    holding = asyncio.Event()

    async def first() -> None:
        async with db.transaction():
            holding.set()
            await release.wait()

    async def waiter(name: str, urgent: bool) -> None:
        async with db.transaction(urgent=urgent):
            order.append(name)

    try:
        holder = asyncio.create_task(first())
        await holding.wait()
        waiting = [asyncio.create_task(waiter(f"turn{n}", False)) for n in range(3)]
        await asyncio.sleep(0.05)
        waiting.append(asyncio.create_task(waiter("record", True)))
        await asyncio.sleep(0.05)
        assert db.writers_waiting == 4
        release.set()
        await asyncio.gather(holder, *waiting)
        assert order == ["record", "turn0", "turn1", "turn2"]
        assert db.writers_waiting == 0
    finally:
        await db.dispose()


async def test_a_wait_past_its_limit_is_refused_and_the_queue_moves_on(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'lock.db'}")
    release = asyncio.Event()
    holding = asyncio.Event()

    async def first() -> None:
        async with db.transaction():
            holding.set()
            await release.wait()

    try:
        holder = asyncio.create_task(first())
        await holding.wait()
        with pytest.raises(OperationalError, match="database is locked"):
            async with db.transaction(urgent=True, wait=0.1):
                pass
        later = asyncio.create_task(_touch(db))
        release.set()
        await asyncio.gather(holder, later)
        assert db.writers_waiting == 0
    finally:
        await db.dispose()


async def _touch(db: Database) -> None:
    async with db.transaction() as session:
        await session.connection()


async def test_a_wait_given_up_just_as_the_lock_is_released_breaks_nothing() -> None:
    """Seen at 1,600 connections: a record's wait timed out, and before its task resumed the
    holder released (skipping the cancelled turn); the lock must stay consistent."""
    lock = _WriterLock()

    async def waiter() -> None:
        async with lock.held(urgent=True):
            pass

    async with lock.held():
        task = asyncio.create_task(waiter())
        await asyncio.sleep(0)
        assert lock.waiting == 1
        task.cancel()
    # released here, synchronously, before the waiter's task ran again
    with pytest.raises(asyncio.CancelledError):
        await task
    assert lock.waiting == 0
    async with lock.held():  # and it can be taken again at once
        pass
