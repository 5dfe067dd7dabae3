"""SQLite on the event loop: the stdlib `sqlite3` driver behind aiosqlite's interface.

Why (issue 11, measured with bench/bench_pipeline.py): aiosqlite runs every call on a
thread of its own and hands each result back through the event loop, about 0.25 ms per
statement on this 2-core machine, against about 4 microseconds for the statement itself.
The writes of a turn are short and WAL does not fsync each commit, so running them on the
loop costs less than the hand-off. SQLAlchemy's aiosqlite dialect is kept (its SQL, its
types, the async engine and sessions the code uses); only the connection it wraps is this
module's `LoopConnection`, given to it with `create_async_engine(async_creator=...)`.

The one wait that could block the loop is SQLite's own busy handler, when another process
(the CLI on the same file) holds the write lock: `busy_timeout` is therefore 0 here and a
statement answered with SQLITE_BUSY is retried with `asyncio.sleep` in between, up to
`busy_seconds`, then fails with sqlite3.OperationalError "database is locked" as SQLite's
own handler would. Long reads (reports) still run on the loop: on SQLite, a one-process
deployment, they are what item 4 of the issue keeps small.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any

# Seconds between retries of a statement SQLite answered with SQLITE_BUSY: short at first
# (a CLI command's transaction is a few ms), growing to the cap.
_FIRST_PAUSE = 0.001
_MAX_PAUSE = 0.05


def _jittered(pause: float) -> float:
    # Each pause drawn from [pause/2, pause]: several processes polling the same lock (16
    # `chat` consoles on one DATA_DIR, newcomer trial 18) would otherwise retry in lockstep
    # after each commit, and the same ones would keep losing the race.
    return pause * (0.5 + random.random() / 2)


def _busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


class LoopCursor:
    """An aiosqlite-shaped cursor over a `sqlite3.Cursor`; every call runs at once."""

    def __init__(self, owner: LoopConnection, cursor: sqlite3.Cursor) -> None:
        self._owner = owner
        self._cursor = cursor

    async def __aenter__(self) -> LoopCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        """PEP 249 description of the last statement's columns (None when it has none)."""
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        """Rows the last statement changed (-1 for a SELECT)."""
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The rowid of the last INSERT's row."""
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        """Rows `fetchmany` returns by default."""
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> LoopCursor:
        """Runs one statement; SQLITE_BUSY is waited out on the loop (module docstring)."""
        await self._owner.retry_busy(self._cursor.execute, sql, parameters or ())
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> LoopCursor:
        """Runs one statement per parameter row (the rows are materialised for a retry)."""
        await self._owner.retry_busy(self._cursor.executemany, sql, list(rows))
        return self

    async def fetchone(self) -> Any:
        """The next row, or None."""
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """Up to `size` (default `arraysize`) more rows."""
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        """Every remaining row."""
        return self._cursor.fetchall()

    async def close(self) -> None:
        """Closes the cursor."""
        self._cursor.close()


class LoopConnection:
    """An aiosqlite-shaped connection over a `sqlite3.Connection` used on the event loop.

    `_connection` is the sqlite3 connection (SQLAlchemy's adapter checks it before a
    commit or rollback, as it does aiosqlite's attribute of the same name).
    """

    def __init__(self, connection: sqlite3.Connection, busy_seconds: float) -> None:
        self._connection: sqlite3.Connection | None = connection
        self.busy_seconds = busy_seconds

    @property
    def raw(self) -> sqlite3.Connection:
        """The open sqlite3 connection. Raises sqlite3.ProgrammingError once closed."""
        if self._connection is None:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        """Always None: transactions are begun explicitly (storage/engine.py)."""
        return self.raw.isolation_level

    async def retry_busy(self, call: Any, *args: Any, seconds: float | None = None) -> Any:
        """`call(*args)`, again after a pause on the loop while SQLite answers SQLITE_BUSY;
        raises the last sqlite3.OperationalError after `seconds` (default `busy_seconds`)."""
        try:
            return call(*args)
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise
        deadline = time.monotonic() + (self.busy_seconds if seconds is None else seconds)
        pause = _FIRST_PAUSE
        while True:
            await asyncio.sleep(_jittered(pause))
            try:
                return call(*args)
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() >= deadline:
                    raise
            pause = min(pause * 2, _MAX_PAUSE)

    def cursor(self) -> LoopCursor:
        """A new cursor (SQLAlchemy enters it with `async with`, as aiosqlite's)."""
        return LoopCursor(self, self.raw.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> LoopCursor:
        """Runs one statement on a new cursor."""
        return await self.cursor().execute(sql, parameters)

    async def begin_immediate(self, seconds: float) -> None:
        """BEGIN IMMEDIATE (the write lock), waiting on the loop at most `seconds` for another
        process to release it; then sqlite3.OperationalError "database is locked"."""
        await self.retry_busy(self.raw.execute, "BEGIN IMMEDIATE", seconds=seconds)

    async def create_function(self, *args: Any, **kw: Any) -> None:
        """sqlite3's create_function (SQLAlchemy registers REGEXP with it)."""
        self.raw.create_function(*args, **kw)

    async def commit(self) -> None:
        """Commits the open transaction (a no-op outside one)."""
        await self.retry_busy(self.raw.commit)

    async def rollback(self) -> None:
        """Rolls the open transaction back (a no-op outside one)."""
        self.raw.rollback()

    async def close(self) -> None:
        """Closes the connection; a second close does nothing."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def stop(self) -> None:
        """Closes at once (SQLAlchemy's terminate)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def creator(database: str, busy_seconds: float) -> Any:
    """The `async_creator` for `create_async_engine`: a coroutine function opening `database`
    (a path or ":memory:") in autocommit mode (isolation_level None, BEGIN issued by the
    engine), with SQLite's own busy handler off (see the module docstring)."""

    async def connect() -> LoopConnection:
        connection = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout=0")
        return LoopConnection(connection, busy_seconds)

    return connect
