"""Webhook queries (table `webhooks`, issue 14 item 5): who is told of ticket events.

The table is small (a few integrations), so lists are read whole. Each function takes the
caller's `AsyncSession` and joins its transaction. The signing secret stays sealed here
(`secret_enc`); the vault (storage/vault.py) opens it where a request is signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import outbox
from storage.models import Ticket, Webhook

_w: Any = Webhook.__table__.c  # type: ignore[attr-defined]

# The outbox channel of webhook deliveries; a row's user_id is the webhook's id.
CHANNEL = "webhook"


@dataclass(frozen=True, slots=True)
class Subscriber:
    """An active webhook as the event hook needs it: its id, the event names it takes
    (a tuple; ("*",) for all) and whether it may receive personal data."""

    id: int
    events: tuple[str, ...]
    personal_data: bool


@dataclass(frozen=True, slots=True)
class Target:
    """Where and how one delivery goes: the URL, the sealed secret, whether it is active."""

    id: int
    url: str
    secret_enc: str
    active: bool


def split_events(events: str) -> tuple[str, ...]:
    """The stored comma-separated event list as a tuple, blanks dropped."""
    return tuple(e.strip() for e in events.split(",") if e.strip())


async def add(
    session: AsyncSession,
    *,
    url: str,
    events: tuple[str, ...],
    personal_data: bool,
    secret_enc: str,
    name: str | None,
    now: datetime,
) -> Webhook:
    """Adds an active webhook (flushed: its `id` is set); `events` are checked names."""
    webhook = Webhook(
        name=name,
        url=url,
        events=",".join(events),
        personal_data=personal_data,
        secret_enc=secret_enc,
        active=True,
        created_at=now,
    )
    session.add(webhook)
    await session.flush()
    return webhook


async def subscribers(session: AsyncSession) -> list[Subscriber]:
    """Every active webhook, by id (one SELECT of three columns)."""
    statement = (
        select(_w.id, _w.events, _w.personal_data).where(_w.active.is_(True)).order_by(_w.id)
    )
    return [
        Subscriber(int(r[0]), split_events(str(r[1])), bool(r[2]))
        for r in (await session.execute(statement)).all()
    ]


async def every(session: AsyncSession) -> list[Webhook]:
    """Every webhook ever added, removed ones too, by id."""
    return list((await session.execute(select(Webhook).order_by(_w.id))).scalars().all())


async def by_id(session: AsyncSession, webhook_id: int) -> Webhook | None:
    """The webhook with that id (active or not); None when there is none."""
    return await session.get(Webhook, webhook_id)


async def target(session: AsyncSession, webhook_id: int) -> Target | None:
    """What one delivery needs of webhook `webhook_id`; None when there is none."""
    statement = select(_w.id, _w.url, _w.secret_enc, _w.active).where(_w.id == webhook_id)
    row = (await session.execute(statement)).first()
    if row is None:
        return None
    return Target(int(row[0]), str(row[1]), str(row[2]), bool(row[3]))


async def remove(session: AsyncSession, webhook_id: int, now: datetime) -> int | None:
    """Deactivates webhook `webhook_id` (kept, so the outbox rows still name it) and drops
    its deliveries not yet tried (`failed`, "webhook removed"). Returns how many were
    dropped; None when there is no such active webhook."""
    webhook = await session.get(Webhook, webhook_id)
    if webhook is None or not webhook.active:
        return None
    webhook.active = False
    webhook.removed_at = now
    await session.flush()
    return await outbox.give_up_pending(session, CHANNEL, str(webhook_id), "webhook removed")


async def ticket_in_session(session: AsyncSession, ticket_id: int) -> Ticket | None:
    """The ticket `ticket_id` as the session holds it: no statement when the unit of work
    already loaded it (the identity map), one SELECT by primary key otherwise."""
    return await session.get(Ticket, ticket_id)
