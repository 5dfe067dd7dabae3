"""Helpers for lifecycle tests: agents, a recording channel behind the real dispatcher."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.app import App
from bot.outbox import Dispatcher
from handlers.messages import Outbound
from storage.models import Agent, Ticket, TicketEvent
from tests.support import Person, tickets


async def add_agent(
    app: App, user_id: str, name: str, role: str = "agent", channel: str = "console"
) -> None:
    async with app.db.transaction() as session:
        session.add(
            Agent(
                channel=channel, user_id=user_id, name=name, role=role, created_at=datetime.now(UTC)
            )
        )


@dataclass
class Inboxes:
    """A channel that records every delivered message per recipient."""

    name: str = "console"
    sent: list[Outbound] = field(default_factory=list)

    async def deliver(self, message: Outbound) -> None:
        self.sent.append(message)

    def of(self, user_id: str) -> list[str]:
        return [m.text for m in self.sent if m.user_id == user_id]


async def deliver_all(app: App, inboxes: Inboxes) -> int:
    return await Dispatcher(app.services, {inboxes.name: inboxes}).run_once()


async def event_count(app: App) -> int:
    async with app.db.transaction() as session:
        counted = await session.execute(select(func.count()).select_from(TicketEvent))
        return int(counted.scalar_one())


async def file_complaint(app: App, user: str, story: str) -> Ticket:
    """Files `story` through the conversation as customer `user`, answering "暂无" to the
    evidence question and "确认" at the summary; the ticket filed."""
    customer = Person(app, user)
    answer = await customer.say(story)
    for _ in range(5):
        if "投诉受理确认函" in answer:
            break
        answer = await customer.say("确认" if "请核对" in answer else "暂无")
    assert "投诉受理确认函" in answer, answer
    return (await tickets(app))[-1]
