"""Helpers for outbox tests: a fake channel with a visible record, rows written like Turn.push."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from sqlalchemy import select

from bot.app import App
from bot.channels.base import DeliveryError
from handlers.messages import Outbound
from handlers.turn import PRIORITY
from storage.models import OutboxMessage


@dataclass
class FakeChannel:
    """Records what it delivered; raises the queued errors first, one per try."""

    name: str = "fake"
    sent: list[Outbound] = field(default_factory=list)
    errors: list[DeliveryError] = field(default_factory=list)
    tries: int = 0
    pause: float = 0.0  # lets concurrent dispatchers interleave

    async def deliver(self, message: Outbound) -> None:
        self.tries += 1
        if self.pause:
            await asyncio.sleep(self.pause)
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(message)


async def enqueue(
    app: App, user_id: str, text: str, channel: str = "fake", kind: str = "progress"
) -> int:
    """Writes an outbox row exactly as handlers.turn.Turn.push does."""
    message = Outbound(channel, user_id, text, kind=kind)
    now = app.services.now()
    async with app.db.transaction() as session:
        row = OutboxMessage(
            channel=channel,
            user_id=user_id,
            kind=kind,
            priority=PRIORITY.get(kind, 0),
            payload_enc=app.services.vault.seal_json(message.to_json()),
            next_attempt_at=now,
            created_at=now,
        )
        session.add(row)
        await session.flush()
        assert row.id is not None
        return row.id


async def outbox_row(app: App, row_id: int) -> OutboxMessage:
    async with app.db.transaction() as session:
        found = await session.get(OutboxMessage, row_id)
        assert found is not None
        return found


async def outbox_rows(app: App) -> list[OutboxMessage]:
    async with app.db.transaction() as session:
        statement = select(OutboxMessage).order_by(OutboxMessage.id)  # type: ignore[arg-type]
        return list((await session.execute(statement)).scalars().all())
