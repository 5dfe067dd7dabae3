"""The access token, fetched once and shared by every worker through the database.

WeChat allows 2,000 token calls a day and a new token invalidates the old one after a short
overlap, so workers must never fetch on their own: the token is kept (sealed) in
`shared_values`, refreshed a few minutes before it expires or when WeChat says it is bad
(40001 / 42001), and only one worker fetches at a time: a PostgreSQL advisory lock (or
SQLite's write lock) across processes, an asyncio lock inside one.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from storage.engine import AsyncSession, Database
from storage.queries import shared
from storage.vault import Vault

TOKEN_KEY = "wechat:access_token"
REFRESH_MARGIN = timedelta(minutes=5)

Fetch = Callable[[], Awaitable[tuple[str, int]]]  # -> (token, expires_in seconds)


class Shared(Protocol):
    """What the token needs: `handlers.services.Services` has it, and so has a CLI command
    that does not load the classifier."""

    @property
    def db(self) -> Database: ...

    @property
    def vault(self) -> Vault: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: datetime


class TokenStore:
    def __init__(self, services: Shared, fetch: Fetch) -> None:
        self.services = services
        self.fetch = fetch
        self.fetches = 0  # how many times this worker called WeChat for a token
        self._cached: Token | None = None
        self._lock = asyncio.Lock()

    def _fresh(self, token: Token | None) -> bool:
        return token is not None and token.expires_at - REFRESH_MARGIN > self.services.clock()

    async def get(self) -> str:
        if self._fresh(self._cached):
            assert self._cached is not None
            return self._cached.value
        return await self.refresh(bad=None)

    async def refresh(self, bad: str | None) -> str:
        """A fresh token; `bad` is one WeChat refused, which must not be handed out again."""
        async with self._lock:
            if self._usable(self._cached, bad):
                assert self._cached is not None
                return self._cached.value
            db = self.services.db
            async with db.transaction() as session:
                # Held until this transaction ends: a second worker waits here, then
                # finds the token the first one stored. On SQLite the transaction's
                # BEGIN IMMEDIATE is the lock (rare: once in about two hours).
                await shared.hold_xact_lock(session, _lock_id(db))
                self._cached = await self._load_or_fetch(session, bad)
            assert self._cached is not None
            return self._cached.value

    def _usable(self, token: Token | None, bad: str | None) -> bool:
        return self._fresh(token) and token is not None and token.value != bad

    async def _load_or_fetch(self, session: AsyncSession, bad: str | None) -> Token:
        stored = await self._load(session)
        if self._usable(stored, bad):
            assert stored is not None
            return stored
        token = await self._fetch()
        await self._store(session, token)
        return token

    async def _fetch(self) -> Token:
        value, expires_in = await self.fetch()
        self.fetches += 1
        return Token(value, self.services.clock() + timedelta(seconds=expires_in))

    async def _load(self, session: AsyncSession) -> Token | None:
        row = await shared.value(session, TOKEN_KEY)
        if row is None or row.expires_at is None:
            return None
        value = self.services.vault.open(row.value_enc)
        return Token(value, row.expires_at) if value else None

    async def _store(self, session: AsyncSession, token: Token) -> None:
        sealed = self.services.vault.seal(token.value) or ""
        await shared.put(
            session,
            TOKEN_KEY,
            sealed,
            now=self.services.clock(),
            expires_at=token.expires_at,
        )


def _lock_id(db: Database) -> int:
    # A stable number per schema: deployments (or test runs) in other schemas of one
    # database never wait for each other.
    return zlib.crc32(f"{TOKEN_KEY}:{db.search_path or ''}".encode())
