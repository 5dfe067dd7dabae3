"""The composition root: the only place where concrete classes meet.

settings -> data folder and keys -> database (migrated) -> policy, classifier -> Services.
Nothing here runs at import time; `build()` does it when a command starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.keys import pii_key
from bot.settings import Settings
from handlers.policy import Policy, load_policy
from handlers.services import Services, system_clock
from nlp import tokenizer
from nlp.classifier import Classifier
from storage.engine import Database
from storage.keycheck import verify_key
from storage.migrate import upgrade
from storage.vault import Vault

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    services: Services

    @property
    def db(self) -> Database:
        return self.services.db

    async def close(self) -> None:
        await self.services.db.dispose()


def load_classifier(settings: Settings, policy: Policy) -> Classifier:
    # The dictionary loads here, at start-up, never on the first customer's message.
    tokenizer.load()
    return Classifier.load(settings.data_dir, policy.category_codes)


async def build(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = system_clock,
    migrate: bool = True,
    search_path: str | None = None,
) -> App:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    vault = Vault(pii_key(settings))
    policy = load_policy(settings.policy_file)
    database = Database(settings.database_url, search_path=search_path)
    try:
        if migrate:
            await upgrade(database.engine, settings.database_url, search_path)
        # Before anything reads or writes personal data: a worker with the wrong key stops here.
        await verify_key(database, vault, clock())
    except BaseException:
        await database.dispose()
        raise
    services = Services(
        db=database,
        vault=vault,
        policy=policy,
        classifier=load_classifier(settings, policy),
        data_dir=settings.data_dir,
        tz=settings.tz,
        clock=clock,
        agent_rooms=agent_rooms(settings),
    )
    return App(settings, services)


def agent_rooms(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Where new-ticket cards go: the Telegram agent group when one is configured (issue 5)."""
    if settings.telegram_enabled and settings.TELEGRAM_AGENT_CHAT_ID is not None:
        return (("telegram", str(settings.TELEGRAM_AGENT_CHAT_ID)),)
    return ()
