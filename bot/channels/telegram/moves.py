"""Groups that moved: a Telegram group upgraded to a supergroup gets a new id (issue 10).

Telegram tells us twice: a service message `migrate_to_chat_id` in the old group (and
`migrate_from_chat_id` in the new one), and an error with `migrate_to_chat_id` when we send
to the old id. Either way the move is stored in `shared_values` (every worker follows it,
and so does the next start), and the old id is read as the new one from then on: cards
queued for the old group reach the new one, and the new group is the agents' group.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col

from handlers.services import Services
from storage.models import SharedValue

# sqlmodel's metaclass sets `__table__` on every table model, but SQLModel does not declare
# it. The Core table, not the ORM entity: an ORM-enabled INSERT costs about 1 ms more per call.
_SHARED: Table = SharedValue.__table__  # type: ignore[attr-defined]

log = logging.getLogger(__name__)

PREFIX = "telegram:moved:"
RELOAD_EVERY = 30.0  # seconds: how stale another worker's move may be seen here, at most


class ChatMoves:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._moved: dict[int, int] = {}
        self._loaded_at = 0.0

    def resolve(self, chat_id: int) -> int:
        """The chat's current id (following several moves; a loop is cut)."""
        seen = {chat_id}
        while chat_id in self._moved and self._moved[chat_id] not in seen:
            chat_id = self._moved[chat_id]
            seen.add(chat_id)
        return chat_id

    async def load(self) -> None:
        """Reads every stored move (at start, and now and then for other workers' moves)."""
        async with self.services.db.transaction() as session:
            rows = (
                await session.execute(
                    select(col(SharedValue.key), col(SharedValue.value_enc)).where(
                        col(SharedValue.key).startswith(PREFIX)
                    )
                )
            ).all()
        for key, value in rows:
            try:
                self._moved[int(key.removeprefix(PREFIX))] = int(value)
            except ValueError:
                log.warning("telegram: unreadable group move %s", key)
        self._loaded_at = time.monotonic()

    async def reload_if_stale(self) -> None:
        if time.monotonic() - self._loaded_at > RELOAD_EVERY:
            await self.load()

    async def record(self, old: int, new: int) -> bool:
        """Stores the move; True when it was news (to this database), False if known."""
        if self._moved.get(old) == new:
            return False
        self._moved[old] = new
        db = self.services.db
        insert = pg_insert if db.is_postgresql else sqlite_insert
        async with db.transaction() as session:
            # Chat ids are not personal data: kept in plain text, unlike other shared values.
            written = (
                await session.execute(
                    insert(_SHARED)
                    .values(
                        key=f"{PREFIX}{old}", value_enc=str(new), updated_at=self.services.clock()
                    )
                    .on_conflict_do_nothing(index_elements=["key"])
                    .returning(_SHARED.c.key)
                )
            ).first()
        return written is not None
