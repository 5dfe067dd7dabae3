"""The async engine and sessions: SQLite (WAL) by default, PostgreSQL for several workers."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_, greenlet_spawn

from storage import sqlite_loop

# AsyncSession is re-exported: code outside storage/ names the session type from here and
# imports nothing of SQLAlchemy (tests/storage/test_query_boundary.py, issue 11 item 1).
__all__ = ["SQLITE_BUSY_SECONDS", "AsyncSession", "Database"]

SQLITE_BUSY_SECONDS = 30  # how long a writer waits for another before "database is locked"


class Database:
    """One engine and its session factory; `transaction()` is the unit of work."""

    def __init__(self, url: str, *, search_path: str | None = None) -> None:
        self.url = make_url(url)
        self.search_path = search_path
        self.engine = _create_engine(url, search_path)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite: one writer at a time, and every transaction here starts with BEGIN IMMEDIATE.
        # Without this lock the transactions of one process queue inside SQLite's busy
        # handler, which polls with sleeps of up to 100 ms, so the lock sits free while
        # everyone sleeps (measured: 31 msg/s under 16 connections, bench/bench_pipeline.py).
        # Waiting here, each transaction starts the moment the one before commits.
        # Other processes on the same file still wait through busy_timeout.
        self._writer = _WriterLock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        """True when the URL's backend is SQLite (one process, one writer at a time)."""
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        """True when the URL's backend is PostgreSQL (several workers, docs/operations.md)."""
        return self.url.get_backend_name() == "postgresql"

    @asynccontextmanager
    async def transaction(
        self, *, urgent: bool = False, wait: float = SQLITE_BUSY_SECONDS
    ) -> AsyncIterator[AsyncSession]:
        """Commits when the block ends, rolls everything back when it raises.

        `urgent`: a short transaction someone waits for (recording an inbound message before
        the platform gets its answer); on SQLite it goes before the ordinary ones waiting.
        `wait`: seconds to wait for this process's turn at SQLite's write lock before
        OperationalError "database is locked" (the statements themselves are not cut off:
        a cancelled SQLite call keeps its thread busy and would block the rollback).
        """
        if self._writer is None:
            async with self.sessions() as session, session.begin():
                yield session
            return
        async with self._writer.held(urgent, wait), self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def driver_transaction(
        self, *, urgent: bool = False, wait: float = SQLITE_BUSY_SECONDS
    ) -> AsyncIterator[Any]:
        """A transaction straight on the driver, without a session (the message path's
        record, storage/queries/turns.py): yields the pooled connection's driver connection,
        a storage/sqlite_loop.py:LoopConnection or an asyncpg Connection. Commits when the
        block ends, rolls back when it raises; `urgent` as for `transaction`, `wait` also
        bounds the wait for another process's write lock (sqlite3.OperationalError "database
        is locked" after it).
        Costs a third of a session's transaction (bench/bench_pipeline.py, issue 11)."""
        if self._writer is None:
            raw = await self.engine.raw_connection()
            driver: Any = raw.driver_connection  # asyncpg's Connection (untyped)
            try:
                async with driver.transaction():
                    yield driver
            finally:
                await greenlet_spawn(raw.close)
            return
        async with self._writer.held(urgent, wait):
            raw = await self.engine.raw_connection()
            loop_connection = raw.driver_connection
            assert isinstance(loop_connection, sqlite_loop.LoopConnection)  # _create_engine's
            try:
                await loop_connection.begin_immediate(wait)
                try:
                    yield loop_connection
                except BaseException:
                    await loop_connection.rollback()
                    raise
                await loop_connection.commit()
            finally:
                await greenlet_spawn(raw.close)

    @asynccontextmanager
    async def write_turn(
        self, *, urgent: bool = False, wait: float = SQLITE_BUSY_SECONDS
    ) -> AsyncIterator[None]:
        """This process's turn at SQLite's write lock, as `transaction` takes it (`urgent`
        and `wait` the same); nothing on PostgreSQL. For a transaction begun on the driver
        (storage/queries/turns.py:turn_transaction). Raises OperationalError "database is
        locked" after `wait` seconds."""
        if self._writer is None:
            yield
            return
        async with self._writer.held(urgent, wait):
            yield

    @property
    def writers_waiting(self) -> int:
        """SQLite: transactions of this process waiting for the write lock (0 elsewhere)."""
        return self._writer.waiting if self._writer is not None else 0

    async def ping(self) -> None:
        """Runs `SELECT 1` on a connection of the pool (the health probe, bot/server.py);
        raises what the driver raises when the database cannot answer."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        """Closes every pooled connection; call once when the process or test is done."""
        await self.engine.dispose()


class _WriterLock:
    """This process's turn at SQLite's write lock, waited for on the event loop.

    Two queues: an urgent transaction (recording an inbound message before the platform is
    answered, issue 10) goes before every waiting ordinary one, so a backlog of turns never
    makes a platform wait past its deadline for a one-row INSERT. Hand-over is direct: the
    releasing transaction gives the lock to the next waiter, nobody can barge in between.
    asyncio.Lock has no priorities, hence this small class.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._busy = False
        self._queues: tuple[deque[asyncio.Future[None]], ...] = (deque(), deque())
        self._owner: asyncio.Task[object] | None = None

    def _for_this_loop(self) -> None:
        # A Database may outlive one event loop (tests, CLI commands that run several
        # asyncio.run calls): a new loop starts with a free lock and empty queues.
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._busy, self._owner = loop, False, None
            self._queues = (deque(), deque())

    @property
    def waiting(self) -> int:
        """Transactions of this process waiting for the write lock now."""
        return sum(len(queue) for queue in self._queues)

    async def _acquire(self, urgent: bool) -> None:
        self._for_this_loop()
        if not self._busy:
            self._busy = True
            return
        assert self._loop is not None
        turn: asyncio.Future[None] = self._loop.create_future()
        queue = self._queues[0 if urgent else 1]
        queue.append(turn)
        try:
            await turn
        except BaseException:
            if turn.done() and not turn.cancelled():
                self._release()  # handed over just as the wait was given up: pass it on
            elif turn in queue:  # a release may have dropped it already (it skips those)
                queue.remove(turn)
            raise

    def _release(self) -> None:
        for queue in self._queues:
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)
                    return
        self._busy = False

    @asynccontextmanager
    async def held(
        self, urgent: bool = False, wait: float = SQLITE_BUSY_SECONDS
    ) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if task is not None and task is self._owner:
            # A transaction opened inside another one by the same task: it never got the
            # write lock before either (SQLite makes it wait busy_timeout, then fail), so it
            # keeps that behaviour instead of waiting here for itself forever.
            yield
            return
        try:
            async with asyncio.timeout(wait):
                await self._acquire(urgent)
        except TimeoutError:
            # What SQLite itself answers after busy_timeout: callers see the same error.
            raise OperationalError(
                "BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked")
            ) from None
        self._owner = task
        try:
            yield
        finally:
            self._owner = None
            self._release()


