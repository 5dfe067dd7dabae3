"""What the handlers need from the outside, assembled once by the composition root (bot/app.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from handlers.calendar import BusinessCalendar
from handlers.policy import Policy
from handlers.webhooks import Subscriptions
from nlp.classifier import Classification
from storage.engine import Database
from storage.vault import Vault


class ClassifierLike(Protocol):
    """nlp.classifier.Classifier, or a stand-in with the same answer (tests use one)."""

    def classify(self, text: str) -> Classification:
        """Category and severity of a complaint's text, each with a confidence in 0..1."""
        ...


def system_clock() -> datetime:
    """The real time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    db: Database
    vault: Vault
    policy: Policy
    classifier: ClassifierLike
    data_dir: Path
    tz: ZoneInfo
    clock: Callable[[], datetime] = system_clock
    # Where each new ticket is announced to agents as a card: (channel, chat id) pairs,
    # e.g. the Telegram agent group. Registered agents are told in their own chats as well.
    agent_rooms: tuple[tuple[str, str], ...] = ()
    # The active webhooks, cached for this process (handlers/webhooks.py): recording an
    # event reads nothing when none is configured.
    webhooks: Subscriptions = field(default_factory=Subscriptions)
    # The web console's address and how long its sign-in links work (`/web`, issue 14;
    # bot/settings.py PUBLIC_URL and WEB_LINK_MINUTES).
    public_url: str = "http://127.0.0.1:8080"
    web_link_minutes: int = 10

    @property
    def calendar(self) -> BusinessCalendar:
        """The policy's business hours in the business's time zone (SLA clock arithmetic)."""
        return BusinessCalendar(self.policy.hours, self.tz)

    def now(self) -> datetime:
        """The current time in the business's zone (the clock is injectable for tests)."""
        return self.clock().astimezone(self.tz)
