"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from storage.migrate import alembic_config, upgrade_blocking


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'schema.db'}"
    upgrade_blocking(url)
    # Raises when autogenerate would write a new migration: a model changed without one.
    command.check(alembic_config(url))
