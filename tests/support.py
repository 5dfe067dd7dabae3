"""Test helpers: a controllable clock, app builders for each backend, a customer driver."""

from __future__ import annotations

import asyncio
import atexit
import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlmodel import col

from bot.app import App, build
from bot.settings import load_settings
from handlers.messages import Attachment, Inbound, Outbound
from handlers.router import handle
from storage.engine import Database
from storage.models import Ticket
from storage.vault import KEY_FILE_NAME

TZ = ZoneInfo("Asia/Shanghai")
PG_URL = os.environ.get("TEST_DATABASE_URL", "")
# PostgreSQL requires PII_KEY (every worker must share it): one fixed key for the tests.
PG_PII_KEY = "0Hq3yFsd2ZQn5JX5g1y8mB2c6mPq8eQ3cXo1bYk8v9s="
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


# Migrated PostgreSQL schemas of this test process, emptied after their test and used again:
# creating a schema and running the ten migrations took ~0.3 s of CPU per test here and more
# in the server; emptying the tables takes a few milliseconds. Dropped when the process ends.
_PG_EMPTIED: list[str] = []
_PG_MADE: list[str] = []


async def _new_pg_schema() -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = Database(PG_URL)
    try:
        async with admin.engine.begin() as connection:
            await connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    finally:
        await admin.dispose()
    if not _PG_MADE:
        atexit.register(lambda: asyncio.run(_drop_pg_schemas()))
    _PG_MADE.append(name)
    return name


# Per schema, the statements that empty it: its tables and sequences are read from the
# catalogue once (information_schema's views cost ~20-40 ms a test) and are the same after
# every test, every test's schema being at the migrations' head.
_EMPTYING_SCRIPTS: dict[str, str] = {}


async def _emptying_script(raw: Any, name: str) -> str:
    tables = await raw.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 "
        "AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version'",
        name,
    )
    sequences = await raw.fetch(
        "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = $1",
        name,
    )
    # Foreign keys are not checked while emptying (replica role), so any order does.
    script = [
        "SET LOCAL lock_timeout = '5s'",
        "SET LOCAL session_replication_role = replica",
    ]
    script += [f'DELETE FROM "{name}"."{row[0]}"' for row in tables]
    script += [f'ALTER SEQUENCE "{name}"."{row[0]}" RESTART' for row in sequences]
    return ";".join(script)


async def _empty_pg_schema(name: str) -> None:
    """Every row of `name`'s tables deleted and its sequences restarted, except Alembic's
    revision, and the schema put back for the next test; dropped instead when anything still
    holds a lock on it after 5 s or it cannot be emptied. DELETE, not TRUNCATE: the tables
    are small, and TRUNCATE's new files cost ~0.5 s a test."""
    admin = Database(PG_URL)
    try:
        async with admin.engine.begin() as connection:
            raw = (await connection.get_raw_connection()).driver_connection
            assert raw is not None
            script = _EMPTYING_SCRIPTS.get(name)
            if script is None:
                script = _EMPTYING_SCRIPTS[name] = await _emptying_script(raw, name)
            await raw.execute(script)
        _PG_EMPTIED.append(name)
    except Exception:  # a schema that cannot be emptied is not used again
        async with admin.engine.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        _PG_MADE.remove(name)
        _EMPTYING_SCRIPTS.pop(name, None)
    finally:
        await admin.dispose()


async def _drop_pg_schemas() -> None:
    admin = Database(PG_URL)
    try:
        async with admin.engine.begin() as connection:
            for name in _PG_MADE:
                await connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        await admin.dispose()


@asynccontextmanager
async def database_url(backend: str) -> AsyncIterator[str]:
    """For a real process: "" (SQLite in DATA_DIR) or a fresh PostgreSQL database's URL.

    A process has no schema setting, so PostgreSQL gets a database of its own, dropped after.
    """
    if backend == "sqlite":
        yield ""
        return
    name = f"cb_{uuid.uuid4().hex[:10]}"
    admin = Database(PG_URL)
    autocommit = admin.engine.execution_options(isolation_level="AUTOCOMMIT")
    async with autocommit.connect() as connection:
        await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with autocommit.connect() as connection:
            await connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.dispose()


