"""Nothing a console accepts is lost to a busy SQLite file (newcomer trial 18): 16 `chat`
consoles on one DATA_DIR, and 3 died with `NotRecorded: database is locked`, their last line
lost. A console's record waits for the write lock as long as any writer (with backoff, on
the event loop); when it still cannot record a line, the person is told so in their language
and the session goes on, so the line can be sent again."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App, build, open_console
from bot.channels.console import Console, Terminal
from bot.settings import load_settings
from handlers import inbox, router
from handlers.messages import Inbound, Outbound
from handlers.services import Services
from handlers.texts import Texts
from storage.models import InboundMessage
from tests.bot.cli_process import Session, cli_env
from tests.support import BACKENDS, database_url

# Past the 3 s a platform's record gets: the console's record used to give up here.
HOLD = inbox.RECORD_DEADLINE + 1.0
STORY = "我要投诉，快递把我的包裹弄丢了，一直没送到"
STORY_EN = "I want to complain, the courier lost my parcel and it never arrived"


def console_on(app: App, user: str, handle: Any = router.handle) -> tuple[Console, io.StringIO]:
    """The console `chat` opens (bot/app.py:open_console), writing to a string."""
    stdout = io.StringIO()
    terminal = Terminal(user, stdin=io.StringIO(), stdout=stdout)
    return open_console(app, terminal, handle), stdout


@contextmanager
def write_lock_held(path: str) -> Iterator[sqlite3.Connection]:
    """SQLite's write lock, taken by a connection of its own (as another process would)."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
    finally:
        if other.in_transaction:
            other.execute("COMMIT")
        other.close()


@asynccontextmanager
async def loop_watch() -> AsyncIterator[list[float]]:
    """Yields a list that holds, after the block, the longest gap the event loop showed
    between 10 ms ticks (how long something blocked it)."""
    gaps: list[float] = [0.0]
    loop = asyncio.get_running_loop()

    async def tick() -> None:
        last = loop.time()
        while True:
            await asyncio.sleep(0.01)
            now = loop.time()
            gaps[0] = max(gaps[0], now - last - 0.01)
            last = now

    ticker = asyncio.create_task(tick())
    try:
        yield gaps
    finally:
        ticker.cancel()


async def inbound_rows(app: App) -> list[InboundMessage]:
    async with app.db.transaction() as session:
        found = await session.execute(select(InboundMessage).order_by(InboundMessage.id))
        return list(found.scalars().all())


async def impatient(services: Services, inbound: Inbound, **kw: Any) -> list[Outbound]:
    """The router behind a record that waits only 0.3 s: a console that cannot record in time
    without waiting 30 s in a test."""
    recorded = await inbox.record(services, inbound, wait=0.3)
    return await router.handle(services, inbound, recorded=recorded, **kw)


def sqlite_path(app: App) -> str:
    path = app.db.url.database
    assert path
    return path


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
async def test_a_console_line_waits_out_another_process_holding_the_write_lock(app: App) -> None:
    """Another connection holds the write lock for longer than a platform's record deadline:
    the console's line is recorded and answered once it is free, and the event loop is
    never blocked while waiting."""
    console, stdout = console_on(app, "wang")
    loop = asyncio.get_running_loop()
    with write_lock_held(sqlite_path(app)) as other:
        loop.call_later(HOLD, other.execute, "COMMIT")
        started = loop.time()
        async with loop_watch() as gaps:
            await console.line(STORY)
        waited = loop.time() - started
    assert waited >= HOLD - 0.1  # it did wait for the other connection
    assert gaps[0] < 0.05, f"event loop blocked {gaps[0] * 1000:.0f} ms"
    assert "什么时候" in stdout.getvalue()  # the story was read: the next question follows
    [row] = await inbound_rows(app)
    assert row.processed_at is not None


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
async def test_a_line_that_cannot_be_recorded_is_told_and_the_session_goes_on(app: App) -> None:
    """The record gives up: no traceback, no end of the session; the person reads why in
    their language, sends the line again and it is recorded and answered."""
    console, stdout = console_on(app, "li", impatient)
    await console.line(STORY_EN)
    english = stdout.getvalue()
    with write_lock_held(sqlite_path(app)):
        await console.line("1")  # says no language: the conversation's (English) it is
        refused = stdout.getvalue()[len(english) :]
        await console.line("快递丢了")
        refused_zh = stdout.getvalue()[len(english) + len(refused) :]
    assert refused.strip() == Texts("en")("common.not_recorded")
    assert refused_zh.strip() == Texts("zh-CN")("common.not_recorded")
    assert len(await inbound_rows(app)) == 1  # the refused lines were not kept
    await console.line(STORY)
    assert "什么时候" in stdout.getvalue()[len(english) + len(refused) + len(refused_zh) :]
    rows = await inbound_rows(app)
    assert len(rows) == 2 and all(row.processed_at is not None for row in rows)


async def test_a_refused_line_is_answered_without_the_database(app: App) -> None:
    """On either backend: the reply to a line not recorded needs no database (it is busy)."""
    inbound = Inbound("console", "zhao", "m1", app.services.now(), "1")
    reply = router.not_recorded(app.services, inbound, "en")
    assert reply.text == Texts("en")("common.not_recorded") and reply.user_id == "zhao"


LINES = ("我要投诉，外卖送晚了一个多小时，饭菜都凉了", "昨天晚上", "暂无")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_parallel_chat_consoles_on_one_database_lose_nothing(
    tmp_path: Path, backend: str
) -> None:
    """Five `complaint-bot chat` processes at once on one database, each sending a few lines,
    while (SQLite) another connection holds the write lock past a platform's record deadline:
    no process dies, no traceback, and every line is recorded and answered."""
    async with database_url(backend) as url:
        env = cli_env(tmp_path / "data", url)
        users = [f"u{n}" for n in range(5)]
        sessions = [await Session.start(env, "--user", user, cwd=tmp_path) for user in users]
        for session in sessions:
            await session.expect("投诉受理助手", timeout=120)
        database = tmp_path / "data" / "complaints.db"
        with write_lock_held(str(database)) if backend == "sqlite" else _nothing():
            for line in LINES:
                for session in sessions:
                    await session.send(line)
            await asyncio.sleep(HOLD)
        outputs = [await session.close() for session in sessions]
        for user, session, out in zip(users, sessions, outputs, strict=True):
            assert session.process.returncode == 0, f"{user}:\n{out}"
            assert "Traceback" not in out and "database is locked" not in out, out
            assert Texts("zh-CN")("common.not_recorded") not in out, out
        app = await build(load_settings(env, None))
        try:
            rows = await inbound_rows(app)
        finally:
            await app.close()
    per_user = {user: [r for r in rows if r.user_id == user] for user in users}
    assert all(len(found) == 1 + len(LINES) for found in per_user.values()), per_user
    assert all(row.processed_at is not None and row.attempts == 0 for row in rows)


@contextmanager
def _nothing() -> Iterator[None]:
    yield None
