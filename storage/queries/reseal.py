"""Resealing: every sealed column (`*_enc`) of every table moved to the vault's current
format (storage/vault.py:FORMAT) after a change of cipher, in batches.

The tables and columns come from the models' metadata, so a new sealed column is covered
without a change here. Rows are found by their sealed values not starting with the current
format's marker, so a value resealed drops out of the next batch: the walk needs no cursor,
is safe to interrupt and to run again (a second run finds nothing), and safe beside running
workers (SQLite: each batch holds the write lock; PostgreSQL: the batch's rows are locked
with FOR UPDATE while they are rewritten).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers every table in the metadata)
from storage.engine import Database
from storage.vault import FORMAT, Vault

SEALED_SUFFIX = "_enc"

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class SealedTable:
    """A table with sealed columns: the table, its primary key columns, its `*_enc` columns."""

    table: Table
    key: tuple[Column[Any], ...]
    sealed: tuple[Column[Any], ...]


def sealed_tables() -> list[SealedTable]:
    """Every model table with at least one `*_enc` column, in the metadata's order."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        sealed = tuple(c for c in table.columns if c.name.endswith(SEALED_SUFFIX))
        if sealed:
            found.append(SealedTable(table, tuple(table.primary_key.columns), sealed))
    return found


def _stale(column: Column[Any]) -> Any:
    """True for a value sealed in an older format (NULL is nothing to reseal)."""
    return and_(column.is_not(None), column.not_like(FORMAT + "$%"))


async def count_stale(session: AsyncSession, target: SealedTable) -> int:
    """Rows of `target` with at least one value sealed in an older format."""
    condition = or_(*(_stale(c) for c in target.sealed))
    statement = select(func.count()).select_from(target.table).where(condition)
    return int((await session.execute(statement)).scalar_one())


async def stale_rows(
    session: AsyncSession, target: SealedTable, batch: int, *, lock: bool
) -> Sequence[Any]:
    """Up to `batch` rows of `target` with a value in an older format: key columns first,
    then the sealed columns; locked FOR UPDATE when `lock` (PostgreSQL)."""
    condition = or_(*(_stale(c) for c in target.sealed))
    statement = select(*target.key, *target.sealed).where(condition).limit(batch)
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).all()


async def write_row(
    session: AsyncSession, target: SealedTable, key: Sequence[Any], values: dict[str, Any]
) -> None:
    """Writes `values` (column name -> sealed value) into the row whose key is `key`."""
    where = and_(*(column == value for column, value in zip(target.key, key, strict=True)))
    await session.execute(update(target.table).where(where).values(values))


async def reseal_all(
    db: Database, vault: Vault, *, batch: int = 500, progress: Progress | None = None
) -> dict[str, int]:
    """Reseals every value not in the current format, `batch` rows per transaction.

    Returns rows rewritten per table name (tables with nothing to do are left out).
    `progress(table, rows_done)` is called after each batch. Raises VaultError when a
    stored value does not open with the key (the batch it was in is rolled back; the
    batches before it stay done).
    """
    done: dict[str, int] = {}
    for target in sealed_tables():
        while True:
            async with db.transaction() as session:
                rows = await stale_rows(session, target, batch, lock=db.is_postgresql)
                for row in rows:
                    await _reseal_row(session, vault, target, row)
            if not rows:
                break
            done[target.table.name] = done.get(target.table.name, 0) + len(rows)
            if progress is not None:
                progress(target.table.name, done[target.table.name])
    return done


async def _reseal_row(session: AsyncSession, vault: Vault, target: SealedTable, row: Any) -> None:
    width = len(target.key)
    key, tokens = tuple(row[:width]), tuple(row[width:])
    values = {
        column.name: vault.reseal(token)
        for column, token in zip(target.sealed, tokens, strict=True)
        if Vault.needs_reseal(token)
    }
    await write_row(session, target, key, values)
