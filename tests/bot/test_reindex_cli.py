"""`complaint-bot db reindex` as a real process: tickets filed without a search index (as
before issue 14) are found once it ran, and a second run has nothing to do."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.app import App, build
from bot.settings import load_settings
from handlers.search import search_tickets
from storage.queries import search as search_q
from tests.bot.cli_process import cli_env, run
from tests.handlers.test_search import LEAK, RICH, file
from tests.support import BACKENDS, TZ, FakeClock, database_url

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with database_url(request.param) as url:
        yield cli_env(tmp_path / "data", url)


async def opened(env: dict[str, str]) -> App:
    return await build(load_settings(env, None), clock=FakeClock(NOW))


async def found(app: App, query: str) -> int:
    return (await search_tickets(app.services, query, limit=10)).total


async def test_reindex_fills_the_index_of_tickets_filed_without_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    app = await opened(env)
    try:
        await file(app, "wang", RICH)
        await file(app, "zhang", LEAK)
        async with app.db.transaction() as session:
            assert await search_q.clear_index(session) == 2  # as a database from before
        assert await found(app, "13812345678") == 0 and await found(app, "漏水") == 0
    finally:
        await app.close()

    code, out, err = await run(env, "db", "reindex", "--batch", "1", cwd=tmp_path)
    assert code == 0, err
    assert out.splitlines() == [
        "indexed 1/2 tickets",
        "indexed 2/2 tickets",
        "search index up to date: 2 tickets indexed",
    ]
    assert "13812345678" not in out + err

    app = await opened(env)
    try:
        assert await found(app, "138 1234 5678") == 1
        assert await found(app, "zhang.wei@example.com") == 1
        assert await found(app, "漏水") == 1 and await found(app, "退款") == 1
    finally:
        await app.close()

    code, out, err = await run(env, "db", "reindex", cwd=tmp_path)
    assert code == 0, err
    assert out.splitlines() == ["search index up to date: 0 tickets indexed"]
    code, out, err = await run(env, "db", "reindex", "--all", cwd=tmp_path)
    assert code == 0, err
    assert out.splitlines()[-1] == "search index up to date: 2 tickets indexed"
    app = await opened(env)
    try:
        assert await found(app, "漏水") == 1  # recomputed, not doubled
    finally:
        await app.close()
