"""A turn's transaction begun on the driver (storage/queries/turns.py:turn_transaction): the
driver's statements and the ORM's work commit together, or not at all, whichever of them the
turn used (issue 11 item 2). On both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.app import App
from storage.models import Agent, Conversation
from storage.queries import turns

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)


async def _conversations(app: App) -> list[str]:
    async with app.db.transaction() as session:
        found = await session.execute(select(Conversation.user_id).order_by(Conversation.user_id))
        return list(found.scalars())


async def _agents(app: App) -> int:
    async with app.db.transaction() as session:
        return int((await session.execute(select(func.count()).select_from(Agent))).scalar_one())


async def _driver_insert(session: turns.AsyncSession, user_id: str) -> None:
    db = await turns.link(session)
    await db.run(
        "INSERT INTO conversations (channel, user_id, state, updated_at) VALUES (?, ?, ?, ?)",
        ("console", user_id, "idle", db.bind_time(NOW)),
    )


def _agent(user_id: str) -> Agent:
    return Agent(channel="console", user_id=user_id, name="张三", created_at=NOW)


async def test_driver_statements_alone_are_committed(app: App) -> None:
    async with turns.turn_transaction(app.db) as session:
        await _driver_insert(session, "driver-only")
    assert await _conversations(app) == ["driver-only"]


async def test_driver_statements_and_orm_work_commit_together(app: App) -> None:
    async with turns.turn_transaction(app.db) as session:
        await _driver_insert(session, "both")
        session.add(_agent("a1"))
        await session.flush()
        await _driver_insert(session, "after-the-flush")
    assert await _conversations(app) == ["after-the-flush", "both"]
    assert await _agents(app) == 1


async def test_a_session_that_never_reached_the_connection_still_commits(app: App) -> None:
    # An ORM read of nothing begins the session's transaction without a statement of its
    # own on some paths; what the driver wrote must be committed all the same.
    async with turns.turn_transaction(app.db) as session:
        await _driver_insert(session, "kept")
        session.sync_session.begin()  # the session's own transaction, no connection used
    assert await _conversations(app) == ["kept"]


@pytest.mark.parametrize("orm", [False, True])
async def test_an_error_rolls_back_both(app: App, orm: bool) -> None:
    with pytest.raises(RuntimeError):
        async with turns.turn_transaction(app.db) as session:
            await _driver_insert(session, "undone")
            if orm:
                session.add(_agent("a2"))
                await session.flush()
            raise RuntimeError("the handler failed")
    assert await _conversations(app) == []
    assert await _agents(app) == 0


async def test_a_failing_commit_rolls_back_the_driver_statements(app: App) -> None:
    async with app.db.transaction() as session:
        session.add(_agent("taken"))
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        async with turns.turn_transaction(app.db) as session:
            await _driver_insert(session, "not-kept")
            session.add(_agent("taken"))  # flushed at the commit: the unique key refuses it
    assert await _conversations(app) == []
    async with turns.turn_transaction(app.db) as session:  # the connection is usable again
        await _driver_insert(session, "next")
    assert await _conversations(app) == ["next"]
