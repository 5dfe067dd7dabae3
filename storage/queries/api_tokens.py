"""REST API bearer tokens (table `api_tokens`, issue 14): create, list, revoke, and the one
lookup every API request makes.

Only the token's hash is stored (bot/api/tokens.py makes and hashes tokens); a lookup is by
that hash, through its unique index. Each function takes the caller's `AsyncSession` and
joins its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Agent, ApiToken

_k: Any = ApiToken.__table__.c  # type: ignore[attr-defined]
_a: Any = Agent.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TokenRow:
    """One token as `api-tokens list` shows it, with its agent; never the token itself."""

    id: int
    name: str | None
    prefix: str
    scope: str
    agent_channel: str
    agent_user_id: str
    agent_name: str
    agent_active: bool
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


async def create(
    session: AsyncSession,
    *,
    agent_id: int,
    scope: str,
    name: str | None,
    token_hash: str,
    prefix: str,
    now: datetime,
) -> int:
    """Adds a token for the agent `agent_id` and returns its id (flushed, so it is known
    before the caller commits). `scope` is "read" or "read-write"; `token_hash` the sha256
    hex of the token; `now` aware. Raises the database's IntegrityError for a hash already
    stored (a 256-bit random token never repeats; see bot/api/tokens.py)."""
    token = ApiToken(
        name=name,
        agent_id=agent_id,
        scope=scope,
        token_hash=token_hash,
        prefix=prefix,
        created_at=now,
    )
    session.add(token)
    await session.flush()
    return int(token.id or 0)


async def every(session: AsyncSession) -> list[TokenRow]:
    """Every token ever created, revoked ones too, oldest first, with its agent."""
    statement = (
        select(
            _k.id,
            _k.name,
            _k.prefix,
            _k.scope,
            _a.channel,
            _a.user_id,
            _a.name,
            _a.active,
            _k.created_at,
            _k.last_used_at,
            _k.revoked_at,
        )
        .join_from(ApiToken, Agent, _k.agent_id == _a.id)
        .order_by(_k.id)
    )
    return [TokenRow(*row) for row in (await session.execute(statement)).all()]


async def revoke(session: AsyncSession, token_id: int, now: datetime) -> bool | None:
    """Revokes the token `token_id` at `now` (aware). True when it was revoked now, False
    when it was revoked before (its first time is kept), None when there is no such token."""
    token = await session.get(ApiToken, token_id)
    if token is None:
        return None
    if token.revoked_at is not None:
        return False
    token.revoked_at = now
    return True


@dataclass(frozen=True)
class Bearer:
    """A live token's id, scope and last use, and the agent it acts as (an ORM row)."""

    token_id: int
    scope: str
    last_used_at: datetime | None
    agent: Agent


async def live_by_hash(session: AsyncSession, token_hash: str) -> Bearer | None:
    """The token whose hash is `token_hash` when it is not revoked and its agent is active
    (a deactivated agent's tokens stop working with them); None otherwise. One indexed
    lookup (the unique index on `token_hash`)."""
    statement = (
        select(_k.id, _k.scope, _k.last_used_at, Agent)
        .join_from(ApiToken, Agent, _k.agent_id == _a.id)
        .where(_k.token_hash == token_hash, _k.revoked_at.is_(None), _a.active.is_(True))
    )
    row = (await session.execute(statement)).first()
    if row is None:
        return None
    return Bearer(int(row[0]), str(row[1]), row[2], row[3])


async def mark_used(session: AsyncSession, token_id: int, now: datetime) -> None:
    """Sets the token's `last_used_at` to `now` (aware)."""
    await session.execute(update(ApiToken).where(_k.id == token_id).values(last_used_at=now))