def _create_engine(url: str, search_path: str | None) -> AsyncEngine:
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # The stdlib driver on the event loop (storage/sqlite_loop.py says why).
        kwargs = {"async_creator": sqlite_loop.creator(database or ":memory:", SQLITE_BUSY_SECONDS)}
    else:
        # No JIT: its compilation costs 100s of ms per execution and pays off only for long
        # analytical queries, which the bot does not run; it was compiling the SLA scan's
        # statement (its row estimate over the cost threshold) at every scan, 300 ms of the
        # scan's 320 (EXPLAIN ANALYZE over bench/bench_scale.py's 1,000,000 tickets).
        settings = {"jit": "off"}
        if search_path:
            # Tests give each run its own schema on the shared PostgreSQL database.
            settings["search_path"] = search_path
        kwargs["connect_args"] = {"server_settings": settings}
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # dbapi_connection: SQLAlchemy's adapter over storage/sqlite_loop.py:LoopConnection, opened
    # with isolation_level=None so that SQLAlchemy's "begin" hook below controls transactions.
    # WAL lets readers run beside the writer.
    # busy_timeout stays 0: a busy database is waited for on the loop (storage/sqlite_loop.py).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection: Connection) -> None:
    # Take the write lock at the start of every transaction: a deferred transaction that
    # reads and then writes can fail with "database is locked" when another writer got in
    # between, instead of waiting for busy_timeout. Sent to the driver itself, so another
    # process's lock is waited for on the loop (storage/sqlite_loop.py), and without a trip
    # through SQLAlchemy's statement execution (a tenth of a millisecond per transaction).
    driver = connection.connection.driver_connection
    if isinstance(driver, sqlite_loop.LoopConnection):
        if driver.raw.in_transaction:
            # A turn begun on the driver (storage/queries/turns.py:turn_transaction) whose
            # handlers then use the ORM: the session joins the transaction under way.
            return
        await_(driver.begin_immediate(driver.busy_seconds))
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
