"""Alembic environment: runs migrations on the project's async engine (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on the metadata)
from storage.engine import Database

config = context.config
target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str, search_path: str | None) -> None:
    database = Database(url, search_path=search_path)
    try:
        async with database.engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await database.dispose()


def run_migrations_online() -> None:
    """Runs the migrations on the connection storage.migrate hands over, or else on a new
    engine for `sqlalchemy.url` (Alembic's env.py entry point; offline mode is refused)."""
    url = config.get_main_option("sqlalchemy.url")
    assert url, "storage.migrate sets sqlalchemy.url"
    search_path = config.attributes.get("search_path")
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_async(url, search_path))


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `complaint-bot db upgrade`")
run_migrations_online()
