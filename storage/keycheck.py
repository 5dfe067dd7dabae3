"""The key check value: proof in the database of which PII_KEY sealed its personal data.

The first worker to start on a database seals a known text with its key and stores it in
`shared_values`; every later start opens it. A worker with another key (a second worker
started without the shared PII_KEY, a key file lost and regenerated) therefore refuses to
start with one clear line, instead of failing on the first customer whose data it cannot
read (issue 10).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col

from storage.engine import Database
from storage.models import SharedValue
from storage.vault import Vault, VaultError

CHECK_KEY = "pii:key_check"
CHECK_TEXT = "complaint-bot PII_KEY check"
WRONG_KEY = (
    "PII_KEY cannot read the personal data already stored in this database (the key check "
    "value was sealed with another key): start every worker with the key the database was "
    "first used with"
)


async def verify_key(db: Database, vault: Vault, now: datetime) -> bool:
    """Checks the vault's key against the stored check value, storing it on first use.

    Returns True when the value was written now (a new database). Raises VaultError with
    WRONG_KEY when the stored value does not open with this key.
    """
    insert = pg_insert if db.is_postgresql else sqlite_insert
    async with db.transaction() as session:
        written = (
            await session.execute(
                insert(SharedValue)
                .values(key=CHECK_KEY, value_enc=vault.seal(CHECK_TEXT), updated_at=now)
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(col(SharedValue.key))
            )
        ).first() is not None
        if written:
            return True
        stored = (
            await session.execute(
                select(col(SharedValue.value_enc)).where(col(SharedValue.key) == CHECK_KEY)
            )
        ).scalar_one()
    if opens_check(vault, stored):
        return False
    raise VaultError(WRONG_KEY)


async def stored_check(db: Database) -> str | None:
    """The sealed check value, or None on a database no worker has started on yet."""
    async with db.transaction() as session:
        return (
            await session.execute(
                select(col(SharedValue.value_enc)).where(col(SharedValue.key) == CHECK_KEY)
            )
        ).scalar_one_or_none()


def opens_check(vault: Vault, stored: str) -> bool:
    """True when `stored` (the sealed check value) opens with `vault`'s key to CHECK_TEXT;
    False for another key or an unreadable token. Never raises."""
    try:
        return vault.open(stored) == CHECK_TEXT
    except VaultError:
        return False
