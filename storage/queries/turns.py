"""The message path's statements: record an inbound message, open its turn, close it.

Issue 11 item 2: a mid-dialogue answer is 4 statements besides BEGIN/COMMIT in all (record;
claim with everything the turn needs; save the conversation; mark the message processed),
each written once here as plain SQL and sent straight to the driver of the caller's
transaction: the stdlib `sqlite3` connection on the event loop (storage/sqlite_loop.py), or
asyncpg, whose per-connection cache prepares each text once. Measured with
bench/bench_pipeline.py: an ORM statement costs about 0.28 ms on SQLite, one of these a few
microseconds. The schema is still the sqlmodel models' (storage/models.py) and the Alembic
migrations'; the column names below are theirs, and `bind_time` converts datetimes with the
models' own column type (storage/types.py:UTCDateTime), so both backends store what the ORM
would. The ORM session of the same transaction stays usable beside these statements (the
turn's handlers file tickets with it): they share one connection and one transaction.

Every function takes the caller's `AsyncSession`; datetimes are aware (any zone) in.
"""

from __future__ import annotations

import json
import re
import sqlite3
import weakref
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.util import greenlet_spawn
from sqlmodel import col

from storage.engine import SQLITE_BUSY_SECONDS, Database
from storage.models import Agent, Conversation, Customer, Evidence, Ticket
from storage.queries import agents
from storage.sqlite_loop import LoopConnection
from storage.types import UTCDateTime


def _driver_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [sqlite3.Error, SQLAlchemyError, OSError, TimeoutError]
    try:
        import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type hints
    except ImportError:  # a SQLite-only installation
        return tuple(errors)
    return (*errors, asyncpg.PostgresError, asyncpg.InterfaceError)


# What a statement of this module can raise when the database cannot answer (locked past
# the wait, down, refusing): the callers' "not recorded, let the platform retry".
DRIVER_ERRORS: tuple[type[BaseException], ...] = _driver_errors()


class Link(Protocol):
    """Plain statements on the driver of one open transaction ("?" placeholders)."""

    async def row(self, sql: str, params: Sequence[Any]) -> Sequence[Any] | None:
        """The first row `sql` returns, or None."""
        ...

    async def run(self, sql: str, params: Sequence[Any]) -> None:
        """Runs `sql`, results discarded."""
        ...

    async def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Runs `sql` once per parameter row."""
        ...

    async def rows(self, sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        """Every row `sql` returns, as the driver gives them (no type conversion)."""
        ...

    def bind_time(self, value: datetime) -> Any:
        """An aware datetime as the driver stores it in a UTCDateTime column."""
        ...


# Per dialect (an engine's lives as long as the engine): building the processor took a
# twentieth of a message's CPU when done for every transaction (py-spy, bench/bench_turn.py).
_TIME_BINDERS: weakref.WeakKeyDictionary[Dialect, Any] = weakref.WeakKeyDictionary()


def _time_binder(dialect: Dialect) -> Any:
    # The dialect's own implementation (SQLite's DATETIME writes "YYYY-MM-DD HH:MM:SS.ffffff"
    # text): exactly what the ORM writes, so stored times compare as equals and in order.
    processor = _TIME_BINDERS.get(dialect)
    if processor is None:
        processor = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
        assert processor is not None  # a TypeDecorator always has one
        _TIME_BINDERS[dialect] = processor
    return processor


class _SqliteLink:
    """sqlite3 on the event loop: the transaction holds the write lock (BEGIN IMMEDIATE),
    so no statement here waits for another process."""

    postgresql = False

    def __init__(self, connection: LoopConnection, dialect: Dialect) -> None:
        self._raw = connection.raw
        self._time = _time_binder(dialect)

    async def row(self, sql: str, params: Sequence[Any]) -> Sequence[Any] | None:
        found: Sequence[Any] | None = self._raw.execute(sql, params).fetchone()
        return found

    async def run(self, sql: str, params: Sequence[Any]) -> None:
        self._raw.execute(sql, params)

    async def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._raw.executemany(sql, rows)

    async def rows(self, sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        found: list[Sequence[Any]] = self._raw.execute(sql, params).fetchall()
        return found

    def bind_time(self, value: datetime) -> Any:
        return self._time(value)


_PLACEHOLDER = re.compile(r"\?")
_NUMBERED: dict[str, str] = {}


def _numbered(sql: str) -> str:
    """`sql` with asyncpg's $1, $2 ... for its "?" placeholders, converted once per text."""
    converted = _NUMBERED.get(sql)
    if converted is None:
        count = iter(range(1, 1_000))
        converted = _NUMBERED[sql] = _PLACEHOLDER.sub(lambda _: f"${next(count)}", sql)
    return converted


