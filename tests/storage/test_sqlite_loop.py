"""SQLite on the event loop (storage/sqlite_loop.py): another process holding the write lock
is waited for on the loop, which keeps running; past the wait the error is SQLite's own."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.engine import Database

# A second process (like the CLI on the same file) that takes the write lock, says so on
# stdout, and keeps it for the given seconds.
HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT INTO notes (body) VALUES ('held')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


async def _database(tmp_path: Path) -> tuple[Database, Path]:
    path = tmp_path / "shared.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    async with db.transaction() as session:
        await session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    return db, path


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def _done(holder: subprocess.Popen[str]) -> None:
    holder.wait(10)
    assert holder.stdout is not None
    holder.stdout.close()


async def test_a_lock_held_by_another_process_is_waited_for_on_the_loop(tmp_path: Path) -> None:
    db, path = await _database(tmp_path)
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.01)

    holder = _hold(path, 0.6)
    beat = asyncio.create_task(ticker())
    try:
        started = time.monotonic()
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO notes (body) VALUES ('mine')"))
        waited = time.monotonic() - started
    finally:
        beat.cancel()
        _done(holder)
        await db.dispose()
    assert waited >= 0.3  # it did wait for the other process
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 20 and max(gaps) < 0.2  # and the loop ran on meanwhile


async def test_past_the_wait_the_error_is_database_is_locked(tmp_path: Path) -> None:
    db, path = await _database(tmp_path)
    holder = _hold(path, 2.0)
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            async with db.driver_transaction(wait=0.3):
                pass
        assert time.monotonic() - started < 1.5  # the wait given, not the holder's 2 s
    finally:
        _done(holder)
        await db.dispose()
