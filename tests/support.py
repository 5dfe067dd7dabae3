"""Test helpers: a controllable clock, app builders for each backend, a customer driver."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
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


@asynccontextmanager
async def pg_schema() -> AsyncIterator[str]:
    """A fresh schema on the test PostgreSQL, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = Database(PG_URL)
    async with admin.engine.begin() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    try:
        yield name
    finally:
        async with admin.engine.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
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
        async with pg_schema() as schema:
            environ["DATABASE_URL"] = PG_URL
            environ.setdefault("PII_KEY", PG_PII_KEY)
            app = await build(load_settings(environ, None), clock=clock, search_path=schema)
            try:
                yield app
            finally:
                await app.close()
    else:
        app = await build(load_settings(environ, None), clock=clock)
        try:
            yield app
        finally:
            await app.close()


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
