"""`complaint-bot db reseal` as a real process: a database whose personal data was sealed by
an earlier version (Fernet, "f1$" and unmarked) works as it is, and after the command every
sealed value is in the current format and opens to the same text; a second run has nothing
to do; a wrong key is refused with one line."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, update

from bot.app import App, build
from bot.settings import load_settings
from handlers.search import search_tickets
from storage.keycheck import CHECK_KEY
from storage.queries.reseal import count_stale, sealed_tables
from storage.vault import FORMAT, Vault
from tests.bot.cli_process import cli_env, run
from tests.handlers.test_search import LEAK, RICH, file
from tests.support import BACKENDS, TZ, FakeClock, database_url

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)
Plain = dict[tuple[str, str, tuple[Any, ...]], str]


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with database_url(request.param) as url:
        yield cli_env(tmp_path / "data", url)


async def opened(env: dict[str, str]) -> App:
    return await build(load_settings(env, None), clock=FakeClock(NOW))


async def every_sealed_value(app: App) -> Plain:
    """(table, column, key) -> the opened text of every sealed value in the database."""
    plain: Plain = {}
    async with app.db.transaction() as session:
        for target in sealed_tables():
            rows = (await session.execute(select(*target.key, *target.sealed))).all()
            for row in rows:
                key, tokens = tuple(row[: len(target.key)]), row[len(target.key) :]
                for column, token in zip(target.sealed, tokens, strict=True):
                    if token is not None:
                        opened_text = app.services.vault.open(token)
                        assert opened_text is not None
                        plain[(target.table.name, column.name, key)] = opened_text
    return plain


async def seal_as_before(app: App, key: str, plain: Plain) -> None:
    """Rewrites every sealed value as an earlier version wrote it: Fernet with PII_KEY,
    alternately marked "f1$" and unmarked (from before the marker)."""
    fernet = Fernet(key)
    targets = {t.table.name: t for t in sealed_tables()}
    async with app.db.transaction() as session:
        for index, ((table, column, row_key), text) in enumerate(sorted(plain.items(), key=str)):
            token = fernet.encrypt(text.encode("utf-8")).decode("ascii")
            old = token if index % 2 else "f1$" + token
            target = targets[table]
            where = [c == v for c, v in zip(target.key, row_key, strict=True)]
            await session.execute(update(target.table).where(*where).values({column: old}))


async def stale(app: App) -> int:
    async with app.db.transaction() as session:
        return sum([await count_stale(session, target) for target in sealed_tables()])


async def test_reseal_moves_every_old_value_to_the_current_format(
    env: dict[str, str], tmp_path: Path
) -> None:
    app = await opened(env)
    try:
        await file(app, "wang", RICH)
        await file(app, "zhang", LEAK)
        plain = await every_sealed_value(app)
        tables = {table for table, _, _ in plain}
        assert {"customers", "tickets", "conversations", "shared_values"} <= tables
        assert any(k[0] == "shared_values" and k[2] == (CHECK_KEY,) for k in plain)
        key = (tmp_path / "data" / "pii.key").read_text().strip() if not env["PII_KEY"] else ""
        await seal_as_before(app, key or env["PII_KEY"], plain)
        assert await stale(app) > 0
    finally:
        await app.close()

    app = await opened(env)  # the old format still opens: the key check and the data
    try:
        assert await every_sealed_value(app) == plain
        assert (await search_tickets(app.services, "13812345678", limit=5)).total == 1
    finally:
        await app.close()

    code, out, err = await run(env, "db", "reseal", "--batch", "2", cwd=tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[-1].startswith(f"every sealed value is in format {FORMAT}: ")
    assert any(line.startswith("tickets: ") for line in lines)
    assert "13812345678" not in out + err and "王芳" not in out + err

    app = await opened(env)
    try:
        assert await stale(app) == 0
        assert await every_sealed_value(app) == plain
    finally:
        await app.close()

    code, out, err = await run(env, "db", "reseal", cwd=tmp_path)
    assert code == 0, err
    assert out.splitlines() == [f"every sealed value is in format {FORMAT}: 0 rows rewritten"]


async def test_reseal_with_another_key_is_refused_in_one_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    app = await opened(env)
    try:
        await file(app, "wang", RICH)
    finally:
        await app.close()
    other = base64.urlsafe_b64encode(b"k" * 32).decode("ascii")
    code, _out, err = await run({**env, "PII_KEY": other}, "db", "reseal", cwd=tmp_path)
    assert code == 2
    assert err.startswith("complaint-bot: error: PII_KEY cannot read") and "Traceback" not in err


def test_every_sealed_column_is_found() -> None:
    columns = {(t.table.name, c.name) for t in sealed_tables() for c in t.sealed}
    assert ("customers", "phone_enc") in columns and ("tickets", "account_enc") in columns
    assert ("shared_values", "value_enc") in columns and ("outbox", "payload_enc") in columns
    assert Vault.needs_reseal("f1$x") and not Vault.needs_reseal(FORMAT + "$x")
