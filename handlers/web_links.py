"""Sign-in links to the web console (issue 14): `/web` (网页) from an agent's chat and
`complaint-bot web-link` for operators give a personal link that works once, for
`Services.web_link_minutes` minutes, and opens a browser session (bot/web/auth.py).

The link carries a random token; only its sha256 is stored (storage/queries/web_auth.py), so
neither the database nor a backup opens a session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from handlers.agents import AgentTurn
from storage.engine import AsyncSession
from storage.models import Agent
from storage.queries import web_auth

SIGN_IN_PATH = "/console/signin"
TOKEN_BYTES = 32  # 256 bits: not guessable, and long enough that a hash of it is safe to store


def token_hash(token: str) -> str:
    """The sha256 (hex) under which a link's or a session's token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh random token (url-safe, 43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


async def issue_link(
    session: AsyncSession, agent: Agent, *, now: datetime, minutes: int, public_url: str
) -> str:
    """Stores a new one-time link for `agent`, valid `minutes` from `now`, and returns its
    URL: `<public_url>/console/signin?token=...`. The agent must be saved (have an id)."""
    token = new_token()
    await web_auth.add_link(
        session,
        token_hash(token),
        agent.id or 0,
        now=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    return f"{public_url.rstrip('/')}{SIGN_IN_PATH}?token={token}"


async def web(context: AgentTurn, args: str) -> None:
    """/web (网页): a personal sign-in link to the web console, valid once for the minutes the
    settings give (WEB_LINK_MINUTES). Only in the agent's own chat: asked in a group (the
    agents' group), it is refused, since everyone there would read the link."""
    services = context.turn.services
    inbound = context.turn.inbound
    if inbound.chat_id not in (None, inbound.user_id):
        context.say(context.t("web.link_private_only"))
        return
    url = await issue_link(
        context.turn.session,
        context.agent,
        now=context.turn.now,
        minutes=services.web_link_minutes,
        public_url=services.public_url,
    )
    context.say(context.t("web.link_answer", url=url, minutes=services.web_link_minutes))
