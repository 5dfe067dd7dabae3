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

from handlers.services import Services
from storage.queries import shared

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
            rows = await shared.values_under(session, PREFIX)
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
        async with self.services.db.transaction() as session:
            # Chat ids are not personal data: kept in plain text, unlike other shared values.
            return await shared.add_if_absent(
                session, f"{PREFIX}{old}", str(new), now=self.services.clock()
            )