@asynccontextmanager
async def make_app(
    backend: str, data_dir: Path, clock: FakeClock, **env: str
) -> AsyncIterator[App]:
    """The App as every command builds it (`bot/app.py:build`), on SQLite in `data_dir` or in
    a fresh PostgreSQL schema; `env` are settings by name (e.g. TELEGRAM_BOT_TOKEN)."""
    environ = {"DATA_DIR": str(data_dir), **env}
    if backend == "postgresql":
        schema = _PG_EMPTIED.pop() if _PG_EMPTIED else await _new_pg_schema()
        environ["DATABASE_URL"] = PG_URL
        environ.setdefault("PII_KEY", PG_PII_KEY)
        try:
            app = await build(load_settings(environ, None), clock=clock, search_path=schema)
            try:
                yield app
            finally:
                await app.close()
        finally:
            await _empty_pg_schema(schema)
    else:
        if not (set(env) & {"PII_KEY", "DATABASE_URL"}):
            await _copy_sqlite_template(data_dir, clock)
        app = await build(load_settings(environ, None), clock=clock)
        try:
            yield app
        finally:
            await app.close()


# A SQLite data folder migrated once per test process (by Alembic, as every start does) and
# copied into each test's own folder: running the ten migrations took ~0.1-0.2 s of CPU per
# test, most of the suite's set-up. `build` still runs its upgrade, which finds the copy at
# head. The copy carries the template's generated key file with its key check row.
_SQLITE_TEMPLATE: Path | None = None
_DATA_FILES = ("complaints.db", KEY_FILE_NAME)


async def _copy_sqlite_template(data_dir: Path, clock: FakeClock) -> None:
    global _SQLITE_TEMPLATE
    if data_dir.exists() and any(data_dir.iterdir()):
        return  # a test's own data folder (a key or database put there on purpose) stays
    if _SQLITE_TEMPLATE is None:
        root = tempfile.mkdtemp(prefix="cb-template-")
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        folder = Path(root) / "data"
        await (await build(load_settings({"DATA_DIR": str(folder)}, None), clock=clock)).close()
        _SQLITE_TEMPLATE = folder
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in _DATA_FILES:
        shutil.copyfile(_SQLITE_TEMPLATE / name, data_dir / name)


_ids = itertools.count(1)


@dataclass
class Person:
    """Someone writing to the bot on one channel, recording every answer."""

    app: App
    user_id: str
    channel: str = "console"
    locale: str | None = None
    heard: list[Outbound] = field(default_factory=list)

    async def say(
        self,
        text: str = "",
        *attachments: Attachment,
        choice: str | None = None,
        message_id: str | None = None,
        reply_to: str | None = None,
    ) -> str:
        inbound = Inbound(
            channel=self.channel,
            user_id=self.user_id,
            message_id=message_id or f"m{next(_ids)}",
            received_at=self.app.services.now(),
            text=text,
            attachments=attachments,
            choice=choice,
            locale=self.locale,
            reply_to=reply_to,
        )
        replies = await handle(self.app.services, inbound)
        self.heard.extend(replies)
        return "\n".join(r.text for r in replies)

    @property
    def last(self) -> Outbound:
        return self.heard[-1]


async def tickets(app: App) -> list[Ticket]:
    """Every ticket, in the order they were filed."""
    async with app.db.transaction() as session:
        query = select(Ticket).order_by(col(Ticket.id))
        return list((await session.execute(query)).scalars().all())


def photo(data_dir: Path, name: str = "photo.jpg", size: int = 2048) -> Attachment:
    """An image the adapter has stored under DATA_DIR, as a channel would hand it over."""
    relative = Path("evidence") / "test" / f"{uuid.uuid4().hex}-{name}"
    (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
    (data_dir / relative).write_bytes(b"\xff\xd8\xff" + b"0" * (size - 3))
    return Attachment("photo", relative.as_posix(), None, "image/jpeg", size, name)
