"""The web console's sign-in links and sessions (tables `web_links`, `web_sessions`; issue 14).

Only token hashes (sha256, hex) are stored and looked up: the caller hashes what the link or
the cookie carries. Each function takes the caller's `AsyncSession` and joins its
transaction; datetimes are aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Agent, WebLink, WebSession

_l: Any = WebLink.__table__.c  # type: ignore[attr-defined]
_s: Any = WebSession.__table__.c  # type: ignore[attr-defined]
_a: Any = Agent.__table__.c  # type: ignore[attr-defined]


async def add_link(
    session: AsyncSession, token_hash: str, agent_id: int, *, now: datetime, expires_at: datetime
) -> None:
    """Stores a sign-in link for `agent_id`, valid until `expires_at`."""
    session.add(
        WebLink(token_hash=token_hash, agent_id=agent_id, created_at=now, expires_at=expires_at)
    )
    await session.flush()


async def link_state(session: AsyncSession, token_hash: str, now: datetime) -> str:
    """What the link is without using it: "valid", "used", "expired" or "unknown" (the
    sign-in page asks before it offers its button)."""
    row = (
        await session.execute(select(_l.used_at, _l.expires_at).where(_l.token_hash == token_hash))
    ).first()
    if row is None:
        return "unknown"
    if row[0] is not None:
        return "used"
    return "valid" if row[1] > now else "expired"


async def use_link(session: AsyncSession, token_hash: str, now: datetime) -> Agent | None:
    """Marks the link used and returns its agent when it was unused, unexpired and the agent
    is active; None otherwise. One conditional UPDATE: of two requests racing with the same
    link, one wins."""
    used = (
        await session.execute(
            update(WebLink)
            .where(_l.token_hash == token_hash, _l.used_at.is_(None), _l.expires_at > now)
            .values(used_at=now)
            .returning(_l.agent_id)
        )
    ).first()
    if used is None:
        return None
    agent = await session.get(Agent, int(used[0]))
    return agent if agent is not None and agent.active else None


async def add_session(
    session: AsyncSession, token_hash: str, agent_id: int, *, now: datetime, expires_at: datetime
) -> None:
    """Opens a browser session for `agent_id` until `expires_at`."""
    session.add(
        WebSession(token_hash=token_hash, agent_id=agent_id, created_at=now, expires_at=expires_at)
    )
    await session.flush()


@dataclass(frozen=True)
class SignedIn:
    """A live session and its agent (an ORM row of the caller's transaction)."""

    session_id: int
    agent: Agent
    flash_enc: str | None


async def signed_in(session: AsyncSession, token_hash: str, now: datetime) -> SignedIn | None:
    """The live session with that token hash: not ended, not expired, its agent still active
    (a removed agent's sessions stop working at once); None otherwise."""
    row = (
        await session.execute(
            select(WebSession, Agent)
            .join(Agent, _a.id == _s.agent_id)
            .where(
                _s.token_hash == token_hash,
                _s.ended_at.is_(None),
                _s.expires_at > now,
                _a.active.is_(True),
            )
        )
    ).first()
    if row is None:
        return None
    web_session, agent = row
    return SignedIn(web_session.id or 0, agent, web_session.flash_enc)


async def end_session(session: AsyncSession, session_id: int, now: datetime) -> None:
    """Signs the session out (kept, for the record, with `ended_at`)."""
    await session.execute(
        update(WebSession).where(_s.id == session_id).values(ended_at=now, flash_enc=None)
    )


async def set_flash(session: AsyncSession, session_id: int, flash_enc: str | None) -> None:
    """Keeps (or, with None, clears) the sealed answers the session's next page shows."""
    await session.execute(update(WebSession).where(_s.id == session_id).values(flash_enc=flash_enc))
