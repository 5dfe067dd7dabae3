"""`complaint-bot db upgrade`: creates or migrates the schema with Alembic."""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str, search_path: str | None = None) -> Config:
    """Alembic's configuration for our migrations folder and `url` (a SQLAlchemy URL; `%`
    doubled for configparser). `search_path`: the PostgreSQL schema to migrate, for tests."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["search_path"] = search_path
    return config


@cache
def code_heads() -> tuple[str, ...]:
    """The migrations folder's head revisions, sorted (read once per process: parsing the
    revision files is most of the cost of a start on a database already at head)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return tuple(sorted(ScriptDirectory.from_config(config).get_heads()))


async def upgrade(engine: AsyncEngine, url: str, search_path: str | None = None) -> None:
    """Brings the schema to the newest revision on an open engine (safe to call every start).

    A database whose revisions already equal the code's heads is left alone after one read
    of `alembic_version` (Alembic's upgrade command would load its environment and revision
    map for nothing: ~0.1 s of CPU a start)."""

    def _upgrade(connection: Connection) -> None:
        if tuple(sorted(MigrationContext.configure(connection).get_current_heads())) == (
            code_heads()
        ):
            return
        config = alembic_config(url, search_path)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several workers may start at once: one migrates, the others wait for it.
            await connection.exec_driver_sql("SELECT pg_advisory_xact_lock(724100001)")
        await connection.run_sync(_upgrade)


async def schema_revisions(
    engine: AsyncEngine, url: str, search_path: str | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the database's current revisions, the code's head revisions); equal when up to date."""
    async with engine.connect() as connection:
        current = await connection.run_sync(
            lambda c: tuple(MigrationContext.configure(c).get_current_heads())
        )
    return tuple(sorted(current)), code_heads()


async def table_names(engine: AsyncEngine) -> list[str]:
    """Names of the tables in the engine's database (its default schema or search path)."""
    async with engine.connect() as connection:
        return await connection.run_sync(lambda c: inspect(c).get_table_names())


def upgrade_blocking(url: str) -> None:
    """`upgrade` from synchronous code (the CLI): opens `url`, migrates to head, closes.
    Must not be called inside a running event loop (it uses asyncio.run)."""
    from storage.engine import Database

    async def _run() -> None:
        database = Database(url)
        try:
            await upgrade(database.engine, url)
        finally:
            await database.dispose()

    asyncio.run(_run())
