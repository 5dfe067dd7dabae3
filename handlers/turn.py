"""One inbound message being handled: its transaction, its sender's conversation, its replies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.messages import Choice, Inbound, Outbound
from handlers.services import Services
from handlers.texts import Texts
from storage.models import Conversation, OutboxMessage, TicketEvent

# Outbox priorities: when a channel can send only a few messages, the higher go first.
PRIORITY = {"result": 30, "survey": 30, "request": 20, "progress": 10, "alert": 20, "card": 10}


@dataclass
class Turn:
    services: Services
    session: AsyncSession
    inbound: Inbound
    conversation: Conversation
    data: dict[str, Any]
    t: Texts
    now: datetime
    replies: list[Outbound] = field(default_factory=list)

    # --- conversation state -------------------------------------------------------------
    @property
    def state(self) -> str:
        return self.conversation.state

    def go(self, state: str, **data: Any) -> None:
        """Moves the conversation to `state`, replacing the state's data."""
        self.conversation.state = state
        self.data = data

    # --- answers to the sender ----------------------------------------------------------
    def say(self, text: str, choices: tuple[Choice, ...] = (), files: tuple[str, ...] = ()) -> None:
        self.replies.append(
            Outbound(self.inbound.channel, self.inbound.reply_target, text, choices, files)
        )
        # The numbers a text-only channel shows map back to these keys on the next message.
        self.data["offered"] = [[c.key, c.label] for c in choices]

    def offered(self) -> list[Choice]:
        return [Choice(key, label) for key, label in self.data.get("offered", [])]

    # --- everything else goes through the outbox ----------------------------------------
    async def push(self, message: Outbound, ticket_id: int | None = None) -> None:
        self.session.add(
            OutboxMessage(
                channel=message.channel,
                user_id=message.user_id,
                ticket_id=ticket_id,
                kind=message.kind,
                priority=PRIORITY.get(message.kind, 0),
                payload_enc=self.services.vault.seal_json(message.to_json()),
                next_attempt_at=self.now,
                created_at=self.now,
            )
        )

    async def record(
        self,
        ticket_id: int,
        kind: str,
        data: dict[str, Any] | None = None,
        text: str | None = None,
        actor_kind: str = "customer",
        actor_id: str | None = None,
    ) -> None:
        """Adds an audit-trail event; free text is sealed because customers write contacts in it."""
        self.session.add(
            TicketEvent(
                ticket_id=ticket_id,
                at=self.now,
                actor_kind=actor_kind,
                actor_id=actor_id or f"{self.inbound.channel}:{self.inbound.user_id}",
                kind=kind,
                data=json.dumps(data, ensure_ascii=False) if data else None,
                text_enc=self.services.vault.seal(text),
            )
        )