class _PostgresLink:
    """asyncpg in the transaction SQLAlchemy began on the same connection."""

    postgresql = True

    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self._connection = connection
        self._time = _time_binder(dialect)

    async def row(self, sql: str, params: Sequence[Any]) -> Sequence[Any] | None:
        found: Sequence[Any] | None = await self._connection.fetchrow(_numbered(sql), *params)
        return found

    async def run(self, sql: str, params: Sequence[Any]) -> None:
        await self._connection.execute(_numbered(sql), *params)

    async def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        await self._connection.executemany(_numbered(sql), rows)

    async def rows(self, sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        found: list[Sequence[Any]] = await self._connection.fetch(_numbered(sql), *params)
        return found

    def bind_time(self, value: datetime) -> Any:
        return self._time(value)


# Where a session keeps its link: one look-up per transaction (storage/engine.py:Database.
# transaction makes a new session for each), not one per statement.
_LINK = "storage.queries.turns.link"


async def link(session: AsyncSession) -> _SqliteLink | _PostgresLink:
    """The driver connection of the session's transaction, begun if it was not yet; kept in
    `session.info` for the session's later calls, so the session must be one transaction's
    (as storage/engine.py:Database.transaction's are).

    Raises whatever beginning the transaction raises (sqlite3.OperationalError "database is
    locked" after the busy wait on SQLite; asyncpg's errors on PostgreSQL).
    """
    known: _SqliteLink | _PostgresLink | None = session.info.get(_LINK)
    if known is not None:
        return known
    connection = await session.connection()  # begins the transaction (BEGIN IMMEDIATE)
    raw = await connection.get_raw_connection()
    dialect = connection.dialect
    driver = raw.driver_connection
    made: _SqliteLink | _PostgresLink
    if isinstance(driver, LoopConnection):
        made = _SqliteLink(driver, dialect)
    else:
        adapted: Any = raw.dbapi_connection
        # SQLAlchemy's asyncpg adapter sends BEGIN lazily, with its first statement: begin
        # it now, so that these statements are inside the transaction, not autocommitted.
        if getattr(adapted, "_transaction", None) is None:
            await adapted._start_transaction()
        made = _PostgresLink(driver, dialect)
    session.info[_LINK] = made
    return made


# --- a turn's transaction ---------------------------------------------------------------
@asynccontextmanager
async def turn_transaction(
    database: Database, *, wait: float = SQLITE_BUSY_SECONDS
) -> AsyncIterator[AsyncSession]:
    """A turn's transaction, begun on the driver: yields a session whose statements of this
    module go straight to the driver (its link is set before any use) and whose ORM work,
    if a handler does any, joins the same transaction on the same connection. Commits when
    the block ends (through the session when the ORM was used, else on the driver), rolls
    back when it raises. A turn that never touches the ORM pays for no session transaction:
    its begin, checkout and commit cost about 0.17 ms more than the driver's
    (bench/bench_turn.py, issue 11 item 2).

    `wait` as for storage/engine.py:Database.transaction. Raises what beginning raises
    (OperationalError "database is locked" after `wait` on SQLite; asyncpg's errors).
    """
    async with database.write_turn(wait=wait):
        raw = await database.engine.raw_connection()
        # A Connection over the checked-out connection: it owns it from here (its close
        # checks it back in), and the session binds to it without a checkout of its own.
        connection = Connection(database.engine.sync_engine, connection=raw)
        try:
            driver: Any = raw.driver_connection
            if isinstance(driver, LoopConnection):
                await driver.begin_immediate(wait)
            else:
                adapted: Any = raw.dbapi_connection  # SQLAlchemy's asyncpg adapter (untyped)
                await adapted._start_transaction()  # so the adapter knows its transaction
            session = database.sessions(bind=AsyncConnection(database.engine, connection))
            session.info[_LINK] = driver_link(driver, connection.dialect)
            try:
                yield session
                await _end(session, raw, commit=True)
            except BaseException:
                await _end(session, raw, commit=False)  # also when the commit itself failed
                raise
        finally:
            await greenlet_spawn(connection.close)


def _orm_used(session: AsyncSession) -> bool:
    sync = session.sync_session
    return sync.in_transaction() or bool(sync.new or sync.dirty or sync.deleted)


async def _end(session: AsyncSession, raw: Any, *, commit: bool) -> None:
    # The ORM's work first: a flush writes what the handlers changed. When the session used
    # the connection it began the Connection's transaction, and its commit or rollback ends
    # the one database transaction; a session that never reached the connection (or none
    # used at all) leaves it open, and the driver ends it.
    if _orm_used(session):
        await (session.commit() if commit else session.rollback())
        await session.close()
    driver: Any = raw.driver_connection
    if isinstance(driver, LoopConnection):
        if driver.raw.in_transaction:
            await (driver.commit() if commit else driver.rollback())
        return
    adapted = raw.dbapi_connection  # asyncpg's, through SQLAlchemy's adapter that began it
    if adapted._transaction is not None:
        await greenlet_spawn(adapted.commit if commit else adapted.rollback)


# --- recording ------------------------------------------------------------------------------
_RECORD = (
    "INSERT INTO inbound_messages (channel, message_id, user_id, received_at, body_enc,"
    " attempts) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (channel, message_id) DO NOTHING"
    " RETURNING id, EXISTS (SELECT 1 FROM inbound_messages AS e WHERE e.channel = ?"
    " AND e.user_id = ? AND e.processed_at IS NULL AND e.id < inbound_messages.id)"
)
_RECORDED = "SELECT id, processed_at FROM inbound_messages WHERE channel = ? AND message_id = ?"
_EARLIER = (
    "SELECT id FROM inbound_messages WHERE channel = ? AND user_id = ?"
    " AND processed_at IS NULL AND id < ? ORDER BY id"
)


@dataclass(frozen=True, slots=True)
class Record:
    """What recording a message found: its row id, whether it was processed already (a
    platform's retry), and the ids of the sender's earlier unprocessed rows, oldest first."""

    id: int
    processed: bool
    earlier: tuple[int, ...]


def driver_link(driver: Any, dialect: Dialect) -> _SqliteLink | _PostgresLink:
    """A `Link` over a driver connection in a transaction (storage/engine.py:Database.
    driver_transaction)."""
    if isinstance(driver, LoopConnection):
        return _SqliteLink(driver, dialect)
    return _PostgresLink(driver, dialect)


async def record_inbound(
    database: Database,
    *,
    channel: str,
    message_id: str,
    user_id: str,
    received_at: datetime,
    body_enc: str,
    urgent: bool = True,
    wait: float = SQLITE_BUSY_SECONDS,
) -> Record:
    """Writes the `inbound_messages` row once (ON CONFLICT DO NOTHING on (channel,
    message_id)) in a short transaction of its own, on the driver (`urgent` and `wait` as
    for storage/engine.py:Database.transaction). One statement for a new message with
    nothing left before it; a retry reads the first attempt's row, and earlier unprocessed
    rows are listed by a second statement only when the first said there are some.

    Raises TimeoutError or sqlite3.OperationalError ("database is locked") when SQLite's
    write lock does not come within `wait` seconds; database errors (sqlite3.Error,
    asyncpg's, OSError) propagate.
    """
    async with database.driver_transaction(urgent=urgent, wait=wait) as driver:
        db = driver_link(driver, database.engine.dialect)
        found = await db.row(
            _RECORD,
            (channel, message_id, user_id, db.bind_time(received_at), body_enc, channel, user_id),
        )
        if found is None:  # a platform retry: the first attempt's row
            first = await db.row(_RECORDED, (channel, message_id))
            assert first is not None  # the conflict was with this row
            return Record(int(first[0]), first[1] is not None, ())
        row_id, any_earlier = int(found[0]), bool(found[1])
        if not any_earlier:
            return Record(row_id, False, ())
        earlier = await _all_rows(db, _EARLIER, (channel, user_id, row_id))
        return Record(row_id, False, tuple(int(r[0]) for r in earlier))


async def _all_rows(
    db: _SqliteLink | _PostgresLink, sql: str, params: Sequence[Any]
) -> list[Sequence[Any]]:
    if isinstance(db, _SqliteLink):
        rows: list[Sequence[Any]] = db._raw.execute(sql, params).fetchall()
        return rows
    fetched: list[Sequence[Any]] = await db._connection.fetch(_numbered(sql), *params)
    return fetched


# --- opening a turn -------------------------------------------------------------------------
# The message's row (claimed), the sender's conversation (locked), what is on file about
# them, whether they are a registered agent, and whether pushes wait for them as
# undeliverable: everything a turn reads before its handler, in one statement.
_CLAIM = (
    "SELECT i.processed_at, i.reply_enc, c.id, c.state, c.locale, c.data_enc,"
    " cu.locale, cu.unreachable_reason,"
    " EXISTS (SELECT 1 FROM agents AS a WHERE a.channel = i.channel"
    " AND a.user_id = i.user_id AND a.active),"
    " EXISTS (SELECT 1 FROM outbox AS o WHERE o.user_id = i.user_id"
    " AND o.channel = i.channel AND o.status = 'undeliverable'),"
    " c.updated_at, cu.id"
    " FROM inbound_messages AS i"
    " JOIN conversations AS c ON c.channel = i.channel AND c.user_id = i.user_id"
    " LEFT JOIN customers AS cu ON cu.channel = i.channel AND cu.user_id = i.user_id"
    " WHERE i.id = ?"
)
# PostgreSQL: a second worker's turn for the same message (or the same person) waits here
# until the first commits; recovery passes locked rows by. SQLite: BEGIN IMMEDIATE already
# serialises writers.
_LOCK = " FOR UPDATE OF i, c"
_LOCK_SKIP = " FOR UPDATE OF i, c SKIP LOCKED"
_NEW_CONVERSATION = (
    "INSERT INTO conversations (channel, user_id, state, updated_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (channel, user_id) DO NOTHING"
)


@dataclass(slots=True)
class ConversationRow:
    """A `conversations` row as a turn holds it; `state` and `locale` change in the turn
    and `save_turn` writes them back."""

    id: int
    channel: str
    user_id: str
    state: str
    locale: str | None
    data_enc: str | None
    updated_at: datetime | None = None  # the last turn's time (aware UTC): sessions read it


@dataclass(frozen=True, slots=True)
class Opened:
    """What `open_turn` read: `fresh` is False when the message was processed before (then
    `reply_enc` holds its stored replies, None when none were kept). `on_file` is True when
    the sender has a `customers` row: filing writes it (`file_customer`) with the ticket, so
    someone without one has no ticket either."""

    fresh: bool
    reply_enc: str | None
    conversation: ConversationRow | None
    customer_locale: str | None
    unreachable: bool
    agent: bool
    held: bool
    on_file: bool = False


_NOT_FOUND = Opened(False, None, None, None, False, False, False)


async def open_turn(
    session: AsyncSession,
    *,
    row_id: int,
    channel: str,
    user_id: str,
    new_state: str,
    now: datetime,
    skip_locked: bool = False,
) -> Opened:
    """Claims the message's row and locks the sender's conversation (made in `new_state`
    when they have none): one statement for someone known, three for someone new.

    Returns `fresh=False` when the row was processed before, does not exist, or (with
    `skip_locked`, PostgreSQL) another transaction holds it. Database errors propagate.
    """
    db = await link(session)
    sql = _CLAIM + ((_LOCK_SKIP if skip_locked else _LOCK) if db.postgresql else "")
    found = await db.row(sql, (row_id,))
    if found is None:  # someone new (or no such row): make the conversation, then claim
        await db.run(_NEW_CONVERSATION, (channel, user_id, new_state, db.bind_time(now)))
        found = await db.row(sql, (row_id,))
        if found is None:
            return _NOT_FOUND
    if found[0] is not None:
        return Opened(False, found[1], None, None, False, False, False)
    conversation = ConversationRow(
        int(found[2]), channel, user_id, found[3], found[4], found[5], _read_time(found[10])
    )
    return Opened(
        True,
        None,
        conversation,
        found[6],
        found[7] is not None,
        bool(found[8]),
        bool(found[9]),
        found[11] is not None,
    )


def read_time(value: Any) -> datetime | None:
    """A datetime column's value as the driver returns it (naive UTC datetime, or ISO text on
    SQLite) as the ORM reads it: aware UTC; None stays None."""
    return _read_time(value)


def _read_time(value: Any) -> datetime | None:
    # The driver's value (naive UTC datetime, or ISO text on SQLite) as the ORM would read it.
    # UTCDateTime reads without its dialect argument, which is typed as required.
    return _UTC_TIME.process_result_value(value, None)  # type: ignore[arg-type]


# One instance: making a TypeDecorator per value cost more than reading the value (the
# report reads five per ticket of a month).
_UTC_TIME = UTCDateTime()


_STORED_REPLIES = "SELECT reply_enc FROM inbound_messages WHERE id = ?"


async def stored_replies(session: AsyncSession, row_id: int) -> str | None:
    """The sealed replies kept with a processed message, None when there are none."""
    db = await link(session)
    found = await db.row(_STORED_REPLIES, (row_id,))
    return None if found is None else found[0]


# --- closing a turn -------------------------------------------------------------------------
_SAVE_CONVERSATION = (
    "UPDATE conversations SET state = ?, locale = ?, data_enc = ?, updated_at = ? WHERE id = ?"
)
_PROCESSED = "UPDATE inbound_messages SET reply_enc = ?, processed_at = ? WHERE id = ?"
_OUTBOX = (
    "INSERT INTO outbox (channel, user_id, ticket_id, kind, priority, payload_enc, status,"
    " attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)"
)


@dataclass(frozen=True, slots=True)
class Push:
    """One new outbox row: a sealed message for (channel, user_id), pending from now."""

    channel: str
    user_id: str
    kind: str
    priority: int
    payload_enc: str
    ticket_id: int | None = None


# PostgreSQL: both of a turn's closing writes in one round trip (a data-modifying WITH,
# which SQLite lacks: there they are two statements).
_CLOSE_TURN = (
    "WITH saved AS (UPDATE conversations SET state = ?, locale = ?, data_enc = ?,"
    " updated_at = ? WHERE id = ? RETURNING id)"
    " UPDATE inbound_messages SET reply_enc = ?, processed_at = ? WHERE id = ?"
)


async def close_turn(
    session: AsyncSession,
    conversation: ConversationRow,
    data_enc: str,
    row_id: int,
    reply_enc: str,
    now: datetime,
) -> None:
    """Closes a turn: writes its conversation back (state, locale, sealed data, `now`) and
    marks its message processed with the sealed replies kept for retries. One statement on
    PostgreSQL, two on SQLite (issue 11 item 2)."""
    db = await link(session)
    at = db.bind_time(now)
    saved = (conversation.state, conversation.locale, data_enc, at, conversation.id)
    if db.postgresql:
        await db.run(_CLOSE_TURN, (*saved, reply_enc, at, row_id))
        return
    await db.run(_SAVE_CONVERSATION, saved)
    await db.run(_PROCESSED, (reply_enc, at, row_id))


async def mark_processed(session: AsyncSession, row_id: int, reply_enc: str, now: datetime) -> None:
    """Sets the message's `processed_at` to `now` and keeps its sealed replies for retries."""
    db = await link(session)
    await db.run(_PROCESSED, (reply_enc, db.bind_time(now), row_id))


async def push(session: AsyncSession, pushes: Sequence[Push], now: datetime) -> None:
    """Adds pending outbox rows, due `now` (one statement for all of them; none: nothing).
    Claiming, leasing and settling them is storage/outbox.py's."""
    if not pushes:
        return
    db = await link(session)
    at = db.bind_time(now)
    rows = [
        (p.channel, p.user_id, p.ticket_id, p.kind, p.priority, p.payload_enc, at, at)
        for p in pushes
    ]
    await db.run_many(_OUTBOX, rows)


async def absorb(
    session: AsyncSession, channel: str, message_ids: Sequence[str], reply_enc: str, now: datetime
) -> None:
    """Marks the other unprocessed messages an album's first stands for (`message_ids` of
    `channel`) processed at `now`, keeping `reply_enc` (no replies) for their retries."""
    if not message_ids:
        return
    db = await link(session)
    marks = ", ".join("?" for _ in message_ids)
    await db.run(
        "UPDATE inbound_messages SET processed_at = ?, reply_enc = ? WHERE channel = ?"
        f" AND message_id IN ({marks}) AND processed_at IS NULL",
        (db.bind_time(now), reply_enc, channel, *message_ids),
    )


# --- what intake reads and files ------------------------------------------------------------
_CUSTOMER = (
    "SELECT id, locale, name_enc, phone_enc, email_enc, unreachable_reason FROM customers"
    " WHERE channel = ? AND user_id = ?"
)


@dataclass(frozen=True, slots=True)
class CustomerOnFile:
    """What is on file about a customer (sealed values as stored)."""

    id: int
    locale: str
    name_enc: str | None
    phone_enc: str | None
    email_enc: str | None
    unreachable_reason: str | None


async def customer_on_file(
    session: AsyncSession, channel: str, user_id: str
) -> CustomerOnFile | None:
    """The `customers` row of (channel, user_id), None for someone new; one statement."""
    db = await link(session)
    found = await db.row(_CUSTOMER, (channel, user_id))
    return None if found is None else CustomerOnFile(*found)


async def customer_entity(session: AsyncSession, channel: str, user_id: str) -> Customer | None:
    """The `customers` row of (channel, user_id) as an ORM entity of the session, for a caller
    that changes it through the session (handlers/ticket_messages.py); None for someone new."""
    statement = select(Customer).where(
        col(Customer.channel) == channel, col(Customer.user_id) == user_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


_PENDING_EVIDENCE = (
    "SELECT count(*) FROM evidence WHERE channel = ? AND user_id = ? AND ticket_id IS NULL"
)


async def pending_evidence(session: AsyncSession, channel: str, user_id: str) -> int:
    """How many evidence rows (channel, user_id) sent that are on no ticket yet (the
    complaint being collected); rows the session added must be flushed first."""
    db = await link(session)
    found = await db.row(_PENDING_EVIDENCE, (channel, user_id))
    return int(found[0]) if found is not None else 0


_ATTACH_EVIDENCE = (
    "UPDATE evidence SET ticket_id = ? WHERE channel = ? AND user_id = ? AND ticket_id IS NULL"
)


async def attach_pending_evidence(
    session: AsyncSession, channel: str, user_id: str, ticket_id: int
) -> None:
    """Puts every evidence row of (channel, user_id) that is on no ticket on `ticket_id`
    (one statement; ORM entities of them loaded earlier in the session are not refreshed)."""
    db = await link(session)
    await db.run(_ATTACH_EVIDENCE, (ticket_id, channel, user_id))


# The customer filed (made or updated), and in the same statement what the filing needs to
# know about them: evidence waiting for the ticket, an earlier ticket about the object, and
# the active agents the new ticket is announced to (handlers/notify.py), as JSON
# [[id, channel, user_id, name, role, created_at], ...] by id. On PostgreSQL the day's
# ticket sequence is taken in it too (a data-modifying WITH); SQLite has none, so it takes
# it in a second statement (`_NEXT_SEQUENCE`).
_UPSERT_CUSTOMER = (
    "INSERT INTO customers (channel, user_id, locale, name_enc, phone_enc, email_enc,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, user_id) DO UPDATE SET"
    " locale = excluded.locale, name_enc = excluded.name_enc, phone_enc = excluded.phone_enc,"
    " email_enc = excluded.email_enc"
    " RETURNING id,"
    " (SELECT count(*) FROM evidence AS e WHERE e.channel = customers.channel"
    " AND e.user_id = customers.user_id AND e.ticket_id IS NULL),"
    " (SELECT t.number FROM tickets AS t WHERE t.customer_id = customers.id"
    " AND t.object_key = ? ORDER BY t.id DESC LIMIT 1),"
)
_FILE_CUSTOMER_SQLITE = (
    _UPSERT_CUSTOMER
    + " (SELECT json_group_array(json_array(a.id, a.channel, a.user_id, a.name, a.role,"
    " a.created_at))"
    " FROM (SELECT id, channel, user_id, name, role, created_at FROM agents WHERE active"
    " ORDER BY id) AS a)"
)
_FILE_CUSTOMER_POSTGRESQL = (
    "WITH sequence AS (INSERT INTO ticket_counters (day, last) VALUES (?, 1)"
    " ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last) "
    + _UPSERT_CUSTOMER
    + " (SELECT coalesce(json_agg(json_build_array(a.id, a.channel, a.user_id, a.name, a.role,"
    " a.created_at)"
    " ORDER BY a.id), '[]'::json)::text FROM agents AS a WHERE a.active),"
    " (SELECT last FROM sequence)"
)


@dataclass(frozen=True, slots=True)
class FiledCustomer:
    """The customer row a filing made or updated, the evidence waiting for the ticket, the
    number of their latest ticket about the same object (None: no repeat), and the day's
    ticket sequence taken for the filing."""

    id: int
    pending_evidence: int
    earlier_number: str | None
    sequence: int


# The ticket's INSERT, written once from the model's own table (storage/models.py), so the
# columns stay the schema's. Through the ORM it cost about a twentieth of a message's CPU
# in the benchmark's mix (its unit of work for one row; py-spy, bench/bench_turn.py).
_TICKET_TABLE: Any = Ticket.__table__  # type: ignore[attr-defined]  # SQLModel's table
_TICKET_COLUMNS = tuple(c for c in _TICKET_TABLE.columns if c.name != "id")
_TICKET_TIMES = frozenset(c.name for c in _TICKET_COLUMNS if isinstance(c.type, UTCDateTime))
_INSERT_TICKET = (
    f"INSERT INTO tickets ({', '.join(c.name for c in _TICKET_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in _TICKET_COLUMNS)}) RETURNING id"
)


async def insert_ticket(session: AsyncSession, ticket: Ticket) -> int:
    """Writes a new `ticket` (id None) with one INSERT on the driver, sets its id and puts it
    in the session as a persistent row, so later changes to it in the same transaction are
    flushed as UPDATEs by the ORM. Returns the id. Raises what the driver raises (a number
    already taken: the unique constraint's IntegrityError)."""
    db = await link(session)
    values = []
    for column in _TICKET_COLUMNS:
        value = getattr(ticket, column.name)
        if value is not None and column.name in _TICKET_TIMES:
            value = db.bind_time(value)
        values.append(value)
    found = await db.row(_INSERT_TICKET, values)
    assert found is not None  # RETURNING gives the new row's id
    ticket.id = int(found[0])
    make_transient_to_detached(ticket)
    session.add(ticket)
    return ticket.id


async def file_customer(
    session: AsyncSession,
    *,
    channel: str,
    user_id: str,
    locale: str,
    name_enc: str | None,
    phone_enc: str | None,
    email_enc: str | None,
    object_key: str | None,
    day_key: str,
    now: datetime,
) -> FiledCustomer:
    """Creates or updates the customer (channel, user_id) with the sealed contact and the
    locale, counts their pending evidence, finds their latest ticket with `object_key`
    (none when `object_key` is None) and takes the day's next ticket sequence for `day_key`
    ("YYYYMMDD", as `next_sequence`): one statement on PostgreSQL, two on SQLite. The
    active agents it reads on the way are kept for the transaction
    (storage/queries/agents.py:keep_active). Database errors propagate."""
    db = await link(session)
    params = (channel, user_id, locale, name_enc, phone_enc, email_enc, db.bind_time(now))
    if db.postgresql:
        found = await db.row(_FILE_CUSTOMER_POSTGRESQL, (day_key, *params, object_key))
    else:
        found = await db.row(_FILE_CUSTOMER_SQLITE, (*params, object_key))
    assert found is not None  # an upsert with RETURNING always returns its row
    sequence = int(found[4]) if db.postgresql else await next_sequence(session, day_key)
    agents.keep_active(
        session,
        [
            Agent(
                id=int(a[0]),
                channel=a[1],
                user_id=a[2],
                name=a[3],
                role=a[4],
                active=True,
                created_at=_read_time(a[5]) or now,  # never NULL: a NOT NULL column
            )
            for a in json.loads(found[3])
        ],
    )
    return FiledCustomer(int(found[0]), int(found[1]), found[2] if object_key else None, sequence)


_EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, actor_kind, actor_id, kind, data, text_enc)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


async def add_event(
    session: AsyncSession,
    *,
    ticket_id: int,
    at: datetime,
    actor_kind: str,
    actor_id: str | None,
    kind: str,
    data: str | None,
    text_enc: str | None,
) -> None:
    """Adds one audit-trail row (`ticket_events`) for a ticket that exists in the database
    (flushed); `data` is JSON text without personal data, `text_enc` sealed free text."""
    db = await link(session)
    await db.run(_EVENT, (ticket_id, db.bind_time(at), actor_kind, actor_id, kind, data, text_enc))


_NEXT_SEQUENCE = (
    "INSERT INTO ticket_counters (day, last) VALUES (?, 1) ON CONFLICT (day)"
    " DO UPDATE SET last = ticket_counters.last + 1 RETURNING last"
)


async def next_sequence(session: AsyncSession, day_key: str) -> int:
    """The day's next ticket sequence (1, 2, ...) for `day_key` ("YYYYMMDD"): one atomic
    upsert on the day's counter row, so concurrent callers on any worker never share one."""
    db = await link(session)
    found = await db.row(_NEXT_SEQUENCE, (day_key,))
    assert found is not None  # an upsert with RETURNING always returns its row
    return int(found[0])


# --- off the sender's own turn ----------------------------------------------------------------
async def locked_conversation(
    session: AsyncSession, channel: str, user_id: str
) -> Conversation | None:
    """Someone's `conversations` row as an ORM entity, locked for this transaction (FOR
    UPDATE on PostgreSQL), to change through the session; None when they have none."""
    statement = (
        select(Conversation)
        .where(col(Conversation.channel) == channel, col(Conversation.user_id) == user_id)
        .with_for_update()
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def drop_pending_evidence(session: AsyncSession, channel: str, user_id: str) -> list[str]:
    """Deletes the evidence rows of (channel, user_id) on no ticket yet; returns their file
    paths (relative to DATA_DIR, rows without a file left out) for the caller to remove."""
    rows = (
        (
            await session.execute(
                select(Evidence).where(
                    col(Evidence.channel) == channel,
                    col(Evidence.user_id) == user_id,
                    col(Evidence.ticket_id).is_(None),
                )
            )
        )
        .scalars()
        .all()
    )
    if rows:
        await session.execute(
            delete(Evidence).where(col(Evidence.id).in_([row.id for row in rows]))
        )
    return [row.path for row in rows if row.path]


async def tickets_of(session: AsyncSession, channel: str, user_id: str) -> list[Ticket]:
    """Every ticket of (channel, user_id) as ORM entities, newest first."""
    statement = (
        select(Ticket)
        .where(col(Ticket.channel) == channel, col(Ticket.user_id) == user_id)
        .order_by(col(Ticket.id).desc())
    )
    return list((await session.execute(statement)).scalars().all())


async def agent_name(session: AsyncSession, agent_id: int) -> str | None:
    """The name of agent `agent_id`, None when there is no such agent."""
    agent = await session.get(Agent, agent_id)
    return agent.name if agent else None
